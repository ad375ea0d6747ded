// Properties of the rotation engine: for every valid pattern each running shift has exactly one crew at any
// instant, the pattern check accepts exactly those patterns, and exceptions never touch an outsider's schedule.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayOf, type Day } from './calendar';
import { createRosterEngine } from './engine';
import type { RosterException, RosterModel } from './model';
import { patternProblems, type RotationPattern } from './patterns';
import { testModel } from './test-model';

/** Shift families whose templates tile the 24 hours, so every instant falls in one shift of each slot. */
const families = [['day', 'night'], ['early', 'middle', 'late'], ['full']] as const;
const known = new Set(['day', 'night', 'early', 'middle', 'late', 'full']);

/** A valid pattern: for each day of the stride, the crews' slots hold each shift of the family once. */
const validPattern = fc
  .record({ family: fc.constantFrom(...families), extraCrews: fc.integer({ min: 0, max: 2 }), stride: fc.integer({ min: 1, max: 4 }) })
  .chain(({ family, extraCrews, stride }) => {
    const crews = family.length + extraCrews;
    const column = [...family, ...Array<null>(extraCrews).fill(null)];
    return fc.tuple(...Array.from({ length: stride }, () => fc.shuffledSubarray(column, { minLength: column.length, maxLength: column.length }))).map((columns) => {
      const cycle: (string | null)[] = new Array(crews * stride);
      columns.forEach((col, r) => col.forEach((code, j) => (cycle[r + j * stride] = code)));
      return { id: 'p', name: 'p', nameEn: 'p', crews, cycle } satisfies RotationPattern;
    });
  });

function modelWith(pattern: RotationPattern, anchor: Day, zone: string): RosterModel {
  const base = testModel({ zone });
  const crews = Array.from({ length: pattern.crews }, (_, i) => ({ id: i + 1, name: `C${i}`, sort: i, version: 1 }));
  return { ...base, crews, patterns: [pattern], rotations: [{ from: dayOf('2000-01-01'), patternId: pattern.id, anchor, crewIds: crews.map((c) => c.id) }] };
}

const instant = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') });
const anchorDay = fc.integer({ min: dayOf('2020-01-01'), max: dayOf('2032-01-01') });

