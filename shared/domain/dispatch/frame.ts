// Framed-area selection (框定范围): which units lie inside a drawn rectangle, polygon or circle, edges included.
import { inBox, inCircle, inPolygon, type LatLon } from './geometry';

export type Frame =
  | { kind: 'rectangle'; south: number; west: number; north: number; east: number }
  | { kind: 'polygon'; points: LatLon[] }
  | { kind: 'circle'; center: LatLon; radiusM: number };

export function inFrame(p: LatLon, frame: Frame): boolean {
  switch (frame.kind) {
    case 'rectangle':
      return inBox(p, frame);
    case 'polygon':
      return inPolygon(p, frame.points);
    case 'circle':
      return inCircle(p, frame.center, frame.radiusM);
  }
}

/** Ids of the located units inside the frame, in the order given. */
export function selectInFrame<U extends { id: string; lat: number | null; lon: number | null }>(units: readonly U[], frame: Frame): string[] {
  const out: string[] = [];
  for (const u of units) if (u.lat !== null && u.lon !== null && inFrame({ lat: u.lat, lon: u.lon }, frame)) out.push(u.id);
  return out;
}
