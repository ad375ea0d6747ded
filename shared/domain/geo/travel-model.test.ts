import { describe, expect, it } from 'vitest';
import { at, dist, halfSpeedSchoolRun, ll, mid, road, roads, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { chinaHourOf, compileCongestion, CongestionTable, slotOfHour } from './congestion';
import { roadClasses } from './road-class';
import { roadsFromGeoJson } from './geojson-roads';
import { buildRoadGraph } from './road-graph';
import { TravelModel } from './travel-model';

const model = (fc: unknown) => new TravelModel(buildRoadGraph(roadsFromGeoJson(fc).ways), roundSpeeds, halfSpeedSchoolRun);

// A(0,0) -> B(0,1) one-way north; detour A-D(1,0)-E(1,1)-B two-way; C(0,2) north of B.
const A = at(0, 0), B = at(0, 1), C = at(0, 2), D = at(1, 0), E = at(1, 1);
const detour = dist(A, D) + dist(D, E) + dist(E, B);

describe('travel time on a hand-built graph', () => {
  const m = model(roads(road([A, B], 'residential', 'yes'), road([A, D, E, B]), road([B, C])));

  it('follows a one-way street with the flow and detours against it', () => {
    expect(m.travelTime(ll(A), ll(B), 'car', 10)).toBeCloseTo(dist(A, B) / 10, 4);
    expect(m.travelTime(ll(B), ll(A), 'car', 10)).toBeCloseTo(detour / 10, 4);
    expect(m.travelTime(ll(B), ll(A), 'motorcycle', 10)).toBeCloseTo(detour / 5, 4);
  });

  it('lets people on foot walk a one-way street both ways', () => {
    expect(m.travelTime(ll(B), ll(A), 'foot', 10)).toBeCloseTo(dist(A, B) / 1, 4);
  });

  it('reads oneway=-1 as against the drawn direction', () => {
    const rev = model(roads(road([A, B], 'residential', '-1'), road([A, D, E, B])));
    expect(rev.travelTime(ll(B), ll(A), 'car', 10)).toBeCloseTo(dist(A, B) / 10, 4);
    expect(rev.travelTime(ll(A), ll(B), 'car', 10)).toBeCloseTo(detour / 10, 4);
  });

  it('uses each mode\'s speed and keeps cars off footways', () => {
    const fw = model(roads(road([A, B], 'footway'), road([A, D, E, B])));
    expect(fw.travelTime(ll(A), ll(B), 'foot', 10)).toBeCloseTo(dist(A, B), 4);
    expect(fw.travelTime(ll(A), ll(B), 'car', 10)).toBeCloseTo(detour / 10, 4);
    expect(fw.travelTime(ll(A), ll(B), 'motorcycle', 10)).toBeCloseTo(detour / 5, 4);
  });

  it('slows cars in the school run slot and leaves motorcycles and walkers alone', () => {
    expect(m.travelTime(ll(B), ll(C), 'car', 7.75)).toBeCloseTo(dist(B, C) / 5, 4);
    expect(m.travelTime(ll(B), ll(C), 'car', 7.49)).toBeCloseTo(dist(B, C) / 10, 4);
    expect(m.travelTime(ll(B), ll(C), 'car', 8.5)).toBeCloseTo(dist(B, C) / 10, 4);
    expect(m.travelTime(ll(B), ll(C), 'motorcycle', 7.75)).toBeCloseTo(dist(B, C) / 5, 4);
    expect(m.travelTime(ll(B), ll(C), 'foot', 7.75)).toBeCloseTo(dist(B, C), 4);
  });

  it('snaps a point beside the middle of an edge and travels only the partial edge', () => {
    const beside = mid(B, C);
    const off = { lon: beside[0] + 0.0002, lat: beside[1] }; // ~20 m east of the street
    const snap = m.snap(off, 'car')!;
    expect(snap.t).toBeCloseTo(0.5, 4);
    expect(snap.distM).toBeGreaterThan(15);
    expect(m.travelTime(off, ll(C), 'car', 10)).toBeCloseTo(dist(B, C) / 2 / 10, 4);
    expect(m.travelTime(ll(A), off, 'car', 10)).toBeCloseTo((dist(A, B) + dist(B, C) / 2) / 10, 4);
  });

  it('travels within one one-way segment forward, and around the block backward', () => {
    const p = ll(mid(A, B, 0.25)), q = ll(mid(A, B, 0.75));
    expect(m.travelTime(p, q, 'car', 10)).toBeCloseTo(dist(A, B) * 0.5 / 10, 4);
    expect(m.travelTime(q, p, 'car', 10)).toBeCloseTo((dist(A, B) * 0.25 + detour + dist(A, B) * 0.25) / 10, 4);
  });

  it('returns null when the destination is beyond the cutoff or off the roads', () => {
    expect(m.travelTime(ll(A), ll(C), 'foot', 10, 10)).toBeNull();
    expect(m.travelTime(ll(A), { lat: 27.5, lon: 102.11 }, 'car', 10)).toBeNull();
  });
});

describe('China time', () => {
  it('gives the hour in UTC+8 whatever the process zone', () => {
    expect(chinaHourOf(Date.UTC(2026, 0, 1, 0, 0))).toBe(8);
    expect(chinaHourOf(Date.UTC(2026, 0, 1, 23, 30))).toBe(7.5);
  });
});

describe('ETA ranking for an incident', () => {
  it('gives each unit its own forward travel time, one-way streets included, null when off the roads', async () => {
    const { etasToPoint } = await import('./eta-ranking');
    const m = model(roads(road([A, B], 'residential', 'yes'), road([A, D, E, B]), road([B, C])));
    const units = [
      { id: 'north', ...ll(C), mode: 'car' as const },
      { id: 'south', ...ll(A), mode: 'car' as const },
      { id: 'walker', ...ll(B), mode: 'foot' as const },
      { id: 'far', lat: 27.5, lon: 102.11, mode: 'car' as const },
    ];
    const etas = etasToPoint(m, ll(mid(A, B)), units, 10);
    for (const e of etas.slice(0, 3)) {
      const u = units.find((x) => x.id === e.unitId)!;
      expect(e.etaS).toBeCloseTo(m.travelTime(u, ll(mid(A, B)), u.mode, 10)!, 4);
    }
    expect(etas[0].etaS).toBeCloseTo((dist(B, C) + detour + dist(A, B) / 2) / 10, 4);
    expect(etas[1].etaS).toBeCloseTo(dist(A, B) / 2 / 10, 4);
    expect(etas[3].etaS).toBeNull();
  });
});

describe('congestion table', () => {
  const nClass = roadClasses.length;
  const res = roadClasses.indexOf('residential');
  const prim = roadClasses.indexOf('primary');
  const factor = (table: CongestionTable, mode: 'car' | 'motorcycle' | 'foot', hour: number, cls: number) => compileCongestion(table, mode)[slotOfHour(hour) * nClass + cls];

  it('covers the whole day with 00:00-24:00, wraps across midnight, and takes the slowest of overlapping windows', () => {
    const table = CongestionTable.parse({ windows: [
      { name: 'all day', from: '00:00', to: '24:00', modes: ['car'], factor: 0.9 },
      { name: 'night works', from: '22:00', to: '02:00', modes: ['car'], classes: ['primary'], factor: 0.5 },
      { name: 'market', from: '07:00', to: '09:00', modes: ['car', 'motorcycle'], factor: 0.7 },
    ] });
    expect(factor(table, 'car', 12, res)).toBe(0.9);
    expect(factor(table, 'car', 23.99, prim)).toBe(0.5);
    expect(factor(table, 'car', 1.5, prim)).toBe(0.5);
    expect(factor(table, 'car', 2, prim)).toBe(0.9);
    expect(factor(table, 'car', 8, res)).toBe(0.7);
    expect(factor(table, 'motorcycle', 8, res)).toBe(0.7);
    expect(factor(table, 'motorcycle', 12, res)).toBe(1);
    expect(factor(table, 'foot', 8, res)).toBe(1);
  });

  it('refuses windows that cannot mean anything, naming the field', () => {
    expect(CongestionTable.safeParse({ windows: [{ name: 'x', from: '07:15', to: '08:00', modes: ['car'], factor: 0.5 }] }).error?.issues[0].message).toMatch(/HH:00 or HH:30/);
    expect(CongestionTable.safeParse({ windows: [{ name: 'x', from: '24:00', to: '02:00', modes: ['car'], factor: 0.5 }] }).error?.issues[0].message).toMatch(/starts at 00:00/);
    expect(CongestionTable.safeParse({ windows: [{ name: 'x', from: '07:00', to: '08:00', modes: ['car'], factor: 1.2 }] }).error?.issues[0].message).toMatch(/speed traffic up/);
  });
});
