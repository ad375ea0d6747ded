// Append-only audit log where each row carries the hash of the one before, and a separate anchor (audit_head)
// holds the newest id and hash, so edits, deletions and the removal of the newest rows all show.
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
  const head = db.prepare<[], { id: number; hash: string }>('SELECT last_id AS id, hash FROM audit_head WHERE one = 1');
  const last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (id, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const anchor = db.prepare('INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?, ?) ON CONFLICT(one) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash');
  /** Appends one row and moves the anchor. Call it inside the caller's transaction so the action, its row and the anchor commit together. */
  const append: AppendAudit = (entry) => {
    // Chained to the anchor, not to whatever row is last: after the newest rows were removed, the next row leaves the gap visible.
    const prev = head.get() ?? last.get();
    const id = (prev?.id ?? 0) + 1;
    const prevHash = prev?.hash ?? GENESIS;
    const at = clock.now();
    const detail = JSON.stringify(entry.detail ?? null);
    const hash = rowHash(prevHash, id, at, entry.actor, entry.action, entry.subject, detail);
    db.transaction(() => {
      insert.run(id, at, entry.actor, entry.action, entry.subject, detail, prevHash, hash);
      anchor.run(id, hash);
    })();
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

/** Whether the database has the anchor table; without it (a database from before it) removal of the newest rows cannot be ruled out. */
export function hasAuditAnchor(db: HallDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_head'").get() !== undefined;
}

const span = (from: number, to: number): string => (from === to ? `row ${from} is` : `rows ${from}-${to} are`);

/**
 * Walks the chain from the start and reports the first row that was altered, or that follows a deleted one; then
 * compares the newest row with the anchor, which catches rows removed from the end.
 */
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
  const lastId = expectedId - 1;
  if (!hasAuditAnchor(db)) return { ok: true, rows };
  const head = db.prepare<[], { last_id: number; hash: string }>('SELECT last_id, hash FROM audit_head WHERE one = 1').get();
  if (!head) {
    return rows === 0
      ? { ok: true, rows }
      : { ok: false, rows, firstBadId: lastId + 1, reason: `the anchor (table audit_head) was emptied, so rows after row ${lastId} may have been removed with it` };
  }
  if (head.last_id > lastId) {
    return { ok: false, rows, firstBadId: lastId + 1, reason: `${span(lastId + 1, head.last_id)} missing (deleted from the end): the anchor says the newest row is ${head.last_id}, the log ends at ${lastId || 'no row'}` };
  }
  if (head.last_id < lastId) {
    return { ok: false, rows, firstBadId: head.last_id + 1, reason: `${span(head.last_id + 1, lastId)} not written by the hall: the anchor says the newest row is ${head.last_id}` };
  }
  if (head.hash !== prevHash) {
    return { ok: false, rows, firstBadId: lastId, reason: `row ${lastId} is not the row the anchor recorded (its hash differs): the newest rows were replaced` };
  }
  return { ok: true, rows };
}
