// Live 135 coverage: best ETA from any available source to every key target, kept up to date incrementally.
import type { CoverageReport, CoverageStatus, GeoRrPoint, GeoTarget, GeoUnit, TargetCoverage, TargetTier, TierHeadline } from '../../contract/geo';
import type { Snap } from './edge-snap';
import { slotOfHour } from './congestion';
import type { TravelMode } from './road-class';
import type { TravelModel } from './travel-model';

export const tierBudgetS: Record<TargetTier, number> = { 1: 60, 3: 180, 5: 300 };
export const tiers: readonly TargetTier[] = [1, 3, 5];
/** Amber: missed, but by no more than this fraction of the budget. */
export const AMBER_MARGIN = 0.2;
/** Searches stop here: beyond it every target is red whatever its tier, so further work changes nothing. */
export const DEFAULT_CUTOFF_S = tierBudgetS[5] * (1 + AMBER_MARGIN);

export function statusOf(etaS: number, budgetS: number): CoverageStatus {
  if (etaS <= budgetS) return 'green';
  if (etaS <= budgetS * (1 + AMBER_MARGIN)) return 'amber';
  return 'red';
}

/** Anything that can answer for a target: a unit on patrol or a staffed rapid-response point. */
export interface CoverageSource {
  id: string;
  kind: 'unit' | 'rrPoint';
  lat: number;
  lon: number;
  mode: TravelMode;
  /** Available unit / staffed point. */
  active: boolean;
}

export function sourceOfUnit(u: GeoUnit): CoverageSource {
  return { id: u.id, kind: 'unit', lat: u.lat, lon: u.lon, mode: u.mode, active: u.available };
}

/** Point ids are prefixed so they never collide with unit ids in one source table. */
export function sourceOfRrPoint(p: GeoRrPoint): CoverageSource {
  return { id: `rr:${p.id}`, kind: 'rrPoint', lat: p.lat, lon: p.lon, mode: p.mode, active: p.staffed };
}

interface SourceState {
  source: CoverageSource;
  /** ETA in seconds to every target (Infinity beyond the cutoff or when inactive). */
  row: Float64Array;
}

export class CoverageEngine {
  private targets: GeoTarget[] = [];
  private targetSnaps = new Map<TravelMode, (Snap | null)[]>();
  private readonly sources = new Map<string, SourceState>();
  private best = new Float64Array(0);
  private bestSource: (string | null)[] = [];
  private currentHour: number;
  readonly cutoffS: number;

  constructor(readonly model: TravelModel, opts: { hour: number; cutoffS?: number }) {
    this.currentHour = opts.hour;
    this.cutoffS = opts.cutoffS ?? DEFAULT_CUTOFF_S;
  }

  get hour(): number {
    return this.currentHour;
  }

  /** Changes the hour; recomputes everything only when the congestion slot changes. Returns whether it did. */
  setHour(hour: number): boolean {
    const changed = slotOfHour(hour) !== slotOfHour(this.currentHour);
    this.currentHour = hour;
    if (changed) this.recomputeAll();
    return changed;
  }

  setTargets(targets: readonly GeoTarget[]): void {
    this.targets = [...targets];
    this.targetSnaps.clear();
    this.recomputeAll();
  }

  setSources(sources: readonly CoverageSource[]): void {
    this.sources.clear();
    for (const s of sources) this.sources.set(s.id, { source: { ...s }, row: new Float64Array(0) });
    this.recomputeAll();
  }

  /** Adds or changes one source; only its search is redone. Returns the ids of targets whose best ETA changed. */
  upsertSource(source: CoverageSource): string[] {
    const old = this.sources.get(source.id);
    if (old && sameSource(old.source, source)) return [];
    const row = this.rowFor(source);
    this.sources.set(source.id, { source: { ...source }, row });
    return this.applyRowChange(source.id, old?.row, row);
  }

  removeSource(id: string): string[] {
    const old = this.sources.get(id);
    if (!old) return [];
    this.sources.delete(id);
    return this.applyRowChange(id, old.row, undefined);
  }

