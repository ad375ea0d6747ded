// Property tests on the real service and SQLite: any sequence of intakes, dispatches, status reports, recalls and
// closures keeps incidents and units on their transition tables, assignments consistent, and refusals harmless.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HallError } from '../../../shared/contract/errors';
import { canMoveIncident, outcomes } from '../../../shared/domain/dispatch/incident-state';
import { canMoveUnit, isBusy, unitStatuses } from '../../../shared/domain/dispatch/unit-state';
import { createFakeClock } from '../clock';
import { openDatabase, type HallDatabase } from '../db/open';
import { migrations } from '../db/migrations';
import { createAuditLog } from '../audit/audit-log';
import { createDispatchService, type SeedUnit } from './service';
import { quietLog, T0 } from './test-kit';

const root = mkdtempSync(join(tmpdir(), 'kf-dispatch-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const seed: SeedUnit[] = Array.from({ length: 5 }, (_, i) => ({
  id: `U-${i}`, callsign: `巡${i}`, kind: 'station-patrol-car', mode: 'car', station: null, status: i === 4 ? 'available' : 'patrolling', lat: 26.89 + i * 0.001, lon: 102.11, sample: true,
}));

type Op =
  | { op: 'intake' }
  | { op: 'dispatch'; inc: number; units: number[] }
  | { op: 'status'; unit: number; to: (typeof unitStatuses)[number] }
  | { op: 'recall'; inc: number; unit: number }
  | { op: 'close'; inc: number; outcome: (typeof outcomes)[number] }
  | { op: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ op: 'intake' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('dispatch' as const), inc: fc.nat(5), units: fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 3 }) }) },
  // Progress reports weigh more, so runs get deep into 到场 and 处置中 as well as the side exits.
  { weight: 8, arbitrary: fc.record({ op: fc.constant('status' as const), unit: fc.nat(4), to: fc.oneof(fc.constantFrom('en_route', 'on_scene', 'handling'), fc.constantFrom(...unitStatuses)) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('recall' as const), inc: fc.nat(5), unit: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), inc: fc.nat(5), outcome: fc.constantFrom('resolved', 'false_alarm') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 90_000 }) }) },
);

function snapshot(db: HallDatabase): string {
  return JSON.stringify(['incidents', 'units', 'assignments', 'audit_log'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

let run = 0;
/** Every state the runs reached, so the test proves it explored the whole tables. */
const reached = new Set<string>();
function check(ops: Op[]): void {
  const db = openDatabase(join(root, `p${run++}.db`), migrations);
  try {
    const clock = createFakeClock(T0);
    const audit = createAuditLog(db, clock);
    const svc = createDispatchService({ db, clock, audit: audit.append, log: quietLog, targets: () => [], seedUnits: () => seed, center: () => null, emit: () => undefined });
    const ids: string[] = [];
    const auditCount = (): number => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    for (const op of ops) {
      const incBefore = new Map(svc.listIncidents({ state: 'all', limit: 5000 }).incidents.map((i) => [i.id, i]));
      const unitsBefore = new Map(svc.listUnits().units.map((u) => [u.id, u]));
      const dbBefore = snapshot(db);
      const auditBefore = auditCount();
      const incAt = (n: number) => (ids.length ? incBefore.get(ids[n % ids.length])! : undefined);
      let refused = false;
      try {
        switch (op.op) {
          case 'intake':
            ids.push(svc.createIncident({ type: 'other', priority: 2, source: '110', location: { lat: 26.89, lon: 102.11 } }, 't').id);
            break;
          case 'dispatch': {
            const inc = incAt(op.inc);
            if (!inc) continue;
            svc.dispatch(inc, op.units.map((u) => seed[u].id), 't');
            break;
          }
          case 'status':
            svc.setUnitStatus(seed[op.unit].id, op.to, 't');
            break;
          case 'recall': {
            const inc = incAt(op.inc);
            if (!inc) continue;
            svc.recall(inc, seed[op.unit].id, '改派', 't');
            break;
          }
          case 'close': {
            const inc = incAt(op.inc);
            if (!inc) continue;
            svc.close(inc, op.outcome, undefined, 't');
            break;
          }
          case 'advance':
            clock.advance(op.ms);
            continue;
        }
      } catch (err) {
        if (!(err instanceof HallError)) throw err;
        expect(['REFUSED', 'NOT_FOUND', 'CONFLICT', 'BAD_INPUT']).toContain(err.code);
        refused = true;
      }
      if (refused) {
        expect(snapshot(db), `${JSON.stringify(op)} was refused but changed the database`).toBe(dbBefore);
        continue;
      }
      const incAfter = svc.listIncidents({ state: 'all', limit: 5000 }).incidents;
      const unitsAfter = svc.listUnits().units;
      const changed = auditCount() - auditBefore;
      const unitOp = op.op === 'status' && unitsBefore.get(seed[op.unit].id)!.status === op.to;
      expect(changed, `${JSON.stringify(op)} wrote ${changed} audit rows`).toBe(unitOp ? 0 : 1);
      for (const i of incAfter) {
        const before = incBefore.get(i.id);
        if (before && before.state !== i.state) expect(canMoveIncident(before.state, i.state), `${i.id} ${before.state} -> ${i.state} on ${JSON.stringify(op)}`).toBe(true);
        if (before && JSON.stringify({ ...before, version: 0 }) !== JSON.stringify({ ...i, version: 0 })) expect(i.version).toBe(before.version + 1);
        const active = i.assignments.filter((a) => a.releasedAt === null);
        if (i.state === 'closed') expect(active).toEqual([]);
        reached.add(`incident:${i.state}`);
        if (i.firstArrivalAt !== null) expect(['on_scene', 'handling', 'closed']).toContain(i.state);
        for (const a of active) expect(unitsAfter.find((u) => u.id === a.unitId)!.incidentId).toBe(i.id);
      }
      for (const u of unitsAfter) {
        const before = unitsBefore.get(u.id)!;
        if (before.status !== u.status) expect(canMoveUnit(before.status, u.status), `${u.id} ${before.status} -> ${u.status} on ${JSON.stringify(op)}`).toBe(true);
        if (isBusy(u.status)) expect(u.incidentId, `${u.id} is ${u.status} without an incident`).not.toBeNull();
        if (u.incidentId !== null) expect(['available', 'patrolling', 'en_route', 'on_scene', 'handling'], `${u.id} is ${u.status} on ${u.incidentId}`).toContain(u.status);
        reached.add(`unit:${u.status}${u.incidentId ? '+inc' : ''}`);
        const mine = incAfter.flatMap((i) => i.assignments.filter((a) => a.unitId === u.id && a.releasedAt === null).map(() => i.id));
        expect(mine).toEqual(u.incidentId ? [u.incidentId] : []);
      }
    }
  } finally {
    db.close();
  }
}

describe('dispatch transitions on the real service', () => {
  it('property: incidents and units only move along their tables; assignments stay consistent; refusals change nothing', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 10, maxLength: 80, size: 'max' }), check), { numRuns: 80 });
    for (const s of ['new', 'dispatched', 'en_route', 'on_scene', 'handling', 'closed']) expect(reached).toContain(`incident:${s}`);
    for (const s of ['available', 'patrolling', 'unavailable', 'off_duty']) expect(reached).toContain(`unit:${s}`);
    for (const s of ['available', 'patrolling', 'en_route', 'on_scene', 'handling']) expect(reached).toContain(`unit:${s}+inc`);
  });
});
