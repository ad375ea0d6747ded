// Ranks the units that could go to an incident by estimated travel time, each against the tier budget.
import { haversineM, type LatLon } from './geometry';
import { dispatchRefusal, type TravelMode, type UnitStatus } from './unit-state';
import type { EtaProvider } from './eta';

export interface CandidateUnit {
  id: string;
  callsign: string;
  kind: string;
  mode: TravelMode;
  status: UnitStatus;
  lat: number | null;
  lon: number | null;
  incidentId: string | null;
}

export type EtaMethod = 'road' | 'straight-line';

export interface RankedUnit {
  unitId: string;
  callsign: string;
  kind: string;
  mode: TravelMode;
  status: UnitStatus;
  distanceM: number;
  /** Null when the ETA source found no way to the point. */
  etaS: number | null;
  /** Whether this unit, sent now, arrives before the deadline. */
  withinDeadline: boolean;
  /** Whether its travel time alone fits in the tier budget (1/3/5 min), the planning view. */
  withinBudget: boolean;
}

export interface Recommendation {
  method: EtaMethod;
  /** Why the fallback was used, when the road network was asked for and failed. */
  fallbackReason: string | null;
  budgetS: number;
  remainingS: number;
  ranked: RankedUnit[];
  /** Units that may not be dispatched now, with the reason (off duty, unavailable, busy, no position). */
  excluded: { unitId: string; callsign: string; reason: string }[];
}

export function rankUnits(args: {
  point: LatLon;
  units: readonly CandidateUnit[];
  budgetS: number;
  remainingS: number;
  hour: number;
  road: EtaProvider | undefined;
  straightLine: EtaProvider;
  limit?: number;
}): Recommendation {
  const { point, budgetS, remainingS } = args;
  const excluded: Recommendation['excluded'] = [];
  const free: { id: string; lat: number; lon: number; mode: TravelMode; unit: CandidateUnit }[] = [];
  for (const u of args.units) {
    const refusal = dispatchRefusal(u);
    if (refusal) excluded.push({ unitId: u.id, callsign: u.callsign, reason: refusal });
    else if (u.lat === null || u.lon === null) excluded.push({ unitId: u.id, callsign: u.callsign, reason: `${u.callsign} (${u.id}) has reported no position yet` });
    else free.push({ id: u.id, lat: u.lat, lon: u.lon, mode: u.mode, unit: u });
  }
  let method: EtaMethod = 'straight-line';
  let fallbackReason: string | null = null;
  let etas: Map<string, number | null> | null = null;
  if (args.road) {
    try {
      etas = args.road(point, free, { hour: args.hour });
      method = 'road';
    } catch (err) {
      fallbackReason = `road-network travel time failed (${err instanceof Error ? err.message : String(err)}); straight-line estimate used`;
    }
  }
  etas ??= args.straightLine(point, free, { hour: args.hour });
  const ranked: RankedUnit[] = free.map(({ unit, lat, lon }) => {
    const eta = etas.get(unit.id);
    const etaS = eta === undefined || eta === null || !Number.isFinite(eta) ? null : eta;
    return {
      unitId: unit.id,
      callsign: unit.callsign,
      kind: unit.kind,
      mode: unit.mode,
      status: unit.status,
      distanceM: haversineM({ lat, lon }, point),
      etaS,
      withinDeadline: etaS !== null && etaS <= remainingS,
      withinBudget: etaS !== null && etaS <= budgetS,
    };
  });
  ranked.sort((a, b) => (a.etaS ?? Infinity) - (b.etaS ?? Infinity) || a.distanceM - b.distanceM || (a.unitId < b.unitId ? -1 : 1));
  return { method, fallbackReason, budgetS, remainingS, ranked: args.limit ? ranked.slice(0, args.limit) : ranked, excluded };
}