describe('rotation properties', () => {
  it('every instant is covered by exactly one crew per shift slot, for every valid pattern (China, Urumqi, New York)', () => {
    fc.assert(
      fc.property(validPattern, anchorDay, instant, fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'America/New_York'), (pattern, anchor, t, zone) => {
        expect(patternProblems(pattern, known)).toEqual([]);
        const engine = createRosterEngine(modelWith(pattern, anchor, zone));
        const running = engine.onDutyAt(t);
        const codes = new Set(pattern.cycle.filter((c): c is string => c !== null));
        // The family tiles the day, so exactly one occurrence of one slot runs, and one crew works it.
        expect(running.length).toBe(1);
        for (const occ of running) {
          expect(codes.has(occ.code)).toBe(true);
          expect(occ.crewIds).toHaveLength(1);
        }
        // And on every date each slot of the pattern has exactly one crew.
        const day = engine.zone.localOf(t).day;
        for (const code of codes) expect(engine.crewsOn(code, day)).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });

  it('the pattern check accepts a cycle exactly when each day has one crew per shift', () => {
    const anyCycle = fc.record({ crews: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }) }).chain(({ crews, stride }) =>
      fc.array(fc.constantFrom<string | null>('day', 'night', null), { minLength: crews * stride, maxLength: crews * stride }).map((cycle) => ({ id: 'q', name: 'q', nameEn: 'q', crews, cycle })),
    );
    fc.assert(
      fc.property(anyCycle, (pattern) => {
        const ok = patternProblems(pattern, known).length === 0;
        const codes = [...new Set(pattern.cycle.filter((c) => c !== null))];
        const stride = pattern.cycle.length / pattern.crews;
        let covers = codes.length > 0;
        for (let d = 0; d < stride * 2 && covers; d++) {
          for (const code of codes) {
            const n = Array.from({ length: pattern.crews }, (_, i) => pattern.cycle[(d + i * stride) % pattern.cycle.length]).filter((c) => c === code).length;
            if (n !== 1) covers = false;
          }
        }
        expect(ok).toBe(covers);
      }),
      { numRuns: 2000 },
    );
  });

  it('an exception never changes the schedule of an officer it does not name', () => {
    const FROM = dayOf('2026-03-01');
    const DAYS = 21;
    const base = testModel({ pattern: '3x2', perCrew: 4 });
    const ids = base.officers.map((o) => o.id);
    const day = fc.integer({ min: FROM, max: FROM + DAYS - 1 });
    const officer = fc.constantFrom(...ids);
    const shift = fc.constantFrom('day', 'night');
    let nextId = 1;
    const common = () => ({ id: nextId++, reason: 'test', author: 't', at: 0, version: 1 });
    const rota = createRosterEngine(base);
    /** The shift the officer works on the rota that day, so most swaps really exchange two shifts. */
    const rotaShift = (officerId: number, d: Day, fallback: string): string => rota.officerDay(officerId, d).work[0]?.shift ?? fallback;
    // Each side has its own day: a swap may exchange shifts on two different dates.
    const swap = fc
      .record({ officerId: officer, partnerId: officer, day, partnerDay: day, shift, partnerShift: shift })
      .filter((s) => s.officerId !== s.partnerId)
      .map((s) => ({ ...s, shift: rotaShift(s.officerId, s.day, s.shift), partnerShift: rotaShift(s.partnerId, s.partnerDay, s.partnerShift) }));
    const crossDayOnRota = fc.sample(swap, 500).filter((s) => s.day !== s.partnerDay && rota.officerDay(s.officerId, s.day).work.length > 0 && rota.officerDay(s.partnerId, s.partnerDay).work.length > 0);
    expect(crossDayOnRota.length).toBeGreaterThan(100);
    const exception: fc.Arbitrary<RosterException> = fc.oneof(
      fc.record({ kind: fc.constantFrom('leave' as const, 'sick' as const, 'timeOff' as const), officerId: officer, from: day, len: fc.integer({ min: 0, max: 4 }) })
        .map(({ kind, officerId, from, len }) => ({ ...common(), kind, officerId, from, to: from + len })),
      fc.record({ officerId: officer, day, shift }).map((x) => ({ ...common(), kind: 'extra' as const, ...x })),
      swap.map((x) => ({ ...common(), kind: 'swap' as const, ...x })),
      fc.record({ crewId: fc.integer({ min: 1, max: 3 }), from: day, slot: fc.integer({ min: 0, max: 2 }) }).map((x) => ({ ...common(), kind: 'reanchor' as const, ...x })),
    );
    const named = (ex: RosterException, model: RosterModel): Set<number> => {
      if (ex.kind === 'reanchor') return new Set(model.memberships.filter((m) => m.crewId === ex.crewId).map((m) => m.officerId));
      if (ex.kind === 'swap') return new Set([ex.officerId, ex.partnerId]);
      return new Set([ex.officerId]);
    };
    const schedules = (model: RosterModel) => {
      const engine = createRosterEngine(model);
      return new Map(ids.map((id) => [id, Array.from({ length: DAYS + 2 }, (_, k) => engine.officerDay(id, FROM - 1 + k))]));
    };
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 8 }), exception, (earlier, added) => {
        const before = { ...base, exceptions: earlier };
        const after = { ...base, exceptions: [...earlier, added] };
        const s0 = schedules(before);
        const s1 = schedules(after);
        const touched = named(added, base);
        for (const id of ids) if (!touched.has(id)) expect(s1.get(id)).toEqual(s0.get(id));
      }),
      { numRuns: 300 },
    );
  });
});
