// Backups of the hall database with SQLite's online backup API, checks of a backup file, and restore.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HallDatabase } from './open';

export const DB_FILE = 'kuaifan.db';

export type BackupKind = 'daily' | 'manual' | 'before-restore';

export interface BackupFile {
  file: string;
  kind: BackupKind;
  /** When it was taken (epoch ms), read back from its name. */
  at: number;
  bytes: number;
}

export const backupsDir = (dataDir: string): string => join(dataDir, 'backups');

const stamp = (t: number): string => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const namePattern = /^(daily|manual|before-restore)-(\d{8}T\d{6}Z)\.db$/;

export function backupName(kind: BackupKind, at: number): string {
  return `${kind}-${stamp(at)}.db`;
}

function parseStamp(s: string): number {
  return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)), Number(s.slice(9, 11)), Number(s.slice(11, 13)), Number(s.slice(13, 15)));
}

/** Backups in the folder, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const out: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = namePattern.exec(name);
    if (!m) continue;
    out.push({ file: join(dir, name), kind: m[1] as BackupKind, at: parseStamp(m[2]!), bytes: statSync(join(dir, name)).size });
  }
  return out.sort((a, b) => b.at - a.at);
}

/** Keeps the newest `keep` backups of a kind, deletes the rest; returns the deleted files. */
export function pruneBackups(dir: string, kind: BackupKind, keep: number): string[] {
  const old = listBackups(dir).filter((b) => b.kind === kind).slice(keep);
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

export type FileVerdict = { ok: true; version: number; tables: number } | { ok: false; reason: string };

/** Whether a file is a sound Kuaifan database: opens, passes integrity_check, holds the hall's tables. */
export function checkDatabaseFile(file: string, knownVersion?: number): FileVerdict {
  if (!existsSync(file)) return { ok: false, reason: `${file} does not exist.` };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) {
      return { ok: false, reason: `${file} fails PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}` };
    }
    const names = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!names.has('audit_log') || !names.has('settings')) return { ok: false, reason: `${file} is an SQLite database but not a Kuaifan one (no audit_log or settings table).` };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (knownVersion !== undefined && version > knownVersion) {
      return { ok: false, reason: `${file} is at schema version ${version}, newer than this Kuaifan knows (${knownVersion}); restore it with the Kuaifan that wrote it.` };
    }
    return { ok: true, version, tables: names.size };
  } catch (err) {
    return { ok: false, reason: `${file} cannot be read as an SQLite database: ${(err as Error).message}` };
  } finally {
    db?.close();
  }
}

/** Copies the live database into `dest` with the online backup API (writers keep going), then checks the copy. */
export async function backupDatabase(db: HallDatabase, dest: string): Promise<BackupFile> {
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  await db.backup(partial);
  const verdict = checkDatabaseFile(partial);
  if (!verdict.ok) {
    rmSync(partial, { force: true });
    throw new Error(`The backup did not verify: ${verdict.reason}`);
  }
  renameSync(partial, dest);
  const m = namePattern.exec(basename(dest));
  return { file: dest, kind: (m?.[1] as BackupKind) ?? 'manual', at: m ? parseStamp(m[2]!) : Date.now(), bytes: statSync(dest).size };
}

/**
 * Replaces the hall database with a backup: refuses a file that fails integrity_check or is not a Kuaifan
 * database, keeps the current database as before-restore-….db, and copies page by page through SQLite.
 */
export async function restoreDatabase(opts: { dataDir: string; file: string; knownVersion: number; now: number }): Promise<{ restoredVersion: number; safetyCopy: string | null }> {
  const verdict = checkDatabaseFile(opts.file, opts.knownVersion);
  if (!verdict.ok) throw new Error(`Refusing to restore: ${verdict.reason}`);
  const target = join(opts.dataDir, DB_FILE);
  let safetyCopy: string | null = null;
  if (existsSync(target)) {
    const live = new Database(target, { fileMustExist: true });
    try {
      safetyCopy = join(backupsDir(opts.dataDir), backupName('before-restore', opts.now));
      await backupDatabase(live, safetyCopy);
    } finally {
      live.close();
    }
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const source = new Database(opts.file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const after = checkDatabaseFile(target, opts.knownVersion);
  if (!after.ok) throw new Error(`The restored database did not verify (${after.reason}); the previous one is kept at ${safetyCopy}.`);
  return { restoredVersion: verdict.version, safetyCopy };
}
