// Benchmark of the geo engine on a synthetic county (>= 100k nodes, 200 units, 500 targets) with a graphology baseline.
// Run: node --import tsx bench/geo.bench.ts [--write] [--baseline-units N] [--no-baseline]
//   --write replaces the geo section of docs/benchmarks.md (between its markers) with this run's figures.
//   --no-baseline skips graphology (its graph build and searches take minutes) and cannot be combined with --write.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import Graph from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import { defaultCongestionTable } from '../shared/domain/geo/congestion';
import { CoverageEngine, sourceOfUnit } from '../shared/domain/geo/coverage';
import { rankUnits } from '../shared/domain/dispatch/recommend';
import { etasToPoint } from '../shared/domain/geo/eta-ranking';
import { decodeGraph, encodeGraph } from '../shared/domain/geo/graph-codec';
import { isochrones } from '../shared/domain/geo/isochrone';
import { suggestMoveUp } from '../shared/domain/geo/move-up';
import type { TravelMode } from '../shared/domain/geo/road-class';
import { buildRoadGraph } from '../shared/domain/geo/road-graph';
import { defaultSpeedTable } from '../shared/domain/geo/speed-table';
import { TravelModel } from '../shared/domain/geo/travel-model';
import { seededRandom } from '../shared/domain/seeded-random';
import { syntheticCounty } from './geo-synthetic';

const args = process.argv.slice(2);
const write = args.includes('--write');
const baselineUnits = Number(args[args.indexOf('--baseline-units') + 1]) || 12;
const noBaseline = args.includes('--no-baseline');
if (write && noBaseline) throw new Error('--write regenerates the whole geo section, baseline rows included: run it without --no-baseline');
const HOUR = 10; // off-peak; a peak hour changes the weights, not the work
const RUNS = 9;

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const time = (fn: () => void): number => { const t = performance.now(); fn(); return performance.now() - t; };
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const log = (line: string): void => console.log(line);

// A fixed CPU-bound loop, so a reader can compare this machine (and its load) with theirs.
const calibrationMs = median(Array.from({ length: 5 }, () => time(() => { let s = 0; for (let i = 0; i < 1e8; i++) s += i & 7; if (s < 0) log(''); })));

const county = syntheticCounty({ side: 320, units: 200, targets: 500, seed: 135 });
const buildMs = time(() => buildRoadGraph(county.ways));
const graph = buildRoadGraph(county.ways);
let bytes: Uint8Array = new Uint8Array(0);
const encodeMs = time(() => { bytes = encodeGraph(graph, 'bench'); });
const decodeMs = time(() => decodeGraph(bytes));
const model = new TravelModel(graph, defaultSpeedTable, defaultCongestionTable);
const engine = new CoverageEngine(model, { hour: HOUR });
engine.setTargets(county.targets);
const sources = county.units.map(sourceOfUnit);
const active = sources.filter((s) => s.active);
log(`graph: ${graph.nodeCount} nodes, ${graph.edgeCount} edges; ${active.length}/${sources.length} units available, ${county.targets.length} targets`);

// Warm-up so the JIT has compiled the hot loops before we measure, as it would have in a running hall.
for (let i = 0; i < 3; i++) engine.setSources(sources);
const full = Array.from({ length: RUNS }, () => time(() => engine.setSources(sources)));
log(`full recompute median ${ms(median(full))} ms`);
const headline = engine.report().headline;

const rnd = seededRandom(7);
const moves: number[] = [];
for (let i = 0; i < 200; i++) {
  const u = county.units[Math.floor(rnd() * county.units.length)];
  const p = i % 2 ? county.townPoint() : { lat: u.lat + (rnd() - 0.5) * 0.004, lon: u.lon + (rnd() - 0.5) * 0.004 };
  moves.push(time(() => engine.upsertSource(sourceOfUnit({ ...u, ...p, available: true }))));
}
const toggles: number[] = [];
for (let i = 0; i < 60; i++) {
  const u = county.units[Math.floor(rnd() * county.units.length)];
  toggles.push(time(() => engine.upsertSource(sourceOfUnit({ ...u, available: i % 2 === 0 }))));
}
log(`one unit move median ${ms(median(moves))} ms, p90 ${ms(pct(moves, 0.9))} ms`);

