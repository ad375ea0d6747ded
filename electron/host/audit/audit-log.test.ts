// The audit log's anchor on a real SQLite file: kept with each row, seeded when an older database is upgraded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock';
import { auditHeadMigration } from '../db/foundation-schema';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { createAuditLog, hasAuditAnchor, verifyAuditLog } from './audit-log';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kf-audit-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (db: ReturnType<typeof openDatabase>, n: number): void => {
  const log = createAuditLog(db, createFakeClock(Date.UTC(2026, 11, 3, 2)));
  for (let i = 0; i < n; i++) db.transaction(() => log.append({ actor: 'desk-1', action: 'test.step', subject: `s${i}`, detail: { i } }))();
};

describe('audit anchor', () => {
  it('moves with every row and catches the newest rows removed', () => {
    const db = openDatabase(join(dir, 'kuaifan.db'), migrations);
    write(db, 5);
    expect(db.prepare('SELECT last_id, hash FROM audit_head').get()).toEqual(db.prepare('SELECT id AS last_id, hash FROM audit_log WHERE id = 5').get());
    expect(verifyAuditLog(db)).toEqual({ ok: true, rows: 5 });
    db.prepare('DELETE FROM audit_log WHERE id = 5').run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, firstBadId: 5, reason: expect.stringMatching(/^row 5 is missing \(deleted from the end\)/) });
    db.close();
  });

  it('a row whose anchor update fails is not written either (one transaction)', () => {
    const db = openDatabase(join(dir, 'kuaifan.db'), migrations);
    write(db, 2);
    db.exec("CREATE TRIGGER no_anchor BEFORE UPDATE ON audit_head BEGIN SELECT RAISE(ABORT, 'anchor locked'); END");
    expect(() => write(db, 1)).toThrow(/anchor locked/);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 2 });
    expect(verifyAuditLog(db)).toEqual({ ok: true, rows: 2 });
    db.close();
  });

  it('a database from before the anchor is anchored at its newest row when upgraded', () => {
    const file = join(dir, 'kuaifan.db');
    const rows = openDatabase(join(dir, 'rows.db'), migrations);
    write(rows, 4);
    rows.close();
    // A database at the schema before the anchor step, holding those rows.
    const old = openDatabase(file, migrations.slice(0, migrations.indexOf(auditHeadMigration)));
    old.exec(`ATTACH '${join(dir, 'rows.db')}' AS src; INSERT INTO audit_log SELECT * FROM src.audit_log; DETACH src;`);
    expect(hasAuditAnchor(old)).toBe(false);
    expect(verifyAuditLog(old)).toEqual({ ok: true, rows: 4 });
    old.close();
    const db = openDatabase(file, migrations);
    expect(hasAuditAnchor(db)).toBe(true);
    expect(verifyAuditLog(db)).toEqual({ ok: true, rows: 4 });
    write(db, 1);
    db.prepare('DELETE FROM audit_log WHERE id >= 4').run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, firstBadId: 4, reason: expect.stringMatching(/^rows 4-5 are missing/) });
    db.close();
  });
});
