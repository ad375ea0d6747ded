// Calendar dates as whole day numbers (days since 1970-01-01), so date arithmetic never touches a time zone.

/** A calendar date in the hall's calendar, counted in days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; null when it is not a real date (2026-02-30 is not). */
export function parseDay(text: string): Day | null {
  const m = isoDatePattern.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** Like parseDay, for dates the caller has already validated. */
export function dayOf(text: string): Day {
  const day = parseDay(text);
  if (day === null) throw new RangeError(`${JSON.stringify(text)} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-24.`);
  return day;
}

export function isoDay(day: Day): string {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function dayFromParts(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

export function partsOfDay(day: Day): { year: number; month: number; date: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Mathematical modulo: the result has the sign of the divisor. */
export function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** First and last day of a `YYYY-MM` month. */
export function monthRange(month: string): { from: Day; to: Day } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  return { from: dayFromParts(y, mo, 1), to: dayFromParts(y, mo + 1, 1) - 1 };
}

/** `HH:MM` to minutes after midnight; null when malformed. `24:00` is allowed as an end time. */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 1440 ? null : minutes;
}

export function formatClock(minutes: number): string {
  const m = mod(minutes, 1440);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
