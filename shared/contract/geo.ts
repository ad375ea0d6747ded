// Contract of the road network and 135 coverage: live coverage, isochrones, move-up, planning, travel tables, roads.
import { z } from 'zod';
import { anyRole, command, event } from './define';
import { TargetTier, TravelMode } from './mapdata';
import { CongestionTable } from '../domain/geo/congestion';
import { SpeedTable } from '../domain/geo/speed-table';

export { CongestionTable, SpeedTable, TargetTier, TravelMode };

const Lat = z.number({ error: 'lat must be a number of degrees, e.g. 26.89' }).min(-90, 'lat must be -90..90').max(90, 'lat must be -90..90');
const Lon = z.number({ error: 'lon must be a number of degrees, e.g. 102.11' }).min(-180, 'lon must be -180..180').max(180, 'lon must be -180..180');
const Id = z.string().trim().min(1, 'id must not be empty').max(64);

/** Fractional hour of day in the hall's zone, 7.5 = 07:30; also accepted as "07:30". */
export const HourOfDay = z.union([
  z.number({ error: 'hour must be 0-23.99 or "HH:MM", e.g. 7.5 or "07:30"' }).min(0, 'hour must be 0 or more').lt(24, 'hour must be below 24'),
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'hour must be "HH:MM" (00:00-23:59) or a number 0-23.99, e.g. "07:30"')
    .transform((s) => Number(s.slice(0, 2)) + Number(s.slice(3)) / 60),
]);

// ---- what coverage is computed from -----------------------------------------------------------------

export const GeoTarget = z.object({ id: Id, name: z.string().max(80).optional(), lat: Lat, lon: Lon, tier: TargetTier }).strict();
export type GeoTarget = z.infer<typeof GeoTarget>;

/** A unit as coverage sees it: where it is, how it moves, and whether it could be sent now. */
export const GeoUnit = z.object({
  id: Id,
  label: z.string().max(40).optional(),
  lat: Lat,
  lon: Lon,
  mode: TravelMode,
  available: z.boolean({ error: 'available must be true or false' }),
}).strict();
export type GeoUnit = z.infer<typeof GeoUnit>;

/** A rapid-response point; a staffed one answers by each of its modes (its crew and the vehicles kept there). */
export const GeoRrPoint = z.object({
  id: Id,
  name: z.string().max(80).optional(),
  lat: Lat,
  lon: Lon,
  modes: z.array(TravelMode).min(1, 'modes must name at least one of car, motorcycle, foot').max(3),
  staffed: z.boolean({ error: 'staffed must be true or false' }),
}).strict();
export type GeoRrPoint = z.infer<typeof GeoRrPoint>;

// ---- coverage ------------------------------------------------------------------------------------------

export const CoverageStatus = z.enum(['green', 'amber', 'red']);
export type CoverageStatus = z.infer<typeof CoverageStatus>;

export const SourceRef = z.object({
  kind: z.enum(['unit', 'rrPoint']),
  id: z.string(),
  label: z.string().nullable(),
  mode: TravelMode,
});
export type SourceRef = z.infer<typeof SourceRef>;

export const TargetCoverage = z.object({
  id: z.string(),
  name: z.string().nullable(),
  tier: TargetTier,
  budgetS: z.number(),
  lat: z.number(),
  lon: z.number(),
  /** Best road time from any counted unit or staffed point; null when none reaches it within the search cutoff. */
  etaS: z.number().nullable(),
  best: SourceRef.nullable(),
  /** green: within the budget; amber: at most 20 % over; red: later or unreachable. */
  status: CoverageStatus,
  /** Distance from the target to the road it was snapped to; null when no road is near enough. */
  snapDistM: z.number().nullable(),
});
export type TargetCoverage = z.infer<typeof TargetCoverage>;

export const TierHeadline = z.object({
  tier: TargetTier,
  total: z.number().int(),
  green: z.number().int(),
  amber: z.number().int(),
  red: z.number().int(),
  /** green / total * 100, one decimal; 100 when the tier has no targets. */
  coveredPct: z.number(),
});
export type TierHeadline = z.infer<typeof TierHeadline>;

