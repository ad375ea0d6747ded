// Commands and events of the alert queue and dispatch: intake, tiers, units, recommendation, framed orders, closure.
import { z } from 'zod';
import { anyRole, command, event } from './define';
import { UnitKind, TravelMode } from './mapdata';
import { incidentSources } from '../domain/dispatch/catalogue';
import { incidentStates, outcomes } from '../domain/dispatch/incident-state';
import { unitStatuses } from '../domain/dispatch/unit-state';

const Instant = z.string().describe('ISO 8601 instant (UTC)');
const Id = z.string({ error: 'id must be text' }).trim().min(1, 'id must not be empty').max(64, 'id is longer than 64 characters');

export const Lat = z
  .number({ error: 'lat must be a number of degrees (WGS-84), e.g. 26.89' })
  .refine(Number.isFinite, 'lat must be a finite number')
  .refine((v) => v >= -90 && v <= 90, 'lat must be between -90 and 90; were lat and lon swapped?');
export const Lon = z
  .number({ error: 'lon must be a number of degrees (WGS-84), e.g. 102.11' })
  .refine(Number.isFinite, 'lon must be a finite number')
  .refine((v) => v >= -180 && v <= 180, 'lon must be between -180 and 180');
export const LatLon = z.object({ lat: Lat, lon: Lon }).strict();
export type LatLon = z.infer<typeof LatLon>;

export const Tier = z.literal([1, 3, 5], { error: 'tier must be 1, 3 or 5 (the response budget in minutes)' });
export type Tier = z.infer<typeof Tier>;
export const Priority = z.literal([1, 2, 3], { error: 'priority must be 1 (紧急 urgent), 2 (重要 important) or 3 (一般 routine)' });
export const IncidentSource = z.enum(incidentSources, { error: `source must be one of ${incidentSources.join(', ')}` });
export const IncidentState = z.enum(incidentStates);
export const Outcome = z.enum(outcomes, { error: `outcome must be one of ${outcomes.join(', ')}` });
export const UnitStatus = z.enum(unitStatuses, { error: `status must be one of ${unitStatuses.join(', ')}` });
const Version = z.number({ error: 'version must be the number the incident carried when you read it' }).int().nonnegative();
const Reason = z.string({ error: 'reason must be text' }).trim().min(2, 'give a reason of at least 2 characters').max(200, 'reason is longer than 200 characters');

/** An instant from an integration: ISO 8601 with a zone ("2026-12-03T10:00:00+08:00") or epoch milliseconds. */
export const InstantInput = z
  .union([
    z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, e.g. 2026-12-03T10:00:00+08:00, or epoch milliseconds' }),
    z.number().int().positive(),
  ], { error: 'must be an ISO 8601 time with a zone, e.g. 2026-12-03T10:00:00+08:00, or epoch milliseconds' })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

// ---- catalogue ----------------------------------------------------------------------------------------------

export const IncidentType = z.object({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'code must be 1-32 lower-case letters, digits or "-", e.g. knife-attack'),
  label: z.string().trim().min(1, 'label must not be empty').max(20, 'label is longer than 20 characters'),
  labelEn: z.string().trim().min(1, 'labelEn must not be empty').max(60, 'labelEn is longer than 60 characters'),
  active: z.boolean({ error: 'active must be true or false' }),
});
export type IncidentType = z.infer<typeof IncidentType>;

// ---- incidents ----------------------------------------------------------------------------------------------

export const IncidentLocationInput = z
  .object({
    lat: Lat.optional(),
    lon: Lon.optional(),
    /** A key target from the map's targets layer; its point becomes the location. */
    targetId: Id.optional(),
    /** Free text (street, building) as the caller said it. */
    address: z.string().trim().max(120, 'address is longer than 120 characters').optional(),
  }, { error: 'location must be an object: { "lat", "lon" } or { "targetId" }' })
  .strict()
  .superRefine((l, ctx) => {
    const hasPoint = l.lat !== undefined || l.lon !== undefined;
    if (l.targetId !== undefined && hasPoint) {
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'give either targetId or lat/lon, not both' });
    } else if (l.targetId === undefined) {
      if (l.lat === undefined) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lat is required (or give targetId instead)' });
      if (l.lon === undefined) ctx.addIssue({ code: 'custom', path: ['lon'], message: 'lon is required (or give targetId instead)' });
    }
  });

