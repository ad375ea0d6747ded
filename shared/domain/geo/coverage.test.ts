import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../contract/geo';
import { bruteForceTimes, coord, randomCase } from '../../../tests/fixtures/geo/random-roads';
import { at, halfSpeedSchoolRun, ll, road, roads, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { CoverageEngine, type CoverageSource, sourceKeyOf, sourceOfUnit, sourcesOfRrPoint, statusOf, tierBudgetS } from './coverage';
import { roadsFromGeoJson } from './geojson-roads';
import type { TravelMode } from './road-class';
import { buildRoadGraph } from './road-graph';
import { TravelModel } from './travel-model';

const modelOf = (doc: unknown) => new TravelModel(buildRoadGraph(roadsFromGeoJson(doc).ways), roundSpeeds, halfSpeedSchoolRun);
const close = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function expectSameCoverage(got: CoverageReport, want: CoverageReport): void {
  expect(got.targets.length).toBe(want.targets.length);
  got.targets.forEach((t, i) => {
    const w = want.targets[i];
    expect(close(t.etaS, w.etaS), `${t.id}: ${t.etaS} vs ${w.etaS}`).toBe(true);
    expect(t.status).toBe(w.status);
  });
  expect(got.headline).toEqual(want.headline);
}

describe('coverage engine against a brute-force oracle', () => {
  it('gives every target the best ETA from any available unit, as all-pairs shortest paths do', () => {
    fc.assert(fc.property(randomCase(), fc.constantFrom(7.75, 10), fc.constantFrom(60, 120, 360), (c, hour, cutoffS) => {
      const model = modelOf(c.fc);
      const engine = new CoverageEngine(model, { hour, cutoffS });
      engine.setTargets(c.targets);
      engine.setSources(c.units.map(sourceOfUnit));
      const report = engine.report();
      const oracles = new Map<TravelMode, ReturnType<typeof bruteForceTimes>>();
      const oracle = (m: TravelMode) => oracles.get(m) ?? oracles.set(m, bruteForceTimes(model, m, hour)).get(m)!;
      c.targets.forEach((t, i) => {
        let best = Infinity;
        let bestUnits: string[] = [];
        for (const u of c.units) {
          const from = model.snap(u, u.mode), to = model.snap(t, u.mode);
          if (!u.available || !from || !to) continue;
          const eta = oracle(u.mode)(from, to);
          if (eta > cutoffS) continue;
          if (Math.abs(eta - best) <= 1e-6 * Math.max(1, eta)) bestUnits.push(u.id);
          else if (eta < best) { best = eta; bestUnits = [u.id]; }
        }
        const got = report.targets[i];
        expect(close(got.etaS, Number.isFinite(best) ? best : null), `${t.id}: engine ${got.etaS}, oracle ${best}`).toBe(true);
        expect(got.status).toBe(statusOf(best, tierBudgetS[t.tier]));
        if (Number.isFinite(best)) expect(bestUnits).toContain(got.best?.id);
        else expect(got.best).toBeNull();
      });
    }), { numRuns: 60 });
  });

  it('after any sequence of moves, status and mode changes, removals and points equals a full recompute, with a best source that really gives the ETA', () => {
    const op = fc.record({
      unit: fc.nat(), x: coord, y: coord,
      available: fc.boolean(), mode: fc.constantFrom<TravelMode>('car', 'car', 'motorcycle', 'foot'), kind: fc.constantFrom('move', 'move', 'status', 'mode', 'remove', 'point'),
    });
    fc.assert(fc.property(randomCase({ minUnits: 3, maxUnits: 9 }), fc.array(op, { minLength: 1, maxLength: 20 }), (c, ops) => {
      const model = modelOf(c.fc);
      const live = new CoverageEngine(model, { hour: 10 });
      live.setTargets(c.targets);
      let sources = c.units.map(sourceOfUnit);
      live.setSources(sources);
      ops.forEach((o, step) => {
        const pos = { lat: c.targets[0].lat + (o.y - 3) * 0.0009, lon: c.targets[0].lon + (o.x - 3) * 0.001 };
        const s = sources[o.unit % sources.length];
        let next: CoverageSource[];
        if (o.kind === 'remove' && sources.length > 1) {
          next = sources.filter((x) => x !== s);
          live.removeSource(s.key);
        } else if (o.kind === 'point') {
          const added = sourcesOfRrPoint({ id: `p${step}`, ...pos, modes: [o.mode, 'foot'], staffed: o.available });
          next = [...sources, ...added];
          for (const a of added) live.upsertSource(a);
        } else if (o.kind === 'mode' && s.ref.kind === 'rrPoint' && o.mode !== s.ref.mode) {
          // A point has one source per mode, named by it: changing this mode drops its source and adds the new
          // mode's, unless the point has that mode already.
          const ref = { ...s.ref, mode: o.mode };
          const moded: CoverageSource = { ...s, key: sourceKeyOf(ref), ref };
          const has = sources.some((x) => x.key === moded.key);
          next = has ? sources.filter((x) => x !== s) : sources.map((x) => (x === s ? moded : x));
          live.removeSource(s.key);
          if (!has) live.upsertSource(moded);
        } else {
          const changed: CoverageSource = o.kind === 'status' ? { ...s, active: o.available }
            : o.kind === 'mode' ? { ...s, ref: { ...s.ref, mode: o.mode } }
            : { ...s, ...pos, active: true };
          next = sources.map((x) => (x === s ? changed : x));
          live.upsertSource(changed);
        }
        sources = next;
        const fresh = new CoverageEngine(model, { hour: 10 });
        fresh.setTargets(c.targets);
        fresh.setSources(sources);
        const got = live.report();
        expectSameCoverage(got, fresh.report());
        got.targets.forEach((t, i) => {
          if (t.etaS === null) return;
          const src = sources.find((x) => x.ref.id === t.best?.id && x.ref.mode === t.best?.mode && x.ref.kind === t.best?.kind);
          expect(src, `${t.id}: best ${JSON.stringify(t.best)} is not a live source`).toBeDefined();
          expect(close(live.rowOf(src!)[i], t.etaS), `${t.id}: ${t.best?.id} gives ${live.rowOf(src!)[i]}, report says ${t.etaS}`).toBe(true);
        });
      });
    }), { numRuns: 100 });
  });

  it('recomputes when the hour crosses into a congested slot', () => {
    fc.assert(fc.property(randomCase(), (c) => {
      const model = modelOf(c.fc);
      const live = new CoverageEngine(model, { hour: 7 });
      live.setTargets(c.targets);
      live.setSources(c.units.map(sourceOfUnit));
      live.setHour(7.6);
      const fresh = new CoverageEngine(model, { hour: 7.6 });
      fresh.setTargets(c.targets);
      fresh.setSources(c.units.map(sourceOfUnit));
      expectSameCoverage(live.report(), fresh.report());
    }), { numRuns: 30 });
  });
});

describe('coverage sources are named by what they are', () => {
  // Shrunk from the property above (seed 117707551): one street, one tier-1 target on its west end, a point p0
  // 330 m south-west of it. Before the fix the engine took p0's foot source driving under its old key, so two
  // live sources were "p0 by car"; the report named the moving one as best with ETA 0, and a reader looking up
  // "p0 by car" found the unstaffed one, which gives no ETA at all.
  const model = modelOf(roads(road([at(0, 0), at(1, 0)])));
  const target = { id: 't0', ...ll(at(0, 0)), tier: 1 as const };
  const away = { lat: target.lat - 3 * 0.0009, lon: target.lon - 3 * 0.001 };
  const setup = () => {
    const engine = new CoverageEngine(model, { hour: 10 });
    engine.setTargets([target]);
    engine.setSources([sourceOfUnit({ id: 'u0', ...ll(at(0, 0)), mode: 'car', available: false })]);
    for (const s of sourcesOfRrPoint({ id: 'p0', ...away, modes: ['car', 'foot'], staffed: false })) engine.upsertSource(s);
    return engine;
  };
  const foot = (engine: CoverageEngine) => engine.sourceList().find((s) => s.key === 'rr:p0:foot')!;

  it('refuses a point source whose key names another mode, saying how to change a point\'s modes, and changes nothing', () => {
    const engine = setup();
    const before = { report: engine.report(), sources: engine.sourceList() };
    const driving: CoverageSource = { ...foot(engine), ref: { ...foot(engine).ref, mode: 'car' }, active: true };
    expect(() => engine.upsertSource(driving)).toThrow(/rr:p0:foot.*rr:p0:car.*sourcesOfRrPoint/);
    expect(engine.sourceList()).toEqual(before.sources);
    expect(engine.report()).toEqual(before.report);
    expect(() => new CoverageEngine(model, { hour: 10 }).setSources([driving])).toThrow(/rr:p0:foot/);
  });

  it('reports as best exactly one live source, which gives the ETA, through the moves of the counterexample', () => {
    const engine = setup();
    // Both snap to the street's west end, where the target is: a tie at 0 s, either may be named.
    engine.upsertSource({ ...foot(engine), active: true });
    engine.upsertSource(sourceOfUnit({ id: 'u0', ...away, mode: 'car', available: true }));
    const t = engine.report().targets[0];
    expect(t.etaS).toBe(0);
    const named = engine.sourceList().filter((s) => sourceKeyOf(s.ref) === sourceKeyOf(t.best!));
    expect(named).toHaveLength(1);
    expect(named[0].active).toBe(true);
    expect(engine.rowOf(named[0])[0]).toBe(0);
  });

  it('keeps unit and point names apart, whatever a unit is called', () => {
    const engine = new CoverageEngine(model, { hour: 10 });
    engine.setTargets([target]);
    const unit = sourceOfUnit({ id: 'rr:p0:car', ...ll(at(0, 0)), mode: 'car', available: true });
    engine.setSources([unit, ...sourcesOfRrPoint({ id: 'p0', ...away, modes: ['car'], staffed: true })]);
    expect(engine.report().targets[0].best).toMatchObject({ kind: 'unit', id: 'rr:p0:car' });
    engine.removeSource(sourceKeyOf({ kind: 'unit', id: 'rr:p0:car' }));
    expect(engine.report().targets[0].best).toMatchObject({ kind: 'rrPoint', id: 'p0' });
  });

  it('a full set with a bad source is refused whole: the sources and coverage before it stay', () => {
    const engine = setup();
    engine.upsertSource(sourceOfUnit({ id: 'u0', ...ll(at(0, 0)), mode: 'car', available: true }));
    const before = { report: engine.report(), sources: engine.sourceList() };
    const u1 = sourceOfUnit({ id: 'u1', ...away, mode: 'car', available: true });
    expect(() => engine.setSources([u1, u1])).toThrow(/two coverage sources share the key unit:u1/);
    expect(engine.sourceList()).toEqual(before.sources);
    expect(engine.report()).toEqual(before.report);
    engine.upsertSource({ ...u1, lat: u1.lat + 0.0001 }); // still consistent afterwards
    const fresh = new CoverageEngine(model, { hour: 10 });
    fresh.setTargets([target]);
    fresh.setSources(engine.sourceList());
    expect(engine.report()).toEqual(fresh.report());
  });
});
