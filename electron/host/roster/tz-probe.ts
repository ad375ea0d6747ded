// Child process for the time-zone test: prints the on-duty answers for instants from an existing hall
// database, and the zone this process believes it is in. Usage: tz-probe.ts DBFILE INSTANT...
import Database from 'better-sqlite3';
import { createAuditLog } from '../audit/audit-log';
import { createSystemClock } from '../clock';
import { createSettingsStore } from '../settings';
import { createRosterService } from './service';
import { holidaysDir } from './test-kit';

const [file, ...instants] = process.argv.slice(2);
const db = new Database(file!, { readonly: true, fileMustExist: true });
const clock = createSystemClock();
const settings = createSettingsStore(db);
const service = createRosterService({ db, clock, audit: createAuditLog(db, clock).append, zone: () => settings.get().hallZone, holidaysDir });
const local = new Date(Date.UTC(2026, 11, 25, 0, 0));
process.stdout.write(
  JSON.stringify({
    processZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    localHourAtMidnightUtc: local.getHours(),
    answers: instants.map((at) => service.onDuty(at)),
    view: service.view('2026-12-20', '2026-12-31').groups.map((g) => g.officers.map((o) => o.marks + JSON.stringify(o.cells)).join('|')),
  }),
);
db.close();
