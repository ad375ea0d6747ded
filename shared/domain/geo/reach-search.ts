// Bounded multi-source Dijkstra over the CSR arrays with a binary heap; buffers are reused between searches.
import type { RoadGraph } from './road-graph';

/** A starting node and the seconds already spent reaching it (e.g. the partial edge from a snapped point). */
export interface Seed {
  node: number;
  time: number;
}

/**
 * One search at a time per instance. After `run`, `timeTo(v)` is the exact shortest time for every node whose
 * time is within the cutoff, and Infinity for the others: nodes beyond the cutoff are never settled, which is
 * what keeps a 5-minute search local on a county-wide graph.
 */
export class ReachSearch {
  private readonly dist: Float64Array;
  private readonly stamp: Uint32Array;
  private generation = 0;
  // Sized for the worst case (one entry per edge relaxation plus one per seed node) so it never grows mid-search.
  private readonly heapKey: Float64Array;
  private readonly heapNode: Uint32Array;
  private heapSize = 0;
  /** Nodes settled by the last run, in order of time; valid up to `settledCount`. */
  readonly settled: Uint32Array;
  settledCount = 0;
  private cutoff = 0;

  constructor(private readonly graph: RoadGraph) {
    this.dist = new Float64Array(graph.nodeCount);
    this.stamp = new Uint32Array(graph.nodeCount);
    this.settled = new Uint32Array(graph.nodeCount);
    this.heapKey = new Float64Array(graph.edgeCount + graph.nodeCount);
    this.heapNode = new Uint32Array(graph.edgeCount + graph.nodeCount);
  }

  /**
   * `weights[e]` in seconds (Infinity = not passable). `reverse` follows edges backwards: the result is then
   * the time from each node TO the seeds.
   */
  run(weights: Float32Array, seeds: readonly Seed[], cutoffS: number, reverse = false): void {
    const g = this.graph;
    const dist = this.dist;
    const stamp = this.stamp;
    // A stamp above 2^31 is still far from wrapping; a fresh generation per run avoids clearing n entries.
    const gen = ++this.generation * 2; // gen = reached, gen + 1 = settled
    this.cutoff = cutoffS;
    this.heapSize = 0;
    this.settledCount = 0;
    for (const s of seeds.length > this.graph.nodeCount ? collapseSeeds(seeds) : seeds) {
      if (!(s.time <= cutoffS)) continue;
      if (stamp[s.node] !== gen || s.time < dist[s.node]) {
        stamp[s.node] = gen;
        dist[s.node] = s.time;
        this.push(s.time, s.node);
      }
    }
    // Forward and reverse are separate loops so the hot path has no per-edge branch.
    const settledGen = gen + 1;
    const settled = this.settled;
    let settledCount = 0;
    if (!reverse) {
      const offsets = g.offsets, head = g.head;
      while (this.heapSize > 0) {
        const d = this.heapKey[0];
        const v = this.pop();
        if (stamp[v] === settledGen || d > dist[v]) continue;
        stamp[v] = settledGen;
        settled[settledCount++] = v;
        for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
          const nd = d + weights[e];
          if (nd > cutoffS) continue;
          const u = head[e];
          const st = stamp[u];
          if (st === settledGen) continue;
          if (st !== gen || nd < dist[u]) {
            stamp[u] = gen;
            dist[u] = nd;
            this.push(nd, u);
          }
        }
      }
    } else {
      const offsets = g.revOffsets, revEdges = g.revEdges, tail = g.tail;
      while (this.heapSize > 0) {
        const d = this.heapKey[0];
        const v = this.pop();
        if (stamp[v] === settledGen || d > dist[v]) continue;
        stamp[v] = settledGen;
        settled[settledCount++] = v;
        for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
          const e = revEdges[i];
          const nd = d + weights[e];
          if (nd > cutoffS) continue;
          const u = tail[e];
          const st = stamp[u];
          if (st === settledGen) continue;
          if (st !== gen || nd < dist[u]) {
            stamp[u] = gen;
            dist[u] = nd;
            this.push(nd, u);
          }
        }
      }
    }
    this.settledCount = settledCount;
  }

  /** Shortest time to node v in the last run, or Infinity when beyond the cutoff. */
  timeTo(v: number): number {
    return this.stamp[v] === this.generation * 2 + 1 ? this.dist[v] : Infinity;
  }

  get cutoffS(): number {
    return this.cutoff;
  }

  private push(key: number, node: number): void {
    const keys = this.heapKey, nodes = this.heapNode;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p]; nodes[i] = nodes[p];
      i = p;
    }
    keys[i] = key; nodes[i] = node;
  }

  private pop(): number {
    const keys = this.heapKey, nodes = this.heapNode;
    const top = nodes[0];
    const size = --this.heapSize;
    if (size === 0) return top;
    const key = keys[size], node = nodes[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c]; nodes[i] = nodes[c];
      i = c;
    }
    keys[i] = key; nodes[i] = node;
    return top;
  }
}

/** One seed per node (the earliest), so the seeds never outnumber the heap's node allowance. */
function collapseSeeds(seeds: readonly Seed[]): Seed[] {
  const best = new Map<number, number>();
  for (const s of seeds) if (!(best.get(s.node)! <= s.time)) best.set(s.node, s.time);
  return [...best].map(([node, time]) => ({ node, time }));
}
