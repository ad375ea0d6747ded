// A roster service on a real SQLite file in a temp folder, with a fake clock, for the host tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../audit/audit-log';
import { createFakeClock } from '../clock';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { findAppRoot } from '../paths';
import { createSettingsStore } from '../settings';
import { createRosterService } from './service';

export const holidaysDir = join(findAppRoot(), 'resources', 'holidays');

export function tempDbFile(prefix = 'kf-roster-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'kuaifan.db');
}

export interface RosterTestHost {
  file: string;
  db: ReturnType<typeof openDatabase>;
  clock: ReturnType<typeof createFakeClock>;
  audit: ReturnType<typeof createAuditLog>;
  settings: ReturnType<typeof createSettingsStore>;
  service: ReturnType<typeof createRosterService>;
  close(): void;
}

export function rosterTestHost(opts: { file?: string; now?: string; zone?: string; seed?: boolean } = {}): RosterTestHost {
  const file = opts.file ?? tempDbFile();
  const db = openDatabase(file, migrations);
  const clock = createFakeClock(Date.parse(opts.now ?? '2026-12-04T10:00:00+08:00'));
  const audit = createAuditLog(db, clock);
  const settings = createSettingsStore(db);
  if (opts.zone) settings.set({ hallZone: opts.zone });
  const service = createRosterService({ db, clock, audit: audit.append, zone: () => settings.get().hallZone, holidaysDir });
  if (opts.seed !== false) service.seedSampleIfEmpty();
  return { file, db, clock, audit, settings, service, close: () => db.close() };
}

/** Officer id by police number, for tests on the sample roster. */
export function officerId(host: RosterTestHost, policeNo: string): number {
  const row = host.db.prepare<[string], { id: number }>('SELECT id FROM roster_officers WHERE police_no = ?').get(policeNo);
  if (!row) throw new Error(`no officer ${policeNo}`);
  return row.id;
}
