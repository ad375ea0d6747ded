// The 135 tier of a location: inside a core site's zone 1 minute, a crowded place's 3, elsewhere 5.
import { haversineM, inPolygon, EDGE_TOLERANCE_M, ringFromGeoJson, type LatLon } from './geometry';

export type Tier = 1 | 3 | 5;

/** Structural view of a key target (a mapdata target fits it): a point and either a radius or a polygon zone. */
export interface TierTarget {
  id: string;
  name?: string;
  lat: number;
  lon: number;
  tier: Tier;
  zoneRadiusM: number;
  /** GeoJSON polygon coordinates ([lon, lat] rings, outer first); replaces the circle when present. */
  zone?: readonly (readonly (readonly number[])[])[];
}

export interface TierVerdict {
  tier: Tier;
  /** The target whose zone set the tier; null when the point is in no zone (tier 5 by default). */
  targetId: string | null;
}

export const budgetSeconds = (tier: Tier): number => tier * 60;

export function inTargetZone(p: LatLon, t: TierTarget): boolean {
  if (t.zone && t.zone.length > 0) return inPolygon(p, ringFromGeoJson(t.zone[0]));
  return haversineM(p, t) <= t.zoneRadiusM + EDGE_TOLERANCE_M;
}

/** Smallest tier among the zones containing p (edge inclusive); ties go to the nearest target. */
export function deriveTier(p: LatLon, targets: readonly TierTarget[]): TierVerdict {
  let best: TierVerdict = { tier: 5, targetId: null };
  let bestDist = Infinity;
  for (const t of targets) {
    if (t.tier > best.tier || !inTargetZone(p, t)) continue;
    const d = haversineM(p, t);
    if (t.tier < best.tier || d < bestDist) {
      best = { tier: t.tier, targetId: t.id };
      bestDist = d;
    }
  }
  return best;
}
