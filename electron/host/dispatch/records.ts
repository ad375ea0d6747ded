// Dispatch rows as SQLite stores them, the prepared statements that read and write them, and their contract views.
import type { HallDatabase } from '../db/open';
import type { Assignment, CrewView, IncidentType, IncidentView, OrderView, UnitView } from '../../../shared/contract/dispatch';
import type { FrameInput } from '../../../shared/contract/dispatch';
import type { TravelMode, UnitKind } from '../../../shared/contract/mapdata';
import type { IncidentSource, Priority } from '../../../shared/domain/dispatch/catalogue';
import type { IncidentState, Outcome } from '../../../shared/domain/dispatch/incident-state';
import type { UnitStatus } from '../../../shared/domain/dispatch/unit-state';
import type { Tier } from '../../../shared/domain/dispatch/tier';
import { budgetSeconds } from '../../../shared/domain/dispatch/tier';
import { responseTimes } from '../../../shared/domain/dispatch/metrics';
import { secondEchelonAt } from '../../../shared/domain/dispatch/queue';

export interface IncidentRow {
  id: string;
  type: string;
  priority: Priority;
  source: IncidentSource;
  lat: number;
  lon: number;
  address: string | null;
  target_id: string | null;
  target_name: string | null;
  derived_tier: Tier;
  zone_target_id: string | null;
  zone_target_name: string | null;
  tier: Tier;
  override_reason: string | null;
  override_by: string | null;
  override_at: number | null;
  intake_at: number;
  deadline_at: number;
  state: IncidentState;
  caller_name: string | null;
  caller_phone: string | null;
  notes: string;
  first_dispatch_at: number | null;
  first_arrival_at: number | null;
  handling_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  outcome: Outcome | null;
  closure_note: string | null;
  created_by: string;
  created_at: number;
  version: number;
}

export interface AssignmentRow {
  id: number;
  incident_id: string;
  unit_id: string;
  resume_status: 'available' | 'patrolling';
  assigned_at: number;
  assigned_by: string;
  en_route_at: number | null;
  arrived_at: number | null;
  released_at: number | null;
  release_reason: string | null;
}

/** A unit as the service keeps it in memory (one object per unit, camelCase). */
export interface UnitRecord {
  id: string;
  callsign: string;
  kind: UnitKind;
  mode: TravelMode;
  station: string | null;
  sample: boolean;
  status: UnitStatus;
  statusSince: number;
  statusReason: string | null;
  lat: number | null;
  lon: number | null;
  positionAt: number | null;
  speed: number | null;
  heading: number | null;
  incidentId: string | null;
  version: number;
}

interface UnitRow {
  id: string;
  callsign: string;
  kind: UnitKind;
  mode: TravelMode;
  station: string | null;
  sample: number;
  status: UnitStatus;
  status_since: number;
  status_reason: string | null;
  lat: number | null;
  lon: number | null;
  position_at: number | null;
  speed: number | null;
  heading: number | null;
  incident_id: string | null;
  version: number;
}

export interface OrderRow {
  id: string;
  text: string;
  target_lat: number | null;
  target_lon: number | null;
  frame: string | null;
  incident_id: string | null;
  created_at: number;
  created_by: string;
}

export interface RecipientRow {
  order_id: string;
  unit_id: string;
  ack_at: number | null;
  ack_by: string | null;
  ack_note: string | null;
}

const incidentColumns = [
  'id', 'type', 'priority', 'source', 'lat', 'lon', 'address', 'target_id', 'target_name', 'derived_tier', 'zone_target_id',
  'zone_target_name', 'tier', 'override_reason', 'override_by', 'override_at', 'intake_at', 'deadline_at', 'state', 'caller_name',
  'caller_phone', 'notes', 'first_dispatch_at', 'first_arrival_at', 'handling_at', 'closed_at', 'closed_by', 'outcome', 'closure_note',
  'created_by', 'created_at', 'version',
] as const satisfies readonly (keyof IncidentRow)[];

