// Reads and writes alarms, devices and alarm settings in SQLite; each change is one transaction with its audit row.
import type Database from 'better-sqlite3';
import type { AlarmRecord, AlarmSource, DrillMode, NewAlarm } from '../../../shared/domain/alarm/alarm-state';
import { DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { AlarmSettings } from '../../../shared/contract/alarm';

export type AuditFn = (entry: { actor: string; action: string; subject: string; detail: unknown }) => void;

interface Row {
  id: number;
  triggered_at: number;
  source: AlarmSource;
  drill: number;
  mode: DrillMode;
  actor: string;
  incident_id: string | null;
  mustered_at: number | null;
  turnout_ms: number | null;
  silenced_at: number | null;
  closed_at: number | null;
  note: string | null;
  siren_until: number | null;
  lamp_until: number;
}

function fromRow(r: Row): AlarmRecord {
  return {
    id: r.id, triggeredAt: r.triggered_at, source: r.source, drill: r.drill === 1, mode: r.mode, actor: r.actor,
    incidentId: r.incident_id, musteredAt: r.mustered_at, turnoutMs: r.turnout_ms, silencedAt: r.silenced_at,
    closedAt: r.closed_at, note: r.note, sirenUntil: r.siren_until, lampUntil: r.lamp_until,
  };
}

export const defaultAlarmSettings: AlarmSettings = {
  maxSirenMs: 60_000, drillMode: 'siren', shortSirenMs: 3_000, lampChannel: null, buttonSettleMs: 100, closeLockoutMs: 1_000,
};

export interface AlarmStore {
  open(): AlarmRecord | null;
  lastClosed(): AlarmRecord | null;
  byId(id: number): AlarmRecord | null;
  /** Inserts a new alarm unless one is open; returns the open one and whether it was created now. */
  insertIfNone(a: NewAlarm, audit: (created: AlarmRecord) => void): { alarm: AlarmRecord; created: boolean };
  update(a: AlarmRecord, audit: () => void): void;
  deviceEvent(at: number, deviceId: string, kind: string, detail: unknown, audit: () => void): void;
  /** Devices added in the settings view, in the order they were first added. */
  devices(): DeviceConfig[];
  saveDevice(d: DeviceConfig, at: number, audit: () => void): void;
  removeDevice(id: string, audit: () => void): boolean;
  settings(): AlarmSettings;
  saveSettings(patch: Partial<AlarmSettings>, audit: () => void): AlarmSettings;
  /** Only in one transaction with something else (the service's audit of a timeout, for instance). */
  transaction<T>(fn: () => T): T;
}

export function createAlarmStore(db: Database.Database): AlarmStore {
  const selOpen = db.prepare<[], Row>('SELECT * FROM alarms WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1');
  const selLast = db.prepare<[], Row>('SELECT * FROM alarms WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1');
  const selId = db.prepare<[number], Row>('SELECT * FROM alarms WHERE id = ?');
  const ins = db.prepare(`INSERT INTO alarms (triggered_at, source, drill, mode, actor, incident_id, mustered_at, turnout_ms,
      silenced_at, closed_at, note, siren_until, lamp_until)
    VALUES (@triggeredAt, @source, @drill, @mode, @actor, @incidentId, @musteredAt, @turnoutMs, @silencedAt, @closedAt, @note, @sirenUntil, @lampUntil)`);
  const upd = db.prepare(`UPDATE alarms SET mustered_at = @musteredAt, turnout_ms = @turnoutMs, silenced_at = @silencedAt,
      closed_at = @closedAt, note = @note WHERE id = @id`);
  const insEvent = db.prepare('INSERT INTO alarm_device_events (at, device_id, kind, detail) VALUES (?, ?, ?, ?)');
  const selDevices = db.prepare<[], { id: string; config: string }>('SELECT id, config FROM alarm_devices ORDER BY position, id');
  const upsertDevice = db.prepare(`INSERT INTO alarm_devices (id, config, position, updated_at)
      VALUES (@id, @config, (SELECT COALESCE(MAX(position), 0) + 1 FROM alarm_devices), @at)
      ON CONFLICT(id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`);
  const delDevice = db.prepare('DELETE FROM alarm_devices WHERE id = ?');
  const selSettings = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM alarm_settings');
  const putSetting = db.prepare('INSERT INTO alarm_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  const one = (r: Row | undefined): AlarmRecord | null => (r ? fromRow(r) : null);

  const insertIfNone = db.transaction((a: NewAlarm, audit: (created: AlarmRecord) => void) => {
    const existing = one(selOpen.get());
    if (existing) return { alarm: existing, created: false };
    const info = ins.run({ ...a, drill: a.drill ? 1 : 0 });
    const alarm = { ...a, id: Number(info.lastInsertRowid) };
    audit(alarm);
    return { alarm, created: true };
  });
  const update = db.transaction((a: AlarmRecord, audit: () => void) => {
    upd.run(a);
    audit();
  });
  const deviceEvent = db.transaction((at: number, deviceId: string, kind: string, detail: unknown, audit: () => void) => {
    insEvent.run(at, deviceId, kind, JSON.stringify(detail ?? {}));
    audit();
  });

  function settings(): AlarmSettings {
    const stored: Record<string, unknown> = {};
    for (const r of selSettings.all()) stored[r.key] = JSON.parse(r.value) as unknown;
    const merged = AlarmSettings.safeParse({ ...defaultAlarmSettings, ...stored });
    return merged.success ? merged.data : defaultAlarmSettings;
  }

  function devices(): DeviceConfig[] {
    const out: DeviceConfig[] = [];
    for (const r of selDevices.all()) {
      // A row this version cannot read (written by a newer one) is skipped rather than stopping the hall.
      const parsed = DeviceConfig.safeParse(JSON.parse(r.config));
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  return {
    open: () => one(selOpen.get()),
    lastClosed: () => one(selLast.get()),
    byId: (id) => one(selId.get(id)),
    insertIfNone: (a, audit) => insertIfNone(a, audit),
    update: (a, audit) => update(a, audit),
    deviceEvent: (at, id, kind, detail, audit) => deviceEvent(at, id, kind, detail, audit),
    devices,
    saveDevice: (d, at, audit) => db.transaction(() => { upsertDevice.run({ id: d.id, config: JSON.stringify(d), at }); audit(); })(),
    removeDevice: (id, audit) => db.transaction(() => { const n = delDevice.run(id).changes; if (n) audit(); return n > 0; })(),
    settings,
    saveSettings(patch, audit) {
      db.transaction(() => {
        for (const [k, v] of Object.entries(patch)) if (v !== undefined) putSetting.run(k, JSON.stringify(v));
        audit();
      })();
      return settings();
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}