export const CoverageReport = z.object({
  /** Fractional hour of day the travel times are for (congestion slot). */
  hour: z.number(),
  hourLabel: z.string(),
  /** Searches stop here (5 minutes + 20 %): beyond it a target is red whatever its tier. */
  cutoffS: z.number(),
  targets: z.array(TargetCoverage),
  headline: z.array(TierHeadline),
});
export type CoverageReport = z.infer<typeof CoverageReport>;

export const RoadNetworkSummary = z.object({
  /** 'map' = the map's road layer; 'file' = a network imported with `kuaifan import roads`. */
  origin: z.enum(['map', 'file']),
  source: z.string(),
  format: z.enum(['geojson', 'osm', 'osm.pbf']),
  nodes: z.number().int(),
  edges: z.number().int(),
  segments: z.number().int(),
  fromCache: z.boolean(),
  /** Features or ways left out, by reason (not roads, not routable, ...). */
  skipped: z.record(z.string(), z.number()),
  loadedAt: z.string(),
  /** Set when the hall fell back to another network than the one it was told to use, saying why. */
  note: z.string().optional(),
});
export type RoadNetworkSummary = z.infer<typeof RoadNetworkSummary>;

export const CoverageSnapshot = CoverageReport.extend({
  /** Increases with every change; a client can drop an older event. */
  version: z.number().int(),
  at: z.string(),
  zone: z.string(),
  roads: RoadNetworkSummary,
  /** Where unit positions come from: 'sample' (the map's static unit layer) or the live feed's name. */
  unitFeed: z.string(),
  units: z.object({ total: z.number().int(), counted: z.number().int() }),
  rrPoints: z.object({ total: z.number().int(), staffed: z.number().int() }),
});
export type CoverageSnapshot = z.infer<typeof CoverageSnapshot>;

// ---- isochrones ---------------------------------------------------------------------------------------

export const IsochroneRequest = z.object({
  lat: Lat.optional(),
  lon: Lon.optional(),
  unitId: Id.optional(),
  rrPointId: Id.optional(),
  /** Required with lat/lon; defaults to the unit's mode or the point's first mode. */
  mode: TravelMode.optional(),
  minutes: z.array(z.number({ error: 'minutes must be numbers, e.g. [1, 3, 5]' }).positive('minutes must be above 0').max(30, 'minutes must be at most 30'))
    .min(1, 'minutes must list at least one budget').max(5, 'minutes lists at most 5 budgets').default([1, 3, 5]),
  /** Omitted = now in the hall's zone. */
  hour: HourOfDay.optional(),
}).strict().superRefine((r, ctx) => {
  const origins = [r.lat !== undefined || r.lon !== undefined, r.unitId !== undefined, r.rrPointId !== undefined].filter(Boolean).length;
  if (origins !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one origin: lat and lon, or unitId, or rrPointId' });
  if ((r.lat === undefined) !== (r.lon === undefined)) ctx.addIssue({ code: 'custom', path: [r.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together' });
  if (r.lat !== undefined && r.mode === undefined) ctx.addIssue({ code: 'custom', path: ['mode'], message: 'mode is required with lat/lon: car, motorcycle or foot' });
});
export type IsochroneRequest = z.input<typeof IsochroneRequest>;

const Ring = z.array(z.tuple([z.number(), z.number()]));
export const IsochroneFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
  properties: z.object({
    minutes: z.number(),
    mode: TravelMode,
    hour: z.number(),
    reachedNodes: z.number().int(),
    origin: z.object({ kind: z.enum(['point', 'unit', 'rrPoint']), id: z.string().nullable(), label: z.string().nullable(), lat: z.number(), lon: z.number() }),
  }),
});
export const IsochroneCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(IsochroneFeature) });
export type IsochroneCollection = z.infer<typeof IsochroneCollection>;

// ---- move-up --------------------------------------------------------------------------------------------

export const MoveUpRequest = z.object({
  k: z.number().int().min(1, 'k must be 1-10').max(10, 'k must be 1-10').default(3),
  /** Extra candidate positions besides the rapid-response points and the uncovered targets. */
  positions: z.array(z.object({ lat: Lat, lon: Lon, label: z.string().max(80).optional() }).strict()).max(50).optional(),
}).strict();