// Correctness in the same run: after all those moves the live engine equals a fresh full recompute.
{
  const fresh = new CoverageEngine(model, { hour: HOUR });
  fresh.setTargets(county.targets);
  fresh.setSources(engine.sourceList());
  const a = engine.report().targets, b = fresh.report().targets;
  const bad = a.filter((t, i) => (t.etaS === null ? b[i].etaS !== null : Math.abs(t.etaS - (b[i].etaS ?? Infinity)) > 1e-6));
  if (bad.length) throw new Error(`incremental coverage differs from a full recompute at ${bad.length} targets`);
  log('incremental == full recompute after 260 changes');
}

const iso5: number[] = [];
const iso135: number[] = [];
let reached = 0;
for (let i = 0; i < 3; i++) isochrones(model, county.townPoint(), { mode: 'car', hour: HOUR, minutes: [5] });
for (let i = 0; i < 30; i++) {
  const p = county.townPoint();
  iso5.push(time(() => { reached += isochrones(model, p, { mode: 'car', hour: HOUR, minutes: [5] })?.features[0].properties.reachedNodes ?? 0; }));
  iso135.push(time(() => isochrones(model, p, { mode: 'car', hour: HOUR, minutes: [1, 3, 5] })));
}
log(`5-min isochrone median ${ms(median(iso5))} ms`);

const rrPositions = Array.from({ length: 30 }, (_, i) => ({ kind: 'rrPoint' as const, id: `rr${i}`, label: null, ...county.townPoint() }));
const moveUp: number[] = [];
let moveUpResult = '';
for (let i = 0; i < 3; i++) moveUp.push(time(() => {
  const plan = suggestMoveUp(engine, { k: 5, positions: rrPositions });
  moveUpResult = `${plan.moves.length} moves, weighted score ${plan.scoreBefore} -> ${plan.scoreAfter}`;
}));

// Dispatch recommendation at county scale: 2,000 units on the same graph, one incident at a time, through the
// same ranking the host uses (shared/domain/dispatch/recommend.ts over etasToPoint, as the geo service serves it).
const REC_UNITS = 2000;
const recCounty = syntheticCounty({ side: county.side, units: REC_UNITS, targets: 100, seed: 136 });
const recUnits = recCounty.units.map((u, i) => ({
  id: u.id, callsign: u.id, kind: 'station-patrol-car', mode: u.mode, status: 'patrolling' as const, incidentId: null, lat: u.lat, lon: u.lon, i,
}));
const road = { etaFromUnits: (p: { lat: number; lon: number }, us: readonly { id: string; lat: number; lon: number; mode: TravelMode }[], o: { hour?: number; cutoffS?: number; minReached?: number } = {}) => etasToPoint(model, p, us, o.hour ?? HOUR, o) };
const tierBudgets = [60, 180, 300];
const incidents = recCounty.targets.map((t, i) => ({ point: { lat: t.lat, lon: t.lon }, budgetS: tierBudgets[i % 3] }));
const recommend = (k: number) => rankUnits({ point: incidents[k].point, units: recUnits, budgetS: incidents[k].budgetS, remainingS: incidents[k].budgetS, hour: HOUR, road, limit: 10 });
for (let k = 0; k < 5; k++) recommend(k);
const recTimes: number[] = [];
let recEstimated = 0;
for (let k = 0; k < incidents.length; k++) {
  let r: ReturnType<typeof recommend> | null = null;
  recTimes.push(time(() => { r = recommend(k); }));
  recEstimated += r!.ranked.filter((x) => x.etaBasis === 'beyond-road-search').length;
}
// The search it replaced: one 30-minute reverse search per mode, whatever the budget.
const unitPositions = recUnits.map(({ id, lat, lon, mode }) => ({ id, lat, lon, mode }));
const oldTimes = incidents.slice(0, 30).map((inc) => time(() => etasToPoint(model, inc.point, unitPositions, HOUR)));
// Same answers: the ten listed units and their road times equal those of the 30-minute search.
{
  for (const k of [0, 1, 2, 17, 42]) {
    const full = new Map(etasToPoint(model, incidents[k].point, unitPositions, HOUR).map((e) => [e.unitId, e.etaS]));
    const fullTop = [...full].filter(([, e]) => e !== null).sort((a, b) => a[1]! - b[1]!).slice(0, 10);
    const got = recommend(k).ranked.filter((x) => x.etaBasis === 'road');
    got.forEach((x, i) => { if (x.unitId !== fullTop[i][0] && Math.abs(x.etaS! - fullTop[i][1]!) > 1e-6) throw new Error(`incident ${k}: rank ${i} is ${x.unitId}, the 30-minute search says ${fullTop[i][0]}`); });
  }
}
const recMed = median(recTimes);
log(`recommendation (road, ${REC_UNITS} units) median ${ms(recMed)} ms, p90 ${ms(pct(recTimes, 0.9))} ms; 30-minute search per mode ${ms(median(oldTimes))} ms`);

