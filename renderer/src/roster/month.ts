// Month arithmetic for the roster screens, in the hall's calendar (never the PC's zone).
import { isoDay, monthRange } from '@shared/domain/roster/calendar';

/** `YYYY-MM` of an instant on the hall's calendar. */
export function monthOf(instant: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const y = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const m = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${y}-${m}`;
}

/** `YYYY-MM-DD` of an instant on the hall's calendar. */
export function dateOf(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function addMonths(month: string, delta: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + delta;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${year}-${String(mm + 1).padStart(2, '0')}`;
}

export function isMonth(text: string): boolean {
  return monthRange(text) !== null;
}

export function monthBounds(month: string): { from: string; to: string } {
  const r = monthRange(month);
  if (!r) throw new RangeError(`${month} is not a month (YYYY-MM)`);
  return { from: isoDay(r.from), to: isoDay(r.to) };
}

export function yearAndMonth(month: string): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}
