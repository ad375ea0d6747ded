// The alarm host service: one open alarm at a time, its turnout timer and siren derived from stored instants,
// driven to every configured device; the contract handlers and HTTP routes call these methods and nothing else.
import type Database from 'better-sqlite3';
import { HallError } from '../../../shared/contract/errors';
import type { AlarmConfig, AlarmSettings, AlarmState, AlarmView, DeviceStatus, FrameEntry, PortList } from '../../../shared/contract/alarm';
import {
  close as closeAlarm, isActive, lampPlan, muster as musterAlarm, newAlarm, nextOutputChange, silence as silenceAlarm, sirenPlan,
  type AlarmRecord, type AlarmRefusal, type AlarmSource, type DrillMode, type OutputPlan,
} from '../../../shared/domain/alarm/alarm-state';
import { completeDevice, DeviceSpecError, type DeviceConfig, type DeviceDraft } from '../../../shared/domain/alarm/device-spec';
import type { Clock, TimerHandle } from '../clock';
import { createAlarmStore, type AuditFn } from './alarm-store';
import type { AlarmDevice, DeviceHooks, DeviceLinkState, DeviceLog, InputOrigin } from './device';
import { Kf1Device } from './kf1-driver';
import { LcusDevice } from './lcus-driver';
import { ModbusDevice } from './modbus-driver';
import { PressFilter } from './press-filter';
import { listSerialPorts } from './serial';

export interface AlarmServiceDeps {
  db: Database.Database;
  clock: Clock;
  /** Appends an audit row; called inside the store's transaction for the change it records. */
  audit: AuditFn;
  log: DeviceLog;
  /** Devices from `--device` / kuaifan.json; the settings view shows them but changes them nowhere. */
  startupDevices?: readonly DeviceConfig[];
  /** False for one-shot tools: devices are listed but their ports are never opened. */
  drivesHardware?: boolean;
  /** Whether an incident of the queue has this id; an alarm may only be linked to one that does. */
  incidentExists?: (id: string) => boolean;
}

export type AlarmServiceEvent =
  | { name: 'alarm.changed'; payload: AlarmState }
  | { name: 'alarm.deviceChanged'; payload: DeviceStatus };

export interface TriggerRequest {
  source: AlarmSource;
  actor: string;
  drill?: boolean;
  drillMode?: DrillMode;
  incidentId?: string;
}

export interface AlarmService {
  start(): void;
  dispose(): Promise<void>;
  state(): AlarmState;
  /** Starts an alarm unless one is open; a second press or bounce returns the open one with started: false. */
  trigger(req: TriggerRequest): { started: boolean; state: AlarmState };
  muster(actor: string): AlarmState;
  silence(actor: string): AlarmState;
  close(actor: string, note: string): AlarmState;
  testSiren(actor: string, opts?: { deviceId?: string; ms?: number }): { until: string; devices: string[] };
  devices(): DeviceStatus[];
  frames(deviceId?: string): { deviceId: string; frames: FrameEntry[] }[];
  ports(): Promise<PortList>;
  config(): AlarmConfig;
  configure(actor: string, patch: Partial<AlarmSettings>): AlarmConfig;
  saveDevice(actor: string, draft: DeviceDraft): Promise<AlarmConfig>;
  removeDevice(actor: string, id: string): Promise<AlarmConfig>;
  onChange(listener: (e: AlarmServiceEvent) => void): () => void;
}

const iso = (t: number): string => new Date(t).toISOString();
const isoOrNull = (t: number | null): string | null => (t === null ? null : iso(t));

export function alarmView(a: AlarmRecord): AlarmView {
  return {
    id: a.id, triggeredAt: iso(a.triggeredAt), source: a.source, drill: a.drill, mode: a.mode, actor: a.actor, incidentId: a.incidentId,
    musteredAt: isoOrNull(a.musteredAt), turnoutMs: a.turnoutMs, silencedAt: isoOrNull(a.silencedAt),
    closedAt: isoOrNull(a.closedAt), note: a.note, sirenUntil: isoOrNull(a.sirenUntil), lampUntil: iso(a.lampUntil),
  };
}

