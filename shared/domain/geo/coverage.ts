// Live 135 coverage: the best ETA from any counted source to every key target, kept exact incrementally.
import type { CoverageReport, CoverageStatus, GeoRrPoint, GeoTarget, GeoUnit, SourceRef, TargetCoverage, TargetTier, TierHeadline } from '../../contract/geo';
import type { Snap } from './edge-snap';
import { hourLabel } from './hour';
import { FieldScratch, NearestSourceField } from './nearest-source';
import type { Seed } from './reach-search';
import { modes, type TravelMode } from './road-class';
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

/** Anything that can answer for a target: a unit, or one mode of a staffed rapid-response point. */
export interface CoverageSource {
  /** Unique in the engine and always `sourceKeyOf(ref)`, so a report's `best` names exactly one source. */
  key: string;
  ref: SourceRef;
  lat: number;
  lon: number;
  /** Counts for coverage now (available unit, staffed point). */
  active: boolean;
}

/**
 * The engine's name for a source: `unit:<id>` for a unit (whatever mode it travels by), `rr:<point id>:<mode>`
 * for one mode of a point. Distinct refs (kind, id and, for a point, mode) never share a name.
 */
export function sourceKeyOf(ref: { kind: 'unit'; id: string; mode?: TravelMode } | { kind: 'rrPoint'; id: string; mode: TravelMode }): string {
  return ref.kind === 'unit' ? `unit:${ref.id}` : `rr:${ref.id}:${ref.mode}`;
}

export function sourceOfUnit(u: GeoUnit): CoverageSource {
  return { key: sourceKeyOf({ kind: 'unit', id: u.id, mode: u.mode }), ref: { kind: 'unit', id: u.id, label: u.label ?? null, mode: u.mode }, lat: u.lat, lon: u.lon, active: u.available };
}

/** A staffed point answers by each of its modes; the engine keeps the fastest. */
export function sourcesOfRrPoint(p: GeoRrPoint): CoverageSource[] {
  return [...new Set(p.modes)].map((mode) => ({
    key: sourceKeyOf({ kind: 'rrPoint', id: p.id, mode }), ref: { kind: 'rrPoint', id: p.id, label: p.name ?? null, mode }, lat: p.lat, lon: p.lon, active: p.staffed,
  }));
}

interface Slot {
  index: number;
  source: CoverageSource;
  /** Where the source joins the road network for its mode; null when inactive or off the roads. */
  snap: Snap | null;
  seeds: Seed[];
}

type PerMode<T> = Record<TravelMode, T>;
const perMode = <T>(make: (m: TravelMode) => T): PerMode<T> => Object.fromEntries(modes.map((m) => [m, make(m)])) as PerMode<T>;

const part = (fraction: number, edgeSeconds: number): number => (fraction === 0 ? 0 : fraction * edgeSeconds);

const push = <K>(map: Map<K, number[]>, key: K, value: number): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Per mode, a nearest-source field gives every road node its time from the closest source of that mode.
 * A target's ETA is then read from the two ends of the road it sits on (plus any source on that same road).
 * A full recompute is one multi-source search per mode; a moved source repairs only the nodes it owned or
 * now wins, and only targets reading those nodes are re-evaluated.
 */
export class CoverageEngine {
  readonly cutoffS: number;
  private currentHour: number;
  private readonly scratch: FieldScratch;
  private readonly fields: PerMode<NearestSourceField>;
  private weightKeys: PerMode<string>;
  private readonly slots = new Map<string, Slot>();
  private readonly bySlot = new Map<number, Slot>();
  private nextSlot = 0;
  /** Active sources per mode by the road segment they stand on (a source reaches a target on its own segment directly). */
  private readonly segSources: PerMode<Map<number, Set<Slot>>>;
  private targets: GeoTarget[] = [];
  private targetSnaps: PerMode<(Snap | null)[]> = perMode(() => []);
  private entryTargets: PerMode<Map<number, number[]>> = perMode(() => new Map());
  private segTargets: PerMode<Map<number, number[]>> = perMode(() => new Map());
  private best = new Float64Array(0);
  private bestSlot = new Int32Array(0);
  private affectedMark = new Uint32Array(0);
  private affectedGen = 0;