  /** Every target's best ETA and status, and the headline per tier. */
  report(): CoverageReport {
    const targets: TargetCoverage[] = this.targets.map((t, i) => {
      const budgetS = tierBudgetS[t.tier];
      const eta = this.best[i];
      const bestId = this.bestSource[i];
      const snap = this.snapsFor('car')[i] ?? this.snapsFor('motorcycle')[i] ?? this.snapsFor('foot')[i];
      const kind = bestId === null ? null : this.sources.get(bestId)?.source.kind ?? null;
      return {
        id: t.id, ...(t.name !== undefined ? { name: t.name } : {}), tier: t.tier, budgetS,
        etaS: Number.isFinite(eta) ? eta : null,
        bestSourceId: bestId === null ? null : kind === 'rrPoint' ? bestId.slice(3) : bestId,
        bestSourceKind: kind,
        status: statusOf(eta, budgetS),
        snapDistM: snap ? snap.distM : null,
      };
    });
    return { hour: this.currentHour, cutoffS: this.cutoffS, targets, headline: headlineOf(targets) };
  }

  /** Targets in engine order, for move-up and planning. */
  get targetList(): readonly GeoTarget[] {
    return this.targets;
  }

  /** Current sources with their ETA rows (target order). */
  sourceRows(): Iterable<{ source: CoverageSource; row: Float64Array }> {
    return this.sources.values();
  }

  /** ETAs to every target from a hypothetical source position (no live state changes). */
  rowFrom(lat: number, lon: number, mode: TravelMode): Float64Array {
    return this.rowFor({ id: '', kind: 'unit', lat, lon, mode, active: true });
  }

  private snapsFor(mode: TravelMode): (Snap | null)[] {
    let snaps = this.targetSnaps.get(mode);
    if (!snaps) {
      snaps = this.targets.map((t) => this.model.snap(t, mode));
      this.targetSnaps.set(mode, snaps);
    }
    return snaps;
  }

  private rowFor(source: CoverageSource): Float64Array {
    const row = new Float64Array(this.targets.length).fill(Infinity);
    if (!source.active) return row;
    const from = this.model.snap(source, source.mode);
    if (!from) return row;
    const w = this.model.weights(source.mode, this.currentHour);
    const search = this.model.search;
    search.run(w, this.model.seedsFrom(from, w), this.cutoffS);
    const snaps = this.snapsFor(source.mode);
    for (let i = 0; i < row.length; i++) {
      const to = snaps[i];
      if (to) row[i] = this.model.arrivalAt(search, to, w, from);
    }
    return row;
  }

  private recomputeAll(): void {
    for (const st of this.sources.values()) st.row = this.rowFor(st.source);
    this.best = new Float64Array(this.targets.length).fill(Infinity);
    this.bestSource = new Array<string | null>(this.targets.length).fill(null);
    for (let i = 0; i < this.targets.length; i++) this.reevaluate(i);
  }

  private reevaluate(i: number): void {
    let best = Infinity;
    let bestId: string | null = null;
    for (const [id, st] of this.sources) {
      if (st.row[i] < best) { best = st.row[i]; bestId = id; }
    }
    this.best[i] = best;
    this.bestSource[i] = bestId;
  }

  private applyRowChange(id: string, oldRow: Float64Array | undefined, newRow: Float64Array | undefined): string[] {
    const changed: string[] = [];
    for (let i = 0; i < this.targets.length; i++) {
      const before = this.best[i];
      const beforeId = this.bestSource[i];
      const v = newRow ? newRow[i] : Infinity;
      if (v < before) {
        this.best[i] = v;
        this.bestSource[i] = id;
      } else if (beforeId === id && (oldRow === undefined || v > oldRow[i] || !newRow)) {
        this.reevaluate(i);
      }
      if (this.best[i] !== before || this.bestSource[i] !== beforeId) changed.push(this.targets[i].id);
    }
    return changed;
  }
}

function sameSource(a: CoverageSource, b: CoverageSource): boolean {
  return a.lat === b.lat && a.lon === b.lon && a.mode === b.mode && a.active === b.active && a.kind === b.kind;
}

export function headlineOf(targets: readonly Pick<TargetCoverage, 'tier' | 'status'>[]): TierHeadline[] {
  return tiers.map((tier) => {
    const mine = targets.filter((t) => t.tier === tier);
    const green = mine.filter((t) => t.status === 'green').length;
    const amber = mine.filter((t) => t.status === 'amber').length;
    return {
      tier, total: mine.length, green, amber, red: mine.length - green - amber,
      coveredPct: mine.length === 0 ? 100 : Math.round((green / mine.length) * 1000) / 10,
    };
  });
}
