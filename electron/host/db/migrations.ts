// Every schema step, in order. Each domain owns its step; this list only orders them.
import type { Migration } from './migration';
import { foundationMigration } from './foundation-schema';

export const migrations: readonly Migration[] = [foundationMigration];
