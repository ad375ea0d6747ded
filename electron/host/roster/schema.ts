// Schema step for the duty roster: officers, crews and dated membership, shift templates, patterns,
// rotation segments, exceptions, rules and holiday years. Values are written out here so the step never
// changes meaning when the code's defaults change later.
import type { Migration } from '../db/migration';

export const rosterMigration: Migration = {
  name: 'roster',
  up(db) {
    db.exec(`
      CREATE TABLE roster_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE roster_officers (
        id         INTEGER PRIMARY KEY,
        police_no  TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        rank       TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        armed      INTEGER NOT NULL DEFAULT 0 CHECK (armed IN (0, 1)),
        leader     INTEGER NOT NULL DEFAULT 0 CHECK (leader IN (0, 1)),
        driver     INTEGER NOT NULL DEFAULT 0 CHECK (driver IN (0, 1)),
        medic      INTEGER NOT NULL DEFAULT 0 CHECK (medic IN (0, 1)),
        squad      INTEGER NOT NULL DEFAULT 0 CHECK (squad IN (0, 1)),
        sample     INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
        version    INTEGER NOT NULL DEFAULT 1,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        change     TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE roster_crews (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        sort       INTEGER NOT NULL,
        version    INTEGER NOT NULL DEFAULT 1,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        change     TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE roster_memberships (
        id         INTEGER PRIMARY KEY,
        officer_id INTEGER NOT NULL REFERENCES roster_officers(id) ON DELETE CASCADE,
        crew_id    INTEGER NOT NULL REFERENCES roster_crews(id),
        from_day   TEXT NOT NULL,
        until_day  TEXT,
        CHECK (until_day IS NULL OR until_day > from_day)
      );
      CREATE INDEX roster_memberships_officer ON roster_memberships(officer_id);
      CREATE TABLE roster_shift_templates (
        code       TEXT NOT NULL,
        from_day   TEXT NOT NULL,
        name       TEXT NOT NULL,
        short      TEXT NOT NULL,
        start_min  INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
        minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        version    INTEGER NOT NULL DEFAULT 1,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        PRIMARY KEY (code, from_day)
      );
      CREATE TABLE roster_patterns (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        name_en    TEXT NOT NULL,
        crews      INTEGER NOT NULL CHECK (crews >= 1),
        cycle      TEXT NOT NULL,
        builtin    INTEGER NOT NULL DEFAULT 0,
        version    INTEGER NOT NULL DEFAULT 1,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL
      );
      CREATE TABLE roster_rotations (
        from_day   TEXT PRIMARY KEY,
        pattern_id TEXT NOT NULL REFERENCES roster_patterns(id),
        anchor_day TEXT NOT NULL,
        crew_ids   TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL
      );
      CREATE TABLE roster_exceptions (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('leave', 'sick', 'timeOff', 'swap', 'extra', 'reanchor')),
        officer_id    INTEGER REFERENCES roster_officers(id) ON DELETE CASCADE,
        partner_id    INTEGER REFERENCES roster_officers(id) ON DELETE CASCADE,
        crew_id       INTEGER REFERENCES roster_crews(id),
        from_day      TEXT NOT NULL,
        to_day        TEXT NOT NULL,
        shift         TEXT,
        partner_day   TEXT,
        partner_shift TEXT,
        slot          INTEGER,
        reason        TEXT NOT NULL,
        author        TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        revoked_at    INTEGER,
        revoked_by    TEXT,
        revoke_reason TEXT,
        version       INTEGER NOT NULL DEFAULT 1,
        CHECK (to_day >= from_day),
        CHECK ((kind = 'reanchor') = (crew_id IS NOT NULL AND officer_id IS NULL)),
        CHECK ((kind = 'swap') = (partner_id IS NOT NULL))
      );
      CREATE INDEX roster_exceptions_officer ON roster_exceptions(officer_id);
      CREATE INDEX roster_exceptions_partner ON roster_exceptions(partner_id);
      CREATE TABLE roster_rules (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        rules      TEXT NOT NULL,
        version    INTEGER NOT NULL DEFAULT 1,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL
      );
      CREATE TABLE roster_holiday_years (
        year      INTEGER PRIMARY KEY,
        file      TEXT NOT NULL,
        loaded_at INTEGER NOT NULL,
        loaded_by TEXT NOT NULL
      );

      INSERT INTO roster_meta (key, value) VALUES ('revision', '0'), ('rotation_version', '1'), ('rotation_changed_by', 'kuaifan'), ('rotation_changed_at', '0');

      INSERT INTO roster_shift_templates (code, from_day, name, short, start_min, minutes, changed_at, changed_by) VALUES
        ('day',    '1970-01-01', '白班',   '白', 480,  720,  0, 'kuaifan'),
        ('night',  '1970-01-01', '夜班',   '夜', 1200, 720,  0, 'kuaifan'),
        ('early',  '1970-01-01', '早班',   '早', 360,  480,  0, 'kuaifan'),
        ('middle', '1970-01-01', '中班',   '中', 840,  480,  0, 'kuaifan'),
        ('late',   '1970-01-01', '夜班',   '夜', 1320, 480,  0, 'kuaifan'),
        ('full',   '1970-01-01', '全天班', '全', 480,  1440, 0, 'kuaifan');

      INSERT INTO roster_patterns (id, name, name_en, crews, cycle, builtin, changed_at, changed_by) VALUES
        ('3x2',   '三班两运转',             'three crews, two shifts (day, night, rest)', 3, '["day","night",null]', 1, 0, 'kuaifan'),
        ('3x2-6', '三班两倒（白白夜夜休休）', 'three crews, two shifts, 6-day cycle',        3, '["day","day","night","night",null,null]', 1, 0, 'kuaifan'),
        ('4x2',   '四班两倒',               'four crews, two shifts (day, night, rest, rest)', 4, '["day","night",null,null]', 1, 0, 'kuaifan'),
        ('4x3',   '四班三运转',             'four crews, three 8-hour shifts',             4, '["early","early","middle","middle","late","late",null,null]', 1, 0, 'kuaifan'),
        ('24-48', '24/48（上一休二）',      '24 hours on, 48 off',                         3, '["full",null,null]', 1, 0, 'kuaifan');

      INSERT INTO roster_rules (id, rules, changed_at, changed_by) VALUES
        (1, '{"minStaff":{"day":6,"night":4},"defaultMinStaff":4,"minLeaders":1,"squadArmedMin":4,"minRestHours":12,"maxConsecutiveDays":6}', 0, 'kuaifan');
    `);
  },
};

