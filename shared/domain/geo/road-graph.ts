// The road graph: vertices and directed edges in typed arrays (CSR forward and reverse), built from road ways.
import { type OnewayRule } from './road-class';

/** One road polyline to build from: flat [lon, lat, lon, lat, ...] in WGS-84, class code, direction rule. */
export interface RoadWay {
  coords: ArrayLike<number>;
  cls: number;
  oneway: OnewayRule;
}

/**
 * Every vertex of every way is a node (no contraction: keeps snapping and partial edges exact).
 * Each drawn segment gives two directed edges; `vehicle[e]` says whether cars and motorcycles may use it
 * (one-way streets), walking is allowed both ways.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly segmentCount: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Forward CSR: out-edges of node v are offsets[v] .. offsets[v+1]-1. */
  readonly offsets: Uint32Array;
  readonly head: Uint32Array;
  readonly tail: Uint32Array;
  /** Metres. */
  readonly length: Float32Array;
  readonly cls: Uint8Array;
  readonly vehicle: Uint8Array;
  /** Reverse CSR: in-edges of node v are revEdges[revOffsets[v] .. revOffsets[v+1]-1] (edge indices). */
  readonly revOffsets: Uint32Array;
  readonly revEdges: Uint32Array;
  /** Per drawn segment A->B: the edge A->B and its twin B->A. */
  readonly segAB: Uint32Array;
  readonly segBA: Uint32Array;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export class RoadGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoadGraphError';
  }
}

/** Builds the graph; ways with unknown class (cls < 0) must be filtered out by the caller. */
export function buildRoadGraph(ways: readonly RoadWay[]): RoadGraph {
  // Vertices are shared between ways when coordinates match to 1e-7 degrees (about 1 cm): that is how
  // GeoJSON expresses intersections, and OSM node coordinates are exact copies too.
  const ids = new Map<string, number>();
  const lons: number[] = [];
  const lats: number[] = [];
  const nodeOf = (lon: number, lat: number): number => {
    const key = `${Math.round(lon * 1e7)},${Math.round(lat * 1e7)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = lons.length;
      ids.set(key, id);
      lons.push(lon);
      lats.push(lat);
    }
    return id;
  };
  const sA: number[] = [];
  const sB: number[] = [];
  const sLen: number[] = [];
  const sCls: number[] = [];
  const sOneway: number[] = [];
  for (const way of ways) {
    const c = way.coords;
    let prev = -1;
    for (let i = 0; i + 1 < c.length; i += 2) {
      const id = nodeOf(c[i], c[i + 1]);
      if (prev >= 0 && prev !== id) {
        sA.push(prev);
        sB.push(id);
        sLen.push(haversineM(lons[prev], lats[prev], lons[id], lats[id]));
        sCls.push(way.cls);
        sOneway.push(way.oneway);
      }
      prev = id;
    }
  }
  const n = lons.length;
  const s = sA.length;
  if (s === 0) throw new RoadGraphError('no road segments: the file has no routable roads (LineStrings with a known road class)');
  const m = 2 * s;
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < s; i++) { offsets[sA[i] + 1]++; offsets[sB[i] + 1]++; }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, n);
  const head = new Uint32Array(m);
  const tail = new Uint32Array(m);
  const length = new Float32Array(m);
  const cls = new Uint8Array(m);
  const vehicle = new Uint8Array(m);
  const segAB = new Uint32Array(s);
  const segBA = new Uint32Array(s);
  for (let i = 0; i < s; i++) {
    const ab = fill[sA[i]]++;
    head[ab] = sB[i]; tail[ab] = sA[i]; length[ab] = sLen[i]; cls[ab] = sCls[i]; vehicle[ab] = sOneway[i] === -1 ? 0 : 1;
    const ba = fill[sB[i]]++;
    head[ba] = sA[i]; tail[ba] = sB[i]; length[ba] = sLen[i]; cls[ba] = sCls[i]; vehicle[ba] = sOneway[i] === 1 ? 0 : 1;
    segAB[i] = ab;
    segBA[i] = ba;
  }
  const { revOffsets, revEdges } = reverseIndex(n, head);
  return {
    nodeCount: n, edgeCount: m, segmentCount: s,
    lon: Float64Array.from(lons), lat: Float64Array.from(lats),
    offsets, head, tail, length, cls, vehicle, revOffsets, revEdges, segAB, segBA,
  };
}

/** In-edge index, derived from the forward heads (so the cache need not store it). */
export function reverseIndex(n: number, head: Uint32Array): { revOffsets: Uint32Array; revEdges: Uint32Array } {
  const revOffsets = new Uint32Array(n + 1);
  for (let e = 0; e < head.length; e++) revOffsets[head[e] + 1]++;
  for (let v = 0; v < n; v++) revOffsets[v + 1] += revOffsets[v];
  const fill = revOffsets.slice(0, n);
  const revEdges = new Uint32Array(head.length);
  for (let e = 0; e < head.length; e++) revEdges[fill[head[e]]++] = e;
  return { revOffsets, revEdges };
}
