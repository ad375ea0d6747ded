// A small road network for the patrol simulator: nodes and links from road GeoJSON, nearest node, shortest path,
// and a mover that drives a point along a path at a speed. Vehicles keep to drivable roads and one-way rules.
import { drivableRoadClasses, RoadCollection, type RoadClass } from '../../../../shared/contract/mapdata';
import { bearingDeg, haversineM, type LatLon } from '../../../../shared/domain/dispatch/geometry';

export type WalkMode = 'vehicle' | 'foot';

export interface WalkGraph {
  readonly lat: readonly number[];
  readonly lon: readonly number[];
  /** Out-neighbours of each node with the link length in metres. */
  readonly links: readonly (readonly { to: number; m: number }[])[];
}

export function buildWalkGraph(geojson: unknown, mode: WalkMode): WalkGraph {
  const parsed = RoadCollection.safeParse(geojson);
  if (!parsed.success) throw new Error(`the roads file is not a valid road layer: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`);
  const drivable = new Set<RoadClass>(drivableRoadClasses);
  const ids = new Map<string, number>();
  const lat: number[] = [];
  const lon: number[] = [];
  const links: { to: number; m: number }[][] = [];
  const node = (p: readonly number[]): number => {
    const key = `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = lat.length;
      ids.set(key, id);
      lon.push(p[0]);
      lat.push(p[1]);
      links.push([]);
    }
    return id;
  };
  for (const f of parsed.data.features) {
    const vehicle = mode === 'vehicle';
    if (vehicle && !drivable.has(f.properties.class)) continue;
    const oneway = vehicle && f.properties.oneway === true;
    const c = f.geometry.coordinates;
    for (let i = 0; i + 1 < c.length; i++) {
      const a = node(c[i]);
      const b = node(c[i + 1]);
      if (a === b) continue;
      const m = haversineM({ lat: lat[a], lon: lon[a] }, { lat: lat[b], lon: lon[b] });
      links[a].push({ to: b, m });
      if (!oneway) links[b].push({ to: a, m });
    }
  }
  if (lat.length === 0) throw new Error(`the roads file has no road usable ${mode === 'vehicle' ? 'by vehicles' : 'on foot'}`);
  return { lat, lon, links };
}

export const pointOf = (g: WalkGraph, n: number): LatLon => ({ lat: g.lat[n], lon: g.lon[n] });

/** The node nearest to p that has a way out (a linear scan: the simulator calls it rarely). */
export function nearestNode(g: WalkGraph, p: LatLon): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < g.lat.length; i++) {
    if (g.links[i].length === 0) continue;
    const d = haversineM(p, pointOf(g, i));
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Shortest path by length (Dijkstra with a binary heap); null when `to` cannot be reached from `from`. */
export function shortestPath(g: WalkGraph, from: number, to: number): number[] | null {
  const n = g.lat.length;
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const heap: [number, number][] = [];
  const push = (d: number, v: number): void => {
    heap.push([d, v]);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  dist[from] = 0;
  push(0, from);
  while (heap.length > 0) {
    const [d, v] = pop();
    if (d > dist[v]) continue;
    if (v === to) break;
    for (const { to: w, m } of g.links[v]) {
      if (d + m < dist[w]) {
        dist[w] = d + m;
        prev[w] = v;
        push(d + m, w);
      }
    }
  }
  if (dist[to] === Infinity) return null;
  const path: number[] = [];
  for (let v = to; v !== -1; v = prev[v]) path.push(v);
  return path.reverse();
}

/** Drives a point along a list of waypoints; `advance` returns where it is and which way it faces. */
export class Mover {
  private waypoints: LatLon[];
  private next = 0;
  position: LatLon;
  heading = 0;

  constructor(start: LatLon, waypoints: LatLon[] = []) {
    this.position = start;
    this.waypoints = waypoints;
  }

  /** Replaces the route; the point drives from where it is to the first waypoint. */
  follow(waypoints: LatLon[]): void {
    this.waypoints = waypoints;
    this.next = 0;
  }

  get done(): boolean {
    return this.next >= this.waypoints.length;
  }

  /** The waypoint driven to now, or null at the end of the route. */
  get target(): LatLon | null {
    return this.waypoints[this.next] ?? null;
  }

  /** Moves `metres` along the route (stopping at its end); returns the metres actually moved. */
  advance(metres: number): number {
    let left = metres;
    while (left > 0 && !this.done) {
      const to = this.waypoints[this.next];
      const d = haversineM(this.position, to);
      if (d > 0.01) this.heading = bearingDeg(this.position, to);
      if (d <= left) {
        this.position = to;
        left -= d;
        this.next++;
      } else {
        const f = left / d;
        this.position = { lat: this.position.lat + (to.lat - this.position.lat) * f, lon: this.position.lon + (to.lon - this.position.lon) * f };
        left = 0;
      }
    }
    return metres - left;
  }
}
