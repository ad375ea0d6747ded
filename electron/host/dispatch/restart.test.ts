// Restart-proof: after a clean restart or a SIGKILL mid-incident, the queue, countdowns and assignments are as before.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentList, IncidentView } from '../../../shared/contract/dispatch';
import { countdown } from '../../../shared/domain/dispatch/queue';
import { createFakeClock } from '../clock';
import { openTestHall, OUTSIDE_ZONES, T0, tempDataDir } from './test-kit';

let dir: string;
beforeEach(() => { dir = tempDataDir(); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The countdown every screen shows for each queued incident at `now`, from the stored instants only. */
const countdowns = (list: IncidentList, now: number) =>
  list.incidents.map((i: IncidentView) => ({
    id: i.id,
    ...countdown({
      id: i.id, state: i.state, intakeAt: Date.parse(i.intakeAt), deadlineAt: Date.parse(i.deadline), budgetS: i.budgetS,
      firstArrivalAt: i.firstArrivalAt ? Date.parse(i.firstArrivalAt) : null, closedAt: i.closedAt ? Date.parse(i.closedAt) : null,
    }, now),
  }));

describe('restart in the middle of incidents', () => {
  it('a clean restart at the same instant gives the same queue, countdowns and assignments; time runs on from the stored instants', async () => {
    const first = openTestHall(dir, createFakeClock(T0));
    const core = await first.call('incidents.create', { type: 'knife-attack', source: '110', location: { targetId: 'T-001' } });
    const far = await first.call('incidents.create', { type: 'traffic', source: '110', location: OUTSIDE_ZONES });
    first.clock.advance(15_000);
    await first.call('incidents.dispatch', { id: far.id, version: 1, unitIds: ['U-010'] });
    await first.call('units.setStatus', { id: 'U-010', status: 'en_route' });
    first.clock.advance(30_000);
    await first.call('units.reportPosition', { id: 'U-010', lat: 26.865, lon: 102.125, at: first.clock.now(), speed: 42 });
    const before = await first.call('incidents.list', {});
    const unitsBefore = await first.call('units.list', {});
    const shownBefore = countdowns(before, first.clock.now());
    expect(shownBefore.map((c) => [c.id, c.text, c.band, c.secondEchelon])).toEqual([
      [core.id, '00:15', 'red', true],
      [far.id, '04:15', 'green', false],
    ]);
    await first.host.close();

    const second = openTestHall(dir, createFakeClock(T0 + 45_000));
    const after = await second.call('incidents.list', {});
    expect(after).toEqual(before);
    expect(await second.call('units.list', {})).toEqual(unitsBefore);
    expect(countdowns(after, second.clock.now())).toEqual(shownBefore);
    // A minute later the core-site incident is overdue by exactly the minute it had 15 s of.
    second.clock.advance(60_000);
    expect(countdowns(await second.call('incidents.list', {}), second.clock.now()).map((c) => [c.text, c.band])).toEqual([['-00:45', 'overdue'], ['03:15', 'green']]);
    // Seeding does not run twice, and the audit chain continues.
    expect(second.host.audit.recent(100).filter((r) => r.action === 'units.seed')).toHaveLength(1);
    await second.host.close();
  });

  it('after SIGKILL every committed change is there and the countdowns resume exactly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./restart-child.ts', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before reporting`)));
    });
    const printed = JSON.parse(line) as { queue: IncidentList; units: unknown };
    const killed = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await killed;

    const hall = openTestHall(dir, createFakeClock(T0 + 12_000));
    const queue = await hall.call('incidents.list', {});
    expect(queue).toEqual(printed.queue);
    expect(await hall.call('units.list', {})).toEqual(printed.units);
    expect(queue.incidents.map((i) => [i.tier, i.state, i.assignments.map((a) => a.unitId)])).toEqual([
      [1, 'en_route', ['U-021', 'U-003']],
      [3, 'new', []],
    ]);
    hall.clock.advance(20_000);
    expect(countdowns(queue, hall.clock.now()).map((c) => c.text)).toEqual(['00:28', '02:28']);
    await hall.host.close();
  });
});
