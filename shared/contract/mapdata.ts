// The map data contract: WGS-84 GeoJSON layers (targets, rapid-response points, patrol zones, roads, units) and their meta.
import { z } from 'zod';

/*
 * Conventions for every layer:
 * - A file is a GeoJSON FeatureCollection (RFC 7946), positions [longitude, latitude] in WGS-84 degrees
 *   (an altitude, if present, is dropped). GCJ-02 / BD-09 shifted coordinates cannot be detected: convert first.
 * - Every feature has a stable string `properties.id`, unique within its layer. A GeoJSON feature-level `id`
 *   is accepted when `properties.id` is absent; numbers are turned into strings.
 * - `properties.sample: true` marks bundled demonstration data (approximate, not surveyed).
 * - Unknown extra properties are dropped, not refused, so GIS exports with extra columns import cleanly.
 */

export const mapLayerKinds = ['targets', 'rrPoints', 'patrolZones', 'roads', 'units'] as const;
export const MapLayerKind = z.enum(mapLayerKinds);
export type MapLayerKind = z.infer<typeof MapLayerKind>;

// ---- geometry ------------------------------------------------------------------------------------------

const wgs84Hint = 'a position is [longitude, latitude] in WGS-84 degrees, e.g. [102.11, 26.89]';

function positionProblem(p: readonly number[]): string | null {
  const [lon, lat] = p;
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    return `[${lon}, ${lat}] looks like projected metres (e.g. Web Mercator or a CGCS2000 zone); reproject to WGS-84 (EPSG:4326)`;
  }
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90) {
    return `latitude ${lat} is outside -90..90; [${lon}, ${lat}] looks like [latitude, longitude], GeoJSON order is [longitude, latitude]`;
  }
  if (Math.abs(lon) > 180) return `longitude ${lon} is outside -180..180; ${wgs84Hint}`;
  if (Math.abs(lat) > 90) return `latitude ${lat} is outside -90..90; ${wgs84Hint}`;
  return null;
}

/** [longitude, latitude]; an optional altitude is accepted and dropped. */
export const Position = z
  .array(z.number({ error: `coordinates must be numbers; ${wgs84Hint}` }).refine(Number.isFinite, 'coordinate must be a finite number'))
  .min(2, `too few numbers; ${wgs84Hint}`)
  .max(3, `too many numbers; ${wgs84Hint}`)
  .superRefine((p, ctx) => {
    const problem = p.length >= 2 ? positionProblem(p) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((p): [number, number] => [p[0], p[1]]);
export type Position = z.output<typeof Position>;

function samePosition(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
}

/** A closed linear ring: at least 4 positions, the last repeating the first. */
export const LinearRing = z
  .array(Position, { error: 'a ring must be an array of positions' })
  .min(4, 'a ring needs at least 4 positions (3 corners, then the first corner repeated)')
  .superRefine((ring, ctx) => {
    if (ring.length >= 4 && !samePosition(ring[0], ring[ring.length - 1])) {
      ctx.addIssue({
        code: 'custom',
        message: `ring is not closed: its last position must repeat the first ${JSON.stringify(ring[0])}`,
      });
    }
  });

export const PolygonCoordinates = z.array(LinearRing, { error: 'Polygon coordinates are an array of rings (outer ring first)' }).min(1, 'a polygon needs an outer ring');
export type PolygonCoordinates = z.output<typeof PolygonCoordinates>;

export const PointGeometry = z.object({
  type: z.literal('Point', { error: 'geometry.type must be "Point" for this layer' }),
  coordinates: Position,
});
export const LineStringGeometry = z.object({
  type: z.literal('LineString', { error: 'geometry.type must be "LineString" for roads (one feature per segment or short polyline)' }),
  coordinates: z
    .array(Position, { error: 'LineString coordinates are an array of positions' })
    .min(2, 'a road needs at least 2 positions')
    .refine((line) => line.length < 2 || line.some((p) => !samePosition(p, line[0])), 'road has zero length: all its positions are the same'),
});
export const PolygonGeometry = z.object({
  type: z.literal('Polygon', { error: 'geometry.type must be "Polygon" for patrol zones (split a MultiPolygon into one feature per part)' }),
  coordinates: PolygonCoordinates,
});

// ---- properties -----------------------------------------------------------------------------------------

/** Stable id, unique within its layer; numbers are accepted and turned into strings. */
export const FeatureId = z
  .union([z.string(), z.number().int()], { error: 'id must be a string such as "T-001"' })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, 'id must not be empty, e.g. "T-001"').max(64, 'id is longer than 64 characters'));