// Reference inside our engine: one bounded search per available unit (the design this engine replaced).
engine.setSources(sources);
for (let i = 0; i < 2; i++) for (const s of active) engine.rowOf(s);
const perUnitOurs = Array.from({ length: 5 }, () => time(() => { for (const s of active) engine.rowOf(s); }));
log(`per-unit bounded searches (ours) median ${ms(median(perUnitOurs))} ms`);

// Baseline: graphology-shortest-path's dijkstra.singleSource once per unit on the same directed graph and
// weights (one graphology graph per mode, impassable edges left out). It has no cutoff and returns node
// paths, not times, so each target's ETA is summed along its path; both parts are timed.
const buildBaseline = (mode: TravelMode): Graph => {
  const G = new Graph({ type: 'directed', multi: true });
  for (let v = 0; v < graph.nodeCount; v++) G.addNode(String(v));
  const w = model.weights(mode, HOUR);
  for (let e = 0; e < graph.edgeCount; e++) if (Number.isFinite(w[e])) G.addDirectedEdge(String(graph.tail[e]), String(graph.head[e]), { w: w[e] });
  return G;
};
if (noBaseline) process.exit(0);
let baselineBuildMs = 0;
const baselineGraphs = new Map<TravelMode, Graph>();
for (const mode of ['car', 'motorcycle', 'foot'] as const) baselineBuildMs += time(() => baselineGraphs.set(mode, buildBaseline(mode)));
const nearestNode = (p: { lat: number; lon: number }, mode: TravelMode): number | null => {
  const s = model.snap(p, mode);
  if (!s) return null;
  const a = graph.tail[graph.segAB[s.seg]], b = graph.head[graph.segAB[s.seg]];
  return s.t < 0.5 ? a : b;
};
const pathSeconds = (G: Graph, path: string[]): number => {
  let eta = 0;
  for (let k = 1; k < path.length; k++) {
    let best = Infinity;
    G.forEachOutEdge(path[k - 1], path[k], (_e, attr) => { if ((attr.w as number) < best) best = attr.w as number; });
    eta += best;
  }
  return eta;
};
let etaSink = 0;
const activeUnits = county.units.filter((u) => u.available);
const baseline = { search: [] as number[], extract: [] as number[] };
const runBaseline = (units: typeof activeUnits): void => {
  for (const u of units) {
    const G = baselineGraphs.get(u.mode)!;
    const from = nearestNode(u, u.mode);
    if (from === null) continue;
    let paths: Record<string, string[]> = {};
    baseline.search.push(time(() => { paths = dijkstra.singleSource(G, String(from), 'w'); }));
    baseline.extract.push(time(() => {
      for (const t of county.targets) {
        const node = nearestNode(t, u.mode);
        const path = node === null ? undefined : paths[String(node)];
        if (path) etaSink += pathSeconds(G, path);
      }
    }));
  }
};

