import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../../shared/contract/geo';
import { CoverageReport as CoverageReportSchema, IsochroneCollection, MoveUpPlan } from '../../../shared/contract/geo';
import { createFakeClock } from '../clock';
import type { Logger } from '../logging/logger';
import { at, dist, halfSpeedSchoolRun, ll, road, roads, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { createGeoService } from './service';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kf-geo-svc-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// 07:00 China time is 23:00 UTC the day before.
const at0700China = Date.UTC(2026, 8, 1, 23, 0);
const street = roads(road(Array.from({ length: 31 }, (_, i) => at(i, 0))));
const school = { id: 'school', name: '第一小学', ...ll(at(12, 0)), tier: 3 as const };

async function hall() {
  const clock = createFakeClock(at0700China);
  const svc = createGeoService({ clock, dataDir: dir, log: quiet, speedTable: roundSpeeds, congestionTable: halfSpeedSchoolRun });
  await svc.loadRoads({ geojson: street, label: 'test street' });
  const reports: CoverageReport[] = [];
  svc.onCoverageChanged((r) => reports.push(r));
  return { clock, svc, reports };
}

describe('geo service', () => {
  it('turns a target amber when the school run starts at 07:30 China time, by the clock alone', async () => {
    const { clock, svc, reports } = await hall();
    svc.setTargets([school]);
    // 1,500 m at 10 m/s = 150 s: green for a 3-minute target; at half speed 300 s = red.
    svc.setUnits([{ id: 'car1', ...ll(at(27, 0)), mode: 'car', available: true }]);
    const before = svc.coverage();
    expect(CoverageReportSchema.parse(before).targets[0]).toMatchObject({ status: 'green', bestSourceId: 'car1', bestSourceKind: 'unit' });
    expect(before.targets[0].etaS).toBeCloseTo(dist(at(27, 0), at(12, 0)) / 10, 3);
    const n = reports.length;
    clock.advance(30 * 60_000);
    expect(reports.length).toBe(n + 1);
    expect(reports.at(-1)!.targets[0].status).toBe('red');
    expect(reports.at(-1)!.headline.find((h) => h.tier === 3)).toMatchObject({ total: 1, green: 0, red: 1, coveredPct: 0 });
    clock.advance(60 * 60_000); // 08:30: back to normal
    expect(svc.coverage().targets[0].status).toBe('green');
    svc.dispose();
  });

  it('re-evaluates on a unit move and on availability, announcing only real changes', async () => {
    const { svc, reports } = await hall();
    svc.setTargets([school, { id: 'bank', ...ll(at(2, 0)), tier: 5 }]);
    svc.setRrPoints([{ id: 'rr-east', name: '东门快反点', ...ll(at(28, 0)), staffed: true, mode: 'motorcycle' }]);
    svc.setUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true }]);
    expect(svc.coverage().targets.map((t) => t.bestSourceId)).toEqual(['car1', 'car1']);
    const n = reports.length;
    expect(svc.updateUnit({ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true })).toEqual([]);
    expect(reports.length).toBe(n);
    expect(svc.updateUnit({ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: false }).sort()).toEqual(['bank', 'school']);
    const after = svc.coverage();
    // The motorcycle point 1.6 km away (5 m/s = 320 s) is now the school's best, too slow (red); the bank is out of reach.
    expect(after.targets[0]).toMatchObject({ bestSourceId: 'rr-east', bestSourceKind: 'rrPoint', status: 'red' });
    expect(after.targets[1]).toMatchObject({ etaS: null, bestSourceId: null, status: 'red' });
    expect(reports.length).toBe(n + 1);
    svc.dispose();
  });

  it('ranks units by ETA to an incident and draws 1/3/5-minute isochrones that nest', async () => {
    const { svc } = await hall();
    const etas = svc.etaFromUnits(ll(at(10, 0)), [
      { id: 'a', ...ll(at(0, 0)), mode: 'car' }, { id: 'b', ...ll(at(8, 0)), mode: 'foot' },
    ], { hour: 10 });
    expect(etas[0].etaS).toBeCloseTo(dist(at(0, 0), at(10, 0)) / 10, 3);
    expect(etas[1].etaS).toBeCloseTo(dist(at(8, 0), at(10, 0)) / 1, 2);
    const iso = IsochroneCollection.parse(svc.isochrone({ ...ll(at(15, 0)), mode: 'car', hour: 10 }));
    expect(iso.features.map((f) => f.properties.minutes)).toEqual([5, 3, 1]);
    const spanLon = (i: number) => { const xs = iso.features[i].geometry.coordinates[0].map((c) => c[0]); return Math.max(...xs) - Math.min(...xs); };
    // 1 minute by car at 10 m/s is 600 m each way along the street: 1.2 km wide.
    expect(spanLon(2) * 111_195 * Math.cos(26.89 * Math.PI / 180)).toBeCloseTo(1200, -1);
    expect(spanLon(1)).toBeGreaterThan(spanLon(2));
    expect(() => svc.isochrone({ lat: 30, lon: 110, mode: 'car' })).toThrow(/No road usable by car within 1000 m/);
    svc.dispose();
  });

  it('plans for a chosen hour without touching live coverage, and exports CSV', async () => {
    const { svc, reports } = await hall();
    svc.setTargets([school]);
    svc.setUnits([]);
    const live = svc.coverage();
    const n = reports.length;
    const { report, csv } = svc.plan({ hour: 10, units: [], rrPoints: [{ id: 'rr-new', name: '新建, "试点"', ...ll(at(13, 0)), staffed: true, mode: 'car' }] });
    expect(report.targets[0]).toMatchObject({ status: 'green', bestSourceId: 'rr-new' });
    expect(svc.coverage()).toEqual(live);
    expect(reports.length).toBe(n);
    const lines = csv.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe('target_id,name,tier_min,budget_s,eta_s,status,best_source,best_source_kind,snap_dist_m');
    expect(lines[1]).toMatch(/^school,第一小学,3,180,10\.\d,green,rr-new,rrPoint,0\.0$/);
    expect(lines).toContain('3,1,1,0,0,100,10:00');
    svc.dispose();
  });

  it('suggests a move-up to a rapid-response point and validates as the contract says', async () => {
    const { svc } = await hall();
    svc.setTargets([{ id: 'core', ...ll(at(29, 0)), tier: 1 }]);
    svc.setRrPoints([{ id: 'rr-east', ...ll(at(28, 0)), staffed: false, mode: 'motorcycle' }]);
    svc.setUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true }]);
    const plan = MoveUpPlan.parse(svc.moveUp(2));
    expect(plan.moves).toEqual([expect.objectContaining({ unitId: 'car1', to: expect.objectContaining({ kind: 'rrPoint', id: 'rr-east' }) })]);
    expect(plan.before[0]).toMatchObject({ tier: 1, green: 0 });
    expect(plan.after[0]).toMatchObject({ tier: 1, green: 1 });
    svc.dispose();
  });

  it('refuses bad speed tables whole and says there is no network before one is loaded', () => {
    const svc = createGeoService({ clock: createFakeClock(0), dataDir: dir, log: quiet });
    expect(() => svc.coverage()).toThrow(/No road network is loaded yet/);
    expect(() => svc.setTables({ speedTable: { primary: { car: -1 } } })).toThrow(/speed table refused/);
    svc.dispose();
  });
});
