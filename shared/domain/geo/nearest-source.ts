// For one travel mode: the time from the nearest source to every road node and which source that is, built
// by one multi-source search and kept exact when a source moves by repairing only the nodes that change.
import { MinHeap } from './min-heap';
import type { Seed } from './reach-search';
import type { RoadGraph } from './road-graph';

/**
 * Scratch buffers shared by every field of one graph (only one field operation runs at a time): the nodes
 * changed by the last operations, and a region being repaired.
 */
export class FieldScratch {
  readonly changed: Uint32Array;
  changedCount = 0;
  private readonly changedMark: Uint32Array;
  private changedGen = 1;
  readonly region: Uint32Array;
  readonly regionMark: Uint32Array;
  regionGen = 0;

  constructor(nodeCount: number) {
    this.changed = new Uint32Array(nodeCount);
    this.changedMark = new Uint32Array(nodeCount);
    this.region = new Uint32Array(nodeCount);
    this.regionMark = new Uint32Array(nodeCount);
  }

  /** Starts a new list of changed nodes. */
  resetChanged(): void {
    this.changedGen++;
    this.changedCount = 0;
  }

  markChanged(v: number): void {
    if (this.changedMark[v] !== this.changedGen) {
      this.changedMark[v] = this.changedGen;
      this.changed[this.changedCount++] = v;
    }
  }
}

/**
 * Invariant that makes the repair local: every node owned by source s is one of s's seed nodes or was given
 * its final time by a relaxation from a settled node also owned by s. So the nodes s owns are found by walking
 * out from its seeds through nodes it owns, and nodes owned by others never depend on s.
 */
export class NearestSourceField {
  /** Seconds from the nearest source; Infinity beyond the cutoff. */
  readonly time: Float64Array;
  /** Slot of the source giving `time`, -1 when none. */
  readonly owner: Int32Array;
  private readonly seedsOf = new Map<number, readonly Seed[]>();
  private readonly heap = new MinHeap(1024);
  private weights: Float32Array;

  constructor(
    private readonly graph: RoadGraph,
    private readonly scratch: FieldScratch,
    readonly cutoffS: number,
    weights: Float32Array,
  ) {
    this.time = new Float64Array(graph.nodeCount).fill(Infinity);
    this.owner = new Int32Array(graph.nodeCount).fill(-1);
    this.weights = weights;
  }

  get edgeWeights(): Float32Array {
    return this.weights;
  }

  /** Recomputes every node from these sources (slot -> seeds), with these weights. */
  rebuild(weights: Float32Array, sources: ReadonlyMap<number, readonly Seed[]>): void {
    this.weights = weights;
    this.time.fill(Infinity);
    this.owner.fill(-1);
    this.seedsOf.clear();
    this.heap.clear();
    for (const [slot, seeds] of sources) {
      this.seedsOf.set(slot, seeds);
      for (const s of seeds) this.offer(s.node, s.time, slot, false);
    }
    this.settle(false);
  }

  /** Adds a source (or its new position); nodes it now reaches first are marked changed in the scratch. */
  add(slot: number, seeds: readonly Seed[]): void {
    if (this.seedsOf.has(slot)) throw new Error(`source slot ${slot} is already in the field`);
    this.seedsOf.set(slot, seeds);
    this.heap.clear();
    for (const s of seeds) this.offer(s.node, s.time, slot, true);
    this.settle(true);
  }

  /** Takes a source out; the nodes it owned get their next-nearest source, and are marked changed. */
  remove(slot: number): void {
    const seeds = this.seedsOf.get(slot);
    if (!seeds) return;
    this.seedsOf.delete(slot);
    const g = this.graph;
    const sc = this.scratch;
    const { time, owner, weights } = this;
    const region = sc.region, mark = sc.regionMark;
    const gen = ++sc.regionGen;
    let count = 0;
    for (const s of seeds) {
      if (owner[s.node] === slot && mark[s.node] !== gen) { mark[s.node] = gen; region[count++] = s.node; }
    }
    for (let i = 0; i < count; i++) {
      const v = region[i];
      for (let e = g.offsets[v], end = g.offsets[v + 1]; e < end; e++) {
        const u = g.head[e];
        if (owner[u] === slot && mark[u] !== gen) { mark[u] = gen; region[count++] = u; }
      }
    }
    for (let i = 0; i < count; i++) {
      const v = region[i];
      time[v] = Infinity;
      owner[v] = -1;
      sc.markChanged(v);
    }
    // Refill the region from its border (nodes outside keep their times: they never depended on this source)
    // and from other sources whose seeds lie inside it.
    this.heap.clear();
    const cutoff = this.cutoffS;
    for (let i = 0; i < count; i++) {
      const v = region[i];
      for (let k = g.revOffsets[v], end = g.revOffsets[v + 1]; k < end; k++) {
        const e = g.revEdges[k];
        const x = g.tail[e];
        if (owner[x] < 0 || mark[x] === gen) continue;
        const t = time[x] + weights[e];
        if (t < time[v] && t <= cutoff) { time[v] = t; owner[v] = owner[x]; this.heap.push(t, v); }
      }
    }
    for (const [other, otherSeeds] of this.seedsOf) {
      for (const s of otherSeeds) if (mark[s.node] === gen) this.offer(s.node, s.time, other, true);
    }
    this.settle(true);
  }

  private offer(node: number, t: number, slot: number, track: boolean): void {
    if (t < this.time[node] && t <= this.cutoffS) {
      this.time[node] = t;
      this.owner[node] = slot;
      if (track) this.scratch.markChanged(node);
      this.heap.push(t, node);
    }
  }

  // Dijkstra from whatever is in the heap; a node takes the owner of the node it is reached from.
  private settle(track: boolean): void {
    const g = this.graph;
    const offsets = g.offsets, head = g.head;
    const { time, owner, weights, heap, scratch } = this;
    const cutoff = this.cutoffS;
    while (heap.size > 0) {
      const d = heap.minKey;
      const v = heap.pop();
      if (d > time[v]) continue;
      const o = owner[v];
      for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
        const nd = d + weights[e];
        const u = head[e];
        if (nd < time[u] && nd <= cutoff) {
          time[u] = nd;
          owner[u] = o;
          if (track) scratch.markChanged(u);
          heap.push(nd, u);
        }
      }
    }
  }
}
