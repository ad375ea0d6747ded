// Estimated travel time: the road-network source interface and the straight-line fallback (distance × per-mode detour / speed).
import { haversineM, type LatLon } from './geometry';
import type { TravelMode } from './unit-state';

export { chinaHourOf } from '../geo/congestion';

export interface EtaUnit extends LatLon {
  id: string;
  mode: TravelMode;
}

export interface UnitEta {
  unitId: string;
  /** Seconds; null when the unit cannot reach the point (off the roads, beyond the search cutoff). */
  etaS: number | null;
  /** Road sources only: the search stopped at this many seconds without reaching the unit (its time is longer). */
  beyondS?: number | null;
}

export interface RoadSearchOptions {
  /** Fractional hour of day in the hall's zone, for congestion. */
  hour?: number;
  /** Seconds the road search reaches at first; units beyond come back with `beyondS`. */
  cutoffS?: number;
  /** The search is widened until at least this many units have a road time. */
  minReached?: number;
}

/**
 * Road-network travel times, in input order. The geo service (electron/host/geo/service.ts) fits this shape;
 * it throws while no road network is loaded, and the recommendation then falls back to straight lines.
 */
export interface RoadEtaSource {
  etaFromUnits(point: LatLon, units: readonly EtaUnit[], opts?: RoadSearchOptions): UnitEta[];
}

export interface StraightLineProfile {
  /** Average emergency speed, km/h. */
  speedKmh: number;
  /** Road distance over straight-line distance. */
  detour: number;
}

// County-seat streets: narrow, mixed traffic. 1.4 is a common urban road/crow-flies ratio; foot paths cut corners.
export const straightLineProfiles: Record<TravelMode, StraightLineProfile> = {
  car: { speedKmh: 30, detour: 1.4 },
  motorcycle: { speedKmh: 35, detour: 1.3 },
  foot: { speedKmh: 6, detour: 1.2 },
};

export function straightLineSeconds(from: LatLon, to: LatLon, mode: TravelMode, profiles = straightLineProfiles): number {
  const p = profiles[mode];
  return (haversineM(from, to) * p.detour) / (p.speedKmh / 3.6);
}

export function straightLineEtas(point: LatLon, units: readonly EtaUnit[], profiles = straightLineProfiles): UnitEta[] {
  return units.map((u) => ({ unitId: u.id, etaS: straightLineSeconds(u, point, u.mode, profiles) }));
}
