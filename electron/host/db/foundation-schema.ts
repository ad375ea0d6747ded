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

// Third foundation step: the audit log's newest id and hash, kept apart from the log and written in the same
// transaction as each row, so removing the newest rows (which leaves a valid chain) no longer goes unseen.
// A database from before this step is anchored at its newest row at the time of the upgrade.
export const auditHeadMigration: Migration = {
  name: 'audit-head',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        one     INTEGER PRIMARY KEY CHECK (one = 1),
        last_id INTEGER NOT NULL,
        hash    TEXT NOT NULL
      );
      INSERT INTO audit_head (one, last_id, hash)
        SELECT 1, id, hash FROM audit_log ORDER BY id DESC LIMIT 1;
    `);
  },
};