const Name = z.string({ error: 'name must be text, e.g. "米易县人民医院"' }).trim().min(1, 'name must not be empty').max(80, 'name is longer than 80 characters');
const NameEn = z.string({ error: 'nameEn must be text' }).trim().max(120, 'nameEn is longer than 120 characters');
const Sample = z.boolean({ error: 'sample must be true or false' });

export const targetKinds = [
  'party-gov', 'school', 'kindergarten', 'hospital', 'clinic', 'gas-station', 'bank',
  'railway-station', 'bus-station', 'square', 'market', 'other',
] as const;
export const TargetKind = z.enum(targetKinds, { error: `kind must be one of ${targetKinds.join(', ')}` });
export type TargetKind = z.infer<typeof TargetKind>;

export const targetKindLabels: Record<TargetKind, { zh: string; en: string }> = {
  'party-gov': { zh: '党政机关', en: 'Party and government' },
  school: { zh: '中小学', en: 'School' },
  kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
  hospital: { zh: '医院', en: 'Hospital' },
  clinic: { zh: '卫生院/社区卫生服务中心', en: 'Clinic' },
  'gas-station': { zh: '加油站', en: 'Gas station' },
  bank: { zh: '金融机构', en: 'Bank' },
  'railway-station': { zh: '火车站', en: 'Railway station' },
  'bus-station': { zh: '汽车站', en: 'Bus station' },
  square: { zh: '商业广场', en: 'Square' },
  market: { zh: '市场', en: 'Market' },
  other: { zh: '其他', en: 'Other' },
};

/** Response budget in minutes: 1 core sites, 3 crowded places, 5 everywhere else. */
export const TargetTier = z.literal([1, 3, 5], { error: 'tier must be 1, 3 or 5 (the response budget in minutes)' });
export type TargetTier = z.infer<typeof TargetTier>;

/** The doctrine's tier for a kind: core sites 1 minute, crowded places 3, the rest 5. */
export function defaultTierOf(kind: TargetKind): TargetTier {
  switch (kind) {
    case 'party-gov':
      return 1;
    case 'school':
    case 'kindergarten':
    case 'hospital':
    case 'clinic':
    case 'railway-station':
    case 'bus-station':
    case 'square':
    case 'market':
      return 3;
    default:
      return 5;
  }
}

