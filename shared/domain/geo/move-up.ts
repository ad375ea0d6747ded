// Move-up: up to K unit repositionings that maximise tier-weighted targets covered (greedy + swap improvement).
import type { MoveUpPlan, TargetTier } from '../../contract/geo';
import { type CoverageEngine, headlineOf, statusOf, tierBudgetS } from './coverage';
import type { TravelMode } from './road-class';

export interface MoveCandidatePosition {
  kind: 'rrPoint' | 'position';
  id: string | null;
  label: string | null;
  lat: number;
  lon: number;
}

/** Default weights: a core site counts three 5-minute targets, a crowded place two. */
export const defaultTierWeights: Record<TargetTier, number> = { 1: 3, 3: 2, 5: 1 };

const EPS = 1e-9;

/**
 * Only available units move; staffed points stay. A move is taken only when it strictly raises the
 * weighted score, so the plan can never lower coverage. Each unit moves at most once, each position
 * takes at most one unit.
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

  const all = [...engine.sourceRows()];
  const cnt = new Int32Array(T);
  for (const { row } of all) for (let i = 0; i < T; i++) if (row[i] <= budget[i]) cnt[i]++;
  const units = all.filter((s) => s.source.kind === 'unit' && s.source.active);

  // One search per (position, mode) in use, computed once.
  const modesInUse = [...new Set(units.map((u) => u.source.mode))];
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
  for (let p = 0; p < opts.positions.length; p++) for (const m of modesInUse) rowAt(p, m);

  const score = (): number => {
    let s = 0;
    for (let i = 0; i < T; i++) if (cnt[i] > 0) s += w[i];
    return s;
  };
  const gainOf = (u: number, p: number): number => {
    const from = units[u].row;
    const to = rowAt(p, units[u].source.mode);
    let g = 0;
    for (let i = 0; i < T; i++) {
      const had = from[i] <= budget[i] ? 1 : 0;
      const has = to[i] <= budget[i] ? 1 : 0;
      if (had === has) continue;
      const rest = cnt[i] - had;
      if (rest === 0) g += has ? w[i] : -w[i];
    }
    return g;
  };
  const apply = (u: number, p: number, sign: 1 | -1): void => {
    const from = units[u].row;
    const to = rowAt(p, units[u].source.mode);
    for (let i = 0; i < T; i++) {
      cnt[i] += sign * ((to[i] <= budget[i] ? 1 : 0) - (from[i] <= budget[i] ? 1 : 0));
    }
  };

  const scoreBefore = score();
  const moves: { u: number; p: number }[] = [];
  const unitMoved = new Uint8Array(units.length);
  const posUsed = new Uint8Array(opts.positions.length);
  const bestMove = (): { u: number; p: number; gain: number } | null => {
    let best: { u: number; p: number; gain: number } | null = null;
    for (let u = 0; u < units.length; u++) {
      if (unitMoved[u]) continue;
      for (let p = 0; p < opts.positions.length; p++) {
        if (posUsed[p]) continue;
        const g = gainOf(u, p);
        if (g > EPS && (!best || g > best.gain + EPS)) best = { u, p, gain: g };
      }
    }
    return best;
  };

  while (moves.length < opts.k) {
    const m = bestMove();
    if (!m) break;
    apply(m.u, m.p, 1);
    unitMoved[m.u] = 1;
    posUsed[m.p] = 1;
    moves.push({ u: m.u, p: m.p });
  }

  // Local improvement: take one chosen move out and put the best replacement back if it is strictly better.
  const rounds = opts.maxSwapRounds ?? 5;
  for (let round = 0, improved = true; improved && round < rounds; round++) {
    improved = false;
    for (let j = 0; j < moves.length; j++) {
      const { u, p } = moves[j];
      apply(u, p, -1);
      unitMoved[u] = 0;
      posUsed[p] = 0;
      const kept = gainOf(u, p);
      const alt = bestMove();
      const pick = alt && alt.gain > kept + EPS ? alt : { u, p };
      if (pick.u !== u || pick.p !== p) improved = true;
      apply(pick.u, pick.p, 1);
      unitMoved[pick.u] = 1;
      posUsed[pick.p] = 1;
      moves[j] = { u: pick.u, p: pick.p };
    }
  }

  const after = new Float64Array(T).fill(Infinity);
  const movedRow = new Map(moves.map((m) => [m.u, rowAt(m.p, units[m.u].source.mode)]));
  const unitIndex = new Map(units.map((s, i) => [s, i]));
  for (const s of all) {
    const idx = unitIndex.get(s);
    const row = (idx !== undefined ? movedRow.get(idx) : undefined) ?? s.row;
    for (let i = 0; i < T; i++) if (row[i] < after[i]) after[i] = row[i];
  }
  const before = engine.report();

  // Each move's marginal gain against the final plan, so the commander sees what every single order buys.
  const planMoves = moves.map(({ u, p }) => {
    apply(u, p, -1);
    const gain = gainOf(u, p);
    apply(u, p, 1);
    const pos = opts.positions[p];
    return {
      unitId: units[u].source.id,
      from: { lat: units[u].source.lat, lon: units[u].source.lon },
      to: { kind: pos.kind, id: pos.id, label: pos.label, lat: pos.lat, lon: pos.lon },
      gain,
    };
  });
  return {
    moves: planMoves,
    scoreBefore,
    scoreAfter: score(),
    before: before.headline,
    after: headlineOf(targets.map((t, i) => ({ tier: t.tier, status: statusOf(after[i], budget[i]) }))),
  };
}
