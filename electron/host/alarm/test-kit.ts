// Test helpers for the alarm: a migrated SQLite file, an audit that records, a quiet log, polling waits.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alarmMigration } from './schema';
import type { AuditFn } from './alarm-store';
import type { DeviceLog } from './device';

export function alarmDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'kf-alarm-db-')), 'hall.sqlite');
}

/** Opens (and on first use migrates) a database with just the alarm tables and a plain audit table. */
export function openAlarmDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if ((db.pragma('user_version', { simple: true }) as number) === 0) {
    db.exec('CREATE TABLE test_audit (id INTEGER PRIMARY KEY, actor TEXT, action TEXT, subject TEXT, detail TEXT)');
    alarmMigration.up(db);
    db.pragma('user_version = 1');
  }
  return db;
}

export function tableAudit(db: Database.Database): AuditFn & { rows(): { actor: string; action: string; subject: string }[] } {
  const ins = db.prepare('INSERT INTO test_audit (actor, action, subject, detail) VALUES (?, ?, ?, ?)');
  const fn = ((e) => { ins.run(e.actor, e.action, e.subject, JSON.stringify(e.detail)); }) as AuditFn & { rows(): { actor: string; action: string; subject: string }[] };
  fn.rows = () => db.prepare<[], { actor: string; action: string; subject: string }>('SELECT actor, action, subject FROM test_audit ORDER BY id').all();
  return fn;
}

export const quietLog: DeviceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
