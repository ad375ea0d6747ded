import { describe, expect, it } from 'vitest';
import { planDisplays, rememberPlacement, type DisplayInfo } from './plan';

const d = (id: number, x: number, primary = false): DisplayInfo => ({ id, primary, bounds: { x, y: 0, width: 1920, height: 1080 } });

describe('planDisplays', () => {
  it('one monitor: the console alone, wall and board as tabs', () => {
    const plan = planDisplays([d(1, 0, true)]);
    expect(plan.windows.map((w) => [w.role, w.displayId, w.fullscreen])).toEqual([['console', 1, false]]);
    expect(plan.tabbedInConsole).toEqual(['wall', 'board']);
  });

  it('two monitors: console on the primary, wall full-screen on the other', () => {
    const plan = planDisplays([d(7, 1920), d(3, 0, true)]);
    expect(plan.windows.map((w) => [w.role, w.displayId, w.fullscreen])).toEqual([
      ['console', 3, false],
      ['wall', 7, true],
    ]);
    expect(plan.windows[1].bounds.x).toBe(1920);
    expect(plan.tabbedInConsole).toEqual(['board']);
  });

  it('three monitors: console, wall, board left to right after the primary', () => {
    const plan = planDisplays([d(3, 3840), d(1, 0, true), d(2, 1920)]);
    expect(plan.windows.map((w) => [w.role, w.displayId])).toEqual([
      ['console', 1],
      ['wall', 2],
      ['board', 3],
    ]);
    expect(plan.tabbedInConsole).toEqual([]);
  });

  it('keeps the saved choice of monitor while it is plugged in', () => {
    const plan = planDisplays([d(1, 0, true), d(2, 1920), d(3, 3840)], { assignments: { wall: 3, board: 2 } });
    expect(plan.windows.map((w) => [w.role, w.displayId])).toEqual([
      ['console', 1],
      ['wall', 3],
      ['board', 2],
    ]);
  });

  it('unplugging the monitor that holds the wall moves the wall to a monitor that exists', () => {
    const prefs = { assignments: { wall: 3, board: 2 } };
    const before = planDisplays([d(1, 0, true), d(2, 1920), d(3, 3840)], prefs);
    expect(before.windows.find((w) => w.role === 'wall')?.displayId).toBe(3);
    const after = planDisplays([d(1, 0, true), d(2, 1920)], prefs);
    const ids = new Set([1, 2]);
    for (const w of after.windows) expect(ids.has(w.displayId)).toBe(true);
    // Two monitors left: console and wall get one each; the board becomes a console tab.
    expect(after.windows.map((w) => w.role)).toEqual(['console', 'wall']);
    expect(new Set(after.windows.map((w) => w.displayId)).size).toBe(2);
    expect(after.tabbedInConsole).toEqual(['board']);
  });

  it('down to one monitor: everything is in the console, nothing off-screen', () => {
    const after = planDisplays([d(2, 1920, true)], { assignments: { console: 1, wall: 2 } });
    expect(after.windows).toEqual([{ role: 'console', displayId: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, fullscreen: false }]);
  });

  it('no display at all (headless) plans no window', () => {
    expect(planDisplays([]).windows).toEqual([]);
  });

  it('never puts two roles on one monitor, whatever the saved choices', () => {
    const plan = planDisplays([d(1, 0, true), d(2, 1920), d(3, 3840)], { assignments: { console: 2, wall: 2, board: 2 } });
    expect(new Set(plan.windows.map((w) => w.displayId)).size).toBe(3);
    expect(plan.windows.find((w) => w.role === 'console')?.displayId).toBe(2);
  });
});

describe('rememberPlacement', () => {
  it('moving the wall onto the board monitor frees that monitor from the board', () => {
    const next = rememberPlacement({ assignments: { wall: 2, board: 3 } }, 'wall', 3);
    expect(next.assignments).toEqual({ wall: 3 });
  });
});
