import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../contract/geo';
import { bruteForceTimes, coord, randomCase } from '../../../tests/fixtures/geo/random-roads';
import { halfSpeedSchoolRun, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { CoverageEngine, type CoverageSource, sourceOfUnit, sourcesOfRrPoint, statusOf, tierBudgetS } from './coverage';
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
