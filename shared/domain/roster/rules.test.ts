// Each roster rule fires when broken, stays quiet when not, and says why.
import { describe, expect, it } from 'vitest';
import { dayOf } from './calendar';
import { createRosterEngine } from './engine';
import type { RosterException } from './model';
import { checkRoster, staffingOf } from './rules';
import { testModel } from './test-model';

const D = dayOf('2026-12-24');
let id = 1;
const ex = <T extends Omit<RosterException, 'id' | 'reason' | 'author' | 'at' | 'version'>>(x: T) =>
  ({ id: id++, reason: '事由', author: 'test', at: 0, version: 1, ...x }) as unknown as RosterException;

// 3x2 anchored 2026-01-01: on 2026-12-24 (357 days on) crew 甲 works 白 (357 mod 3 = 0), 乙 夜, 丙 rests.
// Officer ids: crew c, index i → c × 100 + i + 1 (甲 1-8, 乙 101-108, 丙 201-208); index 0 leads.
const model = (opts: Parameters<typeof testModel>[0] = {}) => createRosterEngine(testModel({ perCrew: 8, ...opts }));

describe('roster rules', () => {
  it('a well-staffed roster has no violations', () => {
    const e = model();
    expect(e.crewsOn('day', D).map((c) => e.crew(c)!.name)).toEqual(['甲']);
    expect(checkRoster(e, D, D + 13)).toEqual([]);
  });

  it('leave that drops 白班 below 6 is a warning naming who is absent', () => {
    const two = model({ exceptions: [ex({ kind: 'leave', officerId: 6, from: D, to: D }), ex({ kind: 'sick', officerId: 7, from: D, to: D + 1 })] });
    expect(checkRoster(two, D, D)).toEqual([]); // 6 left: exactly the minimum
    const e = model({
      exceptions: [ex({ kind: 'leave', officerId: 6, from: D, to: D }), ex({ kind: 'sick', officerId: 7, from: D, to: D + 1 }), ex({ kind: 'timeOff', officerId: 8, from: D, to: D })],
    });
    const v = checkRoster(e, D, D);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'minStaff', severity: 'warning', shift: 'day', officerId: null });
    expect(v[0]!.message).toBe('2026-12-24 白班（甲班）在岗 5 人，少于最低 6 人；缺：警员0-5（请假）、警员0-6（病假）、警员0-7（调休）');
    expect(v[0]!.messageEn).toBe('2026-12-24 白班 (crew 甲): 5 on duty, below the minimum of 6; absent: 警员0-5 (请假), 警员0-6 (病假), 警员0-7 (调休)');
  });

  it('staffing counts, leaders and the armed readiness squad', () => {
    const e = model({ officer: (_c, i) => ({ squad: i < 5, armed: i !== 4 }) });
    const st = staffingOf(e, 'day', D);
    expect(st).toMatchObject({ count: 8, minimum: 6, leaders: 1, squad: 5, squadArmed: 4 });
    const short = model({ officer: (_c, i) => ({ squad: i < 5, armed: i < 3 }) });
    const v = checkRoster(short, D, D);
    expect(v.map((x) => `${x.rule}:${x.shift}`)).toEqual(['squadArmed:day', 'squadArmed:night']);
    expect(v[0]!.message).toContain('战备处突小组持枪人员 3 名，少于 4 名');
  });

  it('no shift leader is an error; nobody at all is an error too', () => {
    const noLeader = model({ officer: () => ({ leader: false }) });
    expect(checkRoster(noLeader, D, D).filter((v) => v.rule === 'leader').map((v) => v.severity)).toEqual(['error', 'error']);
    const empty = model({ perCrew: 0 });
    const v = checkRoster(empty, D, D);
    expect(v.map((x) => `${x.rule}:${x.severity}`)).toEqual(['noStaff:error', 'noStaff:error']);
  });

  it('extra duty straight after a night shift breaks the rest rule (error); overlapping shifts are an error', () => {
    // 乙 works 夜 on D (20:00 → 08:00 D+1); extra 白 on D+1 starts at 08:00: 0 h rest.
    const officer = 101;
    const e = model({ exceptions: [ex({ kind: 'extra', officerId: officer, day: D + 1, shift: 'day' })] });
    const v = checkRoster(e, D, D + 2).filter((x) => x.officerId === officer);
    expect(v.map((x) => `${x.rule}:${x.severity}`)).toEqual(['rest:error']);
    expect(v[0]!.message).toContain('只休息 0 小时，少于 12 小时');
    // 甲 works 白 on D; extra duty on that same 白 puts the officer on it twice: overlap.
    const both = model({ exceptions: [ex({ kind: 'extra', officerId: 1, day: D, shift: 'day' })] });
    expect(checkRoster(both, D, D).filter((x) => x.officerId === 1).map((x) => x.rule)).toEqual(['overlap']);
  });

  it('too many shifts in a row is a warning once per run', () => {
    // 3x2-6: 白白夜夜 then rest; extra duty on both rest days joins two runs into 4 + 2 + 4 = 10 shifts on 10 days.
    const e = model({ pattern: '3x2-6', rules: { maxConsecutiveShifts: 6 } });
    const officer = 1;
    const days = Array.from({ length: 12 }, (_, k) => D + k).filter((d) => e.crewSlot(1, d)?.shift === null);
    const withExtra = model({ pattern: '3x2-6', exceptions: days.slice(0, 2).map((d) => ex({ kind: 'extra', officerId: officer, day: d, shift: 'day' })) });
    const v = checkRoster(withExtra, D, D + 12).filter((x) => x.rule === 'consecutive' && x.officerId === officer);
    expect(v).toHaveLength(1);
    expect(v[0]!.severity).toBe('warning');
    expect(v[0]!.message).toMatch(/已连续上班 7 个班次（7 天），超过 6 个/);
  });

  it('two shifts on one day count as two: the limit is on shifts, not days', () => {
    // 3x2: 甲 works 白 on D, 夜 on D + 1, rests on D - 1 and D + 2. Extra 夜 on D gives 3 shifts on 2 days.
    const officer = 1;
    const plain = model({ rules: { maxConsecutiveShifts: 2 } });
    expect(checkRoster(plain, D - 3, D + 5).filter((x) => x.rule === 'consecutive')).toEqual([]);
    const doubled = model({ rules: { maxConsecutiveShifts: 2 }, exceptions: [ex({ kind: 'extra', officerId: officer, day: D, shift: 'night' })] });
    expect(doubled.officerDay(officer, D).work).toHaveLength(2);
    const v = checkRoster(doubled, D - 3, D + 5).filter((x) => x.rule === 'consecutive');
    expect(v.map((x) => [x.officerId, x.day - D])).toEqual([[officer, 1]]);
    expect(v[0]!.message).toBe('警员0-0（T0000） 到 2026-12-25 已连续上班 3 个班次（2 天），超过 2 个');
    expect(v[0]!.messageEn).toBe('警员0-0 (T0000) works 3 shifts in a row (2 days) up to 2026-12-25, more than 2');
    // Counted in days (2 in a row) the run would stay within a limit of 2.
    const twoDays = model({ rules: { maxConsecutiveShifts: 3 }, exceptions: [ex({ kind: 'extra', officerId: officer, day: D, shift: 'night' })] });
    expect(checkRoster(twoDays, D - 3, D + 5).filter((x) => x.rule === 'consecutive')).toEqual([]);
  });

  it('a run that passes the limit before the checked range is not reported again inside it', () => {
    const e = model({ pattern: '3x2-6', rules: { maxConsecutiveShifts: 1 } });
    const all = checkRoster(e, D, D + 5).filter((x) => x.rule === 'consecutive' && x.officerId === 1);
    for (const v of all) expect(checkRoster(e, v.day + 1, v.day + 1).filter((x) => x.rule === 'consecutive' && x.officerId === 1)).toEqual([]);
    expect(all.length).toBeGreaterThan(0);
  });

  it('a swap exchanges both sides; a swap the rota no longer matches is flagged', () => {
    // 甲 officer 1 (白 on D) swaps with 乙 officer 101 (夜 on D).
    const swap = ex({ kind: 'swap', officerId: 1, day: D, shift: 'day', partnerId: 101, partnerDay: D, partnerShift: 'night' });
    const e = model({ exceptions: [swap] });
    expect(e.officerDay(1, D).work.map((w) => `${w.shift}:${w.source}`)).toEqual(['night:swap']);
    expect(e.officerDay(101, D).work.map((w) => `${w.shift}:${w.source}`)).toEqual(['day:swap']);
    expect(checkRoster(e, D, D).filter((v) => v.rule === 'swapStale')).toEqual([]);
    const stale = model({ exceptions: [ex({ kind: 'swap', officerId: 1, day: D + 1, shift: 'day', partnerId: 101, partnerDay: D, partnerShift: 'night' })] });
    expect(checkRoster(stale, D, D + 1).filter((v) => v.rule === 'swapStale').map((v) => v.officerId)).toEqual([1]);
  });

  it('a re-anchor moves the crew from its date on and leaves earlier days alone', () => {
    const e = model({ exceptions: [ex({ kind: 'reanchor', crewId: 1, from: D, slot: 2 })] });
    const plain = model();
    expect(e.crewSlot(1, D - 1)).toEqual(plain.crewSlot(1, D - 1));
    expect(e.crewSlot(1, D)).toEqual({ slot: 2, shift: null });
    expect(e.crewSlot(1, D + 1)).toEqual({ slot: 0, shift: 'day' });
    // 甲 now rests with 乙 on D, so nobody is on 白班.
    expect(checkRoster(e, D, D).map((v) => `${v.rule}:${v.shift}`)).toContain('noStaff:day');
  });
});