function ringContains(ring: readonly Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A key target. Its zone (where an incident takes the target's tier) is the circle of `zoneRadiusM`
 * around the point, or, when `zone` is given, that polygon (which must contain the point) instead.
 */
export const TargetProps = z.object({
  id: FeatureId,
  name: Name,
  nameEn: NameEn.optional(),
  kind: TargetKind,
  tier: TargetTier,
  zoneRadiusM: z
    .number({ error: 'zoneRadiusM must be a number of metres, e.g. 200' })
    .min(10, 'zoneRadiusM must be at least 10 m')
    .max(5000, 'zoneRadiusM must be at most 5000 m; draw a `zone` polygon for larger areas'),
  zone: PolygonCoordinates.optional(),
  sample: Sample.optional(),
});
export type TargetProps = z.output<typeof TargetProps>;

export const TargetFeature = z
  .object({ type: z.literal('Feature', { error: 'type must be "Feature"' }), geometry: PointGeometry, properties: TargetProps })
  .superRefine((f, ctx) => {
    if (f.properties.zone && !ringContains(f.properties.zone[0], f.geometry.coordinates)) {
      ctx.addIssue({ code: 'custom', path: ['properties', 'zone'], message: 'zone polygon does not contain the target point; draw the zone around the target' });
    }
  });
export type TargetFeature = z.output<typeof TargetFeature>;

export const modes = ['car', 'motorcycle', 'foot'] as const;
export const TravelMode = z.enum(modes, { error: `mode must be one of ${modes.join(', ')}` });
export type TravelMode = z.infer<typeof TravelMode>;

export const RrPointProps = z.object({
  id: FeatureId,
  name: Name,
  nameEn: NameEn.optional(),
  staffed: z.boolean({ error: 'staffed must be true or false' }),
  modes: z
    .array(TravelMode, { error: 'modes must be a list such as ["car", "motorcycle"]' })
    .min(1, 'modes must name at least one of car, motorcycle, foot')
    .refine((m) => new Set(m).size === m.length, 'modes lists a mode twice'),
  sample: Sample.optional(),
});
export type RrPointProps = z.output<typeof RrPointProps>;

export const RrPointFeature = z.object({ type: z.literal('Feature', { error: 'type must be "Feature"' }), geometry: PointGeometry, properties: RrPointProps });
export type RrPointFeature = z.output<typeof RrPointFeature>;

export const PatrolZoneProps = z.object({
  id: FeatureId,
  name: Name,
  nameEn: NameEn.optional(),
  station: z.string({ error: 'station must be the police station name, e.g. "攀莲派出所"' }).trim().min(1, 'station must not be empty').max(80),
  sample: Sample.optional(),
});
export type PatrolZoneProps = z.output<typeof PatrolZoneProps>;

export const PatrolZoneFeature = z.object({ type: z.literal('Feature', { error: 'type must be "Feature"' }), geometry: PolygonGeometry, properties: PatrolZoneProps });
export type PatrolZoneFeature = z.output<typeof PatrolZoneFeature>;

/** OSM-style road classes; same list and order as shared/domain/geo/road-class.ts (a test keeps them equal). */
export const roadClasses = [
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential',
  'living_street', 'service', 'track', 'pedestrian', 'footway', 'path', 'steps', 'cycleway',
] as const;
export const RoadClass = z.enum(roadClasses, { error: `class must be one of ${roadClasses.join(', ')}` });
export type RoadClass = z.infer<typeof RoadClass>;

/** Classes cars may use; the rest are for walking (and cycling). */
export const drivableRoadClasses: readonly RoadClass[] = [
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service', 'track',
];

export const RoadProps = z.object({
  id: FeatureId,
  class: RoadClass,
  /** True: vehicles only in the drawn direction (first position to last); walking is always both ways. */
  oneway: z.boolean({ error: 'oneway must be true or false; draw a one-way road in its direction of travel' }).optional(),
  bridge: z.boolean({ error: 'bridge must be true or false' }).optional(),
  name: Name.optional(),
  nameEn: NameEn.optional(),
  sample: Sample.optional(),
});
export type RoadProps = z.output<typeof RoadProps>;

export const RoadFeature = z.object({ type: z.literal('Feature', { error: 'type must be "Feature"' }), geometry: LineStringGeometry, properties: RoadProps });
export type RoadFeature = z.output<typeof RoadFeature>;

export const unitKinds = [
  'special-patrol-car', 'station-patrol-car', 'traffic-motorcycle', 'readiness-squad', 'foot-patrol', 'security-guard', 'grid-worker',
] as const;
export const UnitKind = z.enum(unitKinds, { error: `kind must be one of ${unitKinds.join(', ')}` });
export type UnitKind = z.infer<typeof UnitKind>;

export const unitKindLabels: Record<UnitKind, { zh: string; en: string }> = {
  'special-patrol-car': { zh: '特警巡逻车', en: 'Special-police patrol car' },
  'station-patrol-car': { zh: '派出所巡逻车', en: 'Station patrol car' },
  'traffic-motorcycle': { zh: '交警铁骑', en: 'Traffic-police motorcycle' },
  'readiness-squad': { zh: '战备处突小组', en: 'Readiness squad' },
  'foot-patrol': { zh: '步巡', en: 'Foot patrol' },
  'security-guard': { zh: '保安', en: 'Security guard' },
  'grid-worker': { zh: '网格员', en: 'Grid worker' },
};

/** Police force vs social forces (社会力量) that join framed orders. */
export function isSocialForce(kind: UnitKind): boolean {
  return kind === 'security-guard' || kind === 'grid-worker';
}

// Vehicles have one mode; people on foot may also be given a bicycle or scooter, so only vehicles are checked.
const vehicleModeOf: Partial<Record<UnitKind, TravelMode>> = {
  'special-patrol-car': 'car',
  'station-patrol-car': 'car',
  'traffic-motorcycle': 'motorcycle',
};

export const unitStatuses = ['patrolling', 'available', 'standby', 'busy', 'off-duty'] as const;
export const UnitStatus = z.enum(unitStatuses, { error: `status must be one of ${unitStatuses.join(', ')}` });
export type UnitStatus = z.infer<typeof UnitStatus>;

export const unitStatusLabels: Record<UnitStatus, { zh: string; en: string }> = {
  patrolling: { zh: '巡逻', en: 'Patrolling' },
  available: { zh: '可用', en: 'Available' },
  standby: { zh: '备勤', en: 'Standby' },
  busy: { zh: '处警中', en: 'On a call' },
  'off-duty': { zh: '下勤', en: 'Off duty' },
};

/** Status when the data gives none: patrols patrol, the squad stands by in the hall, social forces are available. */
export function defaultUnitStatusOf(kind: UnitKind): UnitStatus {
  if (kind === 'readiness-squad') return 'standby';
  if (isSocialForce(kind)) return 'available';
  return 'patrolling';
}

export const UnitProps = z
  .object({
    id: FeatureId,
    callsign: z.string({ error: 'callsign must be text, e.g. "特巡01"' }).trim().min(1, 'callsign must not be empty').max(20, 'callsign is longer than 20 characters'),
    kind: UnitKind,
    mode: TravelMode,
    station: z.string({ error: 'station must be text, e.g. "攀莲派出所"' }).trim().min(1).max(80).optional(),
    status: UnitStatus.optional(),
    sample: Sample.optional(),
  })
  .superRefine((u, ctx) => {
    const expected = vehicleModeOf[u.kind];
    if (expected && u.mode !== expected) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `a ${u.kind} moves by ${expected}, not ${u.mode}` });
    }
  })
  .transform((u) => ({ ...u, status: u.status ?? defaultUnitStatusOf(u.kind) }));
