// Travel time on the road graph for a mode and an hour: edge weights, snapping, and point-to-point times.
import { compileCongestion, type CongestionTable, slotOfHour } from './congestion';
import { buildSegmentGrid, type SegmentGrid, type Snap } from './edge-snap';
import { ReachSearch, type Seed } from './reach-search';
import { modes, roadClasses, type TravelMode } from './road-class';
import type { RoadGraph } from './road-graph';
import { speedsMps, type SpeedTable } from './speed-table';

export interface LatLon {
  lat: number;
  lon: number;
}

/** How far a point may lie from the nearest usable road and still be routed. */
export const DEFAULT_MAX_SNAP_M = 1000;

// A point exactly on a node costs nothing to reach even over an edge the mode may not use (0 * Infinity).
const part = (fraction: number, edgeSeconds: number): number => (fraction === 0 ? 0 : fraction * edgeSeconds);

export class TravelModel {
  readonly grid: SegmentGrid;
  private readonly weightCache = new Map<string, Float32Array>();
  private readonly speeds: Record<TravelMode, Float64Array>;
  private readonly congestion: Record<TravelMode, Float64Array>;
  private searchInstance: ReachSearch | null = null;

  constructor(
    readonly graph: RoadGraph,
    readonly speedTable: SpeedTable,
    readonly congestionTable: CongestionTable,
    readonly maxSnapM = DEFAULT_MAX_SNAP_M,
  ) {
    this.grid = buildSegmentGrid(graph);
    this.speeds = Object.fromEntries(modes.map((m) => [m, speedsMps(speedTable, m)])) as Record<TravelMode, Float64Array>;
    this.congestion = Object.fromEntries(modes.map((m) => [m, compileCongestion(congestionTable, m)])) as Record<TravelMode, Float64Array>;
  }

  /** A search reusing this model's buffers (one caller at a time: the host is single-threaded). */
  get search(): ReachSearch {
    this.searchInstance ??= new ReachSearch(this.graph);
    return this.searchInstance;
  }

  /** Identifies the weights of (mode, hour): hours whose congestion factors are the same share one key. */
  weightsKey(mode: TravelMode, hour: number): string {
    const nClass = roadClasses.length;
    const slot = slotOfHour(hour);
    return `${mode}:${Array.from(this.congestion[mode].subarray(slot * nClass, (slot + 1) * nClass)).join(',')}`;
  }

  /** Seconds per edge for the mode at that hour; Infinity where the mode may not go (class or one-way).
   *  Float32 halves memory per cached pattern; its ~1e-5 s error is far below anything a dispatcher sees. */
  weights(mode: TravelMode, hour: number): Float32Array {
    const key = this.weightsKey(mode, hour);
    let w = this.weightCache.get(key);
    if (w) return w;
    const g = this.graph;
    const v = this.speeds[mode];
    const f = this.congestion[mode];
    const nClass = roadClasses.length;
    const slot = slotOfHour(hour);
    const ignoresOneway = mode === 'foot';
    w = new Float32Array(g.edgeCount);
    for (let e = 0; e < g.edgeCount; e++) {
      const c = g.cls[e];
      const speed = v[c] * f[slot * nClass + c];
      w[e] = speed > 0 && (ignoresOneway || g.vehicle[e] === 1) ? g.length[e] / speed : Infinity;
    }
    this.weightCache.set(key, w);
    return w;
  }

  /** Nearest road the mode may use; null when none is within `maxSnapM`. */
  snap(p: LatLon, mode: TravelMode): Snap | null {
    const v = this.speeds[mode];
    return this.grid.snap(p.lon, p.lat, (c) => v[c] > 0, this.maxSnapM);
  }

  /** Seeds for leaving a snapped point: along its segment to either end, where direction allows. */
  seedsFrom(s: Snap, w: Float32Array): Seed[] {
    const g = this.graph;
    const ab = g.segAB[s.seg], ba = g.segBA[s.seg];
    return [
      { node: g.head[ab], time: part(1 - s.t, w[ab]) },
      { node: g.head[ba], time: part(s.t, w[ba]) },
    ].filter((x) => Number.isFinite(x.time));
  }

  /** Seeds for a reverse search that ends at a snapped point. */
  seedsTo(s: Snap, w: Float32Array): Seed[] {
    const g = this.graph;
    const ab = g.segAB[s.seg], ba = g.segBA[s.seg];
    return [
      { node: g.tail[ab], time: part(s.t, w[ab]) },
      { node: g.tail[ba], time: part(1 - s.t, w[ba]) },
    ].filter((x) => Number.isFinite(x.time));
  }

  /** Time to reach snapped point `to` after a forward search (from `from`, when known, for the same-segment case). */
  arrivalAt(search: ReachSearch, to: Snap, w: Float32Array, from?: Snap): number {
    const g = this.graph;
    const ab = g.segAB[to.seg], ba = g.segBA[to.seg];
    let best = Math.min(search.timeTo(g.tail[ab]) + part(to.t, w[ab]), search.timeTo(g.tail[ba]) + part(1 - to.t, w[ba]));
    if (from) best = Math.min(best, this.sameSegment(from, to, w));
    return best <= search.cutoffS ? best : Infinity;
  }

  /** Time from snapped point `from` after a reverse search that ended at `to`. */
  departureFrom(search: ReachSearch, from: Snap, w: Float32Array, to?: Snap): number {
    const best = this.departureThroughSettled(search, from, w, to);
    return best <= search.cutoffS ? best : Infinity;
  }

  /**
   * As `departureFrom`, without the cut: a finite time above the search's cutoff means the point's road ends were
   * reached but the point itself lies beyond the cutoff (its true time is above the cutoff too).
   */
  departureThroughSettled(search: ReachSearch, from: Snap, w: Float32Array, to?: Snap): number {
    const g = this.graph;
    const ab = g.segAB[from.seg], ba = g.segBA[from.seg];
    const best = Math.min(part(1 - from.t, w[ab]) + search.timeTo(g.head[ab]), part(from.t, w[ba]) + search.timeTo(g.head[ba]));
    return to ? Math.min(best, this.sameSegment(from, to, w)) : best;
  }

  /** Direct travel along one segment, when both points are on it and the direction is allowed. */
  sameSegment(from: Snap, to: Snap, w: Float32Array): number {
    if (from.seg !== to.seg) return Infinity;
    const g = this.graph;
    if (to.t >= from.t) return part(to.t - from.t, w[g.segAB[to.seg]]);
    return part(from.t - to.t, w[g.segBA[to.seg]]);
  }

  /**
   * Seconds from one point to another by road, or null when either point is off the road network or the
   * destination is not reachable within `cutoffS`.
   */
  travelTime(from: LatLon, to: LatLon, mode: TravelMode, hour: number, cutoffS = 3600): number | null {
    const a = this.snap(from, mode);
    const b = this.snap(to, mode);
    if (!a || !b) return null;
    const w = this.weights(mode, hour);
    const search = this.search;
    search.run(w, this.seedsFrom(a, w), cutoffS);
    const t = this.arrivalAt(search, b, w, a);
    return Number.isFinite(t) ? t : null;
  }
}
