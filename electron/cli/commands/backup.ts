// `kuaifan backup`: a verified copy of the hall database now (SQLite's online backup: the hall may keep running).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupDatabase, backupName, backupsDir, DB_FILE, listBackups } from '../../host/db/backup';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'copy the hall database now (verified with integrity_check); --list shows the backups kept',
  usage: `kuaifan backup [--data DIR] [--out FILE]
kuaifan backup --list [--data DIR]

  --data DIR   data folder (default: $KUAIFAN_DATA, else the folder the desktop app uses)
  --out FILE   where to write the copy (default: DIR/backups/manual-<UTC time>.db)
  --list       list the backups in DIR/backups (daily ones are made by the hall itself, 14 kept)

  The copy is taken with SQLite's backup API, so the hall may keep running, and is checked with
  PRAGMA integrity_check before it is kept. Restore one with kuaifan restore FILE.`,
  async run(argv, io) {
    const { values } = parse(argv, { ...dataOption, out: { type: 'string' }, list: { type: 'boolean' } });
    const dataDir = resolve(dataDirFrom(values, io.env));
    if (values.list) {
      const list = listBackups(backupsDir(dataDir));
      if (list.length === 0) io.out(`No backups in ${backupsDir(dataDir)} yet.`);
      for (const b of list) io.out(`${new Date(b.at).toISOString()}  ${b.kind.padEnd(14)} ${String(b.bytes).padStart(10)} bytes  ${b.file}`);
      return 0;
    }
    const file = join(dataDir, DB_FILE);
    if (!existsSync(file)) throw new UsageError(`no hall database at ${file}; give the data folder with --data DIR`);
    const out = values.out ? resolve(values.out) : join(backupsDir(dataDir), backupName('manual', Date.now()));
    if (existsSync(out)) throw new UsageError(`${out} already exists; choose another --out FILE`);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const b = await backupDatabase(db, out);
      io.out(`Backup written: ${b.file} (${b.bytes} bytes, integrity_check ok).`);
      return 0;
    } finally {
      db.close();
    }
  },
};