export const Caller = z
  .object({
    name: z.string().trim().max(40, 'caller name is longer than 40 characters').optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{2,19}$/, 'phone must be digits (3-20), e.g. 13800000000 or 0812-8170110').optional(),
  })
  .strict();

export const TierOverrideInput = z.object({ tier: Tier, reason: Reason }).strict();

export const NewIncident = z
  .object({
    type: z.string({ error: 'type is required: a code from the incident catalogue, e.g. knife-attack' }).trim().min(1, 'type is required'),
    priority: Priority.default(2),
    source: IncidentSource,
    location: IncidentLocationInput,
    caller: Caller.optional(),
    notes: z.string().trim().max(2000, 'notes are longer than 2000 characters').optional(),
    /** When the call was taken (the 110 system's time); the 135 countdown runs from it. Defaults to now. */
    receivedAt: InstantInput.optional(),
    /** The commander's tier instead of the one derived from the location, with the reason. */
    tierOverride: TierOverrideInput.optional(),
  })
  .strict();
export type NewIncident = z.input<typeof NewIncident>;

export const Assignment = z.object({
  unitId: z.string(),
  callsign: z.string(),
  kind: UnitKind,
  assignedAt: Instant,
  assignedBy: z.string(),
  enRouteAt: Instant.nullable(),
  arrivedAt: Instant.nullable(),
  releasedAt: Instant.nullable(),
  releaseReason: z.string().nullable(),
});
export type Assignment = z.infer<typeof Assignment>;

export const ResponseTimes = z.object({
  intakeToDispatchS: z.number().nullable(),
  dispatchToFirstArrivalS: z.number().nullable(),
  intakeToFirstArrivalS: z.number().nullable(),
  /** Null while no unit has arrived (or it closed without one): neither met nor missed. */
  budgetMet: z.boolean().nullable(),
});

export const IncidentView = z.object({
  id: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  typeLabelEn: z.string(),
  priority: Priority,
  source: IncidentSource,
  drill: z.boolean(),
  location: z.object({
    lat: z.number(),
    lon: z.number(),
    address: z.string().nullable(),
    /** The key target picked at intake, if any. */
    targetId: z.string().nullable(),
    targetName: z.string().nullable(),
  }),
  /** The tier in force: the override when there is one, else the derived one. */
  tier: Tier,
  derivedTier: Tier,
  /** The target whose zone set the derived tier; null when the point lies in no zone. */
  zoneTargetId: z.string().nullable(),
  zoneTargetName: z.string().nullable(),
  override: z.object({ tier: Tier, reason: z.string(), by: z.string(), at: Instant }).nullable(),
  budgetS: z.number().int(),
  intakeAt: Instant,
  deadline: Instant,
  /** When 30 % of the budget is left: the console offers the second echelon if no unit is on its way by then. */
  secondEchelonAt: Instant,
  state: IncidentState,
  caller: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
  notes: z.string(),
  assignments: z.array(Assignment),
  firstDispatchAt: Instant.nullable(),
  firstArrivalAt: Instant.nullable(),
  handlingAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  closedBy: z.string().nullable(),
  outcome: Outcome.nullable(),
  closureNote: z.string().nullable(),
  responseTimes: ResponseTimes,
  createdBy: z.string(),
  /** Bumped by every change; send it back with a change, a stale one is refused with CONFLICT. */
  version: z.number().int(),
});
export type IncidentView = z.infer<typeof IncidentView>;

export const IncidentList = z.object({
  /** Host time the list was taken, so screens run countdowns on the host's clock. */
  now: Instant,
  incidents: z.array(IncidentView),
});
export type IncidentList = z.infer<typeof IncidentList>;

export const IncidentRef = z.object({ id: Id, version: Version }).strict();

// ---- units --------------------------------------------------------------------------------------------------

