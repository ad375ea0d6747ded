import { describe, expect, it } from 'vitest';
import { PressFilter } from './press-filter';

const opts = { buttonSettleMs: 100, closeLockoutMs: 1000 };

describe('press filter (console-side debounce)', () => {
  it('the first press counts; a bounce after a release does not; a press after the settle time does', () => {
    const f = new PressFilter();
    expect(f.edge('kf1#1', true, 0, opts)).toBe('press');
    expect(f.edge('kf1#1', true, 5, opts)).toBe('no-edge');
    expect(f.edge('kf1#1', false, 3000, opts)).toBe('no-edge');
    // A release with 50 edges in 100 ms: every rising edge comes 2 ms after a falling one.
    for (let t = 3002; t < 3100; t += 4) {
      expect(f.edge('kf1#1', true, t, opts)).toBe('bounce');
      expect(f.edge('kf1#1', false, t + 2, opts)).toBe('no-edge');
    }
    expect(f.edge('kf1#1', true, 3199, opts)).toBe('bounce');
    expect(f.edge('kf1#1', true, 3300, opts)).toBe('no-edge');
    f.edge('kf1#1', false, 3400, opts);
    expect(f.edge('kf1#1', true, 3500, opts)).toBe('press');
  });

  it('inputs are apart, and a polled input needs its poll interval on top of the settle time', () => {
    const f = new PressFilter();
    f.edge('a#1', false, 0, opts);
    expect(f.edge('b#1', true, 10, opts)).toBe('press');
    expect(f.edge('a#1', true, 120, opts, 50)).toBe('bounce');
    f.edge('a#1', false, 130, opts, 50);
    expect(f.edge('a#1', true, 280, opts, 50)).toBe('press');
  });

  it('locks the alarm button out for a while after a close', () => {
    const f = new PressFilter();
    expect(f.lockedOut(0, opts)).toBe(false);
    f.alarmClosed(10_000);
    expect(f.lockedOut(10_999, opts)).toBe(true);
    expect(f.lockedOut(11_000, opts)).toBe(false);
  });
});