function isRefusal(r: AlarmRecord | AlarmRefusal): r is AlarmRefusal {
  return 'refused' in r;
}

interface Slot {
  device: AlarmDevice;
  origin: 'startup' | 'hall';
  /** Output channels the service has driven on this device, so a channel dropped from the config is switched off. */
  driven: Set<number>;
}

export function createAlarmService(deps: AlarmServiceDeps): AlarmService {
  const { clock, audit, log } = deps;
  const drivesHardware = deps.drivesHardware ?? true;
  const store = createAlarmStore(deps.db);
  const listeners = new Set<(e: AlarmServiceEvent) => void>();
  let settings = store.settings();
  let active: AlarmRecord | null = null;
  let outputTimer: TimerHandle | null = null;
  let test: { until: number; devices: Set<string>; timer: TimerHandle } | null = null;
  let started = false;
  const slots: Slot[] = [];
  const presses = new PressFilter();

  const emit = (e: AlarmServiceEvent): void => {
    for (const l of listeners) {
      try { l(e); } catch (err) { log.error('alarm listener failed', { error: err instanceof Error ? err.message : String(err) }); }
    }
  };

  const hooks: DeviceHooks = {
    clock,
    log,
    onInput: (device, ch, pressed, origin) => onInput(device, ch, pressed, origin),
    onUnattributedEdges: (device, count) => onUnattributedEdges(device, count),
    onStateChange: (device, from, to, reason) => onDeviceState(device, from, to, reason),
    onStatus: (device) => {
      const slot = slots.find((s) => s.device === device);
      if (started && slot) emit({ name: 'alarm.deviceChanged', payload: deviceStatus(slot) });
    },
  };

  function makeDevice(c: DeviceConfig): AlarmDevice {
    switch (c.kind) {
      case 'kf1': return new Kf1Device(c, hooks);
      case 'modbus': return new ModbusDevice(c, hooks);
      case 'lcus': return new LcusDevice(c, hooks);
    }
  }

  function channels(d: AlarmDevice): DeviceStatus['channels'] {
    const c = d.config;
    const lamp = c.lampOutput === undefined ? settings.lampChannel : c.lampOutput;
    return {
      trigger: c.kind === 'lcus' ? null : c.triggerInput,
      muster: c.kind === 'lcus' ? null : c.musterInput,
      siren: c.sirenOutput,
      // The hall's lamp channel never lands on a device's siren channel.
      lamp: lamp === c.sirenOutput ? null : lamp,
    };
  }

  function deviceStatus(slot: Slot): DeviceStatus {
    const s = slot.device.snapshot();
    return { ...s, origin: slot.origin, since: iso(s.since), lastFrameAt: isoOrNull(s.lastFrameAt), channels: channels(slot.device) };
  }

  function plans(now: number): { siren: OutputPlan; lamp: OutputPlan } {
    return { siren: sirenPlan(active, now), lamp: lampPlan(active, now) };
  }

  function state(): AlarmState {
    const now = clock.now();
    const p = plans(now);
    const last = store.lastClosed();
    return {
      active: active ? alarmView(active) : null,
      last: last ? alarmView(last) : null,
      siren: { on: p.siren.on, until: isoOrNull(p.siren.until) },
      lamp: { on: p.lamp.on, until: isoOrNull(p.lamp.until) },
      now: iso(now),
      devices: slots.map(deviceStatus),
    };
  }

  /** Drives every device to what the stored alarm says now, and sets the one timer for the next change. */
  function applyOutputs(): void {
    const now = clock.now();
    const p = plans(now);
    for (const slot of slots) {
      const d = slot.device;
      const ch = channels(d);
      const wanted = new Map<number, OutputPlan>();
      if (ch.siren !== null) {
        const testing = test !== null && test.devices.has(d.config.id) && !isActive(active) && now < test.until;
        wanted.set(ch.siren, testing && test ? { on: true, until: test.until } : p.siren);
      }
      if (ch.lamp !== null) wanted.set(ch.lamp, p.lamp);
      for (const old of slot.driven) if (!wanted.has(old)) d.setOutput(old, { on: false, until: null });
      slot.driven = new Set(wanted.keys());
      for (const [c, plan] of wanted) d.setOutput(c, plan);
    }
    if (outputTimer) clock.clearTimeout(outputTimer);
    outputTimer = null;
    const next = nextOutputChange(active, now);
    if (next !== null) outputTimer = clock.setTimeout(onOutputDue, next - now);
  }

  function onOutputDue(): void {
    outputTimer = null;
    const a = active;
    if (a && a.silencedAt === null && a.lampUntil <= clock.now()) {
      store.transaction(() => audit({ actor: 'system', action: 'alarm.siren-timeout', subject: `alarm:${a.id}`, detail: { maxSirenMs: a.lampUntil - a.triggeredAt } }));
    }
    applyOutputs();
    emit({ name: 'alarm.changed', payload: state() });
  }

  function trigger(req: TriggerRequest): { started: boolean; state: AlarmState } {
    if (req.incidentId !== undefined && !(deps.incidentExists?.(req.incidentId) ?? false)) {
      throw new HallError('NOT_FOUND', `No incident "${req.incidentId}": link the alarm to an incident of the queue (GET /api/v1/incidents lists them), or leave incidentId out.`, [
        { path: 'incidentId', message: `no incident "${req.incidentId}"` },
      ]);
    }
    if (isActive(active)) return { started: false, state: state() };
    const now = clock.now();
    const draft = newAlarm(now, { source: req.source, drill: req.drill ?? false, drillMode: req.drillMode, actor: req.actor, incidentId: req.incidentId ?? null }, settings);
    // Sound first, then write: the siren must not wait on the disk (the row follows within milliseconds).
    active = { ...draft, id: 0 };
    if (test) { clock.clearTimeout(test.timer); test = null; }
    applyOutputs();
    try {
      const res = store.insertIfNone(draft, (created) =>
        audit({ actor: req.actor, action: 'alarm.trigger', subject: `alarm:${created.id}`, detail: { source: req.source, drill: created.drill, mode: created.mode, incidentId: created.incidentId } }));
      active = res.alarm;
    } catch (err) {
      log.error('alarm could not be stored; it is sounding but will not survive a restart', { error: err instanceof Error ? err.message : String(err) });
    }
    log.info('alarm triggered', { id: active.id, source: req.source, drill: active.drill });
    applyOutputs();
    const s = state();
    emit({ name: 'alarm.changed', payload: s });
    return { started: true, state: s };
  }

  function change(actor: string, action: string, next: AlarmRecord | AlarmRefusal, detail: (a: AlarmRecord) => unknown): AlarmState {
    if (isRefusal(next)) throw new HallError('REFUSED', next.refused);
    store.update(next, () => audit({ actor, action, subject: `alarm:${next.id}`, detail: detail(next) }));
    active = next.closedAt === null ? next : null;
    if (next.closedAt !== null) presses.alarmClosed(clock.now());
    applyOutputs();
    const s = state();
    emit({ name: 'alarm.changed', payload: s });
    return s;
  }

  function onInput(device: AlarmDevice, ch: number, pressed: boolean, origin: InputOrigin): void {
    const c = device.config;
    if (c.kind === 'lcus') return;
    const now = clock.now();
    // A polled input's release can look one poll interval longer than it was.
    const verdict = presses.edge(`${c.id}#${ch}`, pressed, now, settings, c.kind === 'modbus' ? c.pollMs : 0);
    if (verdict === 'bounce') log.info('input edge ignored: a bounce (not released long enough before it)', { device: c.id, ch });
    if (verdict !== 'press') return;
    const actor = `device:${c.id}`;
    if (ch === c.triggerInput) {
      if (presses.lockedOut(now, settings)) {
        log.warn('alarm button press ignored: an alarm was closed moments ago', { device: c.id, closeLockoutMs: settings.closeLockoutMs });
        return;
      }
      const r = trigger({ source: 'button', actor });
      if (r.started && origin !== 'frame' && origin !== 'poll') log.warn(`alarm started from a press recovered (${origin})`, { device: c.id });
    } else if (ch === c.musterInput) {
      if (!isActive(active) || active.musteredAt !== null) return;
      change(actor, 'alarm.muster', musterAlarm(active, now), (a) => ({ turnoutMs: a.turnoutMs, via: origin === 'frame' || origin === 'poll' ? 'button' : `button (${origin})` }));
    }
  }

  /**
   * Press-release pairs were lost and nobody can tell on which input. They never start an alarm (a phantom
   * alarm calls out the squad for nothing); during an alarm whose squad has not yet mustered, the only press
   * that means anything is the muster button's, so they are taken as the muster, marked so in the audit.
   */
  function onUnattributedEdges(device: AlarmDevice, count: number): void {
    const c = device.config;
    if (c.kind === 'lcus') return;
    if (!isActive(active) || active.musteredAt !== null) {
      log.warn('lost input frames of an unknown input; no alarm is started from them', { device: c.id, count });
      return;
    }
    log.warn('lost input frames of an unknown input during an alarm; taken as the muster', { device: c.id, count });
    change(`device:${c.id}`, 'alarm.muster', musterAlarm(active, clock.now()), (a) => ({ turnoutMs: a.turnoutMs, via: 'button (recovered: lost frames, input unknown)' }));
  }

  function onDeviceState(device: AlarmDevice, from: DeviceLinkState, to: DeviceLinkState, reason: string | null): void {
    const id = device.config.id;
    let kind: string | null = null;
    if (to === 'fault' && from !== 'fault') kind = 'fault';
    else if (to === 'ok' && from === 'fault') kind = 'recovered';
    else if (to === 'ok' && from === 'connecting') kind = 'connected';
    if (!kind) return;
    (kind === 'fault' ? log.warn : log.info)(`alarm device ${kind}`, { device: id, reason });
    try {
      store.deviceEvent(clock.now(), id, kind, { reason, path: device.config.path }, () => {
        if (kind !== 'connected') audit({ actor: 'system', action: `alarm.device-${kind}`, subject: `device:${id}`, detail: { reason, path: device.config.path } });
      });
    } catch (err) {
      log.error('device event could not be stored', { device: id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  function config(): AlarmConfig {
    return { settings, devices: slots.map((s) => ({ config: s.device.config, origin: s.origin })), drivesHardware };
  }

  function addSlot(c: DeviceConfig, origin: Slot['origin'], at: number, startNow: boolean): Slot {
    const slot: Slot = { device: makeDevice(c), origin, driven: new Set() };
    slots.splice(at, 0, slot);
    if (startNow && drivesHardware) slot.device.start();
    return slot;
  }

  function slotOf(id: string): Slot | undefined {
    return slots.find((s) => s.device.config.id === id);
  }

  return {
    start() {
      if (started) return;
      started = true;
      for (const c of deps.startupDevices ?? []) addSlot(c, 'startup', slots.length, false);
      for (const c of store.devices()) {
        if (slotOf(c.id)) log.warn('a device saved in the hall has the id of a startup device; the startup one is used', { device: c.id });
        else addSlot(c, 'hall', slots.length, false);
      }
      active = store.open();
      if (active) log.info('alarm restored after restart', { id: active.id, triggeredAt: iso(active.triggeredAt) });
      // Wanted outputs first, so each device drives them the moment its port opens.
      applyOutputs();
      if (drivesHardware) for (const s of slots) s.device.start();
    },
    async dispose() {
      started = false;
      if (outputTimer) clock.clearTimeout(outputTimer);
      if (test) clock.clearTimeout(test.timer);
      outputTimer = null;
      test = null;
      listeners.clear();
      await Promise.all(slots.map((s) => s.device.stop()));
    },
    state,
    trigger,
    muster: (actor) => change(actor, 'alarm.muster', musterAlarm(active, clock.now()), (a) => ({ turnoutMs: a.turnoutMs, via: 'console' })),
    silence: (actor) => change(actor, 'alarm.silence', silenceAlarm(active, clock.now()), () => ({})),
    close: (actor, note) => change(actor, 'alarm.close', closeAlarm(active, clock.now(), note), (a) => ({ note: a.note, turnoutMs: a.turnoutMs })),
    testSiren(actor, opts = {}) {
      if (isActive(active)) throw new HallError('REFUSED', 'An alarm is open; a siren test would cut into it. Close the alarm first.');
      const targets = slots.filter((s) => channels(s.device).siren !== null && (opts.deviceId === undefined || s.device.config.id === opts.deviceId));
      if (targets.length === 0) {
        throw new HallError('NOT_FOUND', opts.deviceId ? `No siren device "${opts.deviceId}" (see alarm.devices for the ids)` : 'No device drives a siren; add one in the hardware settings or with --device.');
      }
      const ms = opts.ms ?? 1000;
      const until = clock.now() + ms;
      if (test) clock.clearTimeout(test.timer);
      const ids = targets.map((s) => s.device.config.id);
      test = { until, devices: new Set(ids), timer: clock.setTimeout(() => { test = null; applyOutputs(); }, ms) };
      store.transaction(() => audit({ actor, action: 'alarm.testSiren', subject: 'alarm:test', detail: { devices: ids, ms } }));
      applyOutputs();
      return { until: iso(until), devices: ids };
    },
    devices: () => slots.map(deviceStatus),
    frames(deviceId) {
      const chosen = deviceId === undefined ? slots : slots.filter((s) => s.device.config.id === deviceId);
      if (deviceId !== undefined && chosen.length === 0) throw new HallError('NOT_FOUND', `No alarm device "${deviceId}" (see alarm.devices for the ids)`);
      return chosen.map((s) => ({
        deviceId: s.device.config.id,
        frames: s.device.frames().map((f) => ({ at: iso(f.at), dir: f.dir, text: f.text, ...(f.dropped ? { dropped: f.dropped } : {}) })),
      }));
    },
    ports: () => listSerialPorts(),
    config,
    configure(actor, patch) {
      settings = store.saveSettings(patch, () => audit({ actor, action: 'alarm.configure', subject: 'alarm:settings', detail: patch }));
      // The lamp channel may have moved; siren times of an open alarm are stored and do not change.
      applyOutputs();
      emit({ name: 'alarm.changed', payload: state() });
      return config();
    },
    async saveDevice(actor, draft) {
      let c: DeviceConfig;
      try {
        c = completeDevice(draft);
      } catch (err) {
        if (err instanceof DeviceSpecError) throw new HallError('BAD_INPUT', err.message);
        throw err;
      }
      const existing = slotOf(c.id);
      if (existing?.origin === 'startup') {
        throw new HallError('REFUSED', `Device "${c.id}" was given at startup (--device or kuaifan.json); change it there, or save this one under another id.`);
      }
      const samePort = slots.find((s) => s !== existing && s.device.config.path === c.path);
      if (samePort) throw new HallError('CONFLICT', `Port ${c.path} is already used by device "${samePort.device.config.id}"; one port drives one device.`);
      store.saveDevice(c, clock.now(), () => audit({ actor, action: existing ? 'alarm.device-changed' : 'alarm.device-added', subject: `device:${c.id}`, detail: c }));
      let at = slots.length;
      if (existing) {
        at = slots.indexOf(existing);
        slots.splice(at, 1);
        await existing.device.stop();
      }
      addSlot(c, 'hall', at, false);
      applyOutputs();
      if (drivesHardware) slots[at]!.device.start();
      emit({ name: 'alarm.changed', payload: state() });
      return config();
    },
    async removeDevice(actor, id) {
      const slot = slotOf(id);
      if (!slot) throw new HallError('NOT_FOUND', `No alarm device "${id}" (see alarm.devices for the ids)`);
      if (slot.origin === 'startup') throw new HallError('REFUSED', `Device "${id}" was given at startup (--device or kuaifan.json); remove it there.`);
      store.removeDevice(id, () => audit({ actor, action: 'alarm.device-removed', subject: `device:${id}`, detail: { path: slot.device.config.path } }));
      slots.splice(slots.indexOf(slot), 1);
      // Leave nothing sounding on a device the console no longer drives.
      for (const ch of slot.driven) slot.device.setOutput(ch, { on: false, until: null });
      await slot.device.stop();
      emit({ name: 'alarm.changed', payload: state() });
      return config();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
