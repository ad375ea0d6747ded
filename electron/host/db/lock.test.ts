// The data-folder lock: a second hall on the same folder is refused, naming the folder and the PID holding it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHallHost } from '../hall-host';
import { createFakeClock } from '../clock';
import { recordingLogger, tempDir } from '../../../tests/contract/host-kit';
import { LOCK_FILE, lockDataFolder } from './lock';

const start = Date.parse('2026-12-04T09:00:00+08:00');
const hallOn = (dataDir: string) =>
  createHallHost({ dataDir, clock: createFakeClock(start), log: recordingLogger(), devices: [] });

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

/** Starts a hall in another process on the folder and waits until it holds it. */
async function hallInChild(dataDir: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lock-child.ts', import.meta.url)), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = c;
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: c.stdout! }).once('line', () => resolve());
    c.once('exit', (code) => reject(new Error(`lock child exited with ${code} before holding the folder`)));
  });
  return c;
}

describe('data-folder lock', () => {
  it('a second hall on a folder another process holds is refused with the folder and that PID; after the holder dies it starts', async () => {
    const dataDir = tempDir();
    const holder = await hallInChild(dataDir);
    expect(() => hallOn(dataDir)).toThrow(new RegExp(`data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use .*PID ${holder.pid}\\b`));
    // A one-shot tool (kuaifan import, roster) still runs beside the hall.
    const tool = createHallHost({ dataDir, clock: createFakeClock(start), log: recordingLogger() });
    await tool.close();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder.pid });

    // Killed (a crash, a power cut): the lock is stale and the next hall takes it over.
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const next = hallOn(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await next.close();
  }, 30_000);

  it('two halls in one process cannot share a folder; closing the first frees it', async () => {
    const dataDir = tempDir();
    const first = hallOn(dataDir);
    expect(() => hallOn(dataDir)).toThrow(/is in use .*Close that Kuaifan first/);
    await first.close();
    const second = hallOn(dataDir);
    await second.close();
    expect(() => readFileSync(join(dataDir, LOCK_FILE))).toThrow(/ENOENT/);
  });

  it('a lock written on another machine (a shared folder) is never assumed dead', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 999_999_999, host: 'desk-2.hall.local', since: '2026-12-04T01:00:00.000Z', what: 'kuaifan serve' }));
    expect(() => lockDataFolder(dataDir, 'test')).toThrow(/PID 999999999 on desk-2\.hall\.local/);
  });

  it('a refused start leaves the holder\'s lock in place', () => {
    const dataDir = tempDir();
    const held = lockDataFolder(dataDir, 'first');
    expect(() => lockDataFolder(dataDir, 'second')).toThrow(/in use by first/);
    expect(JSON.parse(readFileSync(held.file, 'utf8'))).toMatchObject({ pid: process.pid, what: 'first' });
    held.release();
  });
});
