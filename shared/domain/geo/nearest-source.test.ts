import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coord, randomCase } from '../../../tests/fixtures/geo/random-roads';
import { halfSpeedSchoolRun, roundSpeeds } from '../../../tests/fixtures/geo/roads';
import { roadsFromGeoJson } from './geojson-roads';
import { FieldScratch, NearestSourceField } from './nearest-source';
import { ReachSearch, type Seed } from './reach-search';
import type { TravelMode } from './road-class';
import { buildRoadGraph } from './road-graph';
import { TravelModel } from './travel-model';

const modelOf = (doc: unknown) => new TravelModel(buildRoadGraph(roadsFromGeoJson(doc).ways), roundSpeeds, halfSpeedSchoolRun);

/** Per node, the minimum over separate single-source searches, and which sources reach it in that time. */
function oracle(model: TravelModel, w: Float32Array, sources: Map<number, Seed[]>, cutoff: number) {
  const n = model.graph.nodeCount;
  const time = new Float64Array(n).fill(Infinity);
  const perSource = new Map<number, Float64Array>();
  const search = new ReachSearch(model.graph);
  for (const [slot, seeds] of sources) {
    search.run(w, seeds, cutoff);
    const row = Float64Array.from({ length: n }, (_, v) => search.timeTo(v));
    perSource.set(slot, row);
    for (let v = 0; v < n; v++) if (row[v] < time[v]) time[v] = row[v];
  }
  return { time, perSource };
}

const near = (a: number, b: number): boolean => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, b));

describe('nearest-source field', () => {
  const op = fc.record({ slot: fc.nat({ max: 7 }), x: coord, y: coord, remove: fc.boolean() });

  it('after any adds, moves and removals equals the minimum over per-source searches, node by node, with a true owner', () => {
    fc.assert(fc.property(randomCase(), fc.constantFrom<TravelMode>('car', 'motorcycle', 'foot'), fc.constantFrom(60, 120, 360), fc.array(op, { minLength: 1, maxLength: 25 }), (c, mode, cutoff, ops) => {
      const model = modelOf(c.fc);
      const w = model.weights(mode, 10);
      const field = new NearestSourceField(model.graph, new FieldScratch(model.graph.nodeCount), cutoff, w);
      const live = new Map<number, Seed[]>();
      const seedsAt = (x: number, y: number): Seed[] | null => {
        const snap = model.snap({ lat: c.targets[0].lat + (y - 3) * 0.0009, lon: c.targets[0].lon + (x - 3) * 0.001 }, mode);
        return snap ? model.seedsFrom(snap, w) : null;
      };
      // Start from a full build with the first half of the ops as initial sources, then apply the rest incrementally.
      const half = Math.floor(ops.length / 2);
      for (const o of ops.slice(0, half)) {
        const seeds = seedsAt(o.x, o.y);
        if (seeds) live.set(o.slot, seeds);
      }
      field.rebuild(w, live);
      for (const o of ops.slice(half)) {
        if (live.has(o.slot)) { field.remove(o.slot); live.delete(o.slot); }
        const seeds = o.remove ? null : seedsAt(o.x, o.y);
        if (seeds) { field.add(o.slot, seeds); live.set(o.slot, seeds); }
        const want = oracle(model, w, live, cutoff);
        for (let v = 0; v < model.graph.nodeCount; v++) {
          expect(near(field.time[v], want.time[v]), `node ${v}: field ${field.time[v]}, oracle ${want.time[v]}`).toBe(true);
          const owner = field.owner[v];
          if (want.time[v] === Infinity) expect(owner).toBe(-1);
          else expect(near(want.perSource.get(owner)?.[v] ?? Infinity, want.time[v]), `node ${v} owned by ${owner}, which does not reach it in ${want.time[v]} s`).toBe(true);
        }
      }
    }), { numRuns: 150 });
  });

  it('marks every node whose time or owner changed', () => {
    fc.assert(fc.property(randomCase(), fc.array(op, { minLength: 2, maxLength: 12 }), (c, ops) => {
      const model = modelOf(c.fc);
      const w = model.weights('car', 10);
      const scratch = new FieldScratch(model.graph.nodeCount);
      const field = new NearestSourceField(model.graph, scratch, 360, w);
      field.rebuild(w, new Map());
      const present = new Set<number>();
      for (const o of ops) {
        const before = { time: Float64Array.from(field.time), owner: Int32Array.from(field.owner) };
        scratch.resetChanged();
        if (present.has(o.slot)) { field.remove(o.slot); present.delete(o.slot); }
        const snap = o.remove ? null : model.snap({ lat: c.targets[0].lat + (o.y - 3) * 0.0009, lon: c.targets[0].lon + (o.x - 3) * 0.001 }, 'car');
        if (snap) { field.add(o.slot, model.seedsFrom(snap, w)); present.add(o.slot); }
        const marked = new Set(Array.from(scratch.changed.subarray(0, scratch.changedCount)));
        for (let v = 0; v < model.graph.nodeCount; v++) {
          if (field.time[v] !== before.time[v] || field.owner[v] !== before.owner[v]) expect(marked.has(v), `node ${v} changed unmarked`).toBe(true);
        }
      }
    }), { numRuns: 100 });
  });
});