export type UnitProps = z.output<typeof UnitProps>;

export const UnitFeature = z.object({ type: z.literal('Feature', { error: 'type must be "Feature"' }), geometry: PointGeometry, properties: UnitProps });
export type UnitFeature = z.output<typeof UnitFeature>;

// ---- collections and the whole set ------------------------------------------------------------------

function collection<F extends z.ZodType>(feature: F) {
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });
}

export const featureSchemaOf = {
  targets: TargetFeature,
  rrPoints: RrPointFeature,
  patrolZones: PatrolZoneFeature,
  roads: RoadFeature,
  units: UnitFeature,
} as const satisfies Record<MapLayerKind, z.ZodType>;

export const TargetCollection = collection(TargetFeature);
export const RrPointCollection = collection(RrPointFeature);
export const PatrolZoneCollection = collection(PatrolZoneFeature);
export const RoadCollection = collection(RoadFeature);
export const UnitCollection = collection(UnitFeature);

export interface FeatureCollectionOf<F> {
  type: 'FeatureCollection';
  features: F[];
}

export const sampleNote = '示例数据 · SAMPLE · approximate, not surveyed';

export const MapMeta = z.object({
  name: z.string({ error: 'meta.name must be text' }).min(1).max(120),
  nameEn: z.string().max(160).optional(),
  /** True while the bundled demo (or any data marked sample) is loaded: the UI then shows `sampleNote`. */
  sample: z.boolean({ error: 'meta.sample must be true or false' }),
  source: z.string({ error: 'meta.source must be text' }).max(500),
  note: z.string({ error: 'meta.note must be text' }).max(2000),
  /** Where the map opens; [longitude, latitude]. */
  center: Position.optional(),
});
export type MapMeta = z.output<typeof MapMeta>;

export const MapData = z.object({
  targets: TargetCollection,
  rrPoints: RrPointCollection,
  patrolZones: PatrolZoneCollection,
  roads: RoadCollection,
  units: UnitCollection,
  meta: MapMeta,
});

export interface MapData {
  targets: FeatureCollectionOf<TargetFeature>;
  rrPoints: FeatureCollectionOf<RrPointFeature>;
  patrolZones: FeatureCollectionOf<PatrolZoneFeature>;
  roads: FeatureCollectionOf<RoadFeature>;
  units: FeatureCollectionOf<UnitFeature>;
  meta: MapMeta;
}

/** The feature type of each layer. */
export interface MapLayerFeature {
  targets: TargetFeature;
  rrPoints: RrPointFeature;
  patrolZones: PatrolZoneFeature;
  roads: RoadFeature;
  units: UnitFeature;
}
