// The alarm's rules as pure functions of stored instants: what a trigger, muster, silence or close does,
// and which outputs should be on at a given moment (so a restart recomputes them exactly).

export type AlarmSource = 'button' | 'console' | 'api';
/** What a drill sounds: the full siren, the lamp only, or a short siren. A real alarm always sounds 'siren'. */
export type DrillMode = 'siren' | 'lamp-only' | 'short-siren';

export interface AlarmRecord {
  id: number;
  triggeredAt: number;
  source: AlarmSource;
  drill: boolean;
  /** How this alarm sounds ('siren' for every real alarm). */
  mode: DrillMode;
  actor: string;
  incidentId: string | null;
  musteredAt: number | null;
  turnoutMs: number | null;
  silencedAt: number | null;
  closedAt: number | null;
  note: string | null;
  /** Instant the siren stops by itself; null when this alarm never sounds the siren (lamp-only drill). */
  sirenUntil: number | null;
  /** Instant the lamp stops by itself (the full maximum time). */
  lampUntil: number;
}

export interface AlarmTiming {
  maxSirenMs: number;
  drillMode: DrillMode;
  shortSirenMs: number;
}

export const DEFAULT_MAX_SIREN_MS = 60_000;
export const DEFAULT_SHORT_SIREN_MS = 3_000;

export type NewAlarm = Omit<AlarmRecord, 'id'>;

/** A new alarm at `at`. A drill takes `how.drillMode` when given, else the hall's drill mode. */
export function newAlarm(
  at: number,
  how: { source: AlarmSource; drill: boolean; drillMode?: DrillMode; actor: string; incidentId: string | null },
  timing: AlarmTiming,
): NewAlarm {
  const mode: DrillMode = how.drill ? (how.drillMode ?? timing.drillMode) : 'siren';
  const lampUntil = at + timing.maxSirenMs;
  let sirenUntil: number | null = lampUntil;
  if (mode === 'lamp-only') sirenUntil = null;
  if (mode === 'short-siren') sirenUntil = at + Math.min(timing.shortSirenMs, timing.maxSirenMs);
  return {
    triggeredAt: at, source: how.source, drill: how.drill, mode, actor: how.actor, incidentId: how.incidentId,
    musteredAt: null, turnoutMs: null, silencedAt: null, closedAt: null, note: null, sirenUntil, lampUntil,
  };
}

/** An alarm is active from its trigger until it is closed; while active, further triggers start nothing. */
export function isActive(a: AlarmRecord | null): a is AlarmRecord {
  return a !== null && a.closedAt === null;
}

export type AlarmRefusal = { refused: string };

export function muster(a: AlarmRecord | null, at: number): AlarmRecord | AlarmRefusal {
  if (!isActive(a)) return { refused: 'No alarm is active, so there is no turnout to stop.' };
  if (a.musteredAt !== null) return { refused: `The squad was already marked departed at ${new Date(a.musteredAt).toISOString()}.` };
  const musteredAt = Math.max(at, a.triggeredAt);
  return { ...a, musteredAt, turnoutMs: musteredAt - a.triggeredAt };
}

export function silence(a: AlarmRecord | null, at: number): AlarmRecord | AlarmRefusal {
  if (!isActive(a)) return { refused: 'No alarm is active to silence.' };
  if (a.silencedAt !== null) return { refused: 'The siren is already silenced.' };
  return { ...a, silencedAt: Math.max(at, a.triggeredAt) };
}

export function close(a: AlarmRecord | null, at: number, note: string): AlarmRecord | AlarmRefusal {
  if (!isActive(a)) return { refused: 'No alarm is active to close.' };
  const text = note.trim();
  if (!text) return { refused: 'Write a note to close the alarm: what happened (e.g. 小组已出动, 误触, 演练结束).' };
  return { ...a, closedAt: Math.max(at, a.triggeredAt), note: text, silencedAt: a.silencedAt ?? Math.max(at, a.triggeredAt) };
}

export interface OutputPlan {
  on: boolean;
  /** When it turns off by itself (null when off): sent as the device's auto-off so it never sounds past its max. */
  until: number | null;
}

function window(a: AlarmRecord | null, until: number | null, now: number): OutputPlan {
  if (!isActive(a) || a.silencedAt !== null || until === null || now >= until) return { on: false, until: null };
  return { on: true, until };
}

export function sirenPlan(a: AlarmRecord | null, now: number): OutputPlan {
  return window(a, a?.sirenUntil ?? null, now);
}

export function lampPlan(a: AlarmRecord | null, now: number): OutputPlan {
  return window(a, a?.lampUntil ?? null, now);
}

/** The next instant at which an output plan changes by itself, for the one timer the host keeps. */
export function nextOutputChange(a: AlarmRecord | null, now: number): number | null {
  const times = [sirenPlan(a, now).until, lampPlan(a, now).until].filter((t): t is number => t !== null && t > now);
  return times.length ? Math.min(...times) : null;
}

/** Running turnout: elapsed since the trigger until mustered (then frozen). */
export function turnoutElapsed(a: Pick<AlarmRecord, 'turnoutMs' | 'triggeredAt'>, now: number): number {
  return a.turnoutMs ?? Math.max(0, now - a.triggeredAt);
}

/** `m:ss` under an hour, `h:mm:ss` beyond; for the turnout clock on every screen. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
