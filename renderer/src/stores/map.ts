// The map data (targets, rapid-response points, patrol zones, roads, units) and the basemap tile source.
import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import type { MapData, TargetKind, TargetTier, UnitFeature, UnitKind, UnitStatus } from '@shared/contract/mapdata';
import { unitKinds } from '@shared/contract/mapdata';
import type { TileInfo } from '@shared/contract/system';
import { useHallClient } from '../client';
import { reportLoadError } from './hall';

/** A live change to one unit (from dispatch or vehicle positions) laid over the map data's units. */
export interface UnitUpdate {
  id: string;
  status?: UnitStatus;
  /** [longitude, latitude], WGS-84. */
  position?: [number, number];
}

/** One collator for every sort: localeCompare with a locale builds a new one per call, slow with thousands of units. */
const callsignOrder = new Intl.Collator('zh-CN', { numeric: true });

export const useMapStore = defineStore('map', () => {
  const client = useHallClient();
  const data = shallowRef<MapData | null>(null);
  const tiles = shallowRef<TileInfo>({ available: false });
  const loadError = shallowRef<string | null>(null);
  /**
   * Live statuses and live positions are kept apart: a GPS batch (2,000 units at 1 Hz) changes only `positions`,
   * so what shows statuses (roster, board, legend, counts) does not recompute or re-render for it.
   * Statuses change rarely and get a new Map when they do; positions are mutated in place and announced with
   * triggerRef and `lastMoved` (no copy of thousands of entries per batch).
   */
  const statuses = shallowRef(new Map<string, UnitStatus>());
  const positions = shallowRef(new Map<string, [number, number]>());
  /** The last position batch (ids of units that moved), for layers that apply a batch without a full resync. */
  const lastMoved = shallowRef<{ ids: readonly string[]; at: number }>({ ids: [], at: 0 });
  /** Where the map should fly to next (a click in the roster); `at` makes a repeated click count. */
  const focus = shallowRef<{ lon: number; lat: number; at: number } | null>(null);

  const sample = computed(() => data.value?.meta.sample ?? false);
  /** The map data's units with live statuses applied; geometry as the map data has it (positions: `units`, `positionOf`). */
  const statusUnits = computed<UnitFeature[]>(() =>
    (data.value?.units.features ?? []).map((u) => {
      const status = statuses.value.get(u.properties.id);
      return status === undefined || status === u.properties.status ? u : { ...u, properties: { ...u.properties, status } };
    }),
  );
  /** The map data's units with live statuses and positions: what the map shows. Recomputed on every position batch. */
  const units = computed<UnitFeature[]>(() =>
    statusUnits.value.map((u) => {
      const at = positions.value.get(u.properties.id);
      return at ? { ...u, geometry: { type: 'Point', coordinates: at } } : u;
    }),
  );
  /** How many units the map data has (does not change with positions or statuses). */
  const unitCount = computed(() => data.value?.units.features.length ?? 0);
  const targetCountByTier = computed<Record<TargetTier, number>>(() => {
    const counts: Record<TargetTier, number> = { 1: 0, 3: 0, 5: 0 };
    for (const f of data.value?.targets.features ?? []) counts[f.properties.tier] += 1;
    return counts;
  });
  /** Targets per tier and, within a tier, per kind (most first): what the board lists. */
  const targetKindsByTier = computed(() => {
    const out: Record<TargetTier, { kind: TargetKind; count: number }[]> = { 1: [], 3: [], 5: [] };
    for (const tier of [1, 3, 5] as const) {
      const counts = new Map<TargetKind, number>();
      for (const f of data.value?.targets.features ?? []) if (f.properties.tier === tier) counts.set(f.properties.kind, (counts.get(f.properties.kind) ?? 0) + 1);
      out[tier] = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
    }
    return out;
  });
  /**
   * Units grouped by kind, in the contract's order of kinds, callsigns sorted within a kind. Statuses are live;
   * positions are not (this changes only with statuses, never with a GPS batch): use `positionOf` for where a unit is.
   */
  const unitsByKind = computed(() => {
    const groups = new Map<UnitKind, UnitFeature[]>(unitKinds.map((k) => [k, []]));
    for (const u of statusUnits.value) groups.get(u.properties.kind)!.push(u);
    for (const list of groups.values()) list.sort((a, b) => callsignOrder.compare(a.properties.callsign, b.properties.callsign));
    return [...groups].filter(([, list]) => list.length > 0).map(([kind, list]) => ({ kind, units: list }));
  });
  /** Units not off duty. */
  const activeUnitCount = computed(() => statusUnits.value.filter((u) => u.properties.status !== 'off-duty').length);

  async function load(): Promise<void> {
    try {
      const [map, tileInfo] = await Promise.all([client.invoke('map.get', {}), client.invoke('map.tiles', {})]);
      data.value = map;
      tiles.value = tileInfo;
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /** Sets a unit's live position in place (a new pair each second per unit would be promoted, then die); true if it moved. */
  function place(pos: Map<string, [number, number]>, id: string, lon: number, lat: number): boolean {
    const have = pos.get(id);
    if (!have) pos.set(id, [lon, lat]);
    else if (have[0] !== lon || have[1] !== lat) {
      have[0] = lon;
      have[1] = lat;
    } else return false;
    return true;
  }

  function announceMoved(moved: readonly string[]): void {
    if (!moved.length) return;
    triggerRef(positions);
    lastMoved.value = { ids: moved, at: Date.now() };
  }

  /**
   * Lays live unit changes over the map data (latest wins per unit); an update for an unknown id is kept for later.
   * Statuses are announced only when one actually changed, positions once per call.
   */
  function applyUnitUpdates(updates: readonly UnitUpdate[]): void {
    let st: Map<string, UnitStatus> | null = null;
    const moved: string[] = [];
    const pos = positions.value;
    for (const u of updates) {
      if (u.status !== undefined && (st ?? statuses.value).get(u.id) !== u.status) {
        st ??= new Map(statuses.value);
        st.set(u.id, u.status);
      }
      if (u.position && place(pos, u.id, u.position[0], u.position[1])) moved.push(u.id);
    }
    if (st) statuses.value = st;
    announceMoved(moved);
  }

  /** A GPS batch, in columns (`ids[i]` is at `lon[i]`, `lat[i]`, the first `count`): positions only, statuses untouched. */
  function moveUnits(ids: readonly string[], lon: ArrayLike<number>, lat: ArrayLike<number>, count = ids.length): void {
    const moved: string[] = [];
    const pos = positions.value;
    for (let i = 0; i < count; i++) if (place(pos, ids[i], lon[i], lat[i])) moved.push(ids[i]);
    announceMoved(moved);
  }

  /** Where a unit is now ([longitude, latitude]): its live position, else where the map data puts it. */
  function positionOf(id: string): [number, number] | null {
    const live = positions.value.get(id);
    if (live) return live;
    const u = data.value?.units.features.find((f) => f.properties.id === id);
    return u ? u.geometry.coordinates : null;
  }

  function focusOn(lon: number, lat: number): void {
    focus.value = { lon, lat, at: Date.now() };
  }

  client.on('map.changed', () => void load().catch(reportLoadError));
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { data, tiles, sample, units, unitCount, statuses, positions, lastMoved, unitsByKind, activeUnitCount, targetCountByTier, targetKindsByTier, loadError, focus, load, applyUnitUpdates, moveUnits, positionOf, focusOn };
});
