// Shape of one forward-only schema step; the list in migrations.ts is applied by PRAGMA user_version.
import type Database from 'better-sqlite3';

export interface Migration {
  /** Becomes PRAGMA user_version once applied. Versions are dense: 1, 2, 3, ... */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