export const CrewView = z.object({
  onDuty: z.boolean(),
  officers: z.array(z.object({ name: z.string(), policeNo: z.string() })),
  shift: z.string().nullable(),
});
export type CrewView = z.infer<typeof CrewView>;

export const UnitView = z.object({
  id: z.string(),
  callsign: z.string(),
  kind: UnitKind,
  mode: TravelMode,
  station: z.string().nullable(),
  sample: z.boolean(),
  status: UnitStatus,
  statusSince: Instant,
  statusReason: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** Time of the last GPS fix; null while the position is the one from the map data. */
  positionAt: Instant.nullable(),
  /** km/h and degrees clockwise from north, when the GPS sent them. */
  speed: z.number().nullable(),
  heading: z.number().nullable(),
  incidentId: z.string().nullable(),
  /** From the duty roster; null when no roster runs in this hall. */
  crew: CrewView.nullable(),
  version: z.number().int(),
});
export type UnitView = z.infer<typeof UnitView>;

export const PositionReport = z
  .object({
    id: Id,
    lat: Lat,
    lon: Lon,
    at: InstantInput,
    speed: z.number({ error: 'speed must be a number of km/h' }).min(0, 'speed must be 0 or more km/h').max(300, 'speed above 300 km/h is not a vehicle').optional(),
    heading: z.number({ error: 'heading must be degrees clockwise from north' }).min(0, 'heading must be 0-360 degrees').max(360, 'heading must be 0-360 degrees').optional(),
  })
  .strict();

/**
 * GPS fixes sent to the screens in one batch, in columns: index i of every array is one unit's newest fix. A
 * county fleet's second of positions then reads (JSON over WebSocket, a structured clone over IPC) as a few arrays
 * of numbers instead of thousands of small objects, which is most of what a console spends on a batch.
 */
export const UnitPositionBatch = z
  .object({
    /** When the batch was sent. */
    at: Instant,
    ids: z.array(z.string()),
    /** Degrees to 1e-7 (about 1 cm): the fix as the hall keeps it, rounded for the wire. */
    lat: z.array(z.number()),
    lon: z.array(z.number()),
    /** When each fix was taken, epoch milliseconds. */
    fixedAt: z.array(z.number()),
    speed: z.array(z.number().nullable()),
    heading: z.array(z.number().nullable()),
  })
  .refine((b) => [b.lat, b.lon, b.fixedAt, b.speed, b.heading].every((col) => col.length === b.ids.length), { message: 'every column has one entry per id' });
export type UnitPositionBatch = z.infer<typeof UnitPositionBatch>;

export const FrameInput = z.discriminatedUnion(
  'kind',
  [
    z
      .object({ kind: z.literal('rectangle'), south: Lat, west: Lon, north: Lat, east: Lon })
      .strict()
      .superRefine((r, ctx) => {
        if (r.south > r.north) ctx.addIssue({ code: 'custom', path: ['south'], message: 'south must not be north of north' });
        if (r.west > r.east) ctx.addIssue({ code: 'custom', path: ['west'], message: 'west must not be east of east' });
      }),
    z.object({ kind: z.literal('polygon'), points: z.array(LatLon).min(3, 'a polygon needs at least 3 points').max(500, 'a polygon may have at most 500 points') }).strict(),
    z
      .object({
        kind: z.literal('circle'),
        center: LatLon,
        radiusM: z.number({ error: 'radiusM must be metres' }).positive('radiusM must be more than 0').max(50_000, 'radiusM must be at most 50 km'),
      })
      .strict(),
  ],
  { error: 'frame.kind must be rectangle, polygon or circle' },
);
export type FrameInput = z.infer<typeof FrameInput>;

// ---- recommendation -----------------------------------------------------------------------------------------