// Same answers: node times from our search equal graphology's path lengths for one unit.
let agreement = '';
{
  const u = activeUnits.find((x) => x.mode === 'car')!;
  const from = nearestNode(u, 'car')!;
  const w = model.weights('car', HOUR);
  model.search.run(w, [{ node: from, time: 0 }], 360);
  const G = baselineGraphs.get('car')!;
  const paths = dijkstra.singleSource(G, String(from), 'w');
  let checked = 0, maxDiff = 0;
  for (let k = 0; k < model.search.settledCount; k += 25) {
    const v = model.search.settled[k];
    maxDiff = Math.max(maxDiff, Math.abs(pathSeconds(G, paths[String(v)]) - model.search.timeTo(v)));
    checked++;
  }
  if (maxDiff > 1e-3) throw new Error(`baseline disagrees with the engine by ${maxDiff} s`);
  agreement = `${checked} nodes, max difference ${maxDiff.toExponential(1)} s`;
  log(`agreement check: ${agreement}`);
}

runBaseline(activeUnits.slice(0, 2)); // warm-up
baseline.search.length = 0;
baseline.extract.length = 0;
const step = Math.max(1, Math.floor(activeUnits.length / baselineUnits));
runBaseline(activeUnits.filter((_, i) => i % step === 0).slice(0, baselineUnits));
const perUnitSearch = median(baseline.search);
const perUnitTotal = median(baseline.search.map((s, i) => s + baseline.extract[i]));
const baselineSearchFull = perUnitSearch * activeUnits.length;
const baselineFull = perUnitTotal * activeUnits.length;
log(`baseline per unit: search ${ms(perUnitSearch)} ms, search + ETAs ${ms(perUnitTotal)} ms (${baseline.search.length} units timed)`);

const cpuModel = (() => {
  try { return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model; } catch { return cpus()[0]?.model; }
})();
const fullMed = median(full);
const rows: [string, string, string, string][] = [
  ['Full coverage recompute (200 units, 500 targets)', `${ms(fullMed)} ms`, `min ${ms(Math.min(...full))}, max ${ms(Math.max(...full))}, ${RUNS} runs`, '< 50 ms'],
  ['Update after one unit moves', `${ms(median(moves))} ms`, `p90 ${ms(pct(moves, 0.9))}, max ${ms(Math.max(...moves))}; 200 moves (half nearby, half across town)`, '< 5 ms'],
  ['Update after one unit changes availability', `${ms(median(toggles))} ms`, `p90 ${ms(pct(toggles, 0.9))}; 60 changes`, '< 5 ms'],
  ['5-minute isochrone polygon (car)', `${ms(median(iso5))} ms`, `p90 ${ms(pct(iso5, 0.9))}; ${Math.round(reached / 30)} nodes reached on average, 30 origins`, '< 20 ms'],
  ['1/3/5-minute isochrones together (car)', `${ms(median(iso135))} ms`, '30 origins', ''],
  ['Move-up suggestion, K = 5, 30 candidate points', `${ms(median(moveUp))} ms`, `${moveUpResult}; 3 runs`, ''],
  [`Dispatch recommendation by road for one incident (${REC_UNITS} units)`, `${ms(recMed)} ms`,
    `p90 ${ms(pct(recTimes, 0.9))}, max ${ms(Math.max(...recTimes))}; ${incidents.length} incidents (70 % in town), tiers 1/3/5 in turn, top 10 listed, ${recEstimated} of the ${incidents.length * 10} listed units shown with a straight-line estimate; the 30-minute search per mode it replaced: ${ms(median(oldTimes))} ms`, '< 30 ms'],
  [`Reference: one bounded search per unit in our engine (${active.length} searches)`, `${ms(median(perUnitOurs))} ms`, 'what the full recompute cost before the multi-source design; 5 runs', ''],
  [`Baseline: graphology-shortest-path dijkstra.singleSource per unit, search only (${activeUnits.length} units)`, `${ms(baselineSearchFull)} ms`,
    `${ms(perUnitSearch)} ms per unit (median of ${baseline.search.length} units) x ${activeUnits.length}`, ''],
  ['Baseline with target ETAs summed along its paths', `${ms(baselineFull)} ms`, `${ms(perUnitTotal)} ms per unit x ${activeUnits.length}`, ''],
  ['Speed-up of the full recompute over the baseline (search only)', `${(baselineSearchFull / fullMed).toFixed(0)}x`, `${(baselineFull / fullMed).toFixed(0)}x counting its ETA extraction`, '>= 10x'],
  ['Graph build from ways (once per source, then cached)', `${ms(buildMs)} ms`, `${graph.nodeCount} nodes, ${graph.edgeCount} directed edges`, ''],
  ['Cache encode / decode', `${ms(encodeMs)} / ${ms(decodeMs)} ms`, `${(bytes.length / 1e6).toFixed(1)} MB`, ''],
  ['Baseline graph build (graphology, 3 modes; not counted above)', `${ms(baselineBuildMs)} ms`, `checksum of summed ETAs ${etaSink.toFixed(0)} s`, ''],
];
const headlineText = headline.map((h) => `tier ${h.tier}: ${h.green}/${h.total} green`).join(', ');

