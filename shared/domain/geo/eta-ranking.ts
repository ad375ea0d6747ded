// Dispatch support: every unit's road time to one incident point, with reverse searches from the point widened only as far as needed.
import type { TravelMode } from './road-class';
import type { Snap } from './edge-snap';
import type { LatLon, TravelModel } from './travel-model';

export interface UnitPosition extends LatLon {
  id: string;
  mode: TravelMode;
}

export interface UnitEta {
  unitId: string;
  /** Exact road seconds; null when the unit is not reached within the search (see `beyondS`) or cannot be routed at all. */
  etaS: number | null;
  /** Set when the search stopped at its cutoff before reaching this unit: its road time is more than this many seconds. */
  beyondS: number | null;
}

export interface EtaSearchOptions {
  /** Seconds the first search reaches (default 1800). Every unit within it gets its exact road time. */
  cutoffS?: number;
  /** Widen the search (doubling the cutoff, up to `maxCutoffS`) until at least this many units have a road time (default 0). */
  minReached?: number;
  /** Farthest the search is widened to (default 1800 s, half an hour's drive). */
  maxCutoffS?: number;
}

export const DEFAULT_ETA_CUTOFF_S = 1800;

/**
 * ETAs in input order (the caller sorts). Searching backwards from the point makes it one search per mode, not per
 * unit; cutting it at the tier budget keeps a county-wide graph from being searched whole for every incident.
 * Whatever cutoff is reached, the `minReached` fastest units all have exact times: a unit of any mode left
 * unreached is slower than the cutoff, hence slower than every unit reached.
 */
export function etasToPoint(model: TravelModel, point: LatLon, units: readonly UnitPosition[], hour: number, opts: EtaSearchOptions = {}): UnitEta[] {
  const maxCutoffS = opts.maxCutoffS ?? DEFAULT_ETA_CUTOFF_S;
  let cutoffS = Math.min(opts.cutoffS ?? maxCutoffS, maxCutoffS);
  const minReached = Math.min(opts.minReached ?? 0, units.length);
  const byMode = new Map<TravelMode, number[]>();
  units.forEach((u, i) => {
    const list = byMode.get(u.mode);
    if (list) list.push(i);
    else byMode.set(u.mode, [i]);
  });
  const out: UnitEta[] = units.map((u) => ({ unitId: u.id, etaS: null, beyondS: null }));
  const snaps: (Snap | null)[] = units.map((u) => model.snap(u, u.mode));
  // Modes whose last search stopped at its cutoff with units still unreached: only these are searched again.
  let pending = [...byMode.keys()];
  let reached = 0;
  for (;;) {
    const widen: TravelMode[] = [];
    for (const mode of pending) {
      const to = model.snap(point, mode);
      if (!to) continue;
      const w = model.weights(mode, hour);
      const search = model.search;
      search.run(w, model.seedsTo(to, w), cutoffS, true);
      let open = false;
      for (const i of byMode.get(mode)!) {
        const from = snaps[i];
        if (!from || out[i].etaS !== null) continue;
        const t = model.departureThroughSettled(search, from, w, to);
        if (t <= cutoffS) {
          out[i].etaS = t;
          out[i].beyondS = null;
          reached++;
        } else if (search.truncated || Number.isFinite(t)) {
          // Finite above the cutoff: the unit's road was reached, the unit itself lies a part-edge beyond it.
          out[i].beyondS = cutoffS;
          open = true;
        } else {
          out[i].beyondS = null; // the whole reachable network was searched: no route at all
        }
      }
      if (open) widen.push(mode);
    }
    if (reached >= minReached || widen.length === 0 || cutoffS >= maxCutoffS) return out;
    cutoffS = Math.min(cutoffS * 2, maxCutoffS);
    pending = widen;
  }
}
