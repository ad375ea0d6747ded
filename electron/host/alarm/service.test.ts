import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { createFakeClock } from '../clock';
import { createAlarmService, type AlarmService, type AlarmServiceEvent } from './service';
import { alarmDbFile, openAlarmDb, quietLog, tableAudit } from './test-kit';

const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);
const open: { svc: AlarmService; db: Database.Database }[] = [];

function make(file = alarmDbFile(), clock = createFakeClock(T0), settings = {}) {
  const db = openAlarmDb(file);
  const audit = tableAudit(db);
  const svc = createAlarmService({ db, clock, audit, log: quietLog, devices: [], settings });
  const events: AlarmServiceEvent[] = [];
  svc.onChange((e) => events.push(e));
  svc.start();
  open.push({ svc, db });
  return { svc, db, clock, audit, events, file };
}

afterEach(async () => {
  for (const o of open.splice(0)) { await o.svc.dispose(); o.db.close(); }
});

describe('alarm service (fake clock, no devices)', () => {
  it('a trigger starts one alarm with siren on, event and audit row; a second press starts nothing', () => {
    const { svc, clock, audit, events } = make();
    const r = svc.trigger({ source: 'console', actor: 'op:032117' });
    expect(r.started).toBe(true);
    expect(r.state.active).toMatchObject({ source: 'console', drill: false, triggeredAt: new Date(T0).toISOString(), musteredAt: null });
    expect(r.state.siren).toEqual({ on: true, until: new Date(T0 + 60_000).toISOString() });
    expect(events.filter((e) => e.name === 'alarm.changed')).toHaveLength(1);
    expect(audit.rows()).toEqual([{ actor: 'op:032117', action: 'alarm.trigger', subject: `alarm:${r.state.active?.id}` }]);
    clock.advance(300);
    const again = svc.trigger({ source: 'button', actor: 'device:x' });
    expect(again.started).toBe(false);
    expect(again.state.active?.id).toBe(r.state.active?.id);
    expect(audit.rows()).toHaveLength(1);
  });

  it('muster stops the turnout timer and stores the turnout', () => {
    const { svc, clock, db } = make();
    const { state } = svc.trigger({ source: 'button', actor: 'device:x' });
    clock.advance(47_250);
    const s = svc.muster('op:1');
    expect(s.active).toMatchObject({ turnoutMs: 47_250, musteredAt: new Date(T0 + 47_250).toISOString() });
    expect(db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(state.active?.id)).toBe(47_250);
    expect(() => svc.muster('op:1')).toThrow(/already marked departed/);
  });

  it('the siren stops by itself at the maximum time, and on silence', () => {
    const { svc, clock, audit } = make(undefined, undefined, { maxSirenMs: 30_000 });
    svc.trigger({ source: 'api', actor: 'token:110' });
    clock.advance(29_999);
    expect(svc.state().siren.on).toBe(true);
    clock.advance(1);
    expect(svc.state().siren.on).toBe(false);
    expect(svc.state().active).not.toBeNull();
    expect(audit.rows().map((r) => r.action)).toContain('alarm.siren-timeout');
    const s = svc.close('op:1', 'exercise over');
    expect(s.active).toBeNull();
    expect(s.last).toMatchObject({ note: 'exercise over' });
    svc.trigger({ source: 'console', actor: 'op:1' });
    clock.advance(2000);
    expect(svc.silence('op:1').siren.on).toBe(false);
  });

  it('a restart restores the open alarm, its timer from the stored instant, and the siren', async () => {
    const first = make();
    first.svc.trigger({ source: 'button', actor: 'device:x', incidentId: 'JQ-1' });
    first.clock.advance(10_000);
    await first.svc.dispose();
    first.db.close();
    open.length = 0;
    const clock = createFakeClock(T0 + 25_000);
    const second = make(first.file, clock);
    const s = second.svc.state();
    expect(s.active).toMatchObject({ incidentId: 'JQ-1', triggeredAt: new Date(T0).toISOString() });
    expect(s.siren).toEqual({ on: true, until: new Date(T0 + 60_000).toISOString() });
    clock.advance(35_000);
    expect(second.svc.state().siren.on).toBe(false);
    clock.advance(5_000);
    expect(second.svc.muster('op:1').active?.turnoutMs).toBe(65_000);
  });

  it('drills are marked and follow the drill mode', () => {
    const { svc } = make(undefined, undefined, { drillMode: 'lamp-only', lampChannel: 2 });
    const s = svc.trigger({ source: 'console', actor: 'op:1', drill: true }).state;
    expect(s.active?.drill).toBe(true);
    expect(s.siren.on).toBe(false);
    expect(s.lamp.on).toBe(true);
  });

  it('refuses what makes no sense, with a reason', () => {
    const { svc } = make();
    expect(() => svc.muster('op:1')).toThrow(/No alarm is active/);
    expect(() => svc.close('op:1', '')).toThrow(/No alarm is active/);
    expect(() => svc.testSiren('op:1')).toThrow(/No device drives a siren/);
  });
});
