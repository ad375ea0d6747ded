// The alarm's rules as pure functions of stored instants: what a trigger, muster, silence or close does,
// and which outputs should be on at a given moment (so a restart recomputes them exactly).

export type AlarmSource = 'button' | 'console' | 'api';
export type DrillMode = 'siren' | 'lamp-only' | 'short-siren';

export interface AlarmRecord {
  id: number;
  triggeredAt: number;
  source: AlarmSource;
  drill: boolean;
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

export function newAlarm(
  at: number,
  how: { source: AlarmSource; drill: boolean; actor: string; incidentId: string | null },
  timing: AlarmTiming,
): NewAlarm {
  const lampUntil = at + timing.maxSirenMs;
  let sirenUntil: number | null = lampUntil;
  if (how.drill && timing.drillMode === 'lamp-only') sirenUntil = null;
  if (how.drill && timing.drillMode === 'short-siren') sirenUntil = at + Math.min(timing.shortSirenMs, timing.maxSirenMs);
  return {
    triggeredAt: at, source: how.source, drill: how.drill, actor: how.actor, incidentId: how.incidentId,
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
  return { ...a, silencedAt: at };
}

export function close(a: AlarmRecord | null, at: number, note: string): AlarmRecord | AlarmRefusal {
  if (!isActive(a)) return { refused: 'No alarm is active to close.' };
  return { ...a, closedAt: at, note, silencedAt: a.silencedAt ?? at };
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
export function turnoutElapsed(a: AlarmRecord, now: number): number {
  return a.turnoutMs ?? Math.max(0, now - a.triggeredAt);
}
