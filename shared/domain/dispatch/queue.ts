// The alert queue's arithmetic: time left to the 135 deadline, colour band, second-echelon flag, ordering.
import type { IncidentState } from './incident-state';

/** What the queue needs of an incident: all stored instants (epoch ms UTC), so any process computes the same. */
export interface QueuedIncident {
  id: string;
  state: IncidentState;
  intakeAt: number;
  deadlineAt: number;
  budgetS: number;
  firstArrivalAt: number | null;
  /** Closing without an arrival freezes the clock too; omitted means still open. */
  closedAt?: number | null;
}

/** 'met'/'missed': a unit arrived before/after the deadline; 'closed': closed with no arrival (neither). */
export type CountdownBand = 'green' | 'amber' | 'red' | 'overdue' | 'met' | 'missed' | 'closed';

/** Fraction of the budget left at which the console offers the second echelon (the readiness squad). */
export const SECOND_ECHELON_FRACTION = 0.3;
/** Above this fraction left the row is green; between it and the second-echelon fraction, amber. */
export const AMBER_FRACTION = 0.6;

export interface Countdown {
  /** Milliseconds to the deadline (negative once past); frozen at first arrival, or at closure without one. */
  remainingMs: number;
  /** "mm:ss", "-mm:ss" when overdue. */
  text: string;
  band: CountdownBand;
  /** 30 % of the budget or less is left and no unit is yet on its way (or there). */
  secondEchelon: boolean;
}

export function formatCountdown(ms: number): string {
  const neg = ms < 0;
  // Whole seconds toward the deadline: 59.4 s left shows 00:59, 0.4 s overdue shows -00:01.
  const s = neg ? Math.ceil(-ms / 1000) : Math.floor(ms / 1000);
  const mm = Math.floor(s / 60);
  const ss = s % 60;
  return `${neg ? '-' : ''}${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/** Instant at which the second-echelon flag rises, so the host can arm one timer from stored instants. */
export const secondEchelonAt = (i: Pick<QueuedIncident, 'deadlineAt' | 'budgetS'>): number => i.deadlineAt - SECOND_ECHELON_FRACTION * i.budgetS * 1000;

const awaitingUnit = (state: IncidentState): boolean => state === 'new' || state === 'dispatched';

export function countdown(i: QueuedIncident, now: number): Countdown {
  if (i.firstArrivalAt !== null) {
    const remainingMs = i.deadlineAt - i.firstArrivalAt;
    return { remainingMs, text: formatCountdown(remainingMs), band: remainingMs >= 0 ? 'met' : 'missed', secondEchelon: false };
  }
  const stoppedAt = i.closedAt ?? null;
  const remainingMs = i.deadlineAt - (stoppedAt ?? now);
  if (stoppedAt !== null) return { remainingMs, text: formatCountdown(remainingMs), band: 'closed', secondEchelon: false };
  const fraction = remainingMs / (i.budgetS * 1000);
  const band: CountdownBand = remainingMs < 0 ? 'overdue' : fraction <= SECOND_ECHELON_FRACTION ? 'red' : fraction <= AMBER_FRACTION ? 'amber' : 'green';
  const secondEchelon = awaitingUnit(i.state) && now >= secondEchelonAt(i);
  return { remainingMs, text: formatCountdown(remainingMs), band, secondEchelon };
}

// The band and flag alone, for the queue, which asks for every open incident each second and shows only the
// countdown text of the rows in sight. Kept apart from countdown() and tested to agree with it.

/** Milliseconds to the deadline at `now`, frozen at first arrival or at closure without one. */
function remainingAt(i: QueuedIncident, now: number): number {
  return i.deadlineAt - (i.firstArrivalAt ?? i.closedAt ?? now);
}

/** countdown(i, now).band, without making the text (the queue asks for every open incident each second). */
export function bandAt(i: QueuedIncident, now: number): CountdownBand {
  const remainingMs = remainingAt(i, now);
  if (i.firstArrivalAt !== null) return remainingMs >= 0 ? 'met' : 'missed';
  if ((i.closedAt ?? null) !== null) return 'closed';
  const fraction = remainingMs / (i.budgetS * 1000);
  return remainingMs < 0 ? 'overdue' : fraction <= SECOND_ECHELON_FRACTION ? 'red' : fraction <= AMBER_FRACTION ? 'amber' : 'green';
}

/** countdown(i, now).secondEchelon: 30 % of the budget or less left, still open, and no unit yet on its way. */
export function secondEchelonDue(i: QueuedIncident, now: number): boolean {
  return i.firstArrivalAt === null && (i.closedAt ?? null) === null && awaitingUnit(i.state) && now >= secondEchelonAt(i);
}

/**
 * Queue order: incidents still waiting for a first arrival by time left (least first), then those with a
 * unit on scene by intake time; ties by id so every screen shows the same order.
 */
export function compareQueue(a: QueuedIncident, b: QueuedIncident): number {
  const wa = a.firstArrivalAt === null ? 0 : 1;
  const wb = b.firstArrivalAt === null ? 0 : 1;
  if (wa !== wb) return wa - wb;
  const ka = wa === 0 ? a.deadlineAt : a.intakeAt;
  const kb = wb === 0 ? b.deadlineAt : b.intakeAt;
  return ka - kb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