  constructor(readonly model: TravelModel, opts: { hour: number; cutoffS?: number }) {
    this.currentHour = opts.hour;
    this.cutoffS = opts.cutoffS ?? DEFAULT_CUTOFF_S;
    this.scratch = new FieldScratch(model.graph.nodeCount);
    this.weightKeys = perMode((m) => model.weightsKey(m, opts.hour));
    this.fields = perMode((m) => new NearestSourceField(model.graph, this.scratch, this.cutoffS, model.weights(m, opts.hour)));
    this.segSources = perMode(() => new Map());
  }

  get hour(): number {
    return this.currentHour;
  }

  /** Changes the hour; recomputes only when some mode's congestion factors change. Returns whether it did. */
  setHour(hour: number): boolean {
    this.currentHour = hour;
    const keys = perMode((m) => this.model.weightsKey(m, hour));
    if (modes.every((m) => keys[m] === this.weightKeys[m])) return false;
    this.weightKeys = keys;
    this.rebuildAll();
    return true;
  }

  setTargets(targets: readonly GeoTarget[]): void {
    this.targets = [...targets];
    const g = this.model.graph;
    this.targetSnaps = perMode((m) => this.targets.map((t) => this.model.snap(t, m)));
    this.entryTargets = perMode(() => new Map());
    this.segTargets = perMode(() => new Map());
    for (const m of modes) {
      this.targetSnaps[m].forEach((s, i) => {
        if (!s) return;
        push(this.entryTargets[m], g.tail[g.segAB[s.seg]], i);
        push(this.entryTargets[m], g.tail[g.segBA[s.seg]], i);
        push(this.segTargets[m], s.seg, i);
      });
    }
    this.best = new Float64Array(this.targets.length).fill(Infinity);
    this.bestSlot = new Int32Array(this.targets.length).fill(-1);
    this.affectedMark = new Uint32Array(this.targets.length);
    for (let i = 0; i < this.targets.length; i++) this.evaluate(i);
  }

  /** Replaces every source; a bad one (see `checkName`) refuses the whole set and leaves the engine as it was. */
  setSources(sources: readonly CoverageSource[]): void {
    const keys = new Set<string>();
    for (const s of sources) {
      checkName(s);
      if (keys.has(s.key)) throw new Error(`two coverage sources share the key ${s.key}: give each unit, and each mode of a point, one source`);
      keys.add(s.key);
    }
    this.slots.clear();
    this.bySlot.clear();
    for (const s of sources) {
      const slot: Slot = { index: this.nextSlot++, source: { ...s }, snap: null, seeds: [] };
      this.slots.set(s.key, slot);
      this.bySlot.set(slot.index, slot);
    }
    this.rebuildAll();
  }

  /** Adds or changes one source; returns the ids of targets whose best ETA or best source changed. */
  upsertSource(source: CoverageSource): string[] {
    checkName(source);
    const old = this.slots.get(source.key);
    if (old && sameSource(old.source, source)) return [];
    this.beginAffected();
    let slot = old;
    if (slot) this.detach(slot);
    else {
      slot = { index: this.nextSlot++, source, snap: null, seeds: [] };
      this.slots.set(source.key, slot);
      this.bySlot.set(slot.index, slot);
    }
    slot.source = { ...source };
    this.attach(slot);
    return this.reevaluateAffected();
  }

  removeSource(key: string): string[] {
    const slot = this.slots.get(key);
    if (!slot) return [];
    this.beginAffected();
    this.detach(slot);
    this.slots.delete(key);
    this.bySlot.delete(slot.index);
    return this.reevaluateAffected();
  }