const section = `<!-- geo-bench:begin (generated by bench/geo.bench.ts --write; edit the script, not this text) -->
## Geo: travel time and 135 coverage

Run: \`node --import tsx bench/geo.bench.ts --write\` on ${new Date().toISOString().slice(0, 10)}; every figure below comes from that one process.
Medians unless stated.

**Machine**: ${cpuModel}, ${cpus().length} cores shared with other work (load average ${loadavg()[0].toFixed(2)} at the end of the run),
Node ${process.version}, ${process.platform} ${process.arch}. Calibration: a plain 10^8-iteration integer loop
(\`s += i & 7\`, in the script) takes ${ms(calibrationMs)} ms here; time the same loop on another machine to scale these figures.

**Workload** (bench/geo-synthetic.ts, seed 135): a jittered ${county.side} x ${county.side} street grid, ~110 m blocks (~35 km
across), trunk roads every 40 streets, primaries every 10, residential otherwise with one street in 7 one-way and ~8 %
of blocks missing: **${graph.nodeCount} nodes, ${graph.edgeCount} directed edges**. ${county.units.length} units (60 % car, 30 % motorcycle,
10 % foot; ${active.length} available) and ${county.targets.length} key targets (10 % tier 1, 30 % tier 3, 60 % tier 5), 70 % of both in an
8 km town centre. ${HOUR}:00, default speed and congestion tables, searches cut at 360 s (5 min + 20 %). Coverage: ${headlineText}.

| measure | result | detail | goal |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

How the engine gets there: a full recompute is one multi-source Dijkstra per travel mode (each road node learns
its nearest available unit and the time from it), then each target reads the two ends of the road it stands on.
A moved unit repairs only the nodes it owned or now wins. Correctness is checked in the same run (incremental
equals a fresh recompute after 260 changes; our node times equal graphology's path lengths: ${agreement}) and,
in the tests, against a Floyd-Warshall oracle on random graphs.

Baseline notes: graphology's \`dijkstra.singleSource\` has no cutoff, so it settles all ~${Math.round(graph.nodeCount / 1000)}k nodes per unit,
and it builds every node's path by copying its parent's (\`paths[v].concat(u)\`), so it also pays for path lengths. Its
per-unit time is the median over ${baseline.search.length} units spread across the county, times ${activeUnits.length} (timing all units takes
about ${Math.max(1, Math.round(baselineFull / 60_000))} minutes in this run: \`--baseline-units ${activeUnits.length}\`). The in-engine reference row shows how much comes from
bounding the searches (typed arrays, cutoff) and how much from the multi-source design.
<!-- geo-bench:end -->`;

log('\n' + section);
if (write) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nEach domain keeps its own section; figures are medians from the run each section names.\n';
  const re = /<!-- geo-bench:begin[\s\S]*?<!-- geo-bench:end -->/;
  writeFileSync(file, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  log('\nwrote the geo section of docs/benchmarks.md');
}
