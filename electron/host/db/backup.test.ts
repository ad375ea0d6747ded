// Backups with SQLite's backup API: the daily timer from stored instants, retention, checks and restore.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAuditLog } from '../audit/audit-log';
import { createFakeClock, type FakeClock } from '../clock';
import { createLogger } from '../logging/logger';
import { migrations } from './migrations';
import { openDatabase, type HallDatabase } from './open';
import { backupDatabase, backupsDir, checkDatabaseFile, listBackups, restoreDatabase } from './backup';
import { createBackupModule, type BackupModule } from './backup-module';

const open: { db: HallDatabase; mod?: BackupModule }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.mod?.close?.();
    o.db.close();
  }
});

function hall(dataDir: string, clock: FakeClock, keep = 3) {
  const db = openDatabase(join(dataDir, 'kuaifan.db'), migrations);
  const audit = createAuditLog(db, clock);
  const mod = createBackupModule({ dataDir, clock, db, audit, log: createLogger({ quiet: true }) }, { keep });
  open.push({ db, mod });
  return { db, mod };
}

/** Lets the async backup finish (its audit row is its last step) after the fake clock fired its timer. */
async function settle(db: HallDatabase, backups: number): Promise<void> {
  const done = (): number => (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'db.backup'").get() as { n: number }).n;
  for (let i = 0; i < 300 && done() < backups; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 10)); // and the timer for the next one is set
}

describe('daily backup', () => {
  it('first backup a minute after start, then every 24 h from the stored one, keeping the newest N', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-backup-'));
    const t0 = Date.parse('2026-12-04T02:00:00Z');
    const clock = createFakeClock(t0);
    const { mod, db } = hall(dir, clock);
    db.prepare("INSERT INTO settings (key, value) VALUES ('marker', '\"one\"')").run();
    expect(mod.nextDueAt()).toBe(t0 + 60_000);
    clock.advance(59_999);
    await settle(db, 0);
    expect(listBackups(backupsDir(dir))).toHaveLength(0);
    clock.advance(1);
    await settle(db, 1);
    const first = listBackups(backupsDir(dir));
    expect(first.map((b) => [b.kind, new Date(b.at).toISOString()])).toEqual([['daily', '2026-12-04T02:01:00.000Z']]);
    expect(checkDatabaseFile(first[0]!.file)).toMatchObject({ ok: true });
    const copy = new Database(first[0]!.file, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'marker'").get()).toEqual({ value: '"one"' });
    copy.close();
    expect(mod.nextDueAt()).toBe(t0 + 60_000 + 24 * 3_600_000);
    for (let day = 2; day <= 5; day++) {
      clock.advance(24 * 3_600_000);
      await settle(db, day);
    }
    const kept = listBackups(backupsDir(dir));
    expect(kept.map((b) => new Date(b.at).toISOString().slice(0, 10))).toEqual(['2026-12-08', '2026-12-07', '2026-12-06']);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'db.backup'").get()).toEqual({ n: 5 });
  });

  it('a restart keeps the schedule: the next backup is due 24 h after the newest on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-backup-'));
    const t0 = Date.parse('2026-12-04T02:00:00Z');
    const clock = createFakeClock(t0);
    const first = hall(dir, clock);
    clock.advance(60_000);
    await settle(first.db, 1);
    await first.mod.close?.();
    clock.advance(5 * 3_600_000);
    const again = createBackupModule({ dataDir: dir, clock, db: first.db, audit: createAuditLog(first.db, clock), log: createLogger({ quiet: true }) });
    open.push({ db: openDatabase(join(dir, 'other.db'), []), mod: again });
    expect(new Date(again.nextDueAt()).toISOString()).toBe('2026-12-05T02:01:00.000Z');
  });
});

describe('backup files and restore', () => {
  it('refuses to restore a damaged file and leaves the hall database as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-restore-'));
    const db = openDatabase(join(dir, 'kuaifan.db'), migrations);
    for (let i = 0; i < 300; i++) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`k${i}`, JSON.stringify('x'.repeat(200)));
    const good = join(dir, 'good.db');
    await backupDatabase(db, good);
    db.prepare("INSERT INTO settings (key, value) VALUES ('after', '1')").run();
    db.close();
    const bytes = readFileSync(good);
    bytes.fill(0x5a, 4096 * 3, 4096 * 3 + 2000);
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, bytes);
    const verdict = checkDatabaseFile(bad);
    expect(verdict.ok).toBe(false);
    await expect(restoreDatabase({ dataDir: dir, file: bad, knownVersion: migrations.length, now: Date.now() })).rejects.toThrow(/Refusing to restore/);
    expect(existsSync(join(backupsDir(dir), 'x'))).toBe(false);
    expect(listBackups(backupsDir(dir))).toHaveLength(0);
    const still = new Database(join(dir, 'kuaifan.db'), { readonly: true });
    expect(still.prepare("SELECT value FROM settings WHERE key = 'after'").get()).toEqual({ value: '1' });
    still.close();
    const r = await restoreDatabase({ dataDir: dir, file: good, knownVersion: migrations.length, now: Date.parse('2026-12-04T03:00:00Z') });
    expect(r.safetyCopy).toMatch(/before-restore-20261204T030000Z\.db$/);
    const back = new Database(join(dir, 'kuaifan.db'), { readonly: true });
    expect(back.prepare("SELECT value FROM settings WHERE key = 'after'").get()).toBeUndefined();
    expect(back.pragma('integrity_check', { simple: true })).toBe('ok');
    back.close();
  });

  it('refuses a file from a newer Kuaifan and a database that is not Kuaifan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-restore-'));
    const future = new Database(join(dir, 'future.db'));
    future.exec('CREATE TABLE audit_log (id INTEGER); CREATE TABLE settings (key TEXT);');
    future.pragma(`user_version = ${migrations.length + 5}`);
    future.close();
    expect(checkDatabaseFile(join(dir, 'future.db'), migrations.length)).toMatchObject({ ok: false, reason: expect.stringContaining('newer than this Kuaifan knows') });
    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(checkDatabaseFile(join(dir, 'other.db'))).toMatchObject({ ok: false, reason: expect.stringContaining('not a Kuaifan one') });
  });
});