  /** Every target's best ETA and status, and the headline per tier. */
  report(): CoverageReport {
    const targets: TargetCoverage[] = this.targets.map((t, i) => {
      const budgetS = tierBudgetS[t.tier];
      const eta = this.best[i];
      const slot = this.bestSlot[i] >= 0 ? this.bySlot.get(this.bestSlot[i]) : undefined;
      const snap = this.targetSnaps.car[i] ?? this.targetSnaps.motorcycle[i] ?? this.targetSnaps.foot[i];
      return {
        id: t.id, name: t.name ?? null, tier: t.tier, budgetS, lat: t.lat, lon: t.lon,
        etaS: Number.isFinite(eta) ? eta : null,
        best: slot ? { ...slot.source.ref } : null,
        status: statusOf(eta, budgetS),
        snapDistM: snap ? Math.round(snap.distM * 10) / 10 : null,
      };
    });
    return { hour: this.currentHour, hourLabel: hourLabel(this.currentHour), cutoffS: this.cutoffS, targets, headline: headlineOf(targets) };
  }

  /** Targets in engine order, for move-up and planning. */
  get targetList(): readonly GeoTarget[] {
    return this.targets;
  }

  /** The sources now in the engine, active or not. */
  sourceList(): CoverageSource[] {
    return [...this.slots.values()].map((s) => s.source);
  }

  /** ETA row (target order) of one source on its own, by a search of its own; Infinity where it does not reach. */
  rowOf(source: CoverageSource): Float64Array {
    const row = new Float64Array(this.targets.length).fill(Infinity);
    if (!source.active) return row;
    const mode = source.ref.mode;
    const from = this.model.snap(source, mode);
    if (!from) return row;
    const w = this.fields[mode].edgeWeights;
    const search = this.model.search;
    search.run(w, this.model.seedsFrom(from, w), this.cutoffS);
    const snaps = this.targetSnaps[mode];
    for (let i = 0; i < row.length; i++) {
      const to = snaps[i];
      if (to) row[i] = this.model.arrivalAt(search, to, w, from);
    }
    return row;
  }

  /** ETA row from a hypothetical position (nothing live changes). */
  rowFrom(lat: number, lon: number, mode: TravelMode): Float64Array {
    return this.rowOf({ key: '', ref: { kind: 'unit', id: '', label: null, mode }, lat, lon, active: true });
  }

  private rebuildAll(): void {
    for (const m of modes) this.segSources[m].clear();
    const seedsByMode = perMode(() => new Map<number, readonly Seed[]>());
    const weights = perMode((m) => this.model.weights(m, this.currentHour));
    for (const slot of this.slots.values()) {
      this.place(slot, weights[slot.source.ref.mode]);
      if (!slot.snap) continue;
      seedsByMode[slot.source.ref.mode].set(slot.index, slot.seeds);
    }
    for (const m of modes) this.fields[m].rebuild(weights[m], seedsByMode[m]);
    for (let i = 0; i < this.targets.length; i++) this.evaluate(i);
  }

  /** Snaps an active source for its mode and works out its seeds; registers it on its segment. */
  private place(slot: Slot, w: Float32Array): void {
    const s = slot.source;
    slot.snap = s.active ? this.model.snap(s, s.ref.mode) : null;
    slot.seeds = slot.snap ? this.model.seedsFrom(slot.snap, w) : [];
    if (!slot.snap) return;
    const bySeg = this.segSources[s.ref.mode];
    let set = bySeg.get(slot.snap.seg);
    if (!set) bySeg.set(slot.snap.seg, (set = new Set()));
    set.add(slot);
  }

  private attach(slot: Slot): void {
    const mode = slot.source.ref.mode;
    const field = this.fields[mode];
    this.place(slot, field.edgeWeights);
    if (!slot.snap) return;
    this.scratch.resetChanged();
    field.add(slot.index, slot.seeds);
    this.collectAffected(mode, slot.snap.seg);
  }

