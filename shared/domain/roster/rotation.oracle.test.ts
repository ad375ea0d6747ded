// Every shipped pattern over two years against an oracle that shares no code with the engine: each crew's
// cycle is walked day by day from the anchor (no modulo from the anchor), China time is UTC+8 by plain
// arithmetic, and shift windows are written out by hand.
import { describe, expect, it } from 'vitest';
import { createRosterEngine } from './engine';
import { testModel } from './test-model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Each pattern as its letters, and by hand the window of each letter in local minutes after midnight of its date. */
const oraclePatterns: Record<string, { cycle: string; crews: string[] }> = {
  '3x2': { cycle: '白夜休', crews: ['甲', '乙', '丙'] },
  '3x2-6': { cycle: '白白夜夜休休', crews: ['甲', '乙', '丙'] },
  '4x2': { cycle: '白夜休休', crews: ['甲', '乙', '丙', '丁'] },
  '4x3': { cycle: '早早中中晚晚休休', crews: ['甲', '乙', '丙', '丁'] },
  '24-48': { cycle: '全休休', crews: ['甲', '乙', '丙'] },
};
const windows: Record<string, { start: number; end: number; code: string }> = {
  白: { start: 8 * 60, end: 20 * 60, code: 'day' },
  夜: { start: 20 * 60, end: 32 * 60, code: 'night' },
  早: { start: 6 * 60, end: 14 * 60, code: 'early' },
  中: { start: 14 * 60, end: 22 * 60, code: 'middle' },
  晚: { start: 22 * 60, end: 30 * 60, code: 'late' },
  全: { start: 8 * 60, end: 32 * 60, code: 'full' },
};

const ANCHOR_UTC_DAY = Date.UTC(2026, 2, 15) / DAY; // anchor 2026-03-15, inside the range on purpose
const FIRST = Date.UTC(2026, 0, 1) / DAY;
const LAST = Date.UTC(2027, 11, 31) / DAY;

/** letters[crew][day - FIRST + 1]: walked forward and backward from the anchor one day at a time. */
function walk(cycle: string, crews: number): string[][] {
  const stride = cycle.length / crews;
  const out: string[][] = [];
  for (let i = 0; i < crews; i++) {
    const letters: string[] = [];
    let pos = i * stride;
    for (let d = ANCHOR_UTC_DAY; d <= LAST + 1; d++) {
      letters[d - FIRST + 1] = cycle[pos]!;
      pos = pos + 1 === cycle.length ? 0 : pos + 1;
    }
    pos = i * stride;
    for (let d = ANCHOR_UTC_DAY - 1; d >= FIRST - 1; d--) {
      pos = pos === 0 ? cycle.length - 1 : pos - 1;
      letters[d - FIRST + 1] = cycle[pos]!;
    }
    out.push(letters);
  }
  return out;
}

/** Who the oracle says is on duty at a China wall time, as sorted "code:crew" strings. */
function oracle(letters: string[][], crews: string[], day: number, minute: number): string[] {
  const found: string[] = [];
  letters.forEach((byDay, c) => {
    const today = byDay[day - FIRST + 1]!;
    const yesterday = byDay[day - FIRST]!;
    const w = windows[today];
    if (w && w.start <= minute && minute < Math.min(w.end, 1440)) found.push(`${w.code}:${crews[c]}`);
    const y = windows[yesterday];
    if (y && y.end > 1440 && minute < y.end - 1440) found.push(`${y.code}:${crews[c]}`);
  });
  return found.sort();
}

const checkTimes = [
  [7, 59], [8, 0], [19, 59], [20, 0], [3, 0], [0, 0], [23, 59],
  [5, 59], [6, 0], [13, 59], [14, 0], [21, 59], [22, 0], [12, 0],
] as const;

describe('rotation oracle (China time, 2026-2027)', () => {
  for (const [id, def] of Object.entries(oraclePatterns)) {
    it(`${id}: every day at every shift boundary matches the hand-walked cycle`, () => {
      const engine = createRosterEngine(testModel({ pattern: id, anchor: '2026-03-15', crews: def.crews }));
      const letters = walk(def.cycle, def.crews.length);
      let checked = 0;
      for (let day = FIRST; day <= LAST; day++) {
        for (const [h, m] of checkTimes) {
          const instant = day * DAY + (h * 60 + m) * 60_000 - 8 * HOUR;
          const got = engine
            .onDutyAt(instant)
            .map((o) => `${o.code}:${o.crewIds.map((c) => engine.crew(c)!.name).join('+')}`)
            .sort();
          const want = oracle(letters, def.crews, day, h * 60 + m);
          if (got.join() !== want.join()) {
            expect.fail(`${id} at ${new Date(instant + 8 * HOUR).toISOString().slice(0, 16)} (+08:00): engine ${got.join(' ')} ≠ oracle ${want.join(' ')}`);
          }
          checked++;
        }
      }
      expect(checked).toBe((LAST - FIRST + 1) * checkTimes.length);
    });
  }

  it('3x2 from the anchor: 甲 白 on the anchor, 乙 夜 that evening, 丙 rests; 03:00 next day is still 乙 on the night begun the evening before', () => {
    const engine = createRosterEngine(testModel({ pattern: '3x2', anchor: '2026-01-01' }));
    const at = (iso: string): string[] =>
      engine.onDutyAt(Date.parse(iso)).map((o) => `${o.template.name}:${engine.crew(o.crewIds[0]!)!.name}:${new Date(o.window.start).toISOString()}`);
    expect(at('2026-01-01T09:00:00+08:00')).toEqual(['白班:甲:2026-01-01T00:00:00.000Z']);
    expect(at('2026-01-01T21:00:00+08:00')).toEqual(['夜班:乙:2026-01-01T12:00:00.000Z']);
    expect(at('2026-01-02T03:00:00+08:00')).toEqual(['夜班:乙:2026-01-01T12:00:00.000Z']);
    expect(at('2026-01-02T07:59:59.999+08:00')).toEqual(['夜班:乙:2026-01-01T12:00:00.000Z']);
    expect(at('2026-01-02T08:00:00+08:00')).toEqual(['白班:丙:2026-01-02T00:00:00.000Z']);
    // The example date: 2026-12-25 is 358 days after the anchor, 358 mod 3 = 1.
    expect(at('2026-12-25T09:00:00+08:00')).toEqual(['白班:丙:2026-12-25T00:00:00.000Z']);
  });
});
