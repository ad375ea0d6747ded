// Test child for the crash test: runs a hall on DATA_DIR at a fixed instant, takes incidents, prints the queue, then idles until killed.
import { createFakeClock } from '../clock';
import { openTestHall, OUTSIDE_ZONES, T0 } from './test-kit';

const dataDir = process.argv[2]!;
const hall = openTestHall(dataDir, createFakeClock(T0));
const a = await hall.call('incidents.create', { type: 'hostage', source: '110', location: { targetId: 'T-001' } });
const b = await hall.call('incidents.create', { type: 'traffic', source: 'patrol', location: OUTSIDE_ZONES });
hall.clock.advance(12_000);
await hall.call('incidents.dispatch', { id: a.id, version: a.version, unitIds: ['U-021', 'U-003'] });
await hall.call('units.setStatus', { id: 'U-021', status: 'en_route' });
await hall.call('incidents.overrideTier', { id: b.id, version: b.version, tier: 3, reason: '学校放学时段' });
const queue = await hall.call('incidents.list', {});
const units = await hall.call('units.list', {});
process.stdout.write(JSON.stringify({ queue, units }) + '\n');
setInterval(() => undefined, 60_000);
