// SQLite schema of the alarm: every alarm with its stored instants, device events, hall-configured devices, settings.
import type { Migration } from '../db/migration';

export const alarmMigration: Migration = {
  name: 'alarm',
  up(db) {
    db.exec(`
      CREATE TABLE alarms (
        id           INTEGER PRIMARY KEY,
        triggered_at INTEGER NOT NULL,
        source       TEXT    NOT NULL CHECK (source IN ('button', 'console', 'api')),
        drill        INTEGER NOT NULL CHECK (drill IN (0, 1)),
        mode         TEXT    NOT NULL CHECK (mode IN ('siren', 'lamp-only', 'short-siren')),
        actor        TEXT    NOT NULL,
        incident_id  TEXT,
        mustered_at  INTEGER,
        turnout_ms   INTEGER,
        silenced_at  INTEGER,
        closed_at    INTEGER,
        note         TEXT,
        -- stored so a restart re-derives siren and lamp from instants, not from settings that may have changed
        siren_until  INTEGER,
        lamp_until   INTEGER NOT NULL,
        CHECK (closed_at IS NULL OR note IS NOT NULL)
      );
      -- at most one open alarm, whatever races the code might have: a second press never starts a second alarm
      CREATE UNIQUE INDEX alarms_one_open ON alarms ((closed_at IS NULL)) WHERE closed_at IS NULL;
      CREATE INDEX alarms_triggered_at ON alarms (triggered_at);

      CREATE TABLE alarm_device_events (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        device_id TEXT    NOT NULL,
        kind      TEXT    NOT NULL,
        detail    TEXT    NOT NULL DEFAULT '{}'
      );
      CREATE INDEX alarm_device_events_device ON alarm_device_events (device_id, at);

      -- devices added in the hardware settings view (startup devices come from --device / kuaifan.json)
      CREATE TABLE alarm_devices (
        id         TEXT    PRIMARY KEY,
        config     TEXT    NOT NULL,
        position   INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE alarm_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
