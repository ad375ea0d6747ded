// The alert queue and the units of dispatch: open incidents, unit states and positions, framed orders; kept current by events.
import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import type { CommandInput } from '@shared/contract';
import type { FrameInput, IncidentType, IncidentView, OrderView, Recommendation, UnitView } from '@shared/contract/dispatch';
import type { UnitPositionColumns } from '@shared/contract/position-frame';
import type { UnitStatus as MapUnitStatus } from '@shared/contract/mapdata';
import type { Outcome } from '@shared/domain/dispatch/incident-state';
import type { UnitStatus } from '@shared/domain/dispatch/unit-state';
import { bandAt, compareQueue, secondEchelonDue, type CountdownBand, type QueuedIncident } from '@shared/domain/dispatch/queue';
import { selectInFrame } from '@shared/domain/dispatch/frame';
import type { Tier } from '@shared/domain/dispatch/tier';
import { useHallClient } from '../client';
import { onHallSecond, reportLoadError, useHallStore } from './hall';
import { useMapStore, type UnitUpdate } from './map';

/** A queue row: the incident and what its row shows by the hall clock apart from the ticking text (CountdownText). */
export interface QueueRow extends QueueMark {
  incident: IncidentView;
}

/** An open incident's colour band and second-echelon flag: they change a few times in its life, not every second. */
export interface QueueMark {
  band: CountdownBand;
  secondEchelon: boolean;
}

/** What the map is waiting for a click for: the intake location or an order's target point. */
export type PickPurpose = 'intake' | 'order-target';

const t = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

export function queued(i: IncidentView): QueuedIncident {
  return { id: i.id, state: i.state, intakeAt: Date.parse(i.intakeAt), deadlineAt: Date.parse(i.deadline), budgetS: i.budgetS, firstArrivalAt: t(i.firstArrivalAt), closedAt: t(i.closedAt) };
}

/** The map's coarser unit statuses, for the shell's unit markers and roster. */
function mapStatusOf(u: UnitView): MapUnitStatus {
  switch (u.status) {
    case 'available':
      return u.kind === 'readiness-squad' ? 'standby' : 'available';
    case 'patrolling':
      return 'patrolling';
    case 'unavailable':
    case 'off_duty':
      return 'off-duty';
    default:
      return 'busy';
  }
}