export function createDispatchStatements(db: HallDatabase) {
  const named = incidentColumns.map((c) => `@${c}`).join(', ');
  return {
    insertIncident: db.prepare<[IncidentRow]>(`INSERT INTO incidents (${incidentColumns.join(', ')}) VALUES (${named})`),
    saveIncident: db.prepare<[IncidentRow]>(
      `UPDATE incidents SET ${incidentColumns.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    ),
    incident: db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?'),
    openIncidents: db.prepare<[], IncidentRow>("SELECT * FROM incidents WHERE state <> 'closed'"),
    closedIncidents: db.prepare<[number], IncidentRow>("SELECT * FROM incidents WHERE state = 'closed' ORDER BY closed_at DESC, id DESC LIMIT ?"),
    countIncidentsLike: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM incidents WHERE id LIKE ?'),
    typeInUse: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM incidents WHERE type = ?'),

    assignmentsOf: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE incident_id = ? ORDER BY id'),
    assignmentsOfMany: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY id'),
    activeAssignmentOfUnit: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE unit_id = ? AND released_at IS NULL'),
    activeAssignmentsOf: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE incident_id = ? AND released_at IS NULL ORDER BY id'),
    insertAssignment: db.prepare<[string, string, string, number, string]>(
      'INSERT INTO assignments (incident_id, unit_id, resume_status, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)',
    ),
    saveAssignment: db.prepare<[number | null, number | null, number | null, string | null, number]>(
      'UPDATE assignments SET en_route_at = ?, arrived_at = ?, released_at = ?, release_reason = ? WHERE id = ?',
    ),

    units: db.prepare<[], UnitRow>('SELECT * FROM units ORDER BY id'),
    insertUnit: db.prepare<[UnitRow]>(
      `INSERT INTO units (id, callsign, kind, mode, station, sample, status, status_since, status_reason, lat, lon, position_at, speed, heading, incident_id, version)
       VALUES (@id, @callsign, @kind, @mode, @station, @sample, @status, @status_since, @status_reason, @lat, @lon, @position_at, @speed, @heading, @incident_id, @version)`,
    ),
    saveUnitState: db.prepare<[UnitStatus, number, string | null, string | null, number, string]>(
      'UPDATE units SET status = ?, status_since = ?, status_reason = ?, incident_id = ?, version = ? WHERE id = ?',
    ),
    saveUnitPosition: db.prepare<[number, number, number, number | null, number | null, string]>(
      'UPDATE units SET lat = ?, lon = ?, position_at = ?, speed = ?, heading = ? WHERE id = ?',
    ),

    types: db.prepare<[], { code: string; label: string; label_en: string; active: number }>('SELECT * FROM incident_types ORDER BY sort, code'),
    upsertType: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO incident_types (code, label, label_en, active, sort) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET label = excluded.label, label_en = excluded.label_en, active = excluded.active, sort = excluded.sort`,
    ),
    deleteType: db.prepare<[string]>('DELETE FROM incident_types WHERE code = ?'),

    insertOrder: db.prepare<[OrderRow]>(
      'INSERT INTO orders (id, text, target_lat, target_lon, frame, incident_id, created_at, created_by) VALUES (@id, @text, @target_lat, @target_lon, @frame, @incident_id, @created_at, @created_by)',
    ),
    insertRecipient: db.prepare<[string, string]>('INSERT INTO order_recipients (order_id, unit_id) VALUES (?, ?)'),
    order: db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?'),
    recentOrders: db.prepare<[number], OrderRow>('SELECT * FROM orders ORDER BY created_at DESC, id DESC LIMIT ?'),
    pendingOrders: db.prepare<[number], OrderRow>(
      'SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM order_recipients r WHERE r.order_id = o.id AND r.ack_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    countOrdersLike: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM orders WHERE id LIKE ?'),
    recipientsOf: db.prepare<[string], RecipientRow>('SELECT * FROM order_recipients WHERE order_id = ? ORDER BY unit_id'),
    recipient: db.prepare<[string, string], RecipientRow>('SELECT * FROM order_recipients WHERE order_id = ? AND unit_id = ?'),
    ackRecipient: db.prepare<[number, string, string | null, string, string]>(
      'UPDATE order_recipients SET ack_at = ?, ack_by = ?, ack_note = ? WHERE order_id = ? AND unit_id = ?',
    ),
  };
}

export type DispatchStatements = ReturnType<typeof createDispatchStatements>;

export const unitFromRow = (r: UnitRow): UnitRecord => ({
  id: r.id,
  callsign: r.callsign,
  kind: r.kind,
  mode: r.mode,
  station: r.station,
  sample: r.sample === 1,
  status: r.status,
  statusSince: r.status_since,
  statusReason: r.status_reason,
  lat: r.lat,
  lon: r.lon,
  positionAt: r.position_at,
  speed: r.speed,
  heading: r.heading,
  incidentId: r.incident_id,
  version: r.version,
});

