// Append-only audit log where each row carries the hash of the one before, so edits and deletions show.
import { createHash } from 'node:crypto';
import type { HallDatabase } from '../db/open';
import type { Clock } from '../clock';

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  detail: unknown;
}

export interface AuditRow extends AuditEntry {
  id: number;
  at: number;
  prevHash: string;
  hash: string;
}

export type AppendAudit = (entry: AuditEntry) => void;

const GENESIS = '0'.repeat(64);

interface StoredRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

function rowHash(prev: string, id: number, at: number, actor: string, action: string, subject: string, detail: string): string {
  return createHash('sha256').update(JSON.stringify([prev, id, at, actor, action, subject, detail])).digest('hex');
}

export function createAuditLog(db: HallDatabase, clock: Clock) {
  const last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (id, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  /** Appends one row. Call it inside the caller's transaction so the action and its row commit together. */
  const append: AppendAudit = (entry) => {
    const prev = last.get();
    const id = (prev?.id ?? 0) + 1;
    const prevHash = prev?.hash ?? GENESIS;
    const at = clock.now();
    const detail = JSON.stringify(entry.detail ?? null);
    insert.run(id, at, entry.actor, entry.action, entry.subject, detail, prevHash, rowHash(prevHash, id, at, entry.actor, entry.action, entry.subject, detail));
  };
  const recent = (limit: number): AuditRow[] =>
    db
      .prepare<[number], StoredRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: JSON.parse(r.detail) as unknown, prevHash: r.prev_hash, hash: r.hash }));
  return { append, recent };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export type AuditVerdict = { ok: true; rows: number } | { ok: false; rows: number; firstBadId: number; reason: string };

/** Walks the chain from the start; reports the first row that was altered, or that follows a deleted one. */
export function verifyAuditLog(db: HallDatabase): AuditVerdict {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  for (const r of db.prepare<[], StoredRow>('SELECT * FROM audit_log ORDER BY id').iterate()) {
    rows++;
    if (r.id !== expectedId) {
      return { ok: false, rows, firstBadId: expectedId, reason: `row ${expectedId} is missing (deleted); the next row present is ${r.id}` };
    }
    if (r.prev_hash !== prevHash) {
      return { ok: false, rows, firstBadId: r.id, reason: `row ${r.id} does not follow row ${r.id - 1}: the chain was broken before it` };
    }
    if (rowHash(r.prev_hash, r.id, r.at, r.actor, r.action, r.subject, r.detail) !== r.hash) {
      return { ok: false, rows, firstBadId: r.id, reason: `row ${r.id} was altered after it was written` };
    }
    prevHash = r.hash;
    expectedId++;
  }
  return { ok: true, rows };
}
