// The map data (targets, rapid-response points, patrol zones, roads, units) and the basemap tile source.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
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
  const unitUpdates = shallowRef<ReadonlyMap<string, UnitUpdate>>(new Map());
  /** Where the map should fly to next (a click in the roster); `at` makes a repeated click count. */
  const focus = shallowRef<{ lon: number; lat: number; at: number } | null>(null);

  const sample = computed(() => data.value?.meta.sample ?? false);
  /** The map data's units with the live updates applied: what the map and the roster show. */
  const units = computed<UnitFeature[]>(() =>
    (data.value?.units.features ?? []).map((u) => {
      const up = unitUpdates.value.get(u.properties.id);
      if (!up) return u;
      return {
        ...u,
        geometry: up.position ? { type: 'Point', coordinates: up.position } : u.geometry,
        properties: { ...u.properties, status: up.status ?? u.properties.status },
      };
    }),
  );
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
  /** Units grouped by kind, in the contract's order of kinds, callsigns sorted within a kind. */
  const unitsByKind = computed(() => {
    const groups = new Map<UnitKind, UnitFeature[]>(unitKinds.map((k) => [k, []]));
    for (const u of units.value) groups.get(u.properties.kind)!.push(u);
    for (const list of groups.values()) list.sort((a, b) => callsignOrder.compare(a.properties.callsign, b.properties.callsign));
    return [...groups].filter(([, list]) => list.length > 0).map(([kind, list]) => ({ kind, units: list }));
  });
  /** Units not off duty. */
  const activeUnitCount = computed(() => units.value.filter((u) => u.properties.status !== 'off-duty').length);

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

  /** Lays live unit changes over the map data (latest wins per unit); an update for an unknown id is kept for later. */
  function applyUnitUpdates(updates: readonly UnitUpdate[]): void {
    const next = new Map(unitUpdates.value);
    for (const u of updates) next.set(u.id, { ...next.get(u.id), ...u });
    unitUpdates.value = next;
  }

  function focusOn(lon: number, lat: number): void {
    focus.value = { lon, lat, at: Date.now() };
  }

  client.on('map.changed', () => void load().catch(reportLoadError));
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { data, tiles, sample, units, unitsByKind, activeUnitCount, targetCountByTier, targetKindsByTier, loadError, focus, load, applyUnitUpdates, focusOn };
});
