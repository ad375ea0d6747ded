// The dispatch service: incidents, units and framed orders in SQLite, every change with its audit row in one
// transaction, every timer derived from stored instants; the contract handlers and API routes call these methods.
import { HallError, type FieldIssue } from '../../../shared/contract/errors';
import type {
  CrewView, FrameInput, IncidentList, IncidentType, IncidentView, NewIncident, OrderView, Recommendation, UnitPositionBatch, UnitView,
} from '../../../shared/contract/dispatch';
import type { IncidentSource, Priority } from '../../../shared/domain/dispatch/catalogue';
import { canMoveIncident, deriveIncidentState, type Outcome } from '../../../shared/domain/dispatch/incident-state';
import {
  dispatchRefusal, isBusy, releasesAssignment, unitStatusLabels, unitStatusRefusal, type UnitStatus,
} from '../../../shared/domain/dispatch/unit-state';
import { budgetSeconds, deriveTier, type Tier, type TierTarget } from '../../../shared/domain/dispatch/tier';
import { compareQueue } from '../../../shared/domain/dispatch/queue';
import { rankUnits } from '../../../shared/domain/dispatch/recommend';
import type { RoadEtaSource } from '../../../shared/domain/dispatch/eta';
import { hourInZone } from '../../../shared/domain/geo/hour';
import { haversineM, type LatLon } from '../../../shared/domain/dispatch/geometry';
import { selectInFrame } from '../../../shared/domain/dispatch/frame';
import type { TravelMode, UnitKind } from '../../../shared/contract/mapdata';
import type { HallDatabase } from '../db/open';
import type { AppendAudit } from '../audit/audit-log';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logging/logger';
import {
  createDispatchStatements, incidentView, iso, orderView, unitFromRow, unitToRow, unitView,
  type AssignmentRow, type IncidentRow, type UnitRecord,
} from './records';

/** One unit's crew at an instant, as the duty roster sees it. */
export interface UnitCrew {
  /** False when the roster has the unit but nobody on duty on it now: dispatch is refused. */
  onDuty: boolean;
  officers: readonly { name: string; policeNo: string }[];
  /** The shift in force, e.g. "白班 08:00-20:00"; null when off. */
  shift: string | null;
}

/**
 * What dispatch needs of the duty roster (the roster module implements it): for an instant, the crew of every
 * unit the roster knows. Units it does not know are absent from the map and are dispatched on their status alone.
 */
export interface CrewSource {
  crewAt(at: number): ReadonlyMap<string, UnitCrew>;
  /** Tells dispatch when crews may have changed (a shift boundary, a roster edit); returns the unsubscribe. */
  onChange?(listener: () => void): () => void;
}

/** A unit from the map's units layer, seeding the unit table. */
export interface SeedUnit {
  id: string;
  callsign: string;
  kind: UnitKind;
  mode: TravelMode;
  station: string | null;
  status: UnitStatus;
  lat: number;
  lon: number;
  sample: boolean;
}

export type DispatchEvent =
  | { name: 'incident.changed'; payload: IncidentView }
  | { name: 'unit.changed'; payload: UnitView }
  | { name: 'units.moved'; payload: UnitPositionBatch }
  | { name: 'order.changed'; payload: OrderView }
  | { name: 'dispatch.catalogueChanged'; payload: IncidentType[] };

export interface DispatchServiceDeps {
  db: HallDatabase;
  clock: Clock;
  audit: AppendAudit;
  log: Logger;
  /** Key targets with their zones (from the map), read at each intake so an imported map takes effect. */
  targets(): readonly (TierTarget & { name: string })[];
  /** Units of the map's units layer: the ones missing from the unit table are added at start. */
  seedUnits(): readonly SeedUnit[];
  /** Where the county is; an incident further than `maxDistanceKm` from it is refused as a wrong coordinate. */
  center(): LatLon | null;
  eta?: RoadEtaSource;
  /** The hall's IANA zone (settings.hallZone, already checked), read per recommendation: congestion follows the hall's clock, as coverage does. */
  zone?(): string;
  crew?: CrewSource;
  emit(event: DispatchEvent): void;
  /** How often GPS positions are written and sent to screens as one batch (default 250 ms). */
  positionBatchMs?: number;
  maxDistanceKm?: number;
}

