// Bounded single-source (or multi-seed) Dijkstra over the CSR arrays; buffers are reused between searches.
import { MinHeap } from './min-heap';
import type { RoadGraph } from './road-graph';

/** A starting node and the seconds already spent reaching it (e.g. the partial edge from a snapped point). */
export interface Seed {
  node: number;
  time: number;
}

/**
 * One search at a time per instance. After `run`, `timeTo(v)` is the exact shortest time for every node whose
 * time is within the cutoff, and Infinity for the others: nodes beyond the cutoff are never reached, which is
 * what keeps a 5-minute search local on a county-wide graph.
 */
export class ReachSearch {
  // Infinity everywhere except the nodes of the last run, which are exactly `settled[0 .. settledCount)`:
  // every node given a finite time is pushed, and every pushed node is eventually settled.
  private readonly dist: Float64Array;
  private readonly heap: MinHeap;
  /** Nodes settled by the last run, in order of time; valid up to `settledCount`. */
  readonly settled: Uint32Array;
  settledCount = 0;
  /** Whether the last run left some edge unrelaxed because of its cutoff (false: it reached all it could). */
  truncated = false;
  private cutoff = 0;

  constructor(private readonly graph: RoadGraph) {
    this.dist = new Float64Array(graph.nodeCount).fill(Infinity);
    this.settled = new Uint32Array(graph.nodeCount);
    this.heap = new MinHeap(1024);
  }

  /**
   * `weights[e]` in seconds (Infinity = not passable). `reverse` follows edges backwards: the result is then
   * the time from each node TO the seeds.
   */
  run(weights: Float32Array, seeds: readonly Seed[], cutoffS: number, reverse = false): void {
    const g = this.graph;
    const dist = this.dist;
    const settled = this.settled;
    for (let i = 0; i < this.settledCount; i++) dist[settled[i]] = Infinity;
    this.cutoff = cutoffS;
    const heap = this.heap;
    heap.clear();
    for (const s of seeds) {
      if (s.time <= cutoffS && s.time < dist[s.node]) {
        dist[s.node] = s.time;
        heap.push(s.time, s.node);
      }
    }
    // Settled nodes need no mark: a relaxation can never beat their final time (weights are not negative).
    let count = 0;
    let truncated = seeds.some((s) => s.time > cutoffS);
    if (!reverse) {
      const offsets = g.offsets, head = g.head;
      while (heap.size > 0) {
        const d = heap.minKey;
        const v = heap.pop();
        if (d > dist[v]) continue;
        settled[count++] = v;
        for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
          const nd = d + weights[e];
          const u = head[e];
          if (nd < dist[u]) {
            if (nd <= cutoffS) {
              dist[u] = nd;
              heap.push(nd, u);
            } else truncated = true;
          }
        }
      }
    } else {
      const offsets = g.revOffsets, revEdges = g.revEdges, tail = g.tail;
      while (heap.size > 0) {
        const d = heap.minKey;
        const v = heap.pop();
        if (d > dist[v]) continue;
        settled[count++] = v;
        for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
          const e = revEdges[i];
          const nd = d + weights[e];
          const u = tail[e];
          if (nd < dist[u]) {
            if (nd <= cutoffS) {
              dist[u] = nd;
              heap.push(nd, u);
            } else truncated = true;
          }
        }
      }
    }
    this.settledCount = count;
    this.truncated = truncated;
  }

  /** Shortest time to node v in the last run, or Infinity when beyond the cutoff. */
  timeTo(v: number): number {
    return this.dist[v];
  }

  get cutoffS(): number {
    return this.cutoff;
  }
}
