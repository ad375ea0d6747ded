// Isochrones: areas reachable within N minutes from a point, as concave hulls of reached road points.
import concaveman from 'concaveman';
import type { IsochroneCollection } from '../../contract/geo';
import type { TravelMode } from './road-class';
import type { LatLon, TravelModel } from './travel-model';

/** What the area is drawn from, for the map's legend. */
export type IsochroneOrigin = Omit<IsochroneCollection['features'][number]['properties']['origin'], 'lat' | 'lon'>;

const M_PER_DEG = 6_371_008.8 * Math.PI / 180;

/**
 * One search to the largest budget; for each budget the hull takes every node reached in time plus the
 * point where each frontier edge runs out of time, so the edge of the area lies on the roads, not at nodes.
 * Polygons come largest first so a map draws the smaller ones on top. Null when the point is off the roads.
 */
export function isochrones(
  model: TravelModel,
  origin: LatLon,
  opts: { mode: TravelMode; hour: number; minutes: readonly number[]; origin?: IsochroneOrigin; concavity?: number },
): IsochroneCollection | null {
  const snap = model.snap(origin, opts.mode);
  if (!snap) return null;
  const g = model.graph;
  const w = model.weights(opts.mode, opts.hour);
  const budgets = [...new Set(opts.minutes)].sort((a, b) => b - a);
  const maxS = budgets[0] * 60;
  const search = model.search;
  search.run(w, model.seedsFrom(snap, w), maxS);
  const kx = M_PER_DEG * Math.cos(snap.lat * Math.PI / 180);
  const toXY = (lon: number, lat: number): [number, number] => [(lon - snap.lon) * kx, (lat - snap.lat) * M_PER_DEG];
  // Hull edges shorter than ~one city block are not refined further: keeps the outline readable and fast.
  const lengthThreshold = 60;

  const features = budgets.map((minutes) => {
    const budget = minutes * 60;
    const pts: [number, number][] = [[0, 0]];
    let reached = 0;
    const segA = g.tail[g.segAB[snap.seg]], segB = g.head[g.segAB[snap.seg]];
    // Along the snapped segment itself, in each allowed direction, when its far end is out of reach.
    for (const [edge, frac, far] of [[g.segAB[snap.seg], 1 - snap.t, segB], [g.segBA[snap.seg], snap.t, segA]] as const) {
      const full = frac * w[edge];
      if (!Number.isFinite(full) || full <= budget) continue;
      const f = budget / full;
      pts.push(toXY(snap.lon + (g.lon[far] - snap.lon) * f, snap.lat + (g.lat[far] - snap.lat) * f));
    }
    for (let k = 0; k < search.settledCount; k++) {
      const v = search.settled[k];
      const d = search.timeTo(v);
      if (d > budget) break; // settled in time order
      reached++;
      pts.push(toXY(g.lon[v], g.lat[v]));
      for (let e = g.offsets[v], end = g.offsets[v + 1]; e < end; e++) {
        const u = g.head[e];
        if (d + w[e] <= budget || !Number.isFinite(w[e])) continue;
        const f = (budget - d) / w[e];
        pts.push(toXY(g.lon[v] + (g.lon[u] - g.lon[v]) * f, g.lat[v] + (g.lat[u] - g.lat[v]) * f));
      }
    }
    const ring = pts.length >= 3 ? concaveman(pts, opts.concavity ?? 2, lengthThreshold) : [];
    const coords = (ring.length >= 4 ? ring : smallSquare()).map(([x, y]) => [
      round7(snap.lon + x / kx), round7(snap.lat + y / M_PER_DEG),
    ] as [number, number]);
    return {
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [coords] },
      properties: {
        minutes, mode: opts.mode, hour: opts.hour, reachedNodes: reached,
        origin: { ...(opts.origin ?? { kind: 'point' as const, id: null, label: null }), lat: origin.lat, lon: origin.lon },
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;

/** A 10 m square around the origin when too little is reachable to draw a hull (e.g. a dead-end at 07:30). */
function smallSquare(): number[][] {
  return [[-5, -5], [5, -5], [5, 5], [-5, 5], [-5, -5]];
}
