// The schema reached from an empty database and from every earlier version is the same, keeps its data,
// and serves the roster; a database newer than this Kuaifan is refused.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrations } from '../db/migrations';
import { migrate, openDatabase } from '../db/open';
import { rosterConsecutiveShiftsMigration, rosterMigration } from './schema';
import { rosterTestHost, tempDbFile } from './test-kit';

const schemaOf = (db: Database.Database): string[] =>
  (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[])
    .map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);

describe('migrations', () => {
  const rosterVersion = migrations.indexOf(rosterMigration) + 1;

  it('the roster step is in the list, and an empty database gets every step with the built-in data', () => {
    expect(rosterVersion).toBeGreaterThan(0);
    const db = openDatabase(tempDbFile(), migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT id FROM roster_patterns ORDER BY id').all().map((r) => (r as { id: string }).id)).toEqual(['24-48', '3x2', '3x2-6', '4x2', '4x3']);
    expect(db.prepare("SELECT start_min, minutes FROM roster_shift_templates WHERE code = 'night'").get()).toEqual({ start_min: 1200, minutes: 720 });
    db.close();
  });

  for (let k = 0; k < migrations.length; k++) {
    it(`from version ${k} (${k === 0 ? 'empty' : migrations[k - 1]!.name}) to ${migrations.length}: same schema, data kept, roster works`, () => {
      const file = tempDbFile();
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      migrate(old, migrations.slice(0, k));
      expect(old.pragma('user_version', { simple: true })).toBe(k);
      if (k >= 1) old.prepare("INSERT INTO settings (key, value) VALUES ('hallZone', '\"Asia/Shanghai\"')").run();
      if (k >= rosterVersion) {
        old.prepare("INSERT INTO roster_officers (police_no, name, changed_at, changed_by) VALUES ('032117', '王强', 0, 'old')").run();
      }
      old.close();

      const h = rosterTestHost({ file });
      expect(h.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(h.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const fresh = openDatabase(tempDbFile(), migrations);
      expect(schemaOf(h.db)).toEqual(schemaOf(fresh));
      fresh.close();
      if (k >= 1) expect(h.settings.get().hallZone).toBe('Asia/Shanghai');
      const officers = h.service.config().officers.map((o) => o.policeNo);
      // A hall that already had an officer is never given the sample roster.
      expect(officers).toEqual(k >= rosterVersion ? ['032117'] : expect.arrayContaining(['SL101']));
      h.close();
    });
  }

  it('a hall whose limit was "days in a row" keeps its number as "shifts in a row"', () => {
    const step = migrations.indexOf(rosterConsecutiveShiftsMigration);
    expect(step).toBeGreaterThan(migrations.indexOf(rosterMigration));
    const file = tempDbFile();
    const old = new Database(file);
    migrate(old, migrations.slice(0, step));
    const stored = (db: Database.Database) => JSON.parse((db.prepare('SELECT rules FROM roster_rules WHERE id = 1').get() as { rules: string }).rules) as Record<string, unknown>;
    expect(stored(old)).toMatchObject({ maxConsecutiveDays: 6 });
    old.prepare("UPDATE roster_rules SET rules = json_set(rules, '$.maxConsecutiveDays', 9, '$.minRestHours', 11) WHERE id = 1").run();
    old.close();
    const h = rosterTestHost({ file });
    expect(stored(h.db)).not.toHaveProperty('maxConsecutiveDays');
    expect(h.service.config().rules).toMatchObject({ maxConsecutiveShifts: 9, minRestHours: 11 });
    h.close();
    const fresh = openDatabase(tempDbFile(), migrations);
    expect(stored(fresh)).toMatchObject({ maxConsecutiveShifts: 6 });
    expect(stored(fresh)).not.toHaveProperty('maxConsecutiveDays');
    fresh.close();
  });

  it('refuses a database from a newer Kuaifan', () => {
    const file = tempDbFile();
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openDatabase(file, migrations)).toThrow(/newer than this Kuaifan knows/);
  });
});