export const MoveUpMove = z.object({
  unitId: z.string(),
  label: z.string().nullable(),
  mode: TravelMode,
  from: z.object({ lat: z.number(), lon: z.number() }),
  to: z.object({ kind: z.enum(['rrPoint', 'target', 'position']), id: z.string().nullable(), label: z.string().nullable(), lat: z.number(), lon: z.number() }),
  /** Straight-line distance of the move. */
  distanceM: z.number(),
  /** Tier-weighted targets this move adds given the other moves (1-minute sites count 3, 3-minute 2, 5-minute 1). */
  gain: z.number(),
});
export type MoveUpMove = z.infer<typeof MoveUpMove>;

const TargetRef = z.object({ id: z.string(), name: z.string().nullable(), tier: TargetTier });

export const MoveUpPlan = z.object({
  moves: z.array(MoveUpMove),
  scoreBefore: z.number(),
  scoreAfter: z.number(),
  before: z.array(TierHeadline),
  after: z.array(TierHeadline),
  /** Targets that turn green with the moves, and green targets the moves give up. */
  gained: z.array(TargetRef),
  lost: z.array(TargetRef),
});
export type MoveUpPlan = z.infer<typeof MoveUpPlan>;

export const MoveUpSuggestion = MoveUpPlan.extend({
  id: z.string(),
  at: z.string(),
  /** Accept before this instant; later the situation has moved on. */
  expiresAt: z.string(),
});
export type MoveUpSuggestion = z.infer<typeof MoveUpSuggestion>;

export const MoveUpAcceptRequest = z.object({
  suggestionId: z.string().min(1),
  /** Accept only these moves of the suggestion; all when omitted. */
  unitIds: z.array(Id).min(1).max(10).optional(),
}).strict();

export const MoveUpAcceptance = z.object({
  suggestionId: z.string(),
  at: z.string(),
  by: z.string(),
  moves: z.array(MoveUpMove),
  /** True when the orders went to the dispatch module; false when the hall has no order channel (recorded only). */
  delivered: z.boolean(),
  channel: z.string().nullable(),
  note: z.string(),
});
export type MoveUpAcceptance = z.infer<typeof MoveUpAcceptance>;

// ---- planning -----------------------------------------------------------------------------------------

export const PlanningScenario = z.object({
  hour: HourOfDay,
  units: z.array(GeoUnit).max(2000),
  rrPoints: z.array(GeoRrPoint).max(500),
  /** Omitted = the live key targets. */
  targets: z.array(GeoTarget).max(5000).optional(),
  title: z.string().max(80).optional(),
}).strict().superRefine((s, ctx) => {
  const unique = (list: readonly { id: string }[], name: string): void => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: [name, i, 'id'], message: `id ${x.id} appears twice in ${name}; ids must be unique` });
      seen.add(x.id);
    });
  };
  unique(s.units, 'units');
  unique(s.rrPoints, 'rrPoints');
  if (s.targets) unique(s.targets, 'targets');
});
export type PlanningScenario = z.input<typeof PlanningScenario>;

export const PlanningBaseline = z.object({
  hour: z.number(),
  units: z.array(GeoUnit),
  rrPoints: z.array(GeoRrPoint),
  targets: z.array(GeoTarget),
});

export const PlanningExport = z.object({ filename: z.string(), contentType: z.string(), text: z.string() });

// ---- travel tables and roads ------------------------------------------------------------------------------

