// Estimated travel time: the provider interface and the straight-line fallback with a per-mode speed and detour.
import { haversineM, type LatLon } from './geometry';
import type { TravelMode } from './unit-state';

export interface EtaUnit {
  id: string;
  lat: number;
  lon: number;
  mode: TravelMode;
}

/** Seconds for each unit to reach the point; null when it cannot (no road, beyond the search cutoff). */
export type EtaProvider = (point: LatLon, units: readonly EtaUnit[], opts: { hour: number }) => Map<string, number | null>;

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

export function createStraightLineEta(profiles: Record<TravelMode, StraightLineProfile> = straightLineProfiles): EtaProvider {
  return (point, units) => {
    const out = new Map<string, number | null>();
    for (const u of units) out.set(u.id, straightLineSeconds(u, point, u.mode, profiles));
    return out;
  };
}

/** Fractional hour of day in China time (UTC+8, no DST), whatever the PC's zone: 7.5 = 07:30. */
export function chinaHourOf(epochMs: number): number {
  const h = ((epochMs / 3_600_000 + 8) % 24 + 24) % 24;
  return h;
}
