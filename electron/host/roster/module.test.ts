// The roster module inside a real hall host: roles, sign-in, events to other screens, the shift-boundary
// event from the fake clock, and the HTTP on-duty endpoint.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock } from '../clock';
import { createHallHost, type HallHost } from '../hall-host';
import { createLogger } from '../logging/logger';
import { startWebServer } from '../web/server';
import type { RosterModule } from './module';

const hosts: HallHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

function hall(start: string) {
  const clock = createFakeClock(Date.parse(start));
  const host = createHallHost({ dataDir: mkdtempSync(join(tmpdir(), 'kf-roster-mod-')), clock, log: createLogger({ quiet: true }) });
  hosts.push(host);
  return { host, clock };
}

async function ok<T>(p: Promise<{ ok: boolean; output?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.output as T;
}

async function withOperators(host: HallHost) {
  const admin = host.connect({ transport: 'ipc', ceiling: 'admin', principal: 'workstation' });
  await ok(admin.invoke('session.setupAdmin', { name: '管理员', policeNo: '900001', pin: '13579' }));
  await ok(admin.invoke('operators.create', { name: '李值班', policeNo: '100001', role: 'watch', pin: '24680' }));
  await ok(admin.invoke('operators.create', { name: '王指挥', policeNo: '100002', role: 'commander', pin: '11223' }));
}

describe('roster module in the hall host', () => {
  it('watch edits (signed in); commander and display read; every screen hears roster.changed', async () => {
    const { host } = hall('2026-12-04T10:00:00+08:00');
    await withOperators(host);
    const heard: { event: string; payload: unknown }[] = [];
    const display = host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall', deliver: (event, payload) => heard.push({ event, payload }) });
    const commander = host.connect({ transport: 'ws', ceiling: 'commander', principal: 'desk-1' });
    const watch = host.connect({ transport: 'ws', ceiling: 'watch', principal: 'desk-2' });
    const cfg = await ok<{ officers: { id: number; policeNo: string; version: number }[] }>(display.invoke('roster.config', {}));
    const officer = cfg.officers.find((o) => o.policeNo === 'SL105')!;
    const leave = { kind: 'leave', officerId: officer.id, from: '2026-12-24', to: '2026-12-24', reason: '事假', officerVersion: officer.version };

    expect(await display.invoke('roster.exception.add', leave)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await watch.invoke('roster.exception.add', leave)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    await ok(commander.invoke('session.signIn', { policeNo: '100002', pin: '11223' }));
    expect(await commander.invoke('roster.exception.add', leave)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('needs role watch') } });
    expect((await commander.invoke('roster.onDutyNow', {})).ok).toBe(true);

    await ok(watch.invoke('session.signIn', { policeNo: '100001', pin: '24680' }));
    const added = await ok<{ exception: { author: string } }>(watch.invoke('roster.exception.add', leave));
    expect(added.exception.author).toBe('李值班(100001)');
    expect(heard.filter((h) => h.event === 'roster.changed')).toEqual([
      { event: 'roster.changed', payload: expect.objectContaining({ action: 'roster.leave.add', actor: '李值班(100001)', subject: 'officer:SL105' }) },
    ]);
    // The same cell edited from a second screen with the version it loaded: a conflict naming the first edit.
    const second = await watch.invoke('roster.exception.add', { ...leave, kind: 'sick', reason: '病' });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('was changed by 李值班(100001)') } });
    // Bad input is refused at the boundary with the field named.
    expect(await watch.invoke('roster.exception.add', { ...leave, from: '2026-13-01' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('from') } });
    const history = await ok<{ actor: string; summary: string }[]>(display.invoke('roster.history', { limit: 5 }));
    expect(history[0]).toMatchObject({ actor: '李值班(100001)', summary: expect.stringContaining('请假 2026-12-24') });
  });

  it('roster.shiftChanged arrives at 08:00 and 20:00 exactly, from the computed boundary', async () => {
    const { host, clock } = hall('2026-12-24T07:59:59+08:00');
    const shifts: { at: string; shifts: { shift: string; crew: string | null }[]; nextChangeAt: string | null }[] = [];
    host.connect({
      transport: 'ws', ceiling: 'display', principal: 'console',
      deliver: (event, payload) => { if (event === 'roster.shiftChanged') shifts.push(payload as never); },
    });
    clock.advance(999);
    expect(shifts).toHaveLength(0);
    clock.advance(1);
    expect(shifts).toHaveLength(1);
    expect(shifts[0]).toMatchObject({ at: '2026-12-24T08:00:00+08:00', shifts: [{ shift: '白班', crew: '甲' }], nextChangeAt: '2026-12-24T20:00:00+08:00' });
    clock.advance(12 * 3_600_000 - 1);
    expect(shifts).toHaveLength(1);
    clock.advance(1);
    expect(shifts).toHaveLength(2);
    expect(shifts[1]).toMatchObject({ at: '2026-12-24T20:00:00+08:00', shifts: [{ shift: '夜班', crew: '乙' }] });
  });

  it('after an edit the boundary timer follows the new rotation', async () => {
    const { host, clock } = hall('2026-12-24T10:00:00+08:00');
    const roster = host.modules.find((m) => m.name === 'roster') as RosterModule;
    const changes: string[] = [];
    host.connect({ transport: 'ws', ceiling: 'display', principal: 'c', deliver: (e, p) => { if (e === 'roster.shiftChanged') changes.push((p as { at: string }).at); } });
    // 4x3 from today: 早 06-14 … the next boundary becomes 14:00, not 20:00.
    roster.service.setRotation({ pattern: '4x3', anchor: '2026-12-24', crews: ['甲', '乙', '丙', '丁'], from: '2026-12-24' }, 'test');
    clock.advance(4 * 3_600_000);
    expect(changes).toEqual(['2026-12-24T14:00:00+08:00']);
  });

  it('GET /api/v1/roster/on-duty returns the on-duty JSON; a display token may read it', async () => {
    const { host } = hall('2026-12-04T10:00:00+08:00');
    const server = await startWebServer({ host, port: 0, tokens: [{ role: 'display', name: 'wall', secret: 'display-secret-123' }] });
    try {
      const at = '2026-12-25T09:00:00+08:00';
      const res = await fetch(`${server.url}/api/v1/roster/on-duty?at=${encodeURIComponent(at)}`, { headers: { authorization: 'Bearer display-secret-123' } });
      expect(res.status).toBe(200);
      const body = await res.json();
      const roster = host.modules.find((m) => m.name === 'roster') as RosterModule;
      expect(body).toEqual(roster.service.onDuty(at));
      expect(body.shifts[0]).toMatchObject({ shift: '白班', crew: '丙' });
      const bad = await fetch(`${server.url}/api/v1/roster/on-duty?at=noon`, { headers: { authorization: 'Bearer display-secret-123' } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toMatch(/at: must be an ISO 8601 time with its offset/);
      const check = await fetch(`${server.url}/api/v1/roster/check?days=3`, { headers: { authorization: 'Bearer display-secret-123' } });
      expect(await check.json()).toMatchObject({ from: '2026-12-04', to: '2026-12-06', errors: 0, warnings: 0 });
    } finally {
      await server.close();
    }
  });
});
