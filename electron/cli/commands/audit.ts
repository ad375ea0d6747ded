// `kuaifan audit verify`: walks the hash-chained audit log and its anchor, and reports the first row that was altered or deleted.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { hasAuditAnchor, verifyAuditLog } from '../../host/audit/audit-log';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'check the audit log: every action is chained to the one before, so an edit or a deletion shows',
  usage: `kuaifan audit verify [--data DIR] [--json]

  --data DIR   data folder (default: $KUAIFAN_DATA, else the folder the desktop app uses)
  --json       print the verdict as one JSON object

  Exit status: 0 when the chain is intact, 1 at the first row altered or missing, 2 on a usage error.
  The database is opened read-only; the hall may keep running. Besides the chain, the newest row's number
  and hash are kept in a separate table (audit_head) written with each row, so removing the newest rows
  shows too. Whoever can rewrite the whole file can rewrite both: keep backups elsewhere for that.
  A database no hall of this version has opened yet has no anchor; the output says so.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { ...dataOption, json: { type: 'boolean' } }, true);
    if (positionals[0] !== 'verify' || positionals.length > 1) {
      throw new UsageError(positionals.length ? `unknown subcommand "${positionals.join(' ')}"; use: kuaifan audit verify [--data DIR]` : 'say what to do: kuaifan audit verify [--data DIR]');
    }
    const dataDir = resolve(dataDirFrom(values, io.env));
    const file = join(dataDir, 'kuaifan.db');
    if (!existsSync(file)) throw new UsageError(`no hall database at ${file}; give the data folder with --data DIR`);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
      if (!hasLog) throw new UsageError(`${file} has no audit_log table; is it a Kuaifan database?`);
      const verdict = verifyAuditLog(db);
      const anchored = hasAuditAnchor(db);
      const last = db.prepare<[], { id: number; at: number; hash: string }>('SELECT id, at, hash FROM audit_log ORDER BY id DESC LIMIT 1').get();
      if (values.json) {
        io.out(JSON.stringify({ file, ...verdict, anchored, lastId: last?.id ?? null, lastHash: last?.hash ?? null }));
      } else if (verdict.ok) {
        io.out(`Audit log intact: ${verdict.rows} rows in ${file}${last ? `, newest #${last.id} at ${new Date(last.at).toISOString()}, hash ${last.hash.slice(0, 16)}…` : ''}`);
        if (!anchored) io.out('This database has no anchor table yet (no hall of this version has opened it): removal of the newest rows cannot be ruled out.');
      } else {
        io.out(`Audit log TAMPERED at row ${verdict.firstBadId}: ${verdict.reason}.`);
        io.out(`Rows intact before it: ${verdict.firstBadId - 1}. Restore the database from a backup and keep this copy for investigation.`);
      }
      return verdict.ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
};