export interface IncidentRef {
  id: string;
  version: number;
}

const MAX_CLOCK_SKEW_MS = 60_000;
const MAX_CALL_AGE_MS = 24 * 3_600_000;

/** China calendar day of an instant as yyyymmdd, for incident and order numbers. */
const chinaDay = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
const issuesText = (issues: readonly FieldIssue[]): string => issues.map((i) => `${i.path}: ${i.message}`).join('; ');

interface Work {
  /** Units changed in this transaction: copies, put into the cache only after the commit. */
  units: Map<string, UnitRecord>;
  incidents: Set<string>;
  orders: Set<string>;
}

/**
 * A coordinate as a GPS batch carries it, to every screen and to the coverage feed: to 1e-7 degree (about 1 cm),
 * finer than any fix is good for. A full double takes 17 digits on the wire, and thousands of them a second are
 * most of what a console spends taking a batch in. The unit's record (and so recommendations) keeps the fix whole.
 */
const toBatchDegrees = (deg: number): number => Math.round(deg * 1e7) / 1e7;

export function createDispatchService(deps: DispatchServiceDeps) {
  const { db, clock, audit } = deps;
  const st = createDispatchStatements(db);
  const batchMs = deps.positionBatchMs ?? 250;
  const maxDistanceM = (deps.maxDistanceKm ?? 100) * 1000;

  let catalogue: IncidentType[] = [];
  const loadCatalogue = (): void => {
    catalogue = st.types.all().map((t) => ({ code: t.code, label: t.label, labelEn: t.label_en, active: t.active === 1 }));
  };
  loadCatalogue();
  const typeOf = (code: string): IncidentType | undefined => catalogue.find((t) => t.code === code);

  // ---- units: one record per unit in memory, the table as its durable copy --------------------------------
  const units = new Map<string, UnitRecord>();
  for (const r of st.units.all()) units.set(r.id, unitFromRow(r));

  const seedMissingUnits = (): void => {
    const missing = deps.seedUnits().filter((u) => !units.has(u.id));
    if (missing.length === 0) return;
    const now = clock.now();
    const added: UnitRecord[] = missing.map((u) => ({
      id: u.id, callsign: u.callsign, kind: u.kind, mode: u.mode, station: u.station, sample: u.sample, status: u.status,
      statusSince: now, statusReason: null, lat: u.lat, lon: u.lon, positionAt: null, speed: null, heading: null, incidentId: null, version: 1,
    }));
    db.transaction(() => {
      for (const u of added) st.insertUnit.run(unitToRow(u));
      audit({ actor: 'system', action: 'units.seed', subject: 'units', detail: { added: added.map((u) => u.id), from: 'map units layer' } });
    })();
    for (const u of added) units.set(u.id, u);
  };
  seedMissingUnits();

  const unitOf = (id: string) => units.get(id);
  const callsignOf = (id: string): string => units.get(id)?.callsign ?? id;

  let crewCache: { minute: number; map: ReadonlyMap<string, UnitCrew> } | null = null;
  const crewMap = (): ReadonlyMap<string, UnitCrew> | null => {
    if (!deps.crew) return null;
    const minute = Math.floor(clock.now() / 60_000);
    if (crewCache?.minute !== minute) {
      try {
        crewCache = { minute, map: deps.crew.crewAt(clock.now()) };
      } catch (err) {
        deps.log.warn('duty roster lookup failed; units dispatched on their status alone', { error: (err as Error).message });
        crewCache = { minute, map: new Map() };
      }
    }
    return crewCache.map;
  };
  const crewView = (id: string, map: ReadonlyMap<string, UnitCrew> | null): CrewView | null => {
    const c = map?.get(id);
    return c ? { onDuty: c.onDuty, officers: c.officers.map((o) => ({ name: o.name, policeNo: o.policeNo })), shift: c.shift } : null;
  };
  const viewUnit = (u: UnitRecord): UnitView => unitView(u, crewView(u.id, crewMap()));
  // The crews screens were last told about, so a refresh sends unit.changed for exactly the units whose crew moved.
  const crewKey = (id: string, map: ReadonlyMap<string, UnitCrew> | null): string => JSON.stringify(crewView(id, map));
  let announced = new Map<string, string>();
  const announce = (map: ReadonlyMap<string, UnitCrew> | null): string[] => {
    const next = new Map([...units.keys()].map((id) => [id, crewKey(id, map)] as const));
    const changed = [...next].filter(([id, key]) => announced.get(id) !== key).map(([id]) => id);
    announced = next;
    return changed;
  };
  announce(crewMap());

  // ---- incidents ------------------------------------------------------------------------------------------
  const viewOf = (row: IncidentRow, assignments: readonly AssignmentRow[] = st.assignmentsOf.all(row.id)): IncidentView =>
    incidentView(row, assignments, unitOf, typeOf);

  const viewsOf = (rows: readonly IncidentRow[]): IncidentView[] => {
    if (rows.length === 0) return [];
    const byIncident = new Map<string, AssignmentRow[]>();
    for (const a of st.assignmentsOfMany.all(JSON.stringify(rows.map((r) => r.id)))) {
      const list = byIncident.get(a.incident_id);
      if (list) list.push(a);
      else byIncident.set(a.incident_id, [a]);
    }
    return rows.map((r) => viewOf(r, byIncident.get(r.id) ?? []));
  };

  const requireIncident = (id: string): IncidentRow => {
    const row = st.incident.get(id);
    if (!row) throw new HallError('NOT_FOUND', `No incident ${id}; the open ones are listed by GET /api/v1/incidents?state=open.`);
    return row;
  };

  const requireCurrent = (ref: IncidentRef): IncidentRow => {
    const row = requireIncident(ref.id);
    if (row.version !== ref.version) {
      throw new HallError(
        'CONFLICT',
        `Incident ${ref.id} was changed by someone else since you read it (you had version ${ref.version}, it is now ${row.version}); reload it and try again.`,
      );
    }
    return row;
  };

  const requireOpen = (row: IncidentRow, what: string): void => {
    if (row.state === 'closed') throw new HallError('REFUSED', `Incident ${row.id} is already closed (已结束); ${what} is no longer possible.`);
  };

  const requireUnit = (id: string): UnitRecord => {
    const u = units.get(id);
    if (!u) throw new HallError('NOT_FOUND', `No unit ${id}; GET /api/v1/units lists them.`);
    return u;
  };

  /** Runs `fn` in one transaction; changed units enter the cache, and events go out, only after the commit. */
  function run<T>(fn: (w: Work) => T): T {
    const w: Work = { units: new Map(), incidents: new Set(), orders: new Set() };
    const result = db.transaction(() => {
      const r = fn(w);
      for (const u of w.units.values()) st.saveUnitState.run(u.status, u.statusSince, u.statusReason, u.incidentId, u.version, u.id);
      return r;
    })();
    for (const u of w.units.values()) {
      const cached = units.get(u.id)!;
      cached.status = u.status;
      cached.statusSince = u.statusSince;
      cached.statusReason = u.statusReason;
      cached.incidentId = u.incidentId;
      cached.version = u.version;
    }
    for (const id of w.incidents) {
      const row = st.incident.get(id);
      if (row) deps.emit({ name: 'incident.changed', payload: viewOf(row) });
    }
    for (const id of w.units.keys()) deps.emit({ name: 'unit.changed', payload: viewUnit(units.get(id)!) });
    for (const id of w.orders) deps.emit({ name: 'order.changed', payload: orderViewOf(id) });
    return result;
  }

  const unitForWrite = (w: Work, id: string): UnitRecord => {
    let u = w.units.get(id);
    if (!u) {
      u = { ...requireUnit(id) };
      u.version++;
      w.units.set(id, u);
    }
    return u;
  };
  const unitNow = (w: Work, id: string): UnitRecord => w.units.get(id) ?? requireUnit(id);

  /** Re-derives the state from the stored facts, checks the move against the table, bumps the version, saves. */
  function saveIncident(w: Work, row: IncidentRow): void {
    const active = st.activeAssignmentsOf.all(row.id).map((a) => ({ enRouteAt: a.en_route_at, arrivedAt: a.arrived_at }));
    const next = deriveIncidentState({ closedAt: row.closed_at, firstArrivalAt: row.first_arrival_at, handlingAt: row.handling_at, active });
    if (next !== row.state && !canMoveIncident(row.state, next)) {
      throw new Error(`incident ${row.id} would move ${row.state} -> ${next}, which the state table forbids`);
    }
    row.state = next;
    row.version++;
    st.saveIncident.run(row);
    w.incidents.add(row.id);
  }

  /** Ends a unit's part in its incident; a busy unit returns to the status it had before dispatch. */
  function release(w: Work, a: AssignmentRow, reason: string, now: number, statusAfter?: UnitStatus): void {
    st.saveAssignment.run(a.en_route_at, a.arrived_at, now, reason, a.id);
    const u = unitForWrite(w, a.unit_id);
    u.incidentId = null;
    const to = statusAfter ?? (isBusy(u.status) ? a.resume_status : u.status);
    if (to !== u.status) {
      u.status = to;
      u.statusSince = now;
      u.statusReason = reason;
    }
  }

  // ---- GPS positions: kept in memory at once, written and broadcast in batches ---------------------------
  const pending = new Set<string>();
  let flushTimer: TimerHandle | null = null;

  function flushPositions(): void {
    flushTimer = null;
    if (pending.size === 0) return;
    const batch = [...pending].map((id) => units.get(id)!);
    pending.clear();
    db.transaction(() => {
      for (const u of batch) st.saveUnitPosition.run(u.lat!, u.lon!, u.positionAt!, u.speed, u.heading, u.id);
    })();
    deps.emit({
      name: 'units.moved',
      payload: {
        at: iso(clock.now()),
        ids: batch.map((u) => u.id),
        lat: batch.map((u) => toBatchDegrees(u.lat!)),
        lon: batch.map((u) => toBatchDegrees(u.lon!)),
        fixedAt: batch.map((u) => u.positionAt!),
        speed: batch.map((u) => u.speed),
        heading: batch.map((u) => u.heading),
      },
    });
  }

  // ---- orders ---------------------------------------------------------------------------------------------
  function orderViewOf(id: string): OrderView {
    const o = st.order.get(id);
    if (!o) throw new HallError('NOT_FOUND', `No order ${id}; GET /api/v1/orders lists the recent ones.`);
    return orderView(o, st.recipientsOf.all(id), callsignOf);
  }

  function locate(loc: NewIncident['location'], issues: FieldIssue[]): { lat: number; lon: number; targetId: string | null; targetName: string | null } | null {
    if (loc.targetId !== undefined) {
      const t = deps.targets().find((x) => x.id === loc.targetId);
      if (!t) {
        issues.push({ path: 'location.targetId', message: `no key target ${loc.targetId} on the map; pick one from the targets layer or give lat/lon` });
        return null;
      }
      return { lat: t.lat, lon: t.lon, targetId: t.id, targetName: t.name };
    }
    const p = { lat: loc.lat!, lon: loc.lon! };
    const center = deps.center();
    if (center) {
      const d = haversineM(p, center);
      if (d > maxDistanceM) {
        issues.push({
          path: 'location',
          message: `${p.lat}, ${p.lon} is ${Math.round(d / 1000)} km from the county seat, beyond ${maxDistanceM / 1000} km; check the coordinates (WGS-84 degrees, lat and lon not swapped, not GCJ-02 shifted)`,
        });
        return null;
      }
    }
    return { ...p, targetId: null, targetName: null };
  }

  function checkType(code: string, path: string, issues: FieldIssue[]): void {
    const t = typeOf(code);
    if (!t) issues.push({ path, message: `unknown incident type "${code}"; use a code from the catalogue: ${catalogue.filter((x) => x.active).map((x) => x.code).join(', ')}` });
    else if (!t.active) issues.push({ path, message: `incident type "${code}" (${t.label}) is retired; pick an active type` });
  }

  const newId = (prefix: string, count: (like: string) => number, digits: number): string => {
    const day = `${prefix}-${chinaDay(clock.now())}-`;
    return `${day}${String(count(`${day}%`) + 1).padStart(digits, '0')}`;
  };

  return {
    catalogue: (): IncidentType[] => catalogue.map((t) => ({ ...t })),

    setCatalogue(types: readonly IncidentType[], actor: string): IncidentType[] {
      const keep = new Set(types.map((t) => t.code));
      const dropped = catalogue.filter((t) => !keep.has(t.code));
      const inUse = dropped.filter((t) => st.typeInUse.get(t.code)!.n > 0);
      if (inUse.length) {
        throw new HallError(
          'REFUSED',
          `Catalogue not changed: ${inUse.map((t) => `${t.code} (${t.label})`).join(', ')} ${inUse.length > 1 ? 'are' : 'is'} used by incidents; retire ${inUse.length > 1 ? 'them' : 'it'} with active: false instead of removing.`,
        );
      }
      db.transaction(() => {
        for (const t of dropped) st.deleteType.run(t.code);
        types.forEach((t, i) => st.upsertType.run(t.code, t.label, t.labelEn, t.active ? 1 : 0, i));
        audit({ actor, action: 'catalogue.set', subject: 'incident_types', detail: { types, removed: dropped.map((t) => t.code) } });
      })();
      loadCatalogue();
      const out = catalogue.map((t) => ({ ...t }));
      deps.emit({ name: 'dispatch.catalogueChanged', payload: out });
      return out;
    },

    createIncident(input: {
      type: string; priority: Priority; source: IncidentSource; location: NewIncident['location'];
      caller?: { name?: string; phone?: string }; notes?: string; receivedAt?: number; tierOverride?: { tier: Tier; reason: string };
    }, actor: string): IncidentView {
      const now = clock.now();
      const issues: FieldIssue[] = [];
      checkType(input.type, 'type', issues);
      const place = locate(input.location, issues);
      const intakeAt = input.receivedAt ?? now;
      if (intakeAt > now + MAX_CLOCK_SKEW_MS) issues.push({ path: 'receivedAt', message: `${iso(intakeAt)} is in the future (host time ${iso(now)}); check the sending system's clock` });
      else if (intakeAt < now - MAX_CALL_AGE_MS) issues.push({ path: 'receivedAt', message: `${iso(intakeAt)} is more than 24 hours ago; send the time the call was taken` });
      if (issues.length || !place) throw new HallError('BAD_INPUT', `Incident refused, nothing was recorded: ${issuesText(issues)}`, issues);
      const derived = deriveTier(place, deps.targets());
      const zoneTarget = derived.targetId ? deps.targets().find((t) => t.id === derived.targetId) : undefined;
      const override = input.tierOverride && input.tierOverride.tier !== derived.tier ? input.tierOverride : null;
      const tier = override?.tier ?? derived.tier;
      return run((w) => {
        const row: IncidentRow = {
          id: newId('JQ', (like) => st.countIncidentsLike.get(like)!.n, 4),
          type: input.type,
          priority: input.priority,
          source: input.source,
          lat: place.lat,
          lon: place.lon,
          address: input.location.address || null,
          target_id: place.targetId,
          target_name: place.targetName,
          derived_tier: derived.tier,
          zone_target_id: derived.targetId,
          zone_target_name: zoneTarget?.name ?? null,
          tier,
          override_reason: override?.reason ?? null,
          override_by: override ? actor : null,
          override_at: override ? now : null,
          intake_at: intakeAt,
          deadline_at: intakeAt + budgetSeconds(tier) * 1000,
          state: 'new',
          caller_name: input.caller?.name || null,
          caller_phone: input.caller?.phone || null,
          notes: input.notes ?? '',
          first_dispatch_at: null,
          first_arrival_at: null,
          handling_at: null,
          closed_at: null,
          closed_by: null,
          outcome: null,
          closure_note: null,
          created_by: actor,
          created_at: now,
          version: 1,
        };
        st.insertIncident.run(row);
        w.incidents.add(row.id);
        audit({
          actor, action: 'incident.create', subject: row.id,
          detail: { type: row.type, priority: row.priority, source: row.source, lat: row.lat, lon: row.lon, targetId: row.target_id, derivedTier: derived.tier, zoneTargetId: derived.targetId, tier, override, intakeAt: iso(intakeAt), deadline: iso(row.deadline_at) },
        });
        return viewOf(row, []);
      });
    },

    listIncidents(filter: { state: 'open' | 'closed' | 'all'; limit: number }): IncidentList {
      const now = clock.now();
      const open = filter.state === 'closed' ? [] : st.openIncidents.all().map((r) => ({ r, q: { id: r.id, state: r.state, intakeAt: r.intake_at, deadlineAt: r.deadline_at, budgetS: budgetSeconds(r.tier), firstArrivalAt: r.first_arrival_at } }));
      open.sort((a, b) => compareQueue(a.q, b.q));
      const rows = open.map((x) => x.r).slice(0, filter.limit);
      if (filter.state !== 'open' && rows.length < filter.limit) rows.push(...st.closedIncidents.all(filter.limit - rows.length));
      return { now: iso(now), incidents: viewsOf(rows) };
    },

    getIncident: (id: string): IncidentView => viewOf(requireIncident(id)),

    overrideTier(ref: IncidentRef, tier: Tier, reason: string, actor: string): IncidentView {
      return run((w) => {
        const row = requireCurrent(ref);
        requireOpen(row, 'a tier override');
        const from = row.tier;
        const now = clock.now();
        row.tier = tier;
        const back = tier === row.derived_tier;
        row.override_reason = back ? null : reason;
        row.override_by = back ? null : actor;
        row.override_at = back ? null : now;
        row.deadline_at = row.intake_at + budgetSeconds(tier) * 1000;
        saveIncident(w, row);
        audit({ actor, action: 'incident.overrideTier', subject: row.id, detail: { from, to: tier, derivedTier: row.derived_tier, reason, deadline: iso(row.deadline_at) } });
        return viewOf(row);
      });
    },

    editIncident(ref: IncidentRef, patch: { type?: string; priority?: Priority; caller?: { name?: string; phone?: string }; notes?: string }, actor: string): IncidentView {
      return run((w) => {
        const row = requireCurrent(ref);
        requireOpen(row, 'editing');
        if (patch.type !== undefined && patch.type !== row.type) {
          const issues: FieldIssue[] = [];
          checkType(patch.type, 'type', issues);
          if (issues.length) throw new HallError('BAD_INPUT', `Incident ${row.id} not changed: ${issuesText(issues)}`, issues);
          row.type = patch.type;
        }
        if (patch.priority !== undefined) row.priority = patch.priority;
        if (patch.caller) {
          if (patch.caller.name !== undefined) row.caller_name = patch.caller.name || null;
          if (patch.caller.phone !== undefined) row.caller_phone = patch.caller.phone || null;
        }
        if (patch.notes !== undefined) row.notes = patch.notes;
        saveIncident(w, row);
        audit({ actor, action: 'incident.edit', subject: row.id, detail: patch });
        return viewOf(row);
      });
    },

    recommend(id: string, limit: number): Recommendation {
      const row = requireIncident(id);
      requireOpen(row, 'a recommendation');
      const now = clock.now();
      const crew = crewMap();
      const candidates = [...units.values()].map((u) => ({
        id: u.id, callsign: u.callsign, kind: u.kind, mode: u.mode, status: u.status, lat: u.lat, lon: u.lon, incidentId: u.incidentId,
        onDuty: crew?.get(u.id)?.onDuty,
      }));
      const rec = rankUnits({
        point: { lat: row.lat, lon: row.lon },
        units: candidates,
        budgetS: budgetSeconds(row.tier),
        remainingS: (row.deadline_at - now) / 1000,
        hour: hourInZone(now, deps.zone?.() ?? 'Asia/Shanghai'),
        road: deps.eta,
        limit,
      });
      return { incidentId: id, at: iso(now), ...rec };
    },

    dispatch(ref: IncidentRef, unitIds: readonly string[], actor: string): IncidentView {
      return run((w) => {
        const row = requireCurrent(ref);
        requireOpen(row, 'dispatching');
        const crew = crewMap();
        const issues: FieldIssue[] = [];
        let unknown = 0;
        unitIds.forEach((uid, i) => {
          const u = units.get(uid);
          if (!u) {
            unknown++;
            issues.push({ path: `unitIds.${i}`, message: `no unit ${uid}` });
            return;
          }
          const refusal = dispatchRefusal({ ...u, onDuty: crew?.get(uid)?.onDuty });
          if (refusal) issues.push({ path: `unitIds.${i}`, message: refusal });
        });
        if (issues.length) {
          throw new HallError(unknown === issues.length ? 'NOT_FOUND' : 'REFUSED', `Nothing dispatched to ${row.id}: ${issues.map((i) => i.message).join('; ')}`, issues);
        }
        const now = clock.now();
        for (const uid of unitIds) {
          const u = unitForWrite(w, uid);
          st.insertAssignment.run(row.id, uid, u.status, now, actor);
          u.incidentId = row.id;
        }
        row.first_dispatch_at ??= now;
        saveIncident(w, row);
        audit({ actor, action: 'incident.dispatch', subject: row.id, detail: { units: unitIds.map((uid) => ({ id: uid, callsign: callsignOf(uid) })), state: row.state } });
        return viewOf(row);
      });
    },

    recall(ref: IncidentRef, unitId: string, reason: string, actor: string): IncidentView {
      return run((w) => {
        const row = requireCurrent(ref);
        requireOpen(row, 'a recall');
        const a = st.activeAssignmentOfUnit.get(unitId);
        if (!a || a.incident_id !== row.id) throw new HallError('REFUSED', `${callsignOf(unitId)} (${unitId}) is not assigned to incident ${row.id}; nothing to recall.`);
        const now = clock.now();
        release(w, a, `撤回：${reason}`, now);
        saveIncident(w, row);
        audit({ actor, action: 'incident.recall', subject: row.id, detail: { unitId, reason, unitStatus: unitNow(w, unitId).status, state: row.state } });
        return viewOf(row);
      });
    },

    close(ref: IncidentRef, outcome: Outcome, note: string | undefined, actor: string): IncidentView {
      return run((w) => {
        const row = requireCurrent(ref);
        requireOpen(row, 'closing it again');
        const drill = row.source === 'drill';
        if ((outcome === 'drill_done') !== drill) {
          throw new HallError('BAD_INPUT', drill ? `Incident ${row.id} is a drill: close it with outcome drill_done.` : `Incident ${row.id} is not a drill: drill_done is only for drills.`, [{ path: 'outcome', message: drill ? 'a drill closes with drill_done' : 'drill_done is only for drills' }]);
        }
        const now = clock.now();
        for (const a of st.activeAssignmentsOf.all(row.id)) release(w, a, '警情已结案 (incident closed)', now);
        row.closed_at = now;
        row.closed_by = actor;
        row.outcome = outcome;
        row.closure_note = note ?? null;
        saveIncident(w, row);
        const view = viewOf(row);
        audit({ actor, action: 'incident.close', subject: row.id, detail: { outcome, note: note ?? null, responseTimes: view.responseTimes } });
        return view;
      });
    },

    listUnits(): { now: string; units: UnitView[] } {
      const crew = crewMap();
      return { now: iso(clock.now()), units: [...units.values()].map((u) => unitView(u, crewView(u.id, crew))) };
    },

    getUnit: (id: string): UnitView => viewUnit(requireUnit(id)),

    setUnitStatus(id: string, to: UnitStatus, actor: string, opts: { version?: number; reason?: string } = {}): UnitView {
      const current = requireUnit(id);
      if (opts.version !== undefined && opts.version !== current.version) {
        throw new HallError('CONFLICT', `Unit ${current.callsign} (${id}) changed since you read it (you had version ${opts.version}, it is now ${current.version}); reload and try again.`);
      }
      if (current.status === to) return viewUnit(current);
      const refusal = unitStatusRefusal(current, to);
      if (refusal) throw new HallError('REFUSED', refusal);
      return run((w) => {
        const now = clock.now();
        const from = current.status;
        const incidentId = current.incidentId;
        const a = incidentId ? st.activeAssignmentOfUnit.get(id) : undefined;
        const row = incidentId ? requireIncident(incidentId) : undefined;
        if (a && row) {
          if (to === 'en_route') a.en_route_at ??= now;
          if (to === 'on_scene') {
            a.arrived_at ??= now;
            row.first_arrival_at ??= now;
          }
          if (to === 'handling') row.handling_at ??= now;
          if (releasesAssignment(to)) release(w, a, `${callsignOf(id)} 报告${unitStatusLabels[to].zh} (reported ${to})`, now, to);
          else st.saveAssignment.run(a.en_route_at, a.arrived_at, a.released_at, a.release_reason, a.id);
        }
        const u = unitForWrite(w, id);
        u.status = to;
        u.statusSince = now;
        u.statusReason = opts.reason ?? null;
        if (row) saveIncident(w, row);
        audit({ actor, action: 'unit.status', subject: id, detail: { from, to, reason: opts.reason ?? null, incidentId, incidentState: row?.state ?? null } });
        return viewUnit(u);
      });
    },

    reportPosition(p: { id: string; lat: number; lon: number; at: number; speed?: number; heading?: number }): { accepted: boolean; reason: string | null } {
      const u = requireUnit(p.id);
      const now = clock.now();
      if (p.at > now + MAX_CLOCK_SKEW_MS) {
        throw new HallError('BAD_INPUT', `at: ${iso(p.at)} is in the future (host time ${iso(now)}); check the GPS clock.`, [{ path: 'at', message: `${iso(p.at)} is in the future; check the GPS clock` }]);
      }
      if (u.positionAt !== null && p.at <= u.positionAt) {
        return { accepted: false, reason: `not newer than the last fix of ${u.callsign} (${iso(u.positionAt)}); ignored` };
      }
      u.lat = p.lat;
      u.lon = p.lon;
      u.positionAt = p.at;
      u.speed = p.speed ?? null;
      u.heading = p.heading ?? null;
      pending.add(u.id);
      flushTimer ??= clock.setTimeout(flushPositions, batchMs);
      return { accepted: true, reason: null };
    },

    unitsInFrame: (frame: FrameInput): string[] => selectInFrame([...units.values()], frame),

    createOrder(input: { unitIds: readonly string[]; text: string; target?: LatLon; frame?: FrameInput; incidentId?: string }, actor: string): OrderView {
      const issues: FieldIssue[] = [];
      input.unitIds.forEach((uid, i) => {
        if (!units.has(uid)) issues.push({ path: `unitIds.${i}`, message: `no unit ${uid}` });
      });
      if (input.incidentId !== undefined && !st.incident.get(input.incidentId)) issues.push({ path: 'incidentId', message: `no incident ${input.incidentId}` });
      if (issues.length) throw new HallError('NOT_FOUND', `Order not sent: ${issuesText(issues)}`, issues);
      return run((w) => {
        const id = newId('ZL', (like) => st.countOrdersLike.get(like)!.n, 3);
        st.insertOrder.run({
          id, text: input.text, target_lat: input.target?.lat ?? null, target_lon: input.target?.lon ?? null,
          frame: input.frame ? JSON.stringify(input.frame) : null, incident_id: input.incidentId ?? null, created_at: clock.now(), created_by: actor,
        });
        for (const uid of input.unitIds) st.insertRecipient.run(id, uid);
        w.orders.add(id);
        audit({ actor, action: 'order.create', subject: id, detail: { text: input.text, target: input.target ?? null, frame: input.frame?.kind ?? null, incidentId: input.incidentId ?? null, unitIds: input.unitIds } });
        return orderViewOf(id);
      });
    },

    listOrders(filter: { pending: boolean; limit: number }): OrderView[] {
      const rows = filter.pending ? st.pendingOrders.all(filter.limit) : st.recentOrders.all(filter.limit);
      return rows.map((o) => orderView(o, st.recipientsOf.all(o.id), callsignOf));
    },

    ackOrder(id: string, unitId: string, note: string | undefined, actor: string): OrderView {
      const view = orderViewOf(id);
      const r = st.recipient.get(id, unitId);
      if (!r) throw new HallError('REFUSED', `Order ${id} was not sent to ${callsignOf(unitId)} (${unitId}); it went to ${view.recipients.map((x) => x.callsign).join(', ')}.`);
      if (r.ack_at !== null) return view;
      return run((w) => {
        st.ackRecipient.run(clock.now(), actor, note ?? null, id, unitId);
        w.orders.add(id);
        audit({ actor, action: 'order.ack', subject: id, detail: { unitId, note: note ?? null } });
        return orderViewOf(id);
      });
    },

    /** Re-reads every unit's crew now and sends unit.changed for each unit whose crew changed; returns their ids. */
    refreshCrews(): string[] {
      crewCache = null;
      const changed = announce(crewMap());
      for (const id of changed) deps.emit({ name: 'unit.changed', payload: viewUnit(units.get(id)!) });
      return changed;
    },

    /** Writes the positions still waiting for their batch; called when the host closes. */
    dispose(): void {
      if (flushTimer) clock.clearTimeout(flushTimer);
      flushPositions();
    },
  };
}

export type DispatchService = ReturnType<typeof createDispatchService>;