export const useDispatchStore = defineStore('dispatch', () => {
  const client = useHallClient();
  const hall = useHallStore();
  const mapStore = useMapStore();

  const incidents = shallowRef(new Map<string, IncidentView>());
  const units = shallowRef(new Map<string, UnitView>());
  const orders = shallowRef<OrderView[]>([]);
  const catalogue = shallowRef<IncidentType[]>([]);
  const selectedId = shallowRef<string | null>(null);
  const picking = shallowRef<PickPurpose | null>(null);
  const picked = shallowRef<{ purpose: PickPurpose; lat: number; lon: number; at: number } | null>(null);
  /** The frame drawn on the map and the units chosen for the order (inside it, then added or removed by hand). */
  const frame = shallowRef<FrameInput | null>(null);
  const frameUnitIds = shallowRef<string[]>([]);
  const orderOpen = shallowRef(false);
  const loaded = shallowRef(false);

  const open = computed(() => [...incidents.value.values()].filter((i) => i.state !== 'closed'));
  /** Open incidents in queue order (least time left first): the order follows stored instants, not the clock. */
  const ordered = computed(() => open.value.map((incident) => ({ incident, q: queued(incident) })).sort((a, b) => compareQueue(a.q, b.q)));
  /**
   * Each open incident's band and flag by the hall clock. Worked out every second, but the previous map is kept
   * while no band or flag changed, so the queue, its rows and the map markers do not re-render for the tick.
   */
  const marks = computed<ReadonlyMap<string, QueueMark>>((previous) => {
    const now = hall.now;
    const rows = ordered.value;
    // Most seconds no band or flag changes: found without making anything.
    if (previous && previous.size === rows.length) {
      let same = true;
      for (const { incident, q } of rows) {
        const was = previous.get(incident.id);
        if (!was || was.band !== bandAt(q, now) || was.secondEchelon !== secondEchelonDue(q, now)) {
          same = false;
          break;
        }
      }
      if (same) return previous;
    }
    const next = new Map<string, QueueMark>();
    for (const { incident, q } of rows) {
      const band = bandAt(q, now);
      const secondEchelon = secondEchelonDue(q, now);
      const was = previous?.get(incident.id);
      next.set(incident.id, was && was.band === band && was.secondEchelon === secondEchelon ? was : { band, secondEchelon });
    }
    return next;
  });
  /** The queue in order, each row with its band and flag; the countdown text itself is CountdownText's. */
  const queue = computed<QueueRow[]>(() => ordered.value.map(({ incident }) => ({ incident, ...marks.value.get(incident.id)! })));
  const selected = computed(() => (selectedId.value ? incidents.value.get(selectedId.value) ?? null : null));
  const unitList = computed(() => [...units.value.values()]);
  const recentOrders = computed(() => orders.value.slice(0, 20));

  function putIncident(i: IncidentView): void {
    const cur = incidents.value.get(i.id);
    if (cur && cur.version > i.version) return;
    incidents.value.set(i.id, i);
    triggerRef(incidents);
  }

  function toMap(list: readonly UnitView[]): UnitUpdate[] {
    return list.filter((u) => u.lat !== null && u.lon !== null).map((u) => ({ id: u.id, status: mapStatusOf(u), position: [u.lon!, u.lat!] as [number, number] }));
  }

  // GPS batches (`units.moved`, every 250 ms from the host) are kept, latest position per unit, and applied once a
  // second on the hall clock's beat: the roster, the map's unit canvas and the coverage halos then change in the
  // same task and the same frame as the header clock and the countdowns (one frame a second, not one per batch).
  // Nothing a batch brings lives past the second: each unit has one record for good, which each batch's columns are
  // copied into, and the arrays handed to the map are kept and refilled. (Thousands of objects a second that lived a
  // second were promoted to the old generation, and the console then ran a major GC every few seconds.)
  interface FixRecord {
    /** The newest fix the store holds (epoch ms): a buffered fix older than it is never applied. */
    appliedAt: number;
    /** The newest fix buffered since the last beat, and whether there is one. */
    pending: boolean;
    lat: number;
    lon: number;
    fixedAt: number;
    speed: number | null;
    heading: number | null;
  }
  const fixes = new Map<string, FixRecord>();
  const fixOf = (id: string): FixRecord => {
    let rec = fixes.get(id);
    if (!rec) fixes.set(id, (rec = { appliedAt: -Infinity, pending: false, lat: 0, lon: 0, fixedAt: -Infinity, speed: null, heading: null }));
    return rec;
  };
  /** Units with a pending fix, in arrival order: pendingIds[0 … pendingCount). */
  const pendingIds: string[] = [];
  let pendingCount = 0;
  const orNull = (v: number | null): number | null => (v === null || Number.isNaN(v) ? null : v);

  function noteFix(u: UnitView): void {
    if (u.positionAt !== null) fixOf(u.id).appliedAt = Date.parse(u.positionAt);
  }

  function putUnit(u: UnitView): void {
    units.value.set(u.id, u);
    noteFix(u);
    triggerRef(units);
    mapStore.applyUnitUpdates(toMap([u]));
  }

  function bufferMoves(batch: UnitPositionColumns): void {
    const { ids, lat, lon, fixedAt: at, speed, heading } = batch;
    for (let i = 0; i < ids.length; i++) {
      const rec = fixOf(ids[i]);
      if (rec.pending && rec.fixedAt > at[i]) continue;
      if (!rec.pending) {
        rec.pending = true;
        pendingIds[pendingCount++] = ids[i];
      }
      rec.lat = lat[i];
      rec.lon = lon[i];
      rec.fixedAt = at[i];
      rec.speed = orNull(speed[i]);
      rec.heading = orNull(heading[i]);
    }
  }

  // What one beat hands the map store, refilled each second: moved[0 … n) is at movedLon[i], movedLat[i].
  const moved: string[] = [];
  let movedLon = new Float64Array(0);
  let movedLat = new Float64Array(0);

  function flushMoves(): void {
    if (!pendingCount) return;
    if (movedLon.length < pendingCount) {
      movedLon = new Float64Array(pendingCount * 2);
      movedLat = new Float64Array(pendingCount * 2);
    }
    const map = units.value;
    let n = 0;
    // Fixes of one batch mostly share their instant: its text is made once, not once per unit.
    let isoMs = NaN;
    let isoText = '';
    for (let k = 0; k < pendingCount; k++) {
      const id = pendingIds[k];
      const p = fixes.get(id)!;
      p.pending = false;
      const u = map.get(id);
      // A unit.changed (or a reload) that came after this batch already carries a newer position.
      if (!u || p.appliedAt > p.fixedAt) continue;
      p.appliedAt = p.fixedAt;
      if (isoMs !== p.fixedAt) {
        isoMs = p.fixedAt;
        isoText = new Date(isoMs).toISOString();
      }
      u.lat = p.lat;
      u.lon = p.lon;
      u.positionAt = isoText;
      u.speed = p.speed;
      u.heading = p.heading;
      moved[n] = id;
      movedLon[n] = p.lon;
      movedLat[n] = p.lat;
      n++;
    }
    pendingCount = 0;
    if (!n) return;
    triggerRef(units);
    mapStore.moveUnits(moved, movedLon, movedLat, n);
  }

  async function load(): Promise<void> {
    const [list, unitList, orderList, types] = await Promise.all([
      client.invoke('incidents.list', { state: 'open', limit: 5000 }),
      client.invoke('units.list', {}),
      client.invoke('orders.list', { limit: 50 }),
      client.invoke('dispatch.catalogue', {}),
    ]);
    incidents.value = new Map(list.incidents.map((i) => [i.id, i]));
    units.value = new Map(unitList.units.map((u) => [u.id, u]));
    for (const rec of fixes.values()) rec.appliedAt = -Infinity;
    for (const u of unitList.units) noteFix(u);
    orders.value = orderList;
    catalogue.value = types;
    mapStore.applyUnitUpdates(toMap(unitList.units));
    loaded.value = true;
  }

  // ---- actions: each returns what the host replied; the events bring the same to every other screen ----
  async function create(input: CommandInput<'incidents.create'>): Promise<IncidentView> {
    const inc = await client.invoke('incidents.create', input);
    putIncident(inc);
    selectedId.value = inc.id;
    return inc;
  }
  async function recommend(id: string, limit = 8): Promise<Recommendation> {
    return client.invoke('incidents.recommend', { id, limit });
  }
  async function dispatch(inc: IncidentView, unitIds: string[]): Promise<void> {
    putIncident(await client.invoke('incidents.dispatch', { id: inc.id, version: inc.version, unitIds }));
  }
  async function recall(inc: IncidentView, unitId: string, reason: string): Promise<void> {
    putIncident(await client.invoke('incidents.recall', { id: inc.id, version: inc.version, unitId, reason }));
  }
  async function overrideTier(inc: IncidentView, tier: Tier, reason: string): Promise<void> {
    putIncident(await client.invoke('incidents.overrideTier', { id: inc.id, version: inc.version, tier, reason }));
  }
  async function close(inc: IncidentView, outcome: Outcome, note: string): Promise<IncidentView> {
    const done = await client.invoke('incidents.close', { id: inc.id, version: inc.version, outcome, ...(note ? { note } : {}) });
    putIncident(done);
    return done;
  }
  async function setUnitStatus(unitId: string, status: UnitStatus): Promise<void> {
    putUnit(await client.invoke('units.setStatus', { id: unitId, status }));
  }
  async function sendOrder(input: { unitIds: string[]; text: string; target?: { lat: number; lon: number } }): Promise<OrderView> {
    const order = await client.invoke('orders.create', { ...input, ...(frame.value ? { frame: frame.value } : {}) });
    putOrder(order);
    return order;
  }

  function putOrder(o: OrderView): void {
    orders.value = [o, ...orders.value.filter((x) => x.id !== o.id)].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  function select(id: string | null): void {
    selectedId.value = id;
    const inc = id ? incidents.value.get(id) : null;
    if (inc) mapStore.focusOn(inc.location.lon, inc.location.lat);
  }

  function startPick(purpose: PickPurpose): void {
    picking.value = purpose;
  }
  function cancelPick(): void {
    picking.value = null;
  }
  function pick(lat: number, lon: number): void {
    if (!picking.value) return;
    picked.value = { purpose: picking.value, lat, lon, at: Date.now() };
    picking.value = null;
  }

  /** A frame was drawn: every located unit inside is selected, and the order dialog opens. */
  function framed(f: FrameInput): void {
    frame.value = f;
    frameUnitIds.value = selectInFrame(unitList.value, f);
    orderOpen.value = true;
  }
  function closeOrder(): void {
    orderOpen.value = false;
    frame.value = null;
    frameUnitIds.value = [];
  }

  client.on('incident.changed', putIncident);
  client.on('unit.changed', putUnit);
  client.on('units.moved', bufferMoves);
  onHallSecond(flushMoves);
  client.on('order.changed', putOrder);
  client.on('dispatch.catalogueChanged', (types) => { catalogue.value = types; });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);

  return {
    incidents, units, unitList, orders, recentOrders, catalogue, selectedId, selected, open, queue, picking, picked, frame, frameUnitIds, orderOpen, loaded,
    load, create, recommend, dispatch, recall, overrideTier, close, setUnitStatus, sendOrder, select, startPick, cancelPick, pick, framed, closeOrder,
  };
});
