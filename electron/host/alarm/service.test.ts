import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/audit-log';
import { createFakeClock, type FakeClock } from '../clock';
import type { HallDatabase } from '../db/open';
import type { AlarmSettings } from '../../../shared/contract/alarm';
import { createAlarmService, type AlarmService, type AlarmServiceEvent } from './service';
import { alarmDbFile, auditRows, openAlarmDb, quietLog } from './test-kit';

const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const open: { svc: AlarmService; db: HallDatabase }[] = [];

function make(file = alarmDbFile(), clock: FakeClock = createFakeClock(T0), settings: Partial<AlarmSettings> = {}) {
  const { db, audit } = openAlarmDb(file, clock);
  const svc = createAlarmService({ db, clock, audit: audit.append, log: quietLog, drivesHardware: false, incidentExists: (id) => id === 'JQ-1' });
  const events: AlarmServiceEvent[] = [];
  svc.onChange((e) => events.push(e));
  svc.start();
  if (Object.keys(settings).length) svc.configure('op:setup', settings);
  open.push({ svc, db });
  return { svc, db, clock, events, file, actions: () => auditRows(db).map((r) => r.action) };
}

afterEach(async () => {
  for (const o of open.splice(0)) { await o.svc.dispose(); o.db.close(); }
});

describe('alarm service (fake clock, no hardware)', () => {
  it('a trigger starts one alarm with siren on, event and audit row; a second press starts nothing', () => {
    const { svc, clock, db, events, actions } = make();
    const r = svc.trigger({ source: 'console', actor: 'op:032117' });
    expect(r.started).toBe(true);
    expect(r.state.active).toMatchObject({ source: 'console', drill: false, mode: 'siren', triggeredAt: at(0), musteredAt: null });
    expect(r.state.siren).toEqual({ on: true, until: at(60_000) });
    expect(events.filter((e) => e.name === 'alarm.changed')).toHaveLength(1);
    expect(auditRows(db)).toEqual([expect.objectContaining({ actor: 'op:032117', action: 'alarm.trigger', subject: `alarm:${r.state.active?.id}` })]);
    for (let i = 0; i < 50; i++) {
      clock.advance(2);
      expect(svc.trigger({ source: 'button', actor: 'device:x' }).started).toBe(false);
    }
    expect(svc.state().active?.id).toBe(r.state.active?.id);
    expect(actions()).toEqual(['alarm.trigger']);
    expect(db.prepare('SELECT COUNT(*) FROM alarms').pluck().get()).toBe(1);
  });

  it('muster stops the turnout timer and stores the turnout, once', () => {
    const { svc, clock, db } = make();
    const { state } = svc.trigger({ source: 'button', actor: 'device:x' });
    clock.advance(47_250);
    const s = svc.muster('op:1');
    expect(s.active).toMatchObject({ turnoutMs: 47_250, musteredAt: at(47_250) });
    expect(db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(state.active?.id)).toBe(47_250);
    expect(() => svc.muster('op:1')).toThrow(/already marked departed/);
    clock.advance(10_000);
    expect(svc.state().active?.turnoutMs).toBe(47_250);
  });

  it('the siren stops by itself at the maximum time (audited), and on silence; closing needs a note', () => {
    const { svc, clock, actions } = make(undefined, undefined, { maxSirenMs: 30_000 });
    svc.trigger({ source: 'api', actor: '110-gateway' });
    clock.advance(29_999);
    expect(svc.state().siren.on).toBe(true);
    clock.advance(1);
    expect(svc.state().siren.on).toBe(false);
    expect(svc.state().active).not.toBeNull();
    expect(actions()).toContain('alarm.siren-timeout');
    expect(() => svc.close('op:1', '   ')).toThrow(/Write a note/);
    const s = svc.close('op:1', 'exercise over');
    expect(s.active).toBeNull();
    expect(s.last).toMatchObject({ note: 'exercise over', closedAt: at(30_000) });
    svc.trigger({ source: 'console', actor: 'op:1' });
    clock.advance(2000);
    const silenced = svc.silence('op:1');
    expect(silenced.siren.on).toBe(false);
    expect(silenced.active?.silencedAt).toBe(at(32_000));
    expect(() => svc.silence('op:1')).toThrow(/already silenced/);
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
    expect(s.active).toMatchObject({ incidentId: 'JQ-1', triggeredAt: at(0) });
    expect(s.siren).toEqual({ on: true, until: at(60_000) });
    clock.advance(35_000);
    expect(second.svc.state().siren.on).toBe(false);
    clock.advance(5_000);
    expect(second.svc.muster('op:1').active?.turnoutMs).toBe(65_000);
    expect(verifyAuditLog(second.db)).toEqual({ ok: true, rows: 3 });
  });

  it('drills are marked and follow the drill mode, the hall default or the trigger\'s own', () => {
    const { svc, clock } = make(undefined, undefined, { drillMode: 'lamp-only', lampChannel: 2 });
    let s = svc.trigger({ source: 'console', actor: 'op:1', drill: true }).state;
    expect(s.active).toMatchObject({ drill: true, mode: 'lamp-only', sirenUntil: null });
    expect(s.siren.on).toBe(false);
    expect(s.lamp).toEqual({ on: true, until: at(60_000) });
    svc.close('op:1', '演练结束');
    s = svc.trigger({ source: 'console', actor: 'op:1', drill: true, drillMode: 'short-siren' }).state;
    expect(s.active?.mode).toBe('short-siren');
    expect(s.siren.until).toBe(at(3_000));
    clock.advance(3_000);
    expect(svc.state().siren.on).toBe(false);
    expect(svc.state().lamp.on).toBe(true);
    svc.close('op:1', '演练结束');
    s = svc.trigger({ source: 'console', actor: 'op:1', drillMode: 'lamp-only' }).state;
    expect(s.active).toMatchObject({ drill: false, mode: 'siren' });
  });

  it('settings persist, and an open alarm keeps the times it started with', () => {
    const first = make();
    first.svc.trigger({ source: 'console', actor: 'op:1' });
    first.svc.configure('op:1', { maxSirenMs: 20_000 });
    expect(first.svc.state().siren.until).toBe(at(60_000));
    expect(first.svc.config().settings.maxSirenMs).toBe(20_000);
    first.svc.close('op:1', 'done');
    expect(first.svc.trigger({ source: 'console', actor: 'op:1' }).state.siren.until).toBe(at(20_000));
  });

  it('hall devices are validated, stored and listed; startup devices cannot be changed there', async () => {
    const clock = createFakeClock(T0);
    const file = alarmDbFile();
    const { db, audit } = openAlarmDb(file, clock);
    const svc = createAlarmService({
      db, clock, audit: audit.append, log: quietLog, drivesHardware: false,
      startupDevices: [{ kind: 'kf1', id: 'kf1:/dev/ttyUSB0', path: '/dev/ttyUSB0', baudRate: 9600, triggerInput: 1, musterInput: 2, sirenOutput: 1 }],
    });
    open.push({ svc, db });
    svc.start();
    const cfg = await svc.saveDevice('op:1', { kind: 'lcus', path: '/dev/ttyUSB3', baudRate: 9600, sirenOutput: 1 });
    expect(cfg.devices.map((d) => [d.config.id, d.origin])).toEqual([['kf1:/dev/ttyUSB0', 'startup'], ['lcus:/dev/ttyUSB3', 'hall']]);
    await expect(svc.saveDevice('op:1', { kind: 'kf1', id: 'kf1:/dev/ttyUSB0', path: '/dev/ttyUSB9', baudRate: 9600, triggerInput: 1, musterInput: 2, sirenOutput: 1 }))
      .rejects.toThrow(/given at startup/);
    await expect(svc.saveDevice('op:1', { kind: 'kf1', path: '/dev/ttyUSB5', baudRate: 9600, triggerInput: 2, musterInput: 2, sirenOutput: 1 }))
      .rejects.toThrow(/both input 2/);
    await expect(svc.saveDevice('op:1', { kind: 'lcus', id: 'other', path: '/dev/ttyUSB3', baudRate: 9600, sirenOutput: 1 }))
      .rejects.toThrow(/already used by device "lcus:\/dev\/ttyUSB3"/);
    await expect(svc.removeDevice('op:1', 'kf1:/dev/ttyUSB0')).rejects.toThrow(/remove it there/);
    expect(svc.testSiren('op:1').devices).toEqual(['kf1:/dev/ttyUSB0', 'lcus:/dev/ttyUSB3']);
    expect(svc.state().devices.map((d) => d.outputsOn)).toEqual([[1], [1]]);
    clock.advance(1000);
    expect(svc.state().devices.map((d) => d.outputsOn)).toEqual([[], []]);
    await svc.dispose();
    db.close();
    open.length = 0;

    const again = make(file, createFakeClock(T0 + 5000));
    expect(again.svc.config().devices.map((d) => d.config.id)).toEqual(['lcus:/dev/ttyUSB3']);
    await again.svc.removeDevice('op:1', 'lcus:/dev/ttyUSB3');
    expect(again.svc.config().devices).toEqual([]);
    expect(again.actions()).toEqual(['alarm.device-added', 'alarm.testSiren', 'alarm.device-removed']);
  });

  it('refuses what makes no sense, with a reason', () => {
    const { svc } = make();
    expect(() => svc.muster('op:1')).toThrow(/No alarm is active/);
    expect(() => svc.close('op:1', 'x')).toThrow(/No alarm is active/);
    expect(() => svc.testSiren('op:1')).toThrow(/No device drives a siren/);
    svc.trigger({ source: 'console', actor: 'op:1' });
    expect(() => svc.testSiren('op:1')).toThrow(/An alarm is open/);
    expect(() => svc.frames('nope')).toThrow(/No alarm device "nope"/);
  });

  it('an alarm is linked only to an incident that exists; an unknown one is refused by name, nothing sounds', () => {
    const { svc, db } = make();
    svc.trigger({ source: 'console', actor: 'op:1', incidentId: 'JQ-1' });
    svc.close('op:1', 'x');
    expect(() => svc.trigger({ source: 'api', actor: '110-gateway', incidentId: 'JQ-20261203-9999' })).toThrow(/No incident "JQ-20261203-9999"/);
    expect(svc.state().active).toBeNull();
    expect(svc.state().siren.on).toBe(false);
    expect(db.prepare('SELECT COUNT(*) FROM alarms').pluck().get()).toBe(1);
  });
});
