// `kuaifan restore` beside a running hall is refused (the data-folder lock); `kuaifan backup` beside one works.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/contract/host-kit';
import { backupsDir, listBackups } from '../../host/db/backup';
import { LOCK_FILE } from '../../host/db/lock';
import type { CliCommand } from '../command';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

/** Starts a hall in another process on the folder (as kuaifan serve does) and waits until it holds it. */
async function hallInChild(dataDir: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../host/db/lock-child.ts', import.meta.url)), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = c;
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: c.stdout! }).once('line', () => resolve());
    c.once('exit', (code) => reject(new Error(`hall child exited with ${code} before holding the folder`)));
  });
  return c;
}

async function run(cmd: CliCommand, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const lockHolder = (dataDir: string): unknown => (JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: unknown }).pid;

function settingValue(dataDir: string, key: string): unknown {
  const db = new Database(join(dataDir, 'kuaifan.db'), { readonly: true });
  try {
    return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

describe('kuaifan backup and restore beside a running hall', () => {
  it('backup copies the live database; restore is refused naming the folder and the PID, changes nothing, and works once the hall is gone', async () => {
    const dataDir = tempDir('kf-cli-restore-');
    const hall = await hallInChild(dataDir);

    const backup = await run(backupCommand, '--data', dataDir);
    expect(backup.code).toBe(0);
    const file = /Backup written: (\S+) /.exec(backup.out)![1]!;
    expect(existsSync(file)).toBe(true);

    // Written after the backup, through the hall's live database: a restore would take it away.
    const live = new Database(join(dataDir, 'kuaifan.db'));
    live.prepare("INSERT INTO settings (key, value) VALUES ('after-backup', '\"kept\"')").run();
    live.close();

    const refused = await run(restoreCommand, file, '--data', dataDir);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`Refusing to restore: The data folder ${dataDir} is in use`);
    expect(refused.err).toMatch(new RegExp(`PID ${hall.pid}\\b`));
    expect(refused.err).toMatch(/Nothing was changed\. Stop the hall .* first/);
    expect(settingValue(dataDir, 'after-backup')).toBe('"kept"');
    expect(listBackups(backupsDir(dataDir)).map((b) => b.kind)).toEqual(['manual']);
    expect(lockHolder(dataDir)).toBe(hall.pid);

    // The hall dies without releasing (a crash): its stale lock is taken over and the restore goes ahead.
    const exited = new Promise((resolve) => hall.once('exit', resolve));
    hall.kill('SIGKILL');
    await exited;
    const restored = await run(restoreCommand, file, '--data', dataDir);
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(settingValue(dataDir, 'after-backup')).toBeUndefined();
    expect(listBackups(backupsDir(dataDir)).map((b) => b.kind).sort()).toEqual(['before-restore', 'manual']);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 30_000);
});
