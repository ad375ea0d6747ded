import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoverageReport as CoverageReportSchema, IsochroneCollection, MoveUpPlan } from '../../../shared/contract/geo';
import { createFakeClock } from '../clock';
import type { Logger } from '../logging/logger';
import { at, dist, halfSpeedSchoolRun, ll, road, roads, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { type CoverageChange, createGeoService } from './service';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kf-geo-svc-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// 07:00 in Shanghai is 23:00 UTC the day before.
const at0700China = Date.UTC(2026, 8, 1, 23, 0);
const street = roads(road(Array.from({ length: 31 }, (_, i) => at(i, 0))));
const school = { id: 'school', name: '第一小学', ...ll(at(12, 0)), tier: 3 as const };

function hall(zone = 'Asia/Shanghai') {
  const clock = createFakeClock(at0700China);
  const svc = createGeoService({ clock, dataDir: dir, log: quiet, zone: () => zone, speedTable: roundSpeeds, congestionTable: halfSpeedSchoolRun });
  svc.restore(street, 'test street');
  const changes: CoverageChange[] = [];
  svc.onChange((c) => changes.push(c));
  return { clock, svc, changes };
}

describe('geo service', () => {
  it('reads the hour in the hall zone: the school run starts at 07:30 Shanghai time whatever the machine zone', () => {
    const { clock, svc, changes } = hall();
    svc.setTargets([school]);
    // 1,500 m at 10 m/s = 150 s: green for a 3-minute target; at half speed 300 s = red.
    svc.setUnits([{ id: 'car1', label: '特巡01', ...ll(at(27, 0)), mode: 'car', available: true }]);
    const before = CoverageReportSchema.parse(svc.coverage());
    expect(before).toMatchObject({ hourLabel: '07:00' });
    expect(before.targets[0]).toMatchObject({ status: 'green', best: { kind: 'unit', id: 'car1', label: '特巡01', mode: 'car' } });
    expect(before.targets[0].etaS).toBeCloseTo(dist(at(27, 0), at(12, 0)) / 10, 3);
    expect(svc.tick()).toBe(false);
    clock.advance(30 * 60_000);
    const n = changes.length;
    expect(svc.tick()).toBe(true);
    expect(changes.slice(n)).toEqual(['hour']);
    const peak = svc.coverage();
    expect(peak.hourLabel).toBe('07:30');
    expect(peak.targets[0].status).toBe('red');
    expect(peak.headline.find((h) => h.tier === 3)).toMatchObject({ total: 1, green: 0, red: 1, coveredPct: 0 });
    clock.advance(60 * 60_000); // 08:30: back to normal
    expect(svc.coverage().targets[0].status).toBe('green');
  });

  it('uses another zone when the hall is elsewhere: 07:30 in Urumqi time is not the Shanghai school run', () => {
    const { svc } = hall('Asia/Urumqi'); // UTC+6: 23:00 UTC is 05:00 there, 07:30 Shanghai is 05:30
    expect(svc.hourNow()).toBe(5);
  });

  it('re-evaluates on unit moves and availability in a batch, announcing only real changes', () => {
    const { svc, changes } = hall();
    svc.setTargets([school, { id: 'bank', ...ll(at(2, 0)), tier: 5 }]);
    svc.setRrPoints([{ id: 'rr-east', name: '东门快反点', ...ll(at(28, 0)), staffed: true, modes: ['motorcycle'] }]);
    svc.setUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true }]);
    expect(svc.coverage().targets.map((t) => t.best?.id)).toEqual(['car1', 'car1']);
    const n = changes.length;
    expect(svc.updateUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true }])).toEqual([]);
    expect(changes.length).toBe(n);
    expect(svc.updateUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: false }]).sort()).toEqual(['bank', 'school']);
    const after = svc.coverage();
    // The motorcycle point 1.6 km away (5 m/s = 320 s) is now the school's best, too slow (red); the bank is out of reach.
    expect(after.targets[0]).toMatchObject({ best: { kind: 'rrPoint', id: 'rr-east', label: '东门快反点', mode: 'motorcycle' }, status: 'red' });
    expect(after.targets[1]).toMatchObject({ etaS: null, best: null, status: 'red' });
    expect(changes.length).toBe(n + 1);
    // A batch: one unit arrives next to the school, another is removed from the table.
    expect(svc.updateUnits([{ id: 'car2', ...ll(at(11, 0)), mode: 'car', available: true }], ['car1']).sort()).toEqual(['bank', 'school']);
    expect(svc.coverage().targets.map((t) => t.status)).toEqual(['green', 'green']);
    expect(changes.length).toBe(n + 2);
    // Removing the unit that covers both takes it out of the engine, not just out of the table.
    expect(svc.updateUnits([], ['car2']).sort()).toEqual(['bank', 'school']);
    expect(svc.coverage().targets.map((t) => t.best?.id ?? null)).not.toContain('car2');
  });

  it('counts a staffed point by the fastest of its modes, and not at all when unstaffed', () => {
    const { svc } = hall();
    svc.setTargets([school]);
    svc.setUnits([]);
    svc.setRrPoints([{ id: 'rr', ...ll(at(20, 0)), staffed: true, modes: ['foot', 'car'] }]);
    expect(svc.coverage().targets[0]).toMatchObject({ best: { id: 'rr', mode: 'car' }, status: 'green' });
    svc.setRrPoints([{ id: 'rr', ...ll(at(20, 0)), staffed: false, modes: ['foot', 'car'] }]);
    expect(svc.coverage().targets[0]).toMatchObject({ best: null, etaS: null, status: 'red' });
  });

  it('ranks units by ETA to an incident and draws 1/3/5-minute isochrones that nest', () => {
    const { svc } = hall();
    const etas = svc.etaFromUnits(ll(at(10, 0)), [
      { id: 'a', ...ll(at(0, 0)), mode: 'car' }, { id: 'b', ...ll(at(8, 0)), mode: 'foot' },
    ], { hour: 10 });
    expect(etas[0].etaS).toBeCloseTo(dist(at(0, 0), at(10, 0)) / 10, 3);
    expect(etas[1].etaS).toBeCloseTo(dist(at(8, 0), at(10, 0)) / 1, 2);
    const iso = IsochroneCollection.parse(svc.isochrone(ll(at(15, 0)), { mode: 'car', minutes: [1, 3, 5], hour: 10 }));
    expect(iso.features.map((f) => f.properties.minutes)).toEqual([5, 3, 1]);
    const spanLon = (i: number) => { const xs = iso.features[i].geometry.coordinates[0].map((c) => c[0]); return Math.max(...xs) - Math.min(...xs); };
    // 1 minute by car at 10 m/s is 600 m each way along the street: 1.2 km wide.
    expect(spanLon(2) * 111_195 * Math.cos(26.89 * Math.PI / 180)).toBeCloseTo(1200, -1);
    expect(spanLon(1)).toBeGreaterThan(spanLon(2));
    // The school run halves car speed on residential streets: the 1-minute area shrinks to 600 m.
    const peak = svc.isochrone(ll(at(15, 0)), { mode: 'car', minutes: [1], hour: 7.75 });
    const xs = peak.features[0].geometry.coordinates[0].map((c) => c[0]);
    expect((Math.max(...xs) - Math.min(...xs)) * 111_195 * Math.cos(26.89 * Math.PI / 180)).toBeCloseTo(600, -1);
    expect(() => svc.isochrone({ lat: 30, lon: 110 }, { mode: 'car', minutes: [5] })).toThrow(/No road usable by car within 1000 m/);
  });

  it('plans for a chosen hour without touching live coverage', () => {
    const { svc, changes } = hall();
    svc.setTargets([school]);
    svc.setUnits([]);
    const live = svc.coverage();
    const n = changes.length;
    const report = svc.plan({ hour: 10, units: [], rrPoints: [{ id: 'rr-new', name: '新建, "试点"', ...ll(at(13, 0)), staffed: true, modes: ['car'] }] });
    expect(report.targets[0]).toMatchObject({ status: 'green', best: { id: 'rr-new', kind: 'rrPoint' } });
    // At 07:45 the same car point is half as fast: 100 m still green, but a point 1.6 km away turns red.
    const far = svc.plan({ hour: 7.75, units: [], rrPoints: [{ id: 'rr-far', ...ll(at(28, 0)), staffed: true, modes: ['car'] }] });
    expect(far.targets[0]).toMatchObject({ status: 'red', best: { id: 'rr-far' } });
    expect(svc.coverage()).toEqual(live);
    expect(changes.length).toBe(n);
  });

  it('suggests a move-up to a rapid-response point', () => {
    const { svc } = hall();
    svc.setTargets([{ id: 'core', ...ll(at(29, 0)), tier: 1 }]);
    svc.setRrPoints([{ id: 'rr-east', ...ll(at(28, 0)), staffed: false, modes: ['motorcycle'] }]);
    svc.setUnits([{ id: 'car1', ...ll(at(0, 0)), mode: 'car', available: true }]);
    const plan = MoveUpPlan.parse(svc.moveUp(2, [{ kind: 'rrPoint', id: 'rr-east', label: null, ...ll(at(28, 0)) }]));
    expect(plan.moves).toEqual([expect.objectContaining({ unitId: 'car1', to: expect.objectContaining({ kind: 'rrPoint', id: 'rr-east' }) })]);
    expect(plan.before[0]).toMatchObject({ tier: 1, green: 0 });
    expect(plan.after[0]).toMatchObject({ tier: 1, green: 1 });
    expect(plan.gained).toEqual([{ id: 'core', name: null, tier: 1 }]);
  });

  it('says there is no network before one is loaded', () => {
    const svc = createGeoService({ clock: createFakeClock(0), dataDir: dir, log: quiet, zone: () => 'Asia/Shanghai' });
    expect(() => svc.coverage()).toThrow(/No road network is loaded/);
  });
});
