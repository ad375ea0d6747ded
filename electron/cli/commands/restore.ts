// `kuaifan restore FILE`: put a backup back as the hall database; refuses a file that fails integrity_check.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import { createAuditLog } from '../../host/audit/audit-log';
import { createSystemClock } from '../../host/clock';
import { checkDatabaseFile, DB_FILE, restoreDatabase } from '../../host/db/backup';
import { lockDataFolder, type DataFolderLock } from '../../host/db/lock';
import { migrations } from '../../host/db/migrations';
import { openDatabase } from '../../host/db/open';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';

/** Restores FILE and records it in the audit log of the restored database. */
async function restoreAudited(dataDir: string, file: string): Promise<Awaited<ReturnType<typeof restoreDatabase>>> {
  const clock = createSystemClock();
  const result = await restoreDatabase({ dataDir, file, knownVersion: migrations.length, now: clock.now() });
  const db = openDatabase(join(dataDir, DB_FILE), migrations);
  try {
    const audit = createAuditLog(db, clock);
    db.transaction(() => audit.append({ actor: 'cli', action: 'db.restore', subject: file, detail: { fromVersion: result.restoredVersion, safetyCopy: result.safetyCopy } }))();
  } finally {
    db.close();
  }
  return result;
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'replace the hall database with a backup (refused unless it passes integrity_check)',
  usage: `kuaifan restore FILE [--data DIR]

  --data DIR   data folder (default: $KUAIFAN_DATA, else the folder the desktop app uses)

  FILE must open as a Kuaifan database and pass PRAGMA integrity_check, and must not be newer than this
  Kuaifan; otherwise nothing changes and the reason is printed (exit 1). The current database is kept
  first as DIR/backups/before-restore-<UTC time>.db. An older backup is brought up to date by the
  migrations. While a hall (the Kuaifan app or kuaifan serve) holds the data folder the restore is
  refused (exit 1): stop the hall first, and start it again afterwards.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, dataOption, true);
    if (positionals.length !== 1) throw new UsageError('use: kuaifan restore FILE [--data DIR]');
    const file = resolve(positionals[0]!);
    const dataDir = resolve(dataDirFrom(values, io.env));
    const verdict = checkDatabaseFile(file, migrations.length);
    if (!verdict.ok) {
      io.err(`Refusing to restore: ${verdict.reason}`);
      io.err('Nothing was changed. Pick another backup (kuaifan backup --list).');
      return 1;
    }
    // The hall's own lock: a running hall would keep writing to the database it has open, not the restored one.
    let lock: DataFolderLock;
    try {
      mkdirSync(dataDir, { recursive: true });
      lock = lockDataFolder(dataDir, 'kuaifan restore');
    } catch (err) {
      if (!(err instanceof HallError && err.code === 'CONFLICT')) throw err;
      io.err(`Refusing to restore: ${err.message}`);
      io.err('Nothing was changed. Stop the hall (the Kuaifan app or kuaifan serve) first, then run kuaifan restore again.');
      return 1;
    }
    const result = await restoreAudited(dataDir, file).finally(() => lock.release());
    io.out(`Restored ${file} into ${join(dataDir, DB_FILE)} (schema version ${result.restoredVersion}${result.restoredVersion < migrations.length ? `, migrated to ${migrations.length}` : ''}).`);
    if (result.safetyCopy) io.out(`The database it replaced is kept at ${result.safetyCopy}.`);
    io.out('Start the hall again; every screen reads the restored data.');
    return 0;
  },
};
