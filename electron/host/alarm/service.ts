// The alarm host service: one open alarm at a time, its turnout timer and siren derived from stored instants,
// driven to every configured device; the contract handlers and HTTP routes call these methods and nothing else.
import type Database from 'better-sqlite3';
import { HallError } from '../../../shared/contract/errors';
import type { AlarmState, AlarmView, DeviceStatus, FrameEntry, PortList } from '../../../shared/contract/alarm';
import {
  close as closeAlarm, DEFAULT_MAX_SIREN_MS, DEFAULT_SHORT_SIREN_MS, isActive, lampPlan, muster as musterAlarm, newAlarm,
  nextOutputChange, silence as silenceAlarm, sirenPlan,
  type AlarmRecord, type AlarmRefusal, type AlarmSource, type DrillMode, type OutputPlan,
} from '../../../shared/domain/alarm/alarm-state';
import { parseDeviceSpec, type DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import type { Clock, TimerHandle } from '../clock';
import { createAlarmStore, type AuditFn } from './alarm-store';
import type { AlarmDevice, DeviceHooks, DeviceLog, DeviceSnapshot, DeviceLinkState, InputOrigin } from './device';
import { Kf1Device } from './kf1-driver';
import { LcusDevice } from './lcus-driver';
import { ModbusDevice } from './modbus-driver';
import { listSerialPorts } from './serial';

export { parseDeviceSpec };
export type { DeviceConfig };

export interface AlarmSettings {
  /** Longest the siren sounds unless silenced first (default 60 s). */
  maxSirenMs?: number;
  /** What a drill does: the full siren, the lamp only, or a short siren (default 'siren'). */
  drillMode?: DrillMode;
  shortSirenMs?: number;
  /** Lamp output channel on devices that do not set their own; none when absent. */
  lampChannel?: number;
}

export interface AlarmServiceDeps {
  db: Database.Database;
  clock: Clock;
  audit: AuditFn;
  log: DeviceLog;
  devices: DeviceConfig[];
  settings?: AlarmSettings;
}

export type AlarmServiceEvent =
  | { name: 'alarm.changed'; payload: AlarmState }
  | { name: 'alarm.deviceChanged'; payload: DeviceStatus };

export interface TriggerRequest {
  source: AlarmSource;
  actor: string;
  drill?: boolean;
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
  onChange(listener: (e: AlarmServiceEvent) => void): () => void;
}

const iso = (t: number): string => new Date(t).toISOString();
const isoOrNull = (t: number | null): string | null => (t === null ? null : iso(t));

export function alarmView(a: AlarmRecord): AlarmView {
  return {
    id: a.id, triggeredAt: iso(a.triggeredAt), source: a.source, drill: a.drill, actor: a.actor, incidentId: a.incidentId,
    musteredAt: isoOrNull(a.musteredAt), turnoutMs: a.turnoutMs, silencedAt: isoOrNull(a.silencedAt),
    closedAt: isoOrNull(a.closedAt), note: a.note, sirenUntil: isoOrNull(a.sirenUntil), lampUntil: iso(a.lampUntil),
  };
}

function isRefusal(r: AlarmRecord | AlarmRefusal): r is AlarmRefusal {
  return 'refused' in r;
}

export function createAlarmService(deps: AlarmServiceDeps): AlarmService {
  const { clock, audit, log } = deps;
  const settings = {
    maxSirenMs: deps.settings?.maxSirenMs ?? DEFAULT_MAX_SIREN_MS,
    drillMode: deps.settings?.drillMode ?? 'siren',
    shortSirenMs: deps.settings?.shortSirenMs ?? DEFAULT_SHORT_SIREN_MS,
    lampChannel: deps.settings?.lampChannel ?? null,
  };
  const store = createAlarmStore(deps.db);
  const listeners = new Set<(e: AlarmServiceEvent) => void>();
  let active: AlarmRecord | null = null;
  let outputTimer: TimerHandle | null = null;
  let test: { until: number; devices: Set<string>; timer: TimerHandle } | null = null;
  let started = false;

  const emit = (e: AlarmServiceEvent): void => {
    for (const l of listeners) {
      try { l(e); } catch (err) { log.error('alarm listener failed', { error: err instanceof Error ? err.message : String(err) }); }
    }
  };

  const hooks: DeviceHooks = {
    clock,
    log,
    onInput: (device, ch, pressed, origin) => onInput(device, ch, pressed, origin),
    onStateChange: (device, from, to, reason) => onDeviceState(device, from, to, reason),
    onStatus: (device) => { if (started) emit({ name: 'alarm.deviceChanged', payload: deviceStatus(device) }); },
  };
  const devices: AlarmDevice[] = deps.devices.map((c) => {
    switch (c.kind) {
      case 'kf1': return new Kf1Device(c, hooks);
      case 'modbus': return new ModbusDevice(c, hooks);
      case 'lcus': return new LcusDevice(c, hooks);
    }
  });

  function channels(d: AlarmDevice): DeviceStatus['channels'] {
    const c = d.config;
    const lamp = c.lampOutput === undefined ? settings.lampChannel : c.lampOutput;
    return {
      trigger: c.kind === 'lcus' ? null : c.triggerInput,
      muster: c.kind === 'lcus' ? null : c.musterInput,
      siren: c.sirenOutput,
      lamp,
    };
  }

  function deviceStatus(d: AlarmDevice): DeviceStatus {
    const s: DeviceSnapshot = d.snapshot();
    return { ...s, since: iso(s.since), lastFrameAt: isoOrNull(s.lastFrameAt), channels: channels(d) };
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
      devices: devices.map(deviceStatus),
    };
  }

  /** Drives every device to what the stored alarm says now, and sets the one timer for the next change. */
  function applyOutputs(): void {
    const now = clock.now();
    const p = plans(now);
    for (const d of devices) {
      const ch = channels(d);
      const testing = test !== null && test.devices.has(d.config.id) && !isActive(active);
      if (ch.siren !== null) {
        const siren = testing && test ? { on: true, until: test.until } : p.siren;
        d.setOutput(ch.siren, { on: siren.on, until: siren.until });
      }
      if (ch.lamp !== null) d.setOutput(ch.lamp, { on: p.lamp.on, until: p.lamp.until });
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
      audit({ actor: 'system', action: 'alarm.siren-timeout', subject: `alarm:${a.id}`, detail: { maxSirenMs: a.lampUntil - a.triggeredAt } });
    }
    applyOutputs();
    emit({ name: 'alarm.changed', payload: state() });
  }

  function trigger(req: TriggerRequest): { started: boolean; state: AlarmState } {
    if (isActive(active)) return { started: false, state: state() };
    const now = clock.now();
    const draft = newAlarm(now, { source: req.source, drill: req.drill ?? false, actor: req.actor, incidentId: req.incidentId ?? null }, settings);
    // Sound first, then write: the siren must not wait on the disk (the row follows within milliseconds).
    active = { ...draft, id: 0 };
    if (test) { clock.clearTimeout(test.timer); test = null; }
    applyOutputs();
    try {
      const res = store.insertIfNone(draft, (created) =>
        audit({ actor: req.actor, action: 'alarm.trigger', subject: `alarm:${created.id}`, detail: { source: req.source, drill: created.drill, incidentId: created.incidentId } }));
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
    applyOutputs();
    const s = state();
    emit({ name: 'alarm.changed', payload: s });
    return s;
  }

  function onInput(device: AlarmDevice, ch: number, pressed: boolean, origin: InputOrigin): void {
    if (!pressed || device.config.kind === 'lcus') return;
    const actor = `device:${device.config.id}`;
    if (ch === device.config.triggerInput) {
      const r = trigger({ source: 'button', actor });
      if (!r.started) return;
      if (origin === 'heartbeat') log.warn('alarm started from a press recovered from a heartbeat', { device: device.config.id });
    } else if (ch === device.config.musterInput) {
      if (!isActive(active) || active.musteredAt !== null) return;
      change(actor, 'alarm.muster', musterAlarm(active, clock.now()), (a) => ({ turnoutMs: a.turnoutMs, via: 'button' }));
    }
  }

  function onDeviceState(device: AlarmDevice, from: DeviceLinkState, to: DeviceLinkState, reason: string | null): void {
    const now = clock.now();
    const id = device.config.id;
    let kind: string | null = null;
    if (to === 'fault' && from !== 'fault') kind = 'fault';
    else if (to === 'ok' && from === 'fault') kind = 'recovered';
    else if (to === 'ok' && from === 'connecting') kind = 'connected';
    if (!kind) return;
    (kind === 'fault' ? log.warn : log.info)(`alarm device ${kind}`, { device: id, reason });
    try {
      store.deviceEvent(now, id, kind, { reason, path: device.config.path }, () => {
        if (kind !== 'connected') audit({ actor: 'system', action: `alarm.device-${kind}`, subject: `device:${id}`, detail: { reason, path: device.config.path } });
      });
    } catch (err) {
      log.error('device event could not be stored', { device: id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      active = store.open();
      if (active) log.info('alarm restored after restart', { id: active.id, triggeredAt: iso(active.triggeredAt) });
      applyOutputs();
      for (const d of devices) d.start();
    },
    async dispose() {
      started = false;
      if (outputTimer) clock.clearTimeout(outputTimer);
      if (test) clock.clearTimeout(test.timer);
      outputTimer = null;
      test = null;
      listeners.clear();
      await Promise.all(devices.map((d) => d.stop()));
    },
    state,
    trigger,
    muster: (actor) => change(actor, 'alarm.muster', musterAlarm(active, clock.now()), (a) => ({ turnoutMs: a.turnoutMs, via: 'console' })),
    silence: (actor) => change(actor, 'alarm.silence', silenceAlarm(active, clock.now()), () => ({})),
    close: (actor, note) => change(actor, 'alarm.close', closeAlarm(active, clock.now(), note), (a) => ({ note: a.note, turnoutMs: a.turnoutMs })),
    testSiren(actor, opts = {}) {
      if (isActive(active)) throw new HallError('REFUSED', 'An alarm is open; the siren test would cut it short. Close the alarm first.');
      const targets = devices.filter((d) => channels(d).siren !== null && (opts.deviceId === undefined || d.config.id === opts.deviceId));
      if (targets.length === 0) {
        throw new HallError('NOT_FOUND', opts.deviceId ? `No siren device "${opts.deviceId}" (see alarm.devices)` : 'No device drives a siren; configure one with --device.');
      }
      const until = clock.now() + (opts.ms ?? 1000);
      if (test) clock.clearTimeout(test.timer);
      test = { until, devices: new Set(targets.map((d) => d.config.id)), timer: clock.setTimeout(() => { test = null; applyOutputs(); }, until - clock.now()) };
      audit({ actor, action: 'alarm.testSiren', subject: 'alarm:test', detail: { devices: [...test.devices], ms: opts.ms ?? 1000 } });
      applyOutputs();
      return { until: iso(until), devices: [...test.devices] };
    },
    devices: () => devices.map(deviceStatus),
    frames(deviceId) {
      const chosen = deviceId === undefined ? devices : devices.filter((d) => d.config.id === deviceId);
      if (deviceId !== undefined && chosen.length === 0) throw new HallError('NOT_FOUND', `No alarm device "${deviceId}"`);
      return chosen.map((d) => ({
        deviceId: d.config.id,
        frames: d.frames().map((f) => ({ at: iso(f.at), dir: f.dir, text: f.text, ...(f.dropped ? { dropped: f.dropped } : {}) })),
      }));
    },
    ports: () => listSerialPorts(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