export const TravelTables = z.object({
  speedTable: SpeedTable,
  congestionTable: CongestionTable,
  /** True while the table is the built-in default. */
  speedDefault: z.boolean(),
  congestionDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type TravelTables = z.infer<typeof TravelTables>;

export const SetTravelTables = z.object({
  speedTable: z.union([SpeedTable, z.literal('default')]).optional(),
  congestionTable: z.union([CongestionTable, z.literal('default')]).optional(),
}).strict().refine((t) => t.speedTable !== undefined || t.congestionTable !== undefined, { message: 'give speedTable and/or congestionTable (a table or "default")' });

export const RrPointStaffing = z.object({ rrPointId: Id, staffed: z.boolean({ error: 'staffed must be true or false' }) }).strict();

const commanders = ['commander', 'admin'] as const;

export const geoCommands = {
  'coverage.get': command({
    input: z.object({}).strict(),
    output: CoverageSnapshot,
    roles: anyRole,
    mutates: false,
    summary: 'Live 135 coverage: per key target the best ETA, the unit or point giving it and green/amber/red; headline per tier.',
  }),
  'coverage.setStaffing': command({
    input: RrPointStaffing,
    output: RrPointStaffing,
    roles: commanders,
    mutates: true,
    summary: 'Mark a rapid-response point staffed or not (its crew called away); staffed points count for coverage.',
  }),
  'isochrone.get': command({
    input: IsochroneRequest,
    output: IsochroneCollection,
    roles: anyRole,
    mutates: false,
    summary: 'Areas reachable within N minutes from a point, a unit or a rapid-response point, for a mode and hour (GeoJSON).',
  }),
  'moveUp.suggest': command({
    input: MoveUpRequest,
    output: MoveUpSuggestion,
    roles: commanders,
    mutates: false,
    summary: 'Up to K repositionings of available units that most raise tier-weighted coverage, with coverage before and after.',
  }),
  'moveUp.accept': command({
    input: MoveUpAcceptRequest,
    output: MoveUpAcceptance,
    roles: commanders,
    mutates: true,
    summary: 'Accept a move-up suggestion: the orders go to the units through dispatch, and the acceptance is audited.',
  }),
  'planning.baseline': command({
    input: z.object({}).strict(),
    output: PlanningBaseline,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'The live units, rapid-response points and targets, as a starting point for a planning scenario.',
  }),
  'planning.evaluate': command({
    input: PlanningScenario,
    output: CoverageReport,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'Coverage for a chosen hour and a hypothetical set of points and unit placements; live state is untouched.',
  }),
  'planning.export': command({
    input: PlanningScenario,
    output: PlanningExport,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'A planning scenario\'s coverage as CSV (UTF-8 with BOM, opens in Excel).',
  }),
  'travel.tables': command({
    input: z.object({}).strict(),
    output: TravelTables,
    roles: anyRole,
    mutates: false,
    summary: 'The speed table (km/h per road class and mode) and the hour-of-day congestion table.',
  }),
  'travel.setTables': command({
    input: SetTravelTables,
    output: TravelTables,
    roles: commanders,
    mutates: true,
    summary: 'Replace the speed and/or congestion table (validated whole, or "default"); coverage is recomputed.',
  }),
  'roads.status': command({
    input: z.object({}).strict(),
    output: RoadNetworkSummary.nullable(),
    roles: anyRole,
    mutates: false,
    summary: 'The road network in use: where it came from, nodes, edges, what was left out.',
  }),
  'roads.import': command({
    input: z.object({ path: z.string().trim().min(1, 'path must name a .geojson, .osm or .osm.pbf file on the hall host') }).strict(),
    output: RoadNetworkSummary,
    roles: ['admin'],
    mutates: true,
    summary: 'Use a road network from a .geojson, .osm or .osm.pbf file on the host; a bad file leaves the current one in use.',
  }),
  'roads.useMap': command({
    input: z.object({}).strict(),
    output: RoadNetworkSummary,
    roles: ['admin'],
    mutates: true,
    summary: 'Go back to routing on the map\'s own road layer.',
  }),
} as const;

export const geoEvents = {
  'coverage.changed': event({ payload: CoverageSnapshot, summary: 'Coverage changed: a unit moved or changed status, the hour slot turned, tables, targets or roads changed (a move that shifts only travel times: at most every 5 s).' }),
  'moveUp.accepted': event({ payload: MoveUpAcceptance, summary: 'A commander accepted a move-up suggestion.' }),
  'travel.tablesChanged': event({ payload: TravelTables, summary: 'The speed or congestion table was edited.' }),
  'roads.changed': event({ payload: RoadNetworkSummary, summary: 'A new road network is in use.' }),
} as const;
