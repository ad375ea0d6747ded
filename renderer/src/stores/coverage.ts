// Live 135 coverage, move-up suggestions, isochrones and the planning scenario; kept current by coverage.changed.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type {
  CoverageReport, CoverageSnapshot, GeoRrPoint, GeoUnit, IsochroneCollection, IsochroneRequest, MoveUpAcceptance, MoveUpSuggestion, TargetCoverage, TierHeadline,
} from '@shared/contract/geo';
import { HallError } from '@shared/contract/errors';
import type { TravelMode } from '@shared/contract/mapdata';
import { useHallClient } from '../client';
import { onHallSecond, reportLoadError } from './hall';

/** What the next map click is for. */
export type CoveragePick = { kind: 'isochrone' } | { kind: 'plan-point' } | { kind: 'plan-unit'; unitId: string };

export interface PlanScenario {
  /** Fractional hour, 7.5 = 07:30. */
  hour: number;
  units: GeoUnit[];
  rrPoints: GeoRrPoint[];
}

const statusRank = { red: 0, amber: 1, green: 2 } as const;

/** Red before amber, 1-minute sites before 3 and 5, then the latest first. */
export function gapsOf(targets: readonly TargetCoverage[]): TargetCoverage[] {
  return targets
    .filter((t) => t.status !== 'green')
    .sort((a, b) => statusRank[a.status] - statusRank[b.status] || a.tier - b.tier || (b.etaS ?? Infinity) - (a.etaS ?? Infinity) || a.id.localeCompare(b.id));
}

export const useCoverageStore = defineStore('coverage', () => {
  const client = useHallClient();
  const snapshot = shallowRef<CoverageSnapshot | null>(null);
  const loadError = shallowRef<string | null>(null);
  const suggestion = shallowRef<MoveUpSuggestion | null>(null);
  const suggesting = shallowRef(false);
  const acceptance = shallowRef<MoveUpAcceptance | null>(null);
  const isochrone = shallowRef<IsochroneCollection | null>(null);
  const pick = shallowRef<CoveragePick | null>(null);
  /** Mode, hour (null = now) and budgets for the next isochrone, shared by the tool and a map click. */
  const isoOptions = shallowRef<{ mode: TravelMode; hour: number | null; minutes: number[] }>({ mode: 'car', hour: null, minutes: [1, 3, 5] });
  /** Planning is shown (on the map too) while the coverage screen's planning tab is open. */
  const planning = shallowRef(false);
  const scenario = shallowRef<PlanScenario | null>(null);
  const planReport = shallowRef<CoverageReport | null>(null);
  /** Bumped to ask the map to frame the targets (before printing). */
  const frameRequest = shallowRef(0);

  // A snapshot comes with every GPS batch, and most leave what the console's panel shows as it was: these keep the
  // previous value while it reads the same, so the panel and its lists re-render only for a change they show.
  const same = <T>(previous: T | undefined, next: T): T => (previous !== undefined && JSON.stringify(previous) === JSON.stringify(next) ? previous : next);
  const gaps = computed<TargetCoverage[]>((previous) => same(previous, gapsOf(snapshot.value?.targets ?? [])));
  const headline = computed<readonly TierHeadline[] | null>((previous) => same(previous, snapshot.value?.headline ?? null));
  const hourLabel = computed(() => snapshot.value?.hourLabel ?? null);
  /** What the map colours targets by: the plan while planning, else live coverage. */
  const shownTargets = computed<readonly TargetCoverage[]>(() => (planning.value && planReport.value ? planReport.value.targets : snapshot.value?.targets ?? []));

  async function load(): Promise<void> {
    try {
      snapshot.value = await client.invoke('coverage.get', {});
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
      if (!(err instanceof HallError && err.code === 'UNAVAILABLE')) throw err;
    }
  }

  async function suggest(k = 3): Promise<void> {
    suggesting.value = true;
    try {
      suggestion.value = await client.invoke('moveUp.suggest', { k });
    } finally {
      suggesting.value = false;
    }
  }

  async function accept(): Promise<MoveUpAcceptance | null> {
    const s = suggestion.value;
    if (!s) return null;
    const a = await client.invoke('moveUp.accept', { suggestionId: s.id });
    acceptance.value = a;
    suggestion.value = null;
    return a;
  }

  function dismiss(): void {
    suggestion.value = null;
  }

  async function drawIsochrone(origin: Pick<IsochroneRequest, 'lat' | 'lon' | 'unitId' | 'rrPointId'>, mode?: TravelMode): Promise<void> {
    const o = isoOptions.value;
    isochrone.value = await client.invoke('isochrone.get', { ...origin, mode: mode ?? o.mode, minutes: o.minutes, ...(o.hour === null ? {} : { hour: o.hour }) });
  }

  function clearIsochrone(): void {
    isochrone.value = null;
  }

  async function startPlanning(): Promise<void> {
    planning.value = true;
    if (!scenario.value) await resetScenario();
  }

  function stopPlanning(): void {
    planning.value = false;
    if (pick.value?.kind !== 'isochrone') pick.value = null;
  }

  async function resetScenario(): Promise<void> {
    const base = await client.invoke('planning.baseline', {});
    scenario.value = { hour: scenario.value?.hour ?? 7.5, units: base.units, rrPoints: base.rrPoints };
    await evaluatePlan();
  }

  async function updateScenario(change: (s: PlanScenario) => PlanScenario): Promise<void> {
    if (!scenario.value) return;
    scenario.value = change(scenario.value);
    await evaluatePlan();
  }

  async function evaluatePlan(): Promise<void> {
    const s = scenario.value;
    if (!s) return;
    planReport.value = await client.invoke('planning.evaluate', { hour: s.hour, units: s.units, rrPoints: s.rrPoints });
  }

  async function exportPlan(): Promise<{ filename: string; text: string } | null> {
    const s = scenario.value;
    if (!s) return null;
    return client.invoke('planning.export', { hour: s.hour, units: s.units, rrPoints: s.rrPoints });
  }

  // A snapshot comes with every GPS batch. The newest one is shown on the hall clock's beat, so the halos, the
  // headline and the gap list change in the same frame as the countdowns and the unit canvas.
  let pendingSnapshot: CoverageSnapshot | null = null;
  client.on('coverage.changed', (s) => {
    pendingSnapshot = s;
  });
  onHallSecond(() => {
    const s = pendingSnapshot;
    if (!s) return;
    pendingSnapshot = null;
    // After a host restart versions start again; a snapshot from the same run never goes backwards.
    const cur = snapshot.value;
    if (cur && cur.roads.loadedAt === s.roads.loadedAt && s.version < cur.version) return;
    snapshot.value = s;
    loadError.value = null;
  });
  client.on('roads.changed', () => void load().catch(reportLoadError));
  client.on('moveUp.accepted', (a) => {
    acceptance.value = a;
    if (suggestion.value?.id === a.suggestionId) suggestion.value = null;
  });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);

  return {
    snapshot, loadError, gaps, headline, hourLabel, shownTargets, frameRequest, suggestion, suggesting, acceptance, isochrone, isoOptions, pick, planning, scenario, planReport,
    load, suggest, accept, dismiss, drawIsochrone, clearIsochrone, startPlanning, stopPlanning, resetScenario, updateScenario, evaluatePlan, exportPlan,
  };
});
