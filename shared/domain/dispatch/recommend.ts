// Ranks the units that could go to an incident by estimated travel time, each against the tier budget.
import { haversineM, type LatLon } from './geometry';
import { dispatchRefusal, type DispatchFacts, type TravelMode, type UnitStatus } from './unit-state';
import { straightLineEtas, straightLineProfiles, straightLineSeconds, type EtaUnit, type RoadEtaSource, type StraightLineProfile, type UnitEta } from './eta';

export interface CandidateUnit extends DispatchFacts {
  callsign: string;
  kind: string;
  mode: TravelMode;
  lat: number | null;
  lon: number | null;
}

export type EtaMethod = 'road' | 'straight-line';

/**
 * Where one unit's ETA comes from: the road network, a straight line (the whole recommendation fell back), or a
 * straight-line estimate for a unit the road search did not reach within `roadSearchS` (at least that long).
 */
export type EtaBasis = 'road' | 'straight-line' | 'beyond-road-search';

/** The road search reaches the tier budget (or the time left, if longer) plus this, so every unit that could still make it is timed exactly. */
export const ROAD_SEARCH_MARGIN_S = 120;
/** Units timed exactly by road whatever the budget, so the commander has road times to compare. */
export const ROAD_MIN_REACHED = 10;

export interface RankedUnit {
  unitId: string;
  callsign: string;
  kind: string;
  mode: TravelMode;
  status: UnitStatus;
  distanceM: number;
  /** Null when the ETA source found no way to the point. */
  etaS: number | null;
  etaBasis: EtaBasis;
  /** Whether this unit, sent now, arrives before the deadline. */
  withinDeadline: boolean;
  /** Whether its travel time alone fits in the tier budget (1/3/5 min), the planning view. */
  withinBudget: boolean;
}

export interface ExcludedUnit {
  unitId: string;
  callsign: string;
  reason: string;
}

export interface Recommendation {
  method: EtaMethod;
  /** Why straight lines were used although a road source was given (no network loaded, point off the roads, or for
   *  the listed units the road search did not reach). */
  fallbackReason: string | null;
  /** How far the road search went (seconds) when some unit was not reached within it; null otherwise. */
  roadSearchS: number | null;
  budgetS: number;
  remainingS: number;
  ranked: RankedUnit[];
  /** Units that may not be dispatched now with the reason (off duty, unavailable, busy, no position), nearest first. */
  excluded: ExcludedUnit[];
  /** How many units were excluded in all; `excluded` is cut to the limit. */
  excludedCount: number;
}

export interface RankRequest {
  point: LatLon;
  units: readonly CandidateUnit[];
  budgetS: number;
  remainingS: number;
  /** Fractional hour of day in the hall's zone, for road congestion. */
  hour: number;
  road?: RoadEtaSource;
  profiles?: Record<TravelMode, StraightLineProfile>;
  /** Longest lists returned; all when omitted. */
  limit?: number;
}

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const minutes = (s: number): string => `${Math.round(s / 6) / 10} min`;

export function rankUnits(req: RankRequest): Recommendation {
  const { point, budgetS, remainingS } = req;
  const excluded: (ExcludedUnit & { d: number })[] = [];
  const free: (EtaUnit & { unit: CandidateUnit })[] = [];
  for (const u of req.units) {
    const refusal = dispatchRefusal(u);
    const d = u.lat === null || u.lon === null ? Infinity : haversineM({ lat: u.lat, lon: u.lon }, point);
    if (refusal) excluded.push({ unitId: u.id, callsign: u.callsign, reason: refusal, d });
    else if (u.lat === null || u.lon === null) excluded.push({ unitId: u.id, callsign: u.callsign, reason: `${u.callsign} (${u.id}) has reported no position yet`, d });
    else free.push({ id: u.id, lat: u.lat, lon: u.lon, mode: u.mode, unit: u });
  }
  let method: EtaMethod = 'straight-line';
  let fallbackReason: string | null = null;
  let etas: UnitEta[] | null = null;
  if (req.road && free.length > 0) {
    try {
      const road = req.road.etaFromUnits(point, free.map(({ id, lat, lon, mode }) => ({ id, lat, lon, mode })), {
        hour: req.hour,
        cutoffS: Math.max(budgetS, remainingS) + ROAD_SEARCH_MARGIN_S,
        minReached: Math.max(ROAD_MIN_REACHED, req.limit ?? 0),
      });
      if (road.every((e) => e.etaS === null)) {
        const farthest = Math.max(0, ...road.map((e) => e.beyondS ?? 0));
        fallbackReason = farthest > 0
          ? `no unit reaches the point within ${minutes(farthest)} on the road network; straight-line estimate used`
          : 'no unit reaches the point on the road network (the point or the units are off the roads); straight-line estimate used';
      } else {
        etas = road;
        method = 'road';
      }
    } catch (err) {
      fallbackReason = `road-network travel time unavailable (${describeError(err)}); straight-line estimate used`;
    }
  }
  etas ??= straightLineEtas(point, free, req.profiles ?? straightLineProfiles);
  const etaOf = new Map(etas.map((e) => [e.unitId, e]));
  let roadSearchS: number | null = null;
  const ranked: RankedUnit[] = free.map(({ unit, lat, lon }) => {
    const eta = etaOf.get(unit.id);
    let etaS = eta === undefined || eta.etaS === null || !Number.isFinite(eta.etaS) ? null : eta.etaS;
    let etaBasis: EtaBasis = method;
    const beyondS = method === 'road' ? eta?.beyondS ?? null : null;
    if (etaS === null && beyondS !== null) {
      // Not reached by the road search: a straight-line estimate, never shorter than the road search proved.
      etaS = Math.max(beyondS, straightLineSeconds({ lat, lon }, point, unit.mode, req.profiles ?? straightLineProfiles));
      etaBasis = 'beyond-road-search';
      roadSearchS = Math.max(roadSearchS ?? 0, beyondS);
    }
    return {
      unitId: unit.id,
      callsign: unit.callsign,
      kind: unit.kind,
      mode: unit.mode,
      status: unit.status,
      distanceM: haversineM({ lat, lon }, point),
      etaS,
      etaBasis,
      withinDeadline: etaS !== null && etaS <= remainingS,
      withinBudget: etaS !== null && etaS <= budgetS,
    };
  });
  ranked.sort((a, b) => (a.etaS ?? Infinity) - (b.etaS ?? Infinity) || a.distanceM - b.distanceM || (a.unitId < b.unitId ? -1 : 1));
  excluded.sort((a, b) => a.d - b.d || (a.unitId < b.unitId ? -1 : 1));
  const cut = <T>(xs: T[]): T[] => (req.limit === undefined ? xs : xs.slice(0, req.limit));
  const shown = cut(ranked);
  const estimated = shown.filter((r) => r.etaBasis === 'beyond-road-search').length;
  if (estimated > 0 && roadSearchS !== null) {
    fallbackReason = `${estimated} of the units listed ${estimated === 1 ? 'is' : 'are'} not reached within ${minutes(roadSearchS)} by road: ${estimated === 1 ? 'its time is a straight-line estimate' : 'their times are straight-line estimates'} (at least ${minutes(roadSearchS)})`;
  }
  return {
    method,
    fallbackReason,
    roadSearchS,
    budgetS,
    remainingS,
    ranked: shown,
    excluded: cut(excluded).map(({ unitId, callsign, reason }) => ({ unitId, callsign, reason })),
    excludedCount: excluded.length,
  };
}
