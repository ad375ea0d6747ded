// The hall host end to end in Node: database, operators and sign-in, role and input checks, and staying up.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createHallHost } from './hall-host';
import { createFakeClock } from './clock';
import { migrations } from './db/migrations';
import { migrate, openDatabase } from './db/open';
import { recordingLogger, tempDir } from '../../tests/contract/host-kit';

const start = Date.parse('2026-12-04T09:00:00+08:00');

function hall() {
  const clock = createFakeClock(start);
  const log = recordingLogger();
  const dataDir = tempDir();
  const host = createHallHost({ dataDir, clock, log });
  const desk = host.connect({ transport: 'ipc', ceiling: 'admin', principal: 'workstation' });
  return { host, clock, log, dataDir, desk };
}

describe('database', () => {
  it('opens in WAL mode at the latest schema version and reopens without migrating again', async () => {
    const { host, dataDir } = hall();
    expect(host.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(host.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    await host.close();
    const again = createHallHost({ dataDir, clock: createFakeClock(start), log: recordingLogger() });
    expect(again.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    await again.close();
  });

  it('migrates from every earlier version to the latest', () => {
    for (let k = 0; k <= migrations.length; k++) {
      const file = join(tempDir(), 'k.db');
      const early = new Database(file);
      migrate(early, migrations.slice(0, k));
      expect(early.pragma('user_version', { simple: true })).toBe(k);
      early.close();
      const db = openDatabase(file, migrations);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  });

  it('refuses a database written by a newer Kuaifan, saying what to do', () => {
    const file = join(tempDir(), 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(file, migrations)).toThrow(/newer than this Kuaifan knows.*Install the newer Kuaifan/);
  });
});

describe('operators', () => {
  it('first start needs the admin account; creating it signs it in and audits it', async () => {
    const { host, desk } = hall();
    expect(await desk.invoke('session.status', {})).toMatchObject({ ok: true, output: { setupNeeded: true, operator: null } });
    const r = await desk.invoke('session.setupAdmin', { name: '李明', policeNo: '510421', pin: '246810' });
    expect(r).toMatchObject({ ok: true, output: { setupNeeded: false, operator: { name: '李明', role: 'admin' }, role: 'admin' } });
    expect(await desk.invoke('session.setupAdmin', { name: 'x', policeNo: '999999', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(host.audit.recent(100).map((a) => a.action)).toContain('operator.create');
    const row = host.db.prepare<[], { pin_hash: string }>('SELECT pin_hash FROM operators').get()!;
    expect(row.pin_hash).toMatch(/^scrypt\$/);
    expect(row.pin_hash).not.toContain('246810');
    await host.close();
  });

  it('five wrong PINs lock the account for 5 minutes; then the right PIN works again', async () => {
    const { host, desk, clock } = hall();
    await desk.invoke('session.setupAdmin', { name: '李明', policeNo: '510421', pin: '246810' });
    await desk.invoke('operators.create', { name: '张伟', policeNo: '032117', role: 'commander', pin: '135135' });
    await desk.invoke('session.signOut', {});
    const other = host.connect({ transport: 'ipc', ceiling: 'admin', principal: 'workstation' });
    for (let i = 1; i <= 4; i++) {
      const r = await other.invoke('session.signIn', { policeNo: '032117', pin: '000000' });
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Wrong police number or PIN') } });
    }
    expect(await other.invoke('session.signIn', { policeNo: '032117', pin: '000000' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Locked: even the right PIN is refused until the 5 minutes are over.
    expect(await other.invoke('session.signIn', { policeNo: '032117', pin: '135135' })).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('5 min') } });
    clock.advance(5 * 60_000 + 1);
    expect(await other.invoke('session.signIn', { policeNo: '032117', pin: '135135' })).toMatchObject({ ok: true, output: { operator: { policeNo: '032117' }, role: 'commander' } });
    expect(host.audit.recent(100).map((a) => a.action)).toEqual(expect.arrayContaining(['operator.wrongPin', 'operator.locked', 'operator.signIn']));
    await host.close();
  });

  it('a sign-in resumes on a new connection with its token, until signed out or 14 h old', async () => {
    const { host, desk, clock } = hall();
    const setup = await desk.invoke('session.setupAdmin', { name: '李明', policeNo: '510421', pin: '246810' });
    const token = (setup as { output: { resumeToken: string } }).output.resumeToken;
    expect(token.length).toBeGreaterThan(20);
    expect(JSON.stringify(host.db.prepare('SELECT * FROM operator_sessions').all())).not.toContain(token);
    const reloaded = host.connect({ transport: 'ws', ceiling: 'admin', principal: 'desk' });
    expect(await reloaded.invoke('session.resume', { resumeToken: token })).toMatchObject({ ok: true, output: { operator: { policeNo: '510421' } } });
    // A display screen cannot pick up an operator's sign-in.
    const wall = host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall' });
    expect(await wall.invoke('session.resume', { resumeToken: token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    clock.advance(13 * 3600_000);
    expect(await host.connect({ transport: 'ws', ceiling: 'admin', principal: 'desk' }).invoke('session.resume', { resumeToken: token })).toMatchObject({ ok: true });
    clock.advance(2 * 3600_000);
    expect(await host.connect({ transport: 'ws', ceiling: 'admin', principal: 'desk' }).invoke('session.resume', { resumeToken: token })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('sign in again') } });
    const again = await reloaded.invoke('session.signIn', { policeNo: '510421', pin: '246810' });
    const fresh = (again as { output: { resumeToken: string } }).output.resumeToken;
    await reloaded.invoke('session.signOut', {});
    expect(await host.connect({ transport: 'ws', ceiling: 'admin', principal: 'desk' }).invoke('session.resume', { resumeToken: fresh })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await host.close();
  });

  it('an unknown police number gets the same replies as a known one with a wrong PIN, lock included', async () => {
    const { host, desk, clock } = hall();
    await desk.invoke('session.setupAdmin', { name: '李明', policeNo: '510421', pin: '246810' });
    await desk.invoke('operators.create', { name: '张伟', policeNo: '032117', role: 'commander', pin: '135135' });
    const screen = host.connect({ transport: 'ipc', ceiling: 'admin', principal: 'w' });
    // Six tries each: four wrong, the fifth locks, the sixth finds the lock; the number is the only difference.
    const replies = async (policeNo: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await screen.invoke('session.signIn', { policeNo, pin: '000000' });
        out.push(JSON.parse(JSON.stringify(r).replaceAll(policeNo, 'NUMBER')));
      }
      return out;
    };
    const known = await replies('032117');
    const unknown = await replies('777777');
    expect(unknown).toEqual(known);
    expect(known[0]).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(known[3])).not.toMatch(/tries left|[0-9] (more )?tr(y|ies)/);
    expect(known[4]).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('locked for 5 minutes') } });
    expect(known[5]).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('try again in 5 min') } });
    // Both locks run out alike; the admin's log shows the guesses at the number that has no account.
    clock.advance(5 * 60_000 + 1);
    expect(await replies('777777')).toEqual(known);
    expect(host.audit.recent(100).filter((a) => a.action === 'operator.unknownPoliceNo').length).toBeGreaterThanOrEqual(5);
    await host.close();
  });

  it('signed out, a console reads the live situation but may not act', async () => {
    const { host } = hall();
    const screen = host.connect({ transport: 'ws', ceiling: 'commander', principal: 'desk-2' });
    expect(await screen.invoke('map.get', {})).toMatchObject({ ok: true });
    expect(await screen.invoke('settings.set', { lang: 'en' })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', message: expect.stringContaining('签到') } });
    const wall = host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall' });
    expect(await wall.invoke('settings.set', { lang: 'en' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await host.close();
  });

  it('a commander account cannot sign in on a watch-officer screen', async () => {
    const { host, desk } = hall();
    await desk.invoke('session.setupAdmin', { name: '李明', policeNo: '510421', pin: '246810' });
    await desk.invoke('operators.create', { name: '张伟', policeNo: '032117', role: 'commander', pin: '135135' });
    const watchScreen = host.connect({ transport: 'ws', ceiling: 'watch', principal: 'watch-office' });
    expect(await watchScreen.invoke('session.signIn', { policeNo: '032117', pin: '135135' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('watch') } });
    await host.close();
  });
});

describe('contract checks', () => {
  it('bad input gets BAD_INPUT naming each field; the refusal is logged; the host keeps answering', async () => {
    const { host, desk, log } = hall();
    const r = await desk.invoke('operators.create', { name: '', policeNo: '1', role: 'chief', pin: 'abc' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['name', 'pin', 'policeNo', 'role']);
    expect(log.lines.some((l) => l.level === 'warn' && l.msg === 'command refused' && l.fields?.command === 'operators.create')).toBe(true);
    expect(await desk.invoke('system.health', {})).toMatchObject({ ok: true });
    await host.close();
  });

  it('a role that may not call a command gets FORBIDDEN naming the roles that may', async () => {
    const { host } = hall();
    const api = host.connect({ transport: 'http', ceiling: 'display', principal: 'wall' });
    expect(await api.invoke('operators.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('needs role admin') } });
    await host.close();
  });

  it('a handler that throws becomes INTERNAL with the stack in the log, and the next call works', async () => {
    const { host, desk, log } = hall();
    // Break the settings table under the host to make a handler fail the way a disk error would.
    host.db.exec('DROP TABLE settings');
    const r = await desk.invoke('settings.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('keeps running') } });
    expect(log.lines.some((l) => l.level === 'error' && String(l.fields?.error).includes('settings'))).toBe(true);
    expect(await desk.invoke('system.health', {})).toMatchObject({ ok: true });
    await host.close();
  });

  it('print.pdf saves what the shell printed into the data folder; without a shell it says to use the browser print', async () => {
    const dataDir = tempDir();
    const routes: string[] = [];
    const printer = async (route: string): Promise<Uint8Array> => {
      routes.push(route);
      return new TextEncoder().encode('%PDF-1.7 fake');
    };
    const host = createHallHost({ dataDir, clock: createFakeClock(start), log: recordingLogger(), printer });
    const desk = host.connect({ transport: 'ipc', ceiling: 'admin', principal: 'workstation' });
    const r = await desk.invoke('print.pdf', { kind: 'roster-month', month: '2026-12' });
    expect(r).toMatchObject({ ok: true, output: { path: join(dataDir, 'prints', '值班表-2026-12.pdf'), bytes: 13 } });
    expect(routes).toEqual(['/roster/print/2026-12']);
    expect(host.audit.recent(1)[0]).toMatchObject({ action: 'print.pdf', subject: '2026-12' });
    expect(await desk.invoke('print.pdf', { kind: 'roster-month', month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await host.close();
    const { host: plain, desk: plainDesk } = hall();
    expect(await plainDesk.invoke('print.pdf', { kind: 'roster-month', month: '2026-12' })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('Ctrl+P') } });
    await plain.close();
  });

  it('health names the version, the data folder and the sample data', async () => {
    const { host, desk, dataDir, clock } = hall();
    clock.advance(90_000);
    expect(await desk.invoke('system.health', {})).toMatchObject({ ok: true, output: { name: 'kuaifan', dataDir, sampleData: true, uptimeS: 90 } });
    await host.close();
  });
});
