import { describe, expect, it } from 'vitest';
import { close, formatElapsed, isActive, lampPlan, muster, newAlarm, nextOutputChange, silence, sirenPlan, turnoutElapsed, type AlarmRecord } from './alarm-state';

const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);
const timing = { maxSirenMs: 60_000, drillMode: 'siren' as const, shortSirenMs: 3000 };
const alarm = (over: Partial<AlarmRecord> = {}): AlarmRecord => ({ ...newAlarm(T0, { source: 'button', drill: false, actor: 'x', incidentId: null }, timing), id: 1, ...over });

describe('alarm state', () => {
  it('sounds the siren from the trigger until the maximum time, with that instant as auto-off', () => {
    const a = alarm();
    expect(sirenPlan(a, T0)).toEqual({ on: true, until: T0 + 60_000 });
    expect(sirenPlan(a, T0 + 59_999).on).toBe(true);
    expect(sirenPlan(a, T0 + 60_000)).toEqual({ on: false, until: null });
    expect(nextOutputChange(a, T0 + 1000)).toBe(T0 + 60_000);
  });

  it('stops the turnout timer at muster and keeps the alarm open', () => {
    const m = muster(alarm(), T0 + 42_500);
    expect(m).toMatchObject({ musteredAt: T0 + 42_500, turnoutMs: 42_500 });
    if ('refused' in m) throw new Error('refused');
    expect(turnoutElapsed(m, T0 + 99_000)).toBe(42_500);
    expect(isActive(m)).toBe(true);
    expect(muster(m, T0 + 50_000)).toHaveProperty('refused');
  });

  it('silence switches siren and lamp off; close ends the alarm', () => {
    const s = silence(alarm(), T0 + 5000);
    if ('refused' in s) throw new Error('refused');
    expect(sirenPlan(s, T0 + 6000).on).toBe(false);
    expect(lampPlan(s, T0 + 6000).on).toBe(false);
    const c = close(s, T0 + 9000, 'false alarm');
    if ('refused' in c) throw new Error('refused');
    expect(isActive(c)).toBe(false);
    expect(silence(c, T0 + 9500)).toHaveProperty('refused');
  });

  it('a drill can use the lamp only or a short siren', () => {
    const lampOnly = { ...newAlarm(T0, { source: 'console', drill: true, actor: 'x', incidentId: null }, { ...timing, drillMode: 'lamp-only' }), id: 2 };
    expect(sirenPlan(lampOnly, T0).on).toBe(false);
    expect(lampPlan(lampOnly, T0)).toEqual({ on: true, until: T0 + 60_000 });
    const short = { ...newAlarm(T0, { source: 'console', drill: true, actor: 'x', incidentId: null }, { ...timing, drillMode: 'short-siren' }), id: 3 };
    expect(sirenPlan(short, T0)).toEqual({ on: true, until: T0 + 3000 });
    const real = { ...newAlarm(T0, { source: 'console', drill: false, actor: 'x', incidentId: null }, { ...timing, drillMode: 'lamp-only' }), id: 4 };
    expect(sirenPlan(real, T0).on).toBe(true);
  });

  it('a close needs a note, and instants never run before the trigger', () => {
    expect(close(alarm(), T0 + 1000, '  ')).toHaveProperty('refused', expect.stringMatching(/Write a note/));
    expect(close(alarm(), T0 - 5000, 'clock stepped back')).toMatchObject({ closedAt: T0, silencedAt: T0 });
    expect(muster(alarm(), T0 - 10)).toMatchObject({ turnoutMs: 0 });
  });

  it('formats the turnout clock as m:ss, then h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(59_999)).toBe('0:59');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatElapsed(-5)).toBe('0:00');
  });
});