export const unitToRow = (u: UnitRecord): UnitRow => ({
  id: u.id,
  callsign: u.callsign,
  kind: u.kind,
  mode: u.mode,
  station: u.station,
  sample: u.sample ? 1 : 0,
  status: u.status,
  status_since: u.statusSince,
  status_reason: u.statusReason,
  lat: u.lat,
  lon: u.lon,
  position_at: u.positionAt,
  speed: u.speed,
  heading: u.heading,
  incident_id: u.incidentId,
  version: u.version,
});

export const iso = (t: number): string => new Date(t).toISOString();
const isoOrNull = (t: number | null): string | null => (t === null ? null : iso(t));

export function unitView(u: UnitRecord, crew: CrewView | null): UnitView {
  return {
    id: u.id,
    callsign: u.callsign,
    kind: u.kind,
    mode: u.mode,
    station: u.station,
    sample: u.sample,
    status: u.status,
    statusSince: iso(u.statusSince),
    statusReason: u.statusReason,
    lat: u.lat,
    lon: u.lon,
    positionAt: isoOrNull(u.positionAt),
    speed: u.speed,
    heading: u.heading,
    incidentId: u.incidentId,
    crew,
    version: u.version,
  };
}

export function incidentView(
  r: IncidentRow,
  assignments: readonly AssignmentRow[],
  unitOf: (id: string) => { callsign: string; kind: UnitKind } | undefined,
  typeOf: (code: string) => IncidentType | undefined,
): IncidentView {
  const type = typeOf(r.type);
  const budgetS = budgetSeconds(r.tier);
  const views: Assignment[] = assignments.map((a) => {
    const u = unitOf(a.unit_id);
    return {
      unitId: a.unit_id,
      callsign: u?.callsign ?? a.unit_id,
      kind: u?.kind ?? 'station-patrol-car',
      assignedAt: iso(a.assigned_at),
      assignedBy: a.assigned_by,
      enRouteAt: isoOrNull(a.en_route_at),
      arrivedAt: isoOrNull(a.arrived_at),
      releasedAt: isoOrNull(a.released_at),
      releaseReason: a.release_reason,
    };
  });
  return {
    id: r.id,
    type: r.type,
    typeLabel: type?.label ?? r.type,
    typeLabelEn: type?.labelEn ?? r.type,
    priority: r.priority,
    source: r.source,
    drill: r.source === 'drill',
    location: { lat: r.lat, lon: r.lon, address: r.address, targetId: r.target_id, targetName: r.target_name },
    tier: r.tier,
    derivedTier: r.derived_tier,
    zoneTargetId: r.zone_target_id,
    zoneTargetName: r.zone_target_name,
    override: r.override_reason !== null && r.override_at !== null ? { tier: r.tier, reason: r.override_reason, by: r.override_by ?? '', at: iso(r.override_at) } : null,
    budgetS,
    intakeAt: iso(r.intake_at),
    deadline: iso(r.deadline_at),
    secondEchelonAt: iso(secondEchelonAt({ deadlineAt: r.deadline_at, budgetS })),
    state: r.state,
    caller: { name: r.caller_name, phone: r.caller_phone },
    notes: r.notes,
    assignments: views,
    firstDispatchAt: isoOrNull(r.first_dispatch_at),
    firstArrivalAt: isoOrNull(r.first_arrival_at),
    handlingAt: isoOrNull(r.handling_at),
    closedAt: isoOrNull(r.closed_at),
    closedBy: r.closed_by,
    outcome: r.outcome,
    closureNote: r.closure_note,
    responseTimes: responseTimes({ intakeAt: r.intake_at, deadlineAt: r.deadline_at, firstDispatchAt: r.first_dispatch_at, firstArrivalAt: r.first_arrival_at }),
    createdBy: r.created_by,
    version: r.version,
  };
}

export function orderView(o: OrderRow, recipients: readonly RecipientRow[], callsignOf: (id: string) => string): OrderView {
  const list = recipients.map((r) => ({ unitId: r.unit_id, callsign: callsignOf(r.unit_id), ackAt: isoOrNull(r.ack_at), ackBy: r.ack_by, note: r.ack_note }));
  return {
    id: o.id,
    text: o.text,
    target: o.target_lat !== null && o.target_lon !== null ? { lat: o.target_lat, lon: o.target_lon } : null,
    frame: o.frame ? (JSON.parse(o.frame) as FrameInput) : null,
    incidentId: o.incident_id,
    createdAt: iso(o.created_at),
    createdBy: o.created_by,
    recipients: list,
    acknowledged: list.filter((r) => r.ackAt !== null).length,
    total: list.length,
  };
}
