import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomCase } from '../../../tests/fixtures/geo/random-roads';
import { at, halfSpeedSchoolRun, ll, road, roads, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { CoverageEngine, sourceOfUnit } from './coverage';
import { roadsFromGeoJson } from './geojson-roads';
import { type MoveCandidatePosition, suggestMoveUp } from './move-up';
import { buildRoadGraph } from './road-graph';
import { TravelModel } from './travel-model';

const modelOf = (doc: unknown) => new TravelModel(buildRoadGraph(roadsFromGeoJson(doc).ways), roundSpeeds, halfSpeedSchoolRun);
const score = (h: { tier: 1 | 3 | 5; green: number }[]) => h.reduce((s, x) => s + x.green * { 1: 3, 3: 2, 5: 1 }[x.tier], 0);

describe('move-up', () => {
  it('never lowers tier-weighted coverage, and its "after" is what the moved units really give', () => {
    const positions = fc.array(fc.record({ x: fc.integer({ min: 0, max: 6 }), y: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(randomCase({ maxUnits: 5 }), positions, fc.integer({ min: 1, max: 4 }), (c, ps, k) => {
      const model = modelOf(c.fc);
      const engine = new CoverageEngine(model, { hour: 10 });
      engine.setTargets(c.targets);
      engine.setSources(c.units.map(sourceOfUnit));
      const cands: MoveCandidatePosition[] = ps.map((p, i) => ({ kind: 'position', id: `p${i}`, label: null, ...ll(at(p.x, p.y)) }));
      const before = engine.report();
      const plan = suggestMoveUp(engine, { k, positions: cands });
      expect(plan.scoreAfter).toBeGreaterThanOrEqual(plan.scoreBefore);
      expect(plan.moves.length).toBeLessThanOrEqual(k);
      expect(plan.before).toEqual(before.headline);
      expect(score(plan.before)).toBe(plan.scoreBefore);
      expect(score(plan.after)).toBe(plan.scoreAfter);
      // Applying the moves to a fresh engine reproduces the promised coverage.
      const moved = c.units.map((u) => {
        const m = plan.moves.find((x) => x.unitId === u.id);
        return m ? { ...u, lat: m.to.lat, lon: m.to.lon } : u;
      });
      const check = new CoverageEngine(model, { hour: 10 });
      check.setTargets(c.targets);
      check.setSources(moved.map(sourceOfUnit));
      expect(check.report().headline).toEqual(plan.after);
      expect(engine.report()).toEqual(before); // suggesting changes nothing live
    }), { numRuns: 60 });
  });

  it('moves the free unit to the point that covers the core site rather than two ordinary targets', () => {
    // One long east-west street, 100 m blocks, car 10 m/s: 1 minute is 600 m.
    const street = roads(road(Array.from({ length: 41 }, (_, i) => at(i, 0))));
    const model = modelOf(street);
    const engine = new CoverageEngine(model, { hour: 10 });
    engine.setTargets([
      { id: 'core', ...ll(at(38, 0)), tier: 1 },
      { id: 'shop1', ...ll(at(2, 0)), tier: 5 },
      { id: 'shop2', ...ll(at(3, 0)), tier: 5 },
      { id: 'school', ...ll(at(20, 0)), tier: 3 },
    ]);
    engine.setSources([
      sourceOfUnit({ id: 'car1', ...ll(at(20, 0)), mode: 'car', available: true }),
      sourceOfUnit({ id: 'busy', ...ll(at(38, 0)), mode: 'car', available: false }),
    ]);
    expect(engine.report().targets.map((t) => t.status)).toEqual(['red', 'green', 'green', 'green']);
    const plan = suggestMoveUp(engine, {
      k: 1,
      positions: [
        { kind: 'rrPoint', id: 'west', label: '西门快反点', ...ll(at(1, 0)) },
        { kind: 'rrPoint', id: 'east', label: '东门快反点', ...ll(at(36, 0)) },
      ],
    });
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]).toMatchObject({ unitId: 'car1', to: { kind: 'rrPoint', id: 'east' } });
    // From the east point the car still makes the school (1.6 km) in 3 minutes but loses the shops (3.4 km):
    // 3 + 2 beats keeping the shops (1 + 1) with the school and core lost.
    expect(plan.after.find((h) => h.tier === 1)?.green).toBe(1);
    expect(plan.after.find((h) => h.tier === 5)?.green).toBe(0);
    expect(plan.scoreAfter).toBe(3 + 2);
    expect(plan.scoreBefore).toBe(2 + 1 + 1);
  });

  it('suggests nothing when no move helps', () => {
    const model = modelOf(roads(road([at(0, 0), at(5, 0)])));
    const engine = new CoverageEngine(model, { hour: 10 });
    engine.setTargets([{ id: 't', ...ll(at(1, 0)), tier: 3 }]);
    engine.setSources([sourceOfUnit({ id: 'u', ...ll(at(1, 0)), mode: 'car', available: true })]);
    const plan = suggestMoveUp(engine, { k: 3, positions: [{ kind: 'position', id: null, label: null, ...ll(at(5, 0)) }] });
    expect(plan.moves).toEqual([]);
    expect(plan.scoreAfter).toBe(plan.scoreBefore);
  });
});
