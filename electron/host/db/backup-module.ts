// Daily automatic backup of the hall database with retention; the next one is due 24 h after the newest
// stored backup (read from the file names), so a restart neither skips nor repeats one.
import type { HostContext, HostModule } from '../host-module';
import type { TimerHandle } from '../clock';
import { backupDatabase, backupName, backupsDir, listBackups, pruneBackups, type BackupFile } from './backup';

export interface BackupModuleOptions {
  /** Daily backups kept (default 14). */
  keep?: number;
  intervalMs?: number;
  /** Delay before the first backup of a hall that has none (default 60 s, so short CLI runs never make one). */
  firstDelayMs?: number;
}

export interface BackupModule extends HostModule {
  /** When the next automatic backup is due (epoch ms). */
  nextDueAt(): number;
  /** Runs a daily backup now (as the timer does). */
  runNow(): Promise<BackupFile>;
}

const DAY_MS = 24 * 3_600_000;

export function createBackupModule(context: Pick<HostContext, 'dataDir' | 'clock' | 'db' | 'log' | 'audit'>, opts: BackupModuleOptions = {}): BackupModule {
  const { clock, log, db, audit } = context;
  const dir = backupsDir(context.dataDir);
  const keep = opts.keep ?? 14;
  const interval = opts.intervalMs ?? DAY_MS;
  const startedAt = clock.now();
  let timer: TimerHandle | null = null;
  let running: Promise<BackupFile> | null = null;
  let closed = false;
  let retryAt: number | null = null;

  function nextDueAt(): number {
    // A failed attempt is retried after 10 minutes rather than a whole day later.
    if (retryAt !== null) return retryAt;
    const firstChance = startedAt + (opts.firstDelayMs ?? 60_000);
    const newest = listBackups(dir).find((b) => b.kind === 'daily');
    return newest ? Math.max(newest.at + interval, firstChance) : firstChance;
  }

  async function runNow(): Promise<BackupFile> {
    if (running) return running;
    running = (async () => {
      const at = clock.now();
      const file = await backupDatabase(db, `${dir}/${backupName('daily', at)}`);
      const pruned = pruneBackups(dir, 'daily', keep);
      db.transaction(() => audit.append({ actor: 'kuaifan', action: 'db.backup', subject: file.file, detail: { bytes: file.bytes, pruned: pruned.length } }))();
      log.info('daily backup written', { file: file.file, bytes: file.bytes, pruned });
      return file;
    })();
    try {
      const done = await running;
      retryAt = null;
      return done;
    } catch (err) {
      retryAt = clock.now() + 10 * 60_000;
      throw err;
    } finally {
      running = null;
    }
  }

  function schedule(): void {
    if (closed) return;
    const wait = Math.max(0, Math.min(nextDueAt() - clock.now(), 2 ** 31 - 1));
    timer = clock.setTimeout(() => {
      timer = null;
      if (clock.now() < nextDueAt()) return schedule();
      runNow()
        .catch((err: unknown) => log.error('daily backup failed', { error: err instanceof Error ? err.message : String(err) }))
        .finally(schedule);
    }, wait);
  }
  schedule();

  return {
    name: 'backup',
    nextDueAt,
    runNow,
    async close() {
      closed = true;
      if (timer) clock.clearTimeout(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
  };
}
