// Opens the hall database: WAL, foreign keys, and every migration not yet applied (PRAGMA user_version).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from './migration';

export type HallDatabase = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[]): HallDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // FULL so an acknowledged edit survives a power cut; the hall writes little, so the cost is small.
  db.pragma('synchronous = FULL');
  migrate(db, migrations);
  return db;
}

export function migrate(db: HallDatabase, migrations: readonly Migration[]): void {
  const sorted = migrations;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > sorted.length) {
    throw new Error(
      `This database is at schema version ${current}, newer than this Kuaifan knows (${sorted.length}). ` +
        'Install the newer Kuaifan that wrote it, or restore an older backup.',
    );
  }
  sorted.forEach((m, i) => {
    if (i < current) return;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${i + 1}`);
    })();
  });
}
