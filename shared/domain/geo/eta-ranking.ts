// Dispatch support: every unit's road time to one incident point, with one reverse search per mode.
import type { TravelMode } from './road-class';
import type { LatLon, TravelModel } from './travel-model';

export interface UnitPosition extends LatLon {
  id: string;
  mode: TravelMode;
}

export interface UnitEta {
  unitId: string;
  /** Seconds; null when the unit or the point is off the roads or the point is beyond `cutoffS`. */
  etaS: number | null;
}

/** ETAs in input order (the caller sorts); searching backwards from the point makes it one search per mode, not per unit. */
export function etasToPoint(model: TravelModel, point: LatLon, units: readonly UnitPosition[], hour: number, cutoffS = 1800): UnitEta[] {
  const byMode = new Map<TravelMode, number[]>();
  units.forEach((u, i) => byMode.set(u.mode, [...(byMode.get(u.mode) ?? []), i]));
  const out: UnitEta[] = units.map((u) => ({ unitId: u.id, etaS: null }));
  for (const [mode, idx] of byMode) {
    const to = model.snap(point, mode);
    if (!to) continue;
    const w = model.weights(mode, hour);
    const search = model.search;
    search.run(w, model.seedsTo(to, w), cutoffS, true);
    for (const i of idx) {
      const from = model.snap(units[i], mode);
      if (!from) continue;
      const t = model.departureFrom(search, from, w, to);
      out[i].etaS = Number.isFinite(t) ? t : null;
    }
  }
  return out;
}