export const Recommendation = z.object({
  incidentId: z.string(),
  at: Instant,
  /** 'road' when the road network gave the times, 'straight-line' for distance × per-mode detour / speed. */
  method: z.enum(['road', 'straight-line']),
  /** Why straight lines were used for some or all units (no network, point off the roads, units beyond the road search). */
  fallbackReason: z.string().nullable(),
  /** Seconds the road search reached when some unit lay beyond it; null otherwise. */
  roadSearchS: z.number().nullable(),
  budgetS: z.number(),
  remainingS: z.number(),
  ranked: z.array(
    z.object({
      unitId: z.string(),
      callsign: z.string(),
      kind: z.string(),
      mode: TravelMode,
      status: UnitStatus,
      distanceM: z.number(),
      etaS: z.number().nullable(),
      /** 'beyond-road-search': not reached by the road search within `roadSearchS`; `etaS` is a straight-line estimate of at least that. */
      etaBasis: z.enum(['road', 'straight-line', 'beyond-road-search']),
      withinDeadline: z.boolean(),
      withinBudget: z.boolean(),
    }),
  ),
  excluded: z.array(z.object({ unitId: z.string(), callsign: z.string(), reason: z.string() })),
  excludedCount: z.number().int(),
});
export type Recommendation = z.infer<typeof Recommendation>;

// ---- orders -------------------------------------------------------------------------------------------------

export const OrderView = z.object({
  id: z.string(),
  text: z.string(),
  target: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  frame: FrameInput.nullable(),
  incidentId: z.string().nullable(),
  createdAt: Instant,
  createdBy: z.string(),
  recipients: z.array(
    z.object({ unitId: z.string(), callsign: z.string(), ackAt: Instant.nullable(), ackBy: z.string().nullable(), note: z.string().nullable() }),
  ),
  acknowledged: z.number().int(),
  total: z.number().int(),
});
export type OrderView = z.infer<typeof OrderView>;

const uniqueIds = (ids: string[]): boolean => new Set(ids).size === ids.length;

const commanders = ['commander'] as const;

