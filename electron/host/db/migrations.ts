// Every schema step, in order. Each domain owns its step; this list only orders them.
import type { Migration } from './migration';
import { auditHeadMigration, foundationMigration, operatorSessionsMigration } from './foundation-schema';
import { dispatchMigration } from '../dispatch/schema';
import { alarmMigration } from '../alarm/schema';
import { rosterConsecutiveShiftsMigration, rosterMigration, rosterUnitMigration } from '../roster/schema';
import { geoMigration } from '../geo/schema';

export const migrations: readonly Migration[] = [foundationMigration, dispatchMigration, alarmMigration, rosterMigration, geoMigration, operatorSessionsMigration, rosterUnitMigration, rosterConsecutiveShiftsMigration, auditHeadMigration];
