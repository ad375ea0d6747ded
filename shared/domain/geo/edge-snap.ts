// Snapping a point to the nearest road edge (projection onto the segment) through a uniform grid index.
import type { RoadGraph } from './road-graph';

/** A point on the road: segment `seg` (A->B as drawn), at fraction `t` from A; `distM` from the given point. */
export interface Snap {
  seg: number;
  t: number;
  distM: number;
  lon: number;
  lat: number;
}

const M_PER_DEG = 6_371_008.8 * Math.PI / 180;

export interface SegmentGrid {
  /** Finds the nearest segment whose class passes `allowClass`, within `maxDistM`; null when none. */
  snap(lon: number, lat: number, allowClass: (cls: number) => boolean, maxDistM?: number): Snap | null;
}

export function buildSegmentGrid(g: RoadGraph): SegmentGrid {
  // Local equirectangular projection: metres are exact enough across a county (< 0.1 % error over 50 km).
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let v = 0; v < g.nodeCount; v++) {
    if (g.lon[v] < minLon) minLon = g.lon[v];
    if (g.lon[v] > maxLon) maxLon = g.lon[v];
    if (g.lat[v] < minLat) minLat = g.lat[v];
    if (g.lat[v] > maxLat) maxLat = g.lat[v];
  }
  const kx = M_PER_DEG * Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const ky = M_PER_DEG;
  const x = new Float64Array(g.nodeCount);
  const y = new Float64Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) { x[v] = (g.lon[v] - minLon) * kx; y[v] = (g.lat[v] - minLat) * ky; }
  const width = Math.max(1, (maxLon - minLon) * kx);
  const height = Math.max(1, (maxLat - minLat) * ky);
  // About two segments per cell, but never cells under 20 m or grids over ~4M cells.
  const cell = Math.max(20, Math.sqrt((width * height) / Math.max(1, g.segmentCount)) * 1.5, Math.sqrt((width * height) / 4e6));
  const cols = Math.floor(width / cell) + 1;
  const rows = Math.floor(height / cell) + 1;
  const segA = (s: number): number => g.tail[g.segAB[s]];
  const segB = (s: number): number => g.head[g.segAB[s]];
  const cellRange = (s: number): [number, number, number, number] => {
    const a = segA(s), b = segB(s);
    return [
      Math.floor(Math.min(x[a], x[b]) / cell), Math.floor(Math.min(y[a], y[b]) / cell),
      Math.floor(Math.max(x[a], x[b]) / cell), Math.floor(Math.max(y[a], y[b]) / cell),
    ];
  };
  const start = new Uint32Array(cols * rows + 1);
  for (let s = 0; s < g.segmentCount; s++) {
    const [c0, r0, c1, r1] = cellRange(s);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) start[r * cols + c + 1]++;
  }
  for (let i = 0; i < cols * rows; i++) start[i + 1] += start[i];
  const fill = start.slice(0, cols * rows);
  const items = new Uint32Array(start[cols * rows]);
  for (let s = 0; s < g.segmentCount; s++) {
    const [c0, r0, c1, r1] = cellRange(s);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) items[fill[r * cols + c]++] = s;
  }
  const seen = new Uint32Array(g.segmentCount);
  let stamp = 0;
  const segCls = (s: number): number => g.cls[g.segAB[s]];

  return {
    snap(lon, lat, allowClass, maxDistM = 1000) {
      stamp++;
      const px = (lon - minLon) * kx;
      const py = (lat - minLat) * ky;
      const pc = Math.floor(px / cell);
      const pr = Math.floor(py / cell);
      let best = -1, bestD2 = Infinity, bestT = 0;
      const maxRing = Math.ceil(maxDistM / cell) + 1;
      for (let ring = 0; ring <= maxRing; ring++) {
        for (let r = pr - ring; r <= pr + ring; r++) {
          if (r < 0 || r >= rows) continue;
          const edgeRow = r === pr - ring || r === pr + ring;
          for (let c = pc - ring; c <= pc + ring; c += edgeRow ? 1 : 2 * ring || 1) {
            if (c < 0 || c >= cols) continue;
            const k = r * cols + c;
            for (let i = start[k]; i < start[k + 1]; i++) {
              const s = items[i];
              if (seen[s] === stamp) continue;
              seen[s] = stamp;
              if (!allowClass(segCls(s))) continue;
              const a = segA(s), b = segB(s);
              const dx = x[b] - x[a], dy = y[b] - y[a];
              const len2 = dx * dx + dy * dy;
              let t = len2 > 0 ? ((px - x[a]) * dx + (py - y[a]) * dy) / len2 : 0;
              t = t < 0 ? 0 : t > 1 ? 1 : t;
              const ex = x[a] + t * dx - px, ey = y[a] + t * dy - py;
              const d2 = ex * ex + ey * ey;
              if (d2 < bestD2) { bestD2 = d2; best = s; bestT = t; }
            }
          }
        }
        // Every cell beyond this ring is at least ring * cell away from the point.
        if (best >= 0 && Math.sqrt(bestD2) <= ring * cell) break;
      }
      if (best < 0 || Math.sqrt(bestD2) > maxDistM) return null;
      const a = segA(best), b = segB(best);
      return {
        seg: best, t: bestT, distM: Math.sqrt(bestD2),
        lon: g.lon[a] + bestT * (g.lon[b] - g.lon[a]),
        lat: g.lat[a] + bestT * (g.lat[b] - g.lat[a]),
      };
    },
  };
}
