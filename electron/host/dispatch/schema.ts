// Schema step of dispatch: the incident-type catalogue, incidents, units, assignments, framed orders.
import type { Migration } from '../db/migration';
import { defaultCatalogue } from '../../../shared/domain/dispatch/catalogue';

export const dispatchMigration: Migration = {
  name: 'dispatch',
  up(db) {
    db.exec(`
      CREATE TABLE incident_types (
        code     TEXT PRIMARY KEY,
        label    TEXT NOT NULL,
        label_en TEXT NOT NULL,
        active   INTEGER NOT NULL CHECK (active IN (0, 1)),
        sort     INTEGER NOT NULL
      );
      CREATE TABLE incidents (
        id                TEXT PRIMARY KEY,
        type              TEXT NOT NULL REFERENCES incident_types(code),
        priority          INTEGER NOT NULL CHECK (priority IN (1, 2, 3)),
        source            TEXT NOT NULL CHECK (source IN ('110', 'patrol', 'alarm', 'drill')),
        lat               REAL NOT NULL,
        lon               REAL NOT NULL,
        address           TEXT,
        target_id         TEXT,
        target_name       TEXT,
        derived_tier      INTEGER NOT NULL CHECK (derived_tier IN (1, 3, 5)),
        zone_target_id    TEXT,
        zone_target_name  TEXT,
        tier              INTEGER NOT NULL CHECK (tier IN (1, 3, 5)),
        override_reason   TEXT,
        override_by       TEXT,
        override_at       INTEGER,
        intake_at         INTEGER NOT NULL,
        deadline_at       INTEGER NOT NULL,
        state             TEXT NOT NULL CHECK (state IN ('new', 'dispatched', 'en_route', 'on_scene', 'handling', 'closed')),
        caller_name       TEXT,
        caller_phone      TEXT,
        notes             TEXT NOT NULL DEFAULT '',
        first_dispatch_at INTEGER,
        first_arrival_at  INTEGER,
        handling_at       INTEGER,
        closed_at         INTEGER,
        closed_by         TEXT,
        outcome           TEXT,
        closure_note      TEXT,
        created_by        TEXT NOT NULL,
        created_at        INTEGER NOT NULL,
        version           INTEGER NOT NULL
      );
      CREATE INDEX incidents_open ON incidents (deadline_at) WHERE state <> 'closed';
      CREATE INDEX incidents_closed ON incidents (closed_at) WHERE state = 'closed';
      CREATE TABLE units (
        id            TEXT PRIMARY KEY,
        callsign      TEXT NOT NULL,
        kind          TEXT NOT NULL,
        mode          TEXT NOT NULL CHECK (mode IN ('car', 'motorcycle', 'foot')),
        station       TEXT,
        sample        INTEGER NOT NULL CHECK (sample IN (0, 1)),
        status        TEXT NOT NULL CHECK (status IN ('available', 'patrolling', 'en_route', 'on_scene', 'handling', 'unavailable', 'off_duty')),
        status_since  INTEGER NOT NULL,
        status_reason TEXT,
        lat           REAL,
        lon           REAL,
        position_at   INTEGER,
        speed         REAL,
        heading       REAL,
        incident_id   TEXT REFERENCES incidents(id),
        version       INTEGER NOT NULL
      );
      CREATE TABLE assignments (
        id             INTEGER PRIMARY KEY,
        incident_id    TEXT NOT NULL REFERENCES incidents(id),
        unit_id        TEXT NOT NULL REFERENCES units(id),
        resume_status  TEXT NOT NULL CHECK (resume_status IN ('available', 'patrolling')),
        assigned_at    INTEGER NOT NULL,
        assigned_by    TEXT NOT NULL,
        en_route_at    INTEGER,
        arrived_at     INTEGER,
        released_at    INTEGER,
        release_reason TEXT
      );
      -- A unit serves one incident at a time.
      CREATE UNIQUE INDEX assignments_active_unit ON assignments (unit_id) WHERE released_at IS NULL;
      CREATE INDEX assignments_incident ON assignments (incident_id);
      CREATE TABLE orders (
        id          TEXT PRIMARY KEY,
        text        TEXT NOT NULL,
        target_lat  REAL,
        target_lon  REAL,
        frame       TEXT,
        incident_id TEXT REFERENCES incidents(id),
        created_at  INTEGER NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE TABLE order_recipients (
        order_id TEXT NOT NULL REFERENCES orders(id),
        unit_id  TEXT NOT NULL REFERENCES units(id),
        ack_at   INTEGER,
        ack_by   TEXT,
        ack_note TEXT,
        PRIMARY KEY (order_id, unit_id)
      );
    `);
    const insert = db.prepare('INSERT INTO incident_types (code, label, label_en, active, sort) VALUES (?, ?, ?, ?, ?)');
    defaultCatalogue.forEach((t, i) => insert.run(t.code, t.label, t.labelEn, t.active ? 1 : 0, i));
  },
};
