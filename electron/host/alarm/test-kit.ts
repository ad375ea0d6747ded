// Test helpers for the alarm: the real hall database (foundation + alarm steps) with its audit log, and waits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type HallDatabase } from '../db/open';
import { migrations } from '../db/migrations';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { DeviceLog } from './device';

export function alarmDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'kf-alarm-db-')), 'kuaifan.db');
}

/** Opens (and migrates) a hall database with every step the hall has (the audit log's among them), plus its audit log. */
export function openAlarmDb(file: string, clock: Clock): { db: HallDatabase; audit: AuditLog } {
  const db = openDatabase(file, migrations);
  return { db, audit: createAuditLog(db, clock) };
}

export function auditRows(db: HallDatabase): { actor: string; action: string; subject: string; detail: unknown }[] {
  return db
    .prepare<[], { actor: string; action: string; subject: string; detail: string }>('SELECT actor, action, subject, detail FROM audit_log ORDER BY id')
    .all()
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}

export const quietLog: DeviceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A log that keeps its lines, to assert on warnings. */
export function memoryLog(): DeviceLog & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (msg, fields) => { lines.push({ level: 'info', msg, fields }); },
    warn: (msg, fields) => { lines.push({ level: 'warn', msg, fields }); },
    error: (msg, fields) => { lines.push({ level: 'error', msg, fields }); },
  };
}

/** Polls until `probe` returns something truthy; the timeout is generous because the test machine is shared. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Like waitFor, for a probe that has to ask over the network. */
export async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
