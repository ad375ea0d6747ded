// Contract of the road network and 135 coverage: travel times, isochrones, live coverage, move-up, planning.
import { z } from 'zod';
import { anyRole, command, event } from './define';

export const TravelModeSchema = z.enum(['car', 'motorcycle', 'foot']);
export const TargetTier = z.union([z.literal(1), z.literal(3), z.literal(5)]);
export type TargetTier = z.infer<typeof TargetTier>;

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
/** Fractional hour of day in China time: 7.5 = 07:30. Omitted = now. */
export const HourOfDay = z.number().min(0).max(24);

export const GeoTarget = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  lat: Lat,
  lon: Lon,
  tier: TargetTier,
});
export type GeoTarget = z.infer<typeof GeoTarget>;

export const GeoUnit = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  lat: Lat,
  lon: Lon,
  mode: TravelModeSchema,
  available: z.boolean(),
});
export type GeoUnit = z.infer<typeof GeoUnit>;

export const GeoRrPoint = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  lat: Lat,
  lon: Lon,
  /** A staffed point is a source of coverage in its own right (the team rolls out from there). */
  staffed: z.boolean(),
  mode: TravelModeSchema.default('motorcycle'),
});
export type GeoRrPoint = z.infer<typeof GeoRrPoint>;

export const CoverageStatus = z.enum(['green', 'amber', 'red']);
export type CoverageStatus = z.infer<typeof CoverageStatus>;

export const TargetCoverage = z.object({
  id: z.string(),
  name: z.string().optional(),
  tier: TargetTier,
  budgetS: z.number(),
  /** Best time from any available source; null when none reaches it within the search cutoff. */
  etaS: z.number().nullable(),
  bestSourceId: z.string().nullable(),
  bestSourceKind: z.enum(['unit', 'rrPoint']).nullable(),
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
  /** green / total * 100; 100 when the tier has no targets. */
  coveredPct: z.number(),
});
export type TierHeadline = z.infer<typeof TierHeadline>;

export const CoverageReport = z.object({
  hour: z.number(),
  cutoffS: z.number(),
  targets: z.array(TargetCoverage),
  headline: z.array(TierHeadline),
});
export type CoverageReport = z.infer<typeof CoverageReport>;

const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) });
export const IsochroneCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'),
    geometry: Polygon,
    properties: z.object({ minutes: z.number(), mode: TravelModeSchema, hour: z.number(), reachedNodes: z.number().int() }),
  })),
});
export type IsochroneCollection = z.infer<typeof IsochroneCollection>;

export const IsochroneRequest = z.object({
  lat: Lat,
  lon: Lon,
  mode: TravelModeSchema,
  minutes: z.array(z.number().positive().max(30)).min(1).max(5).default([1, 3, 5]),
  hour: HourOfDay.optional(),
}).strict();

export const MovePosition = z.object({ lat: Lat, lon: Lon, label: z.string().optional() });
export const MoveUpRequest = z.object({
  k: z.number().int().min(1).max(20).default(3),
  /** Extra candidate positions besides the rapid-response points. */
  positions: z.array(MovePosition).max(200).optional(),
}).strict();

export const MoveUpMove = z.object({
  unitId: z.string(),
  from: z.object({ lat: Lat, lon: Lon }),
  to: z.object({ kind: z.enum(['rrPoint', 'position']), id: z.string().nullable(), label: z.string().nullable(), lat: Lat, lon: Lon }),
  /** Tier-weighted targets gained by this move given the others. */
  gain: z.number(),
});
export const MoveUpPlan = z.object({
  moves: z.array(MoveUpMove),
  scoreBefore: z.number(),
  scoreAfter: z.number(),
  before: z.array(TierHeadline),
  after: z.array(TierHeadline),
});
export type MoveUpPlan = z.infer<typeof MoveUpPlan>;

export const PlanRequest = z.object({
  hour: HourOfDay,
  rrPoints: z.array(GeoRrPoint).max(500),
  units: z.array(GeoUnit).max(2000),
  /** Omitted = the live key targets. */
  targets: z.array(GeoTarget).max(5000).optional(),
}).strict();
export const PlanResult = z.object({ report: CoverageReport, csv: z.string() });

export const UnitEta = z.object({ unitId: z.string(), etaS: z.number().nullable() });

export const RoadGraphSummary = z.object({
  source: z.string(),
  format: z.enum(['geojson', 'osm', 'osm.pbf']),
  nodes: z.number().int(),
  edges: z.number().int(),
  segments: z.number().int(),
  fromCache: z.boolean(),
  skipped: z.record(z.string(), z.number()),
});
export type RoadGraphSummary = z.infer<typeof RoadGraphSummary>;

export const geoCommands = {
  'geo.coverage': command({
    input: z.object({}).strict(),
    output: CoverageReport,
    roles: anyRole,
    mutates: false,
    summary: 'Live 135 coverage: per key target the best ETA, best unit and status; headline per tier.',
  }),
  'geo.isochrone': command({
    input: IsochroneRequest,
    output: IsochroneCollection,
    roles: anyRole,
    mutates: false,
    summary: 'Areas reachable from a point within 1/3/5 minutes for a mode and hour, as GeoJSON polygons.',
  }),
  'geo.eta': command({
    input: z.object({ lat: Lat, lon: Lon, units: z.array(GeoUnit).max(2000), hour: HourOfDay.optional() }).strict(),
    output: z.array(UnitEta),
    roles: anyRole,
    mutates: false,
    summary: 'Each unit\'s road travel time to a point (null when unreachable), for dispatch ranking.',
  }),
  'geo.moveUp': command({
    input: MoveUpRequest,
    output: MoveUpPlan,
    roles: ['commander', 'admin'],
    mutates: false,
    summary: 'Suggest up to K unit repositionings that most raise tier-weighted coverage; coverage before/after.',
  }),
  'geo.plan': command({
    input: PlanRequest,
    output: PlanResult,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'Evaluate coverage for an hour and hypothetical points/placements without touching live state.',
  }),
  'geo.importRoads': command({
    input: z.object({ path: z.string().min(1) }).strict(),
    output: RoadGraphSummary,
    roles: ['admin'],
    mutates: true,
    summary: 'Replace the road network from a .geojson, .osm or .osm.pbf file; a bad file leaves the current one.',
  }),
} as const;

export const geoEvents = {
  'geo.coverageChanged': event({ payload: CoverageReport, summary: 'Coverage changed (unit moved or changed status, hour slot, targets, roads).' }),
  'geo.roadsChanged': event({ payload: RoadGraphSummary, summary: 'A new road network is in use.' }),
} as const;
