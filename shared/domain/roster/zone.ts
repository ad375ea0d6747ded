// The hall's wall clock in any IANA zone, from Intl alone, so answers never depend on the PC's own zone (TZ).
import { mod, type Day } from './calendar';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export interface LocalTime {
  day: Day;
  /** Minutes after local midnight, 0-1439. */
  minute: number;
  /** Milliseconds within that minute. */
  ms: number;
}

export interface HallZone {
  readonly zone: string;
  /** UTC offset in minutes at an instant (480 for China). */
  offsetAt(instant: number): number;
  localOf(instant: number): LocalTime;
  /**
   * The instant the hall's clocks show `minute` minutes after midnight of `day` (minute may pass 1440, so
   * 1440 + 480 is 08:00 next day). A wall time skipped by a DST jump maps to the same clock reading after the
   * jump; a repeated one maps to its first occurrence.
   */
  instantOf(day: Day, minute: number): number;
  /** ISO 8601 with the zone's offset: 2026-12-25T08:00:00+08:00 (milliseconds only when not zero). */
  formatIso(instant: number): string;
}

/** Thrown for a zone name the runtime does not know. */
export class UnknownZoneError extends RangeError {}

const zones = new Map<string, HallZone>();

/** True when Intl knows the zone (any IANA name, e.g. Asia/Shanghai, Asia/Urumqi, Europe/Berlin). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function hallZone(zone: string): HallZone {
  const cached = zones.get(zone);
  if (cached) return cached;
  if (!isKnownZone(zone)) {
    throw new UnknownZoneError(`Unknown time zone "${zone}": set the hall zone to an IANA name such as Asia/Shanghai.`);
  }
  const made = createZone(zone);
  zones.set(zone, made);
  return made;
}

function createZone(zone: string): HallZone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  /** Offset computed from Intl for one instant (whole seconds). */
  function exactOffset(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of format.formatToParts(new Date(whole))) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value) % 24; break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
        default: break;
      }
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    return Math.round((wall - whole) / MS_PER_MINUTE);
  }

  // Offsets per UTC hour: when the start and the end of an hour agree, no transition falls inside it
  // (real zones never change twice within one hour), so the whole hour shares the value.
  const hourly = new Map<number, number | null>();
  function offsetAt(instant: number): number {
    const hour = Math.floor(instant / MS_PER_HOUR);
    let known = hourly.get(hour);
    if (known === undefined) {
      const a = exactOffset(hour * MS_PER_HOUR);
      const b = exactOffset(hour * MS_PER_HOUR + MS_PER_HOUR - 1000);
      known = a === b ? a : null;
      if (hourly.size > 200_000) hourly.clear();
      hourly.set(hour, known);
    }
    return known ?? exactOffset(instant);
  }

  function localOf(instant: number): LocalTime {
    const wall = instant + offsetAt(instant) * MS_PER_MINUTE;
    const day = Math.floor(wall / MS_PER_DAY);
    const within = wall - day * MS_PER_DAY;
    return { day, minute: Math.floor(within / MS_PER_MINUTE), ms: within % MS_PER_MINUTE };
  }

  const instants = new Map<number, number>();
  function instantOf(day: Day, minute: number): number {
    const key = day * 4096 + minute;
    const hit = instants.get(key);
    if (hit !== undefined) return hit;
    const wall = day * MS_PER_DAY + minute * MS_PER_MINUTE;
    // The offsets a day either side bracket any transition near this wall time (zones change at most
    // once in two days), so the answer is one of the two.
    const before = offsetAt(wall - MS_PER_DAY);
    const after = offsetAt(wall + MS_PER_DAY);
    const tBefore = wall - before * MS_PER_MINUTE;
    const tAfter = wall - after * MS_PER_MINUTE;
    const fitsBefore = offsetAt(tBefore) === before;
    const fitsAfter = offsetAt(tAfter) === after;
    let result: number;
    if (fitsBefore && fitsAfter) result = Math.min(tBefore, tAfter);
    else if (fitsBefore) result = tBefore;
    else if (fitsAfter) result = tAfter;
    else result = tBefore; // in a DST gap: the reading the clock shows after jumping forward
    if (instants.size > 200_000) instants.clear();
    instants.set(key, result);
    return result;
  }

  function formatIso(instant: number): string {
    const offset = offsetAt(instant);
    const wall = new Date(instant + offset * MS_PER_MINUTE).toISOString(); // 2026-12-25T08:00:00.000Z
    const body = wall.endsWith('.000Z') ? wall.slice(0, 19) : wall.slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(mod(abs, 60)).padStart(2, '0')}`;
  }

  return { zone, offsetAt, localOf, instantOf, formatIso };
}

/**
 * Parses an ISO 8601 instant that names its offset (2026-12-25T09:00:00+08:00 or ...Z); a bare local time
 * is refused because its meaning would depend on the reader's zone.
 */
export function parseInstant(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const base = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(base);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  const zonePart = m[8]!;
  if (zonePart.toUpperCase() === 'Z') return base;
  const digits = zonePart.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const oh = Number(digits.slice(1, 3));
  const om = Number(digits.slice(3, 5));
  if (oh > 14 || om > 59) return null;
  return base - sign * (oh * 60 + om) * MS_PER_MINUTE;
}