/**
 * Step 2: the unit each officer rides (车组 / 岗位, e.g. 特巡01), dated like crew membership: from_day inclusive,
 * until_day the first day no longer on it. unit_id is the id of a unit in the map's units layer.
 */
export const rosterUnitMigration: Migration = {
  name: 'roster-unit-assignments',
  up(db) {
    db.exec(`
      CREATE TABLE roster_unit_assignments (
        id         INTEGER PRIMARY KEY,
        officer_id INTEGER NOT NULL REFERENCES roster_officers(id) ON DELETE CASCADE,
        unit_id    TEXT NOT NULL,
        from_day   TEXT NOT NULL,
        until_day  TEXT,
        CHECK (until_day IS NULL OR until_day > from_day)
      );
      CREATE INDEX roster_unit_assignments_officer ON roster_unit_assignments(officer_id);
    `);
  },
};

/**
 * Step 3: the rule "most days in a row" becomes "most shifts in a row" (two shifts on one day count twice).
 * The limit keeps its number: in every shipped pattern a working day holds one shift.
 */
export const rosterConsecutiveShiftsMigration: Migration = {
  name: 'roster-consecutive-shifts',
  up(db) {
    db.exec(`
      UPDATE roster_rules
         SET rules = json_set(json_remove(rules, '$.maxConsecutiveDays'), '$.maxConsecutiveShifts', json_extract(rules, '$.maxConsecutiveDays'))
       WHERE json_type(rules, '$.maxConsecutiveDays') IS NOT NULL;
    `);
  },
};
