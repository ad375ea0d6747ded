// Plane-free geometry on WGS-84 lat/lon: haversine distance, bearing, and edge-inclusive containment tests.

export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), metres; haversine error against the ellipsoid is <0.5 %, far below GPS noise. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** A point that lies this close to an edge counts as on it: float round-off must not push edge points out. */
export const EDGE_TOLERANCE_M = 0.01;

const rad = (deg: number): number => (deg * Math.PI) / 180;

export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial bearing from a to b, degrees clockwise from north, 0..360. */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The point `distanceM` from `from` along `bearing` (great circle); used to build test fixtures and the simulator. */
export function destination(from: LatLon, bearing: number, distanceM: number): LatLon {
  const d = distanceM / EARTH_RADIUS_M;
  const b = rad(bearing);
  const lat1 = rad(from.lat);
  const lon1 = rad(from.lon);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, lon: (((lon2 * 180) / Math.PI + 540) % 360) - 180 };
}

export function inCircle(p: LatLon, center: LatLon, radiusM: number): boolean {
  return haversineM(p, center) <= radiusM + EDGE_TOLERANCE_M;
}

/** Axis-aligned box in degrees; `south <= north`, `west <= east` (frames do not cross the antimeridian in a county). */
export interface LatLonBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export function inBox(p: LatLon, box: LatLonBox): boolean {
  return p.lat >= box.south && p.lat <= box.north && p.lon >= box.west && p.lon <= box.east;
}

// Local metres east/north of an origin: at county scale the equirectangular error is millimetres.
function toLocal(origin: LatLon, p: LatLon): [number, number] {
  return [rad(p.lon - origin.lon) * EARTH_RADIUS_M * Math.cos(rad(origin.lat)), rad(p.lat - origin.lat) * EARTH_RADIUS_M];
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Whether p lies inside or on the boundary of a polygon given as vertices (closed or not). Holes are not
 * modelled: a drawn frame or a target zone is one ring.
 */
export function inPolygon(p: LatLon, ring: readonly LatLon[]): boolean {
  const n = ring.length;
  if (n < 3) return false;
  const pts = ring.map((v) => toLocal(p, v));
  const origin: [number, number] = [0, 0];
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = pts[i];
    const b = pts[j];
    if (segmentDistance(origin, a, b) <= EDGE_TOLERANCE_M) return true;
    if (a[1] > 0 !== b[1] > 0 && 0 < ((b[0] - a[0]) * (0 - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** GeoJSON ring ([lon, lat] pairs) to vertices. */
export function ringFromGeoJson(ring: readonly (readonly number[])[]): LatLon[] {
  return ring.map((c) => ({ lon: c[0], lat: c[1] }));
}