export const dispatchCommands = {
  'dispatch.catalogue': command({
    input: z.object({}).strict(),
    output: z.array(IncidentType),
    roles: anyRole,
    mutates: false,
    summary: 'The incident-type catalogue (警情类别), active and retired types.',
  }),
  'dispatch.setCatalogue': command({
    input: z
      .object({ types: z.array(IncidentType).min(1, 'the catalogue needs at least one type').max(100) })
      .strict()
      .refine((v) => uniqueIds(v.types.map((t) => t.code)), { path: ['types'], message: 'two types share one code' })
      .refine((v) => v.types.some((t) => t.active), { path: ['types'], message: 'at least one type must stay active' }),
    output: z.array(IncidentType),
    roles: commanders,
    mutates: true,
    summary: 'Replace the catalogue. A type used by an incident may be retired (active: false), not removed.',
  }),
  'incidents.create': command({
    input: NewIncident,
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: '警情录入: take an incident into the queue; its tier and deadline follow from the location.',
  }),
  'incidents.list': command({
    input: z
      .object({
        state: z.enum(['open', 'closed', 'all'], { error: 'state must be open, closed or all' }).default('open'),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    output: IncidentList,
    roles: anyRole,
    mutates: false,
    summary: 'Open incidents in queue order (least time left first), or the most recently closed.',
  }),
  'incidents.get': command({
    input: z.object({ id: Id }).strict(),
    output: IncidentView,
    roles: anyRole,
    mutates: false,
    summary: 'One incident with its assignments and response times.',
  }),
  'incidents.overrideTier': command({
    input: IncidentRef.extend({ tier: Tier, reason: Reason }).strict(),
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: 'The commander sets the tier (and so the deadline) by hand, with the reason; the derived tier is kept.',
  }),
  'incidents.edit': command({
    input: IncidentRef.extend({
      type: z.string().trim().min(1).optional(),
      priority: Priority.optional(),
      caller: Caller.optional(),
      notes: z.string().trim().max(2000, 'notes are longer than 2000 characters').optional(),
    }).strict(),
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: 'Correct the type, priority, caller or notes of an open incident.',
  }),
  'incidents.recommend': command({
    input: z.object({ id: Id, limit: z.number().int().min(1).max(500).default(10) }).strict(),
    output: Recommendation,
    roles: anyRole,
    mutates: false,
    summary: 'Units that can go now, ranked by travel time (road network when loaded, else straight line), each against the budget.',
  }),
  'incidents.dispatch': command({
    input: IncidentRef.extend({
      unitIds: z.array(Id).min(1, 'name at least one unit').max(50, 'at most 50 units at once').refine(uniqueIds, 'a unit is listed twice'),
    }).strict(),
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: '派警: send one or several units. All or nothing: one refused unit (off duty, unavailable, busy) refuses the lot, with each reason.',
  }),
  'incidents.recall': command({
    input: IncidentRef.extend({ unitId: Id, reason: Reason }).strict(),
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: 'Take a unit off the incident; it returns to the status it had before dispatch.',
  }),
  'incidents.close': command({
    input: IncidentRef.extend({ outcome: Outcome, note: z.string().trim().max(2000, 'note is longer than 2000 characters').optional() }).strict(),
    output: IncidentView,
    roles: commanders,
    mutates: true,
    summary: '结案: close with an outcome; every unit still assigned is released; the response times are kept.',
  }),
  'units.list': command({
    input: z.object({}).strict(),
    output: z.object({ now: Instant, units: z.array(UnitView) }),
    roles: anyRole,
    mutates: false,
    summary: 'Every unit with status, position, assignment and crew.',
  }),
  'units.setStatus': command({
    input: z
      .object({
        id: Id,
        status: UnitStatus,
        reason: z.string().trim().max(200, 'reason is longer than 200 characters').optional(),
        /** Optional from terminals; when given, a stale one is refused with CONFLICT. */
        version: z.number().int().nonnegative().optional(),
      })
      .strict(),
    output: UnitView,
    roles: commanders,
    mutates: true,
    summary: 'A unit reports 途中, 到场, 处置中, 可用, 巡逻, 不可用 or 下班; only the moves the status table allows.',
  }),
  'units.reportPosition': command({
    input: PositionReport,
    output: z.object({ accepted: z.boolean(), reason: z.string().nullable() }),
    roles: commanders,
    mutates: true,
    summary: 'A GPS fix. Older than the last one: ignored (accepted: false, with the reason). Screens get it batched in units.moved.',
  }),
  'units.inFrame': command({
    input: z.object({ frame: FrameInput }).strict(),
    output: z.object({ unitIds: z.array(z.string()) }),
    roles: anyRole,
    mutates: false,
    summary: 'Units whose position lies inside a drawn rectangle, polygon or circle (edges included).',
  }),
  'orders.create': command({
    input: z
      .object({
        unitIds: z.array(Id).min(1, 'select at least one unit').max(5000).refine(uniqueIds, 'a unit is listed twice'),
        text: z.string({ error: 'text is required: the order itself' }).trim().min(1, 'text must not be empty').max(500, 'text is longer than 500 characters'),
        target: LatLon.optional(),
        frame: FrameInput.optional(),
        incidentId: Id.optional(),
      })
      .strict(),
    output: OrderView,
    roles: commanders,
    mutates: true,
    summary: '框定范围、一对多: one order (text, optional target point) to every selected unit; each acknowledgement is tracked.',
  }),
  'orders.list': command({
    input: z.object({ pending: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(OrderView),
    roles: anyRole,
    mutates: false,
    summary: 'Recent orders, newest first; pending: true for those still waiting on an acknowledgement.',
  }),
  'orders.ack': command({
    input: z.object({ id: Id, unitId: Id, note: z.string().trim().max(200, 'note is longer than 200 characters').optional() }).strict(),
    output: OrderView,
    roles: commanders,
    mutates: true,
    summary: 'A unit acknowledges an order (收到). Repeating it changes nothing.',
  }),
} as const;

export const dispatchEvents = {
  'incident.changed': event({ payload: IncidentView, summary: 'An incident was taken in, dispatched, moved on, overridden, edited or closed.' }),
  'unit.changed': event({ payload: UnitView, summary: 'A unit changed status or assignment.' }),
  'units.moved': event({
    payload: UnitPositionBatch,
    summary: 'GPS positions since the last batch (at most every 250 ms), latest per unit, in columns.',
  }),
  'order.changed': event({ payload: OrderView, summary: 'An order was sent or acknowledged.' }),
  'dispatch.catalogueChanged': event({ payload: z.array(IncidentType), summary: 'The incident-type catalogue was edited.' }),
} as const;
