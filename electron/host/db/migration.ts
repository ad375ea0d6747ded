// Shape of one forward-only schema step; its version is its position in migrations.ts (1, 2, 3, ...).
import type Database from 'better-sqlite3';

export interface Migration {
  readonly name: string;
  up(db: Database.Database): void;
}
