// Child process for the crash test: makes roster edits forever on DBFILE and acknowledges each one on
// stdout only after its transaction committed ("ack KIND ID"); the parent kills it with SIGKILL.
import { createAuditLog } from '../audit/audit-log';
import { createSystemClock } from '../clock';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { createSettingsStore } from '../settings';
import { createRosterService } from './service';
import { holidaysDir } from './test-kit';

const [file, seedText] = process.argv.slice(2);
let seed = Number(seedText) >>> 0 || 1;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed % n;
};

const db = openDatabase(file!, migrations);
const clock = createSystemClock();
const settings = createSettingsStore(db);
const service = createRosterService({ db, clock, audit: createAuditLog(db, clock).append, zone: () => settings.get().hallZone, holidaysDir });
service.seedSampleIfEmpty();
const officers = db.prepare<[], { id: number }>('SELECT id FROM roster_officers ORDER BY id').all().map((r) => r.id);
const day = (offset: number): string => new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
process.stdout.write('ready\n');

for (;;) {
  const officerId = officers[random(officers.length)]!;
  try {
    const pick = random(10);
    if (pick < 2) {
      const open = db.prepare<[], { id: number; version: number }>('SELECT id, version FROM roster_exceptions WHERE revoked_at IS NULL ORDER BY random() LIMIT 1').get();
      if (open) {
        service.revokeException({ id: open.id, version: open.version, reason: 'crash test' }, 'crash-child');
        process.stdout.write(`ack revoke ${open.id}\n`);
        continue;
      }
    }
    const d = day(random(400));
    const r = pick < 6
      ? service.addException({ kind: 'leave', officerId, from: d, to: d, reason: 'crash test' }, 'crash-child')
      : service.addException({ kind: 'extra', officerId, day: d, shift: random(2) ? 'day' : 'night', reason: 'crash test' }, 'crash-child');
    process.stdout.write(`ack add ${r.exception.id}\n`);
  } catch (err) {
    // Refusals (already on leave, already on that shift) are expected; anything else is a bug to report.
    if (!(err instanceof Error && err.name === 'HallError')) {
      process.stderr.write(`unexpected: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(3);
    }
  }
}