  private detach(slot: Slot): void {
    if (!slot.snap) return;
    const mode = slot.source.ref.mode;
    const bySeg = this.segSources[mode];
    const set = bySeg.get(slot.snap.seg);
    set?.delete(slot);
    if (set?.size === 0) bySeg.delete(slot.snap.seg);
    this.scratch.resetChanged();
    this.fields[mode].remove(slot.index);
    this.collectAffected(mode, slot.snap.seg);
    slot.snap = null;
    slot.seeds = [];
  }

  private beginAffected(): void {
    this.affectedGen++;
    this.affectedList.length = 0;
  }

  private readonly affectedList: number[] = [];

  private markAffected(i: number): void {
    if (this.affectedMark[i] !== this.affectedGen) {
      this.affectedMark[i] = this.affectedGen;
      this.affectedList.push(i);
    }
  }

  /** Targets reading a changed node of this mode, or standing on the segment a source left or joined. */
  private collectAffected(mode: TravelMode, seg: number): void {
    const entries = this.entryTargets[mode];
    if (entries.size > 0) {
      const { changed, changedCount } = this.scratch;
      for (let k = 0; k < changedCount; k++) {
        const list = entries.get(changed[k]);
        if (list) for (const i of list) this.markAffected(i);
      }
    }
    for (const i of this.segTargets[mode].get(seg) ?? []) this.markAffected(i);
  }

  private reevaluateAffected(): string[] {
    const changed: string[] = [];
    for (const i of this.affectedList) {
      const before = this.best[i], beforeSlot = this.bestSlot[i];
      this.evaluate(i);
      if (this.best[i] !== before || this.bestSlot[i] !== beforeSlot) changed.push(this.targets[i].id);
    }
    return changed;
  }

  private evaluate(i: number): void {
    const g = this.model.graph;
    let best = Infinity;
    let bestSlot = -1;
    for (const m of modes) {
      const to = this.targetSnaps[m][i];
      if (!to) continue;
      const field = this.fields[m];
      const w = field.edgeWeights;
      const ab = g.segAB[to.seg], ba = g.segBA[to.seg];
      const a = g.tail[ab], b = g.tail[ba];
      const viaA = field.time[a] + part(to.t, w[ab]);
      if (viaA < best) { best = viaA; bestSlot = field.owner[a]; }
      const viaB = field.time[b] + part(1 - to.t, w[ba]);
      if (viaB < best) { best = viaB; bestSlot = field.owner[b]; }
      for (const s of this.segSources[m].get(to.seg) ?? []) {
        const direct = this.model.sameSegment(s.snap!, to, w);
        if (direct < best) { best = direct; bestSlot = s.index; }
      }
    }
    if (!(best <= this.cutoffS)) { best = Infinity; bestSlot = -1; }
    this.best[i] = best;
    this.bestSlot[i] = bestSlot;
  }
}

/**
 * A source's key must be the name of its ref. The report names the best source by its ref alone, so a key that
 * kept a point's old mode (its foot source made to drive, say) would let two live sources both be "p0 by car"
 * and the report could not say which one gives the ETA.
 */
function checkName(s: CoverageSource): void {
  const want = sourceKeyOf(s.ref);
  if (s.key === want) return;
  throw new Error(
    `coverage source ${s.key} is ${s.ref.kind} ${s.ref.id} by ${s.ref.mode}, whose key is ${want}: build sources with sourceOfUnit or `
    + 'sourcesOfRrPoint (a point has one source per mode; to change its modes remove the old mode\'s source and add the new one)',
  );
}

function sameSource(a: CoverageSource, b: CoverageSource): boolean {
  return a.lat === b.lat && a.lon === b.lon && a.active === b.active && a.ref.mode === b.ref.mode && a.ref.kind === b.ref.kind && a.ref.label === b.ref.label;
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
