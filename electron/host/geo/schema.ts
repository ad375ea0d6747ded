// SQLite schema of the geo module: the edited speed and congestion tables, and rapid-response point staffing.
import type { Migration } from '../db/migration';

export const geoMigration: Migration = {
  name: 'geo',
  up(db) {
    db.exec(`
      -- one row per edited table; no row means the built-in default is in use
      CREATE TABLE geo_travel_tables (
        name       TEXT    PRIMARY KEY CHECK (name IN ('speed', 'congestion')),
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT    NOT NULL
      );
      -- the commander's word on whether a point's crew is there now; no row means the map's staffed flag
      CREATE TABLE geo_rr_staffing (
        rr_point_id TEXT    PRIMARY KEY,
        staffed     INTEGER NOT NULL CHECK (staffed IN (0, 1)),
        updated_at  INTEGER NOT NULL,
        updated_by  TEXT    NOT NULL
      );
    `);
  },
};
