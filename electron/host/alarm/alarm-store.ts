// Reads and writes alarms in SQLite; each change is one transaction together with its audit row.
import type Database from 'better-sqlite3';
import type { AlarmRecord, AlarmSource, NewAlarm } from '../../../shared/domain/alarm/alarm-state';

export type AuditFn = (entry: { actor: string; action: string; subject: string; detail: unknown }) => void;

interface Row {
  id: number;
  triggered_at: number;
  source: AlarmSource;
  drill: number;
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
    id: r.id, triggeredAt: r.triggered_at, source: r.source, drill: r.drill === 1, actor: r.actor,
    incidentId: r.incident_id, musteredAt: r.mustered_at, turnoutMs: r.turnout_ms, silencedAt: r.silenced_at,
    closedAt: r.closed_at, note: r.note, sirenUntil: r.siren_until, lampUntil: r.lamp_until,
  };
}

export interface AlarmStore {
  open(): AlarmRecord | null;
  lastClosed(): AlarmRecord | null;
  byId(id: number): AlarmRecord | null;
  /** Inserts a new alarm unless one is open; returns the open one and whether it was created now. */
  insertIfNone(a: NewAlarm, audit: (created: AlarmRecord) => void): { alarm: AlarmRecord; created: boolean };
  update(a: AlarmRecord, audit: () => void): void;
  deviceEvent(at: number, deviceId: string, kind: string, detail: unknown, audit: () => void): void;
}

export function createAlarmStore(db: Database.Database): AlarmStore {
  const selOpen = db.prepare<[], Row>('SELECT * FROM alarms WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1');
  const selLast = db.prepare<[], Row>('SELECT * FROM alarms WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1');
  const selId = db.prepare<[number], Row>('SELECT * FROM alarms WHERE id = ?');
  const ins = db.prepare(`INSERT INTO alarms (triggered_at, source, drill, actor, incident_id, mustered_at, turnout_ms,
      silenced_at, closed_at, note, siren_until, lamp_until)
    VALUES (@triggeredAt, @source, @drill, @actor, @incidentId, @musteredAt, @turnoutMs, @silencedAt, @closedAt, @note, @sirenUntil, @lampUntil)`);
  const upd = db.prepare(`UPDATE alarms SET mustered_at = @musteredAt, turnout_ms = @turnoutMs, silenced_at = @silencedAt,
      closed_at = @closedAt, note = @note WHERE id = @id`);
  const insEvent = db.prepare('INSERT INTO alarm_device_events (at, device_id, kind, detail) VALUES (?, ?, ?, ?)');

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

  return {
    open: () => one(selOpen.get()),
    lastClosed: () => one(selLast.get()),
    byId: (id) => one(selId.get(id)),
    insertIfNone: (a, audit) => insertIfNone(a, audit),
    update: (a, audit) => update(a, audit),
    deviceEvent: (at, id, kind, detail, audit) => deviceEvent(at, id, kind, detail, audit),
  };
}
