// First schema step: settings, local operator accounts, the hash-chained audit log.
import type { Migration } from './migration';

export const foundationMigration: Migration = {
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE operators (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        police_no    TEXT NOT NULL UNIQUE,
        role         TEXT NOT NULL CHECK (role IN ('commander','watch','admin')),
        pin_hash     TEXT NOT NULL,
        failed_pins  INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        created_at   INTEGER NOT NULL
      );
      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        subject   TEXT NOT NULL,
        detail    TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      );
    `);
  },
};

// Second foundation step: resumable sign-ins (hashed tokens), so a reload or a network blip keeps the operator signed in.
export const operatorSessionsMigration: Migration = {
  name: 'operator-sessions',
  up(db) {
    db.exec(`
      CREATE TABLE operator_sessions (
        token_hash  TEXT PRIMARY KEY,
        operator_id INTEGER NOT NULL REFERENCES operators(id),
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        revoked_at  INTEGER
      );
      CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at);
    `);
  },
};
