// Move-up: up to K unit repositionings that maximise tier-weighted targets covered (greedy + swap improvement).
import type { MoveUpMove, MoveUpPlan, TargetTier } from '../../contract/geo';
import { type CoverageEngine, type CoverageSource, headlineOf, statusOf, tierBudgetS } from './coverage';
import type { TravelMode } from './road-class';
import { haversineM } from './road-graph';

export interface MoveCandidatePosition {
  kind: MoveUpMove['to']['kind'];
  id: string | null;
  label: string | null;
  lat: number;
  lon: number;
}

/** Default weights: a core site counts three 5-minute targets, a crowded place two. */
export const defaultTierWeights: Record<TargetTier, number> = { 1: 3, 3: 2, 5: 1 };

const EPS = 1e-9;

/**
 * Only available units move; staffed points stay. A move is taken only when it strictly raises the weighted
 * score, so the plan never lowers it. Each unit moves at most once and each position takes at most one unit;
 * between moves of equal gain the shorter one wins (the unit is off its patrol for less time).
 */
export function suggestMoveUp(
  engine: CoverageEngine,
  opts: { k: number; positions: readonly MoveCandidatePosition[]; weights?: Record<TargetTier, number>; maxSwapRounds?: number },
): MoveUpPlan {
  const targets = engine.targetList;
  const T = targets.length;
  const weights = opts.weights ?? defaultTierWeights;
  const budget = Float64Array.from(targets, (t) => tierBudgetS[t.tier]);
  const w = Float64Array.from(targets, (t) => weights[t.tier]);

  const all = engine.sourceList().filter((s) => s.active).map((source) => ({ source, row: engine.rowOf(source) }));
  const cnt = new Int32Array(T);
  for (const { row } of all) for (let i = 0; i < T; i++) if (row[i] <= budget[i]) cnt[i]++;
  const units = all.filter((s) => s.source.ref.kind === 'unit');
  const P = opts.positions.length;

  // One search per (position, mode) in use, computed once.
  const posRows = new Map<string, Float64Array>();
  const rowAt = (p: number, mode: TravelMode): Float64Array => {
    const key = `${p}:${mode}`;
    let r = posRows.get(key);
    if (!r) {
      r = engine.rowFrom(opts.positions[p].lat, opts.positions[p].lon, mode);
      posRows.set(key, r);
    }
    return r;
  };
  const distance = units.map((u) => opts.positions.map((p) => haversineM(u.source.lon, u.source.lat, p.lon, p.lat)));

  const score = (): number => {
    let s = 0;
    for (let i = 0; i < T; i++) if (cnt[i] > 0) s += w[i];
    return s;
  };
  const gainOf = (u: number, p: number): number => {
    const from = units[u].row;
    const to = rowAt(p, units[u].source.ref.mode);
    let g = 0;
    for (let i = 0; i < T; i++) {
      const had = from[i] <= budget[i] ? 1 : 0;
      const has = to[i] <= budget[i] ? 1 : 0;
      if (had === has) continue;
      if (cnt[i] - had === 0) g += has ? w[i] : -w[i];
    }
    return g;
  };
  const apply = (u: number, p: number, sign: 1 | -1): void => {
    const from = units[u].row;
    const to = rowAt(p, units[u].source.ref.mode);
    for (let i = 0; i < T; i++) cnt[i] += sign * ((to[i] <= budget[i] ? 1 : 0) - (from[i] <= budget[i] ? 1 : 0));
  };

  const scoreBefore = score();
  const coveredBefore = Uint8Array.from(cnt, (c) => (c > 0 ? 1 : 0));
  const moves: { u: number; p: number }[] = [];
  const unitMoved = new Uint8Array(units.length);
  const posUsed = new Uint8Array(P);
  const better = (g: number, d: number, best: { gain: number; d: number } | null): boolean =>
    g > EPS && (!best || g > best.gain + EPS || (Math.abs(g - best.gain) <= EPS && d < best.d));
  const bestMove = (): { u: number; p: number; gain: number; d: number } | null => {
    let best: { u: number; p: number; gain: number; d: number } | null = null;
    for (let u = 0; u < units.length; u++) {
      if (unitMoved[u]) continue;
      for (let p = 0; p < P; p++) {
        if (posUsed[p]) continue;
        const g = gainOf(u, p);
        if (better(g, distance[u][p], best)) best = { u, p, gain: g, d: distance[u][p] };
      }
    }
    return best;
  };
  const take = (u: number, p: number): void => { apply(u, p, 1); unitMoved[u] = 1; posUsed[p] = 1; };
  const untake = (u: number, p: number): void => { apply(u, p, -1); unitMoved[u] = 0; posUsed[p] = 0; };

  while (moves.length < opts.k) {
    const m = bestMove();
    if (!m) break;
    take(m.u, m.p);
    moves.push({ u: m.u, p: m.p });
  }

  // Local improvement: take one chosen move out and put the best replacement back when it is strictly better.
  const rounds = opts.maxSwapRounds ?? 5;
  for (let round = 0, improved = true; improved && round < rounds; round++) {
    improved = false;
    for (let j = 0; j < moves.length; j++) {
      const { u, p } = moves[j];
      untake(u, p);
      const kept = gainOf(u, p);
      const alt = bestMove();
      const pick = alt && alt.gain > kept + EPS ? alt : { u, p };
      if (pick.u !== u || pick.p !== p) improved = true;
      take(pick.u, pick.p);
      moves[j] = { u: pick.u, p: pick.p };
    }
  }
  // A swap may have left a move that no longer adds anything; drop it rather than send a unit for nothing.
  for (let j = moves.length - 1; j >= 0; j--) {
    const { u, p } = moves[j];
    untake(u, p);
    if (gainOf(u, p) > EPS) take(u, p);
    else moves.splice(j, 1);
  }

  const after = new Float64Array(T).fill(Infinity);
  const movedRow = new Map(moves.map((m) => [units[m.u].source, rowAt(m.p, units[m.u].source.ref.mode)]));
  for (const s of all) {
    const row = movedRow.get(s.source) ?? s.row;
    for (let i = 0; i < T; i++) if (row[i] < after[i]) after[i] = row[i];
  }
  const before = engine.report();

  // Each move's marginal gain against the final plan, so the commander sees what every single order buys.
  const planMoves: MoveUpMove[] = moves.map(({ u, p }) => {
    apply(u, p, -1);
    const gain = gainOf(u, p);
    apply(u, p, 1);
    const pos = opts.positions[p];
    const src: CoverageSource = units[u].source;
    return {
      unitId: src.ref.id,
      label: src.ref.label,
      mode: src.ref.mode,
      from: { lat: src.lat, lon: src.lon },
      to: { kind: pos.kind, id: pos.id, label: pos.label, lat: pos.lat, lon: pos.lon },
      distanceM: Math.round(distance[u][p]),
      gain,
    };
  });
  const ref = (i: number) => ({ id: targets[i].id, name: targets[i].name ?? null, tier: targets[i].tier });
  const gained: ReturnType<typeof ref>[] = [];
  const lost: ReturnType<typeof ref>[] = [];
  for (let i = 0; i < T; i++) {
    const nowCovered = cnt[i] > 0 ? 1 : 0;
    if (nowCovered > coveredBefore[i]) gained.push(ref(i));
    else if (nowCovered < coveredBefore[i]) lost.push(ref(i));
  }
  return {
    moves: planMoves,
    scoreBefore,
    scoreAfter: score(),
    before: before.headline,
    after: headlineOf(targets.map((t, i) => ({ tier: t.tier, status: statusOf(after[i], budget[i]) }))),
    gained,
    lost,
  };
}
