// Zone maths from Intl: China and Urumqi, half-hour zones, and DST gaps and overlaps for zones that have them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayOf } from './calendar';
import { hallZone, isKnownZone, parseInstant, UnknownZoneError } from './zone';

const utc = (iso: string): number => Date.parse(iso);

describe('hall zone', () => {
  it('China: 08:00 local is 00:00 UTC, formatted with +08:00', () => {
    const z = hallZone('Asia/Shanghai');
    const t = z.instantOf(dayOf('2026-12-25'), 8 * 60);
    expect(t).toBe(utc('2026-12-25T00:00:00Z'));
    expect(z.formatIso(t)).toBe('2026-12-25T08:00:00+08:00');
    expect(z.formatIso(t + 1234)).toBe('2026-12-25T08:00:01.234+08:00');
    expect(z.localOf(utc('2026-12-24T16:30:00Z'))).toEqual({ day: dayOf('2026-12-25'), minute: 30, ms: 0 });
    // 24:00 + 8 h is 08:00 the next day.
    expect(z.instantOf(dayOf('2026-12-25'), 1440 + 480)).toBe(utc('2026-12-26T00:00:00Z'));
  });

  it('Urumqi is UTC+6 and Kathmandu +05:45', () => {
    expect(hallZone('Asia/Urumqi').formatIso(utc('2026-06-01T00:00:00Z'))).toBe('2026-06-01T06:00:00+06:00');
    expect(hallZone('Asia/Kathmandu').formatIso(utc('2026-06-01T00:00:00Z'))).toBe('2026-06-01T05:45:00+05:45');
    expect(hallZone('America/St_Johns').formatIso(utc('2026-01-15T12:00:00Z'))).toBe('2026-01-15T08:30:00-03:30');
  });

  it('New York: a wall time skipped by the spring jump maps to the reading after it; a repeated one to its first occurrence', () => {
    const z = hallZone('America/New_York');
    // 2026-03-08 02:30 does not exist (02:00 EST → 03:00 EDT).
    expect(z.formatIso(z.instantOf(dayOf('2026-03-08'), 150))).toBe('2026-03-08T03:30:00-04:00');
    // 2026-11-01 01:30 happens twice; the first is EDT.
    expect(z.formatIso(z.instantOf(dayOf('2026-11-01'), 90))).toBe('2026-11-01T01:30:00-04:00');
    // A 20:00-08:00 night across the autumn change lasts 13 hours of real time.
    const start = z.instantOf(dayOf('2026-10-31'), 20 * 60);
    const end = z.instantOf(dayOf('2026-10-31'), 32 * 60);
    expect((end - start) / 3_600_000).toBe(13);
  });

  it('Berlin: the repeated hour at the autumn change maps to its first occurrence (CEST)', () => {
    const z = hallZone('Europe/Berlin');
    expect(z.formatIso(z.instantOf(dayOf('2026-10-25'), 150))).toBe('2026-10-25T02:30:00+02:00');
    expect(z.formatIso(z.instantOf(dayOf('2026-03-29'), 150))).toBe('2026-03-29T03:30:00+02:00');
  });

  it('local time and back agree for any instant in any of several zones (property)', () => {
    const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') }), (name, t) => {
        const z = hallZone(name);
        const minute = Math.floor(t / 60_000) * 60_000;
        const local = z.localOf(minute);
        const back = z.instantOf(local.day, local.minute);
        // Within an overlap the first occurrence comes back; otherwise the same instant.
        expect(back === minute || z.localOf(back).minute === local.minute).toBe(true);
        expect(z.localOf(back)).toEqual(local);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses an unknown zone with the fix in the message', () => {
    expect(isKnownZone('Mars/Olympus')).toBe(false);
    expect(() => hallZone('Mars/Olympus')).toThrow(UnknownZoneError);
    expect(() => hallZone('Mars/Olympus')).toThrow(/IANA name such as Asia\/Shanghai/);
  });

  it('parses instants only with an offset', () => {
    expect(parseInstant('2026-12-25T09:00:00+08:00')).toBe(utc('2026-12-25T01:00:00Z'));
    expect(parseInstant('2026-12-25T09:00+0800')).toBe(utc('2026-12-25T01:00:00Z'));
    expect(parseInstant('2026-12-25T01:00:00.5Z')).toBe(utc('2026-12-25T01:00:00.500Z'));
    expect(parseInstant('2026-12-25T09:00:00')).toBeNull();
    expect(parseInstant('2026-02-30T09:00:00+08:00')).toBeNull();
    expect(parseInstant('2026-12-25T25:00:00+08:00')).toBeNull();
    expect(parseInstant('tomorrow')).toBeNull();
  });
});
