// The data-folder lock: one hall host (kuaifan serve or the desktop app) per data folder, named by its PID.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';

export const LOCK_FILE = 'kuaifan.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  what: string;
}

export interface DataFolderLock {
  readonly file: string;
  release(): void;
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' ? { pid: o.pid, host: String(o.host ?? ''), since: String(o.since ?? '?'), what: String(o.what ?? 'kuaifan') } : null;
  } catch {
    return null;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock or throws a HallError naming the folder and the holder's PID. A lock left by a process that
 * died (crash, power cut) is taken over; one written on another machine (a shared folder) is never assumed dead.
 */
export function lockDataFolder(dataDir: string, what: string): DataFolderLock {
  const file = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      const elsewhere = owner !== null && owner.host !== '' && owner.host !== me.host;
      if (owner && (elsewhere || alive(owner.pid))) {
        throw new HallError(
          'CONFLICT',
          `The data folder ${dataDir} is in use by ${owner.what} (PID ${owner.pid}${elsewhere ? ` on ${owner.host}` : ''}, since ${owner.since}). ` +
            'Close that Kuaifan first, or start this one with another --data folder. ' +
            `If no such process is running, delete ${file}.`,
        );
      }
      // An empty file a few seconds old is another host between creating and writing it; older, a crash did that.
      if (!owner && Date.now() - mtimeOf(file) < 5_000) break;
      // Dead holder, or a half-written file from a crash at the moment of locking: take it over.
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    const onExit = (): void => release();
    const release = (): void => {
      process.off('exit', onExit);
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    process.on('exit', onExit);
    return { file, release };
  }
  throw new HallError('CONFLICT', `The data folder ${dataDir} is being locked by another Kuaifan starting at the same moment; try again.`);
}
