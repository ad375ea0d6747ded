// The host's geo service: the road network in use, live 135 coverage, isochrones, move-up and planning (no I/O but files).
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { HallError } from '../../../shared/contract/errors';
import type { CoverageReport, GeoRrPoint, GeoTarget, GeoUnit, IsochroneCollection, MoveUpPlan, RoadNetworkSummary } from '../../../shared/contract/geo';
import { type CongestionTable, defaultCongestionTable } from '../../../shared/domain/geo/congestion';
import { CoverageEngine, sourceKeyOf, sourceOfUnit, sourcesOfRrPoint } from '../../../shared/domain/geo/coverage';
import { type EtaSearchOptions, etasToPoint, type UnitEta, type UnitPosition } from '../../../shared/domain/geo/eta-ranking';
import { hourInZone } from '../../../shared/domain/geo/hour';
import { type IsochroneOrigin, isochrones } from '../../../shared/domain/geo/isochrone';
import { type MoveCandidatePosition, suggestMoveUp } from '../../../shared/domain/geo/move-up';
import { evaluatePlan } from '../../../shared/domain/geo/plan';
import type { TravelMode } from '../../../shared/domain/geo/road-class';
import type { RoadGraph } from '../../../shared/domain/geo/road-graph';
import { defaultSpeedTable, type SpeedTable } from '../../../shared/domain/geo/speed-table';
import { type LatLon, TravelModel } from '../../../shared/domain/geo/travel-model';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import { type LoadedRoads, loadCachedGraph, loadRoadFile, loadRoadGeoJson, roadFormatOf } from './road-import';

export interface GeoServiceDeps {
  clock: Clock;
  dataDir: string;
  log: Logger;
  /** The hall's IANA time zone, read when an hour is needed (settings may change). */
  zone(): string;
  speedTable?: SpeedTable;
  congestionTable?: CongestionTable;
}

export type CoverageChange = 'units' | 'rrPoints' | 'targets' | 'hour' | 'tables' | 'roads';

/** The imported network a restart goes back to, kept next to a copy of the file. */
const RoadSourcePointer = z.object({
  file: z.string(),
  source: z.string(),
  format: z.enum(['geojson', 'osm', 'osm.pbf']),
  key: z.string(),
  importedAt: z.string(),
  skipped: z.record(z.string(), z.number()),
});
type RoadSourcePointer = z.infer<typeof RoadSourcePointer>;

interface Network {
  graph: RoadGraph;
  key: string;
  summary: RoadNetworkSummary;
}

export function createGeoService(deps: GeoServiceDeps) {
  const geoDir = join(deps.dataDir, 'geo');
  const cacheDir = join(geoDir, 'cache');
  const pointerFile = join(geoDir, 'road-source.json');
  let speedTable = deps.speedTable ?? defaultSpeedTable;
  let congestionTable = deps.congestionTable ?? defaultCongestionTable;
  let network: Network | null = null;
  let model: TravelModel | null = null;
  let engine: CoverageEngine | null = null;
  /** What is being built in the background when no network is usable yet (restart after a cache loss). */
  let rebuilding: string | null = null;
  let importing: string | null = null;
  let generation = 0;
  let targets: GeoTarget[] = [];
  let rrPoints: GeoRrPoint[] = [];
  const units = new Map<string, GeoUnit>();
  const listeners = new Set<(change: CoverageChange) => void>();

  const hourNow = (): number => hourInZone(deps.clock.now(), deps.zone());
  const emit = (change: CoverageChange): void => {
    for (const l of listeners) {
      try {
        l(change);
      } catch (err) {
        deps.log.error('geo coverage listener failed', { error: (err as Error).stack ?? String(err) });
      }
    }
  };
  const requireModel = (): TravelModel => {
    if (model) return model;
    throw new HallError('UNAVAILABLE', rebuilding
      ? `The road network ${rebuilding} is being rebuilt after a restart; coverage is back in a few seconds.`
      : 'No road network is loaded: import one with `kuaifan import roads FILE` (.geojson, .osm or .osm.pbf).');
  };
  const requireEngine = (): CoverageEngine => {
    requireModel();
    engine!.setHour(hourNow());
    return engine!;
  };
  const allSources = () => [...[...units.values()].map(sourceOfUnit), ...rrPoints.flatMap(sourcesOfRrPoint)];

  const rebuildEngine = (): void => {
    if (!network) return;
    model = new TravelModel(network.graph, speedTable, congestionTable);
    engine = new CoverageEngine(model, { hour: hourNow() });
    engine.setTargets(targets);
    engine.setSources(allSources());
  };

  const summaryOf = (loaded: LoadedRoads, origin: RoadNetworkSummary['origin'], note: string | null = null, skipped = loaded.skipped): RoadNetworkSummary => ({
    origin, source: loaded.source, format: loaded.format, nodes: loaded.graph.nodeCount, edges: loaded.graph.edgeCount,
    segments: loaded.graph.segmentCount, fromCache: loaded.fromCache, skipped, loadedAt: new Date(deps.clock.now()).toISOString(),
    ...(note ? { note } : {}),
  });

  const use = (loaded: LoadedRoads, summary: RoadNetworkSummary): RoadNetworkSummary => {
    generation++;
    rebuilding = null;
    network = { graph: loaded.graph, key: loaded.key, summary };
    rebuildEngine();
    deps.log.info('geo road network in use', { origin: summary.origin, source: summary.source, nodes: summary.nodes, edges: summary.edges, fromCache: summary.fromCache });
    emit('roads');
    return summary;
  };

  const readPointer = (): RoadSourcePointer | null => {
    if (!existsSync(pointerFile)) return null;
    try {
      return RoadSourcePointer.parse(JSON.parse(readFileSync(pointerFile, 'utf8')));
    } catch (err) {
      deps.log.error('geo road-source.json is damaged; routing on the map roads', { file: pointerFile, error: (err as Error).message });
      return null;
    }
  };

  const writeAtomic = (file: string, text: string): void => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };

  const fromPointer = (p: RoadSourcePointer, graph: RoadGraph): LoadedRoads =>
    ({ graph, key: p.key, source: p.source, format: p.format, fromCache: true, skipped: p.skipped });

  const useMap = (doc: unknown, label: string, note: string | null): RoadNetworkSummary => {
    const loaded = loadRoadGeoJson(doc, label, cacheDir);
    return use(loaded, summaryOf(loaded, 'map', note));
  };

  return {
    hourNow,

    roads: (): RoadNetworkSummary | null => network?.summary ?? null,

    /** True while the host has no usable network (before the first load, or rebuilding one in the background). */
    rebuildingLabel: (): string | null => rebuilding,

    /**
     * At start: the imported network when there is one (from its cache, else rebuilt in the background),
     * else the map's road layer. Returns the background rebuild, if one was started.
     */
    restore(mapRoads: unknown, mapLabel: string): Promise<RoadNetworkSummary | null> | null {
      const pointer = readPointer();
      if (!pointer) {
        useMap(mapRoads, mapLabel, null);
        return null;
      }
      const cached = loadCachedGraph(cacheDir, pointer.key);
      if (cached) {
        const loaded = fromPointer(pointer, cached);
        use(loaded, summaryOf(loaded, 'file'));
        return null;
      }
      if (!existsSync(pointer.file)) {
        useMap(mapRoads, mapLabel, `The imported network ${pointer.source} is missing from ${geoDir}; routing on the map's road layer. Import it again.`);
        return null;
      }
      rebuilding = pointer.source;
      const mine = ++generation;
      return loadRoadFile(pointer.file, cacheDir).then(
        (loaded) => (mine === generation ? use(loaded, summaryOf(loaded, 'file', null, pointer.skipped)) : null),
        (err: Error) => {
          if (mine !== generation) return null;
          deps.log.error('geo imported road network could not be rebuilt; routing on the map roads', { file: pointer.file, error: err.message });
          return useMap(mapRoads, mapLabel, `The imported network ${pointer.source} could not be rebuilt (${err.message}); routing on the map's road layer.`);
        },
      );
    },

    /** Another process (the CLI) changed the road source: follow it. */
    async followPointer(mapRoads: unknown, mapLabel: string): Promise<RoadNetworkSummary | null> {
      const pointer = readPointer();
      if (!pointer) return network?.summary.origin === 'file' ? useMap(mapRoads, mapLabel, null) : null;
      if (network && network.key === pointer.key) return null;
      const mine = ++generation;
      const cached = loadCachedGraph(cacheDir, pointer.key);
      const loaded = cached ? fromPointer(pointer, cached) : await loadRoadFile(pointer.file, cacheDir);
      return mine === generation ? use(loaded, summaryOf(loaded, 'file', null, pointer.skipped)) : null;
    },

    /**
     * Validates and builds the file, then keeps a copy in the data folder so a restart uses it. A bad file throws
     * HallError and changes nothing: the current network stays in use.
     */
    async importRoadFile(path: string): Promise<RoadNetworkSummary> {
      if (importing) throw new HallError('CONFLICT', `A road import of ${importing} is still running; wait for it to finish.`);
      if (!roadFormatOf(path)) throw new HallError('BAD_INPUT', `${path}: unknown file type; use .geojson, .osm or .osm.pbf. The current road network stays in use.`);
      importing = basename(path);
      try {
        const loaded = await loadRoadFile(path, cacheDir);
        mkdirSync(join(geoDir, 'roads'), { recursive: true });
        const kept = join(geoDir, 'roads', basename(path));
        copyFileSync(path, `${kept}.tmp`);
        renameSync(`${kept}.tmp`, kept);
        const pointer: RoadSourcePointer = {
          file: kept, source: loaded.source, format: loaded.format, key: loaded.key,
          importedAt: new Date(deps.clock.now()).toISOString(), skipped: loaded.skipped,
        };
        writeAtomic(pointerFile, JSON.stringify(pointer, null, 2));
        return use(loaded, summaryOf(loaded, 'file'));
      } catch (err) {
        deps.log.warn('geo road network refused', { file: path, error: (err as Error).message });
        throw err;
      } finally {
        importing = null;
      }
    },

    /** Routes on the map's road layer again and forgets the imported network. */
    useMapRoads(mapRoads: unknown, mapLabel: string): RoadNetworkSummary {
      const summary = useMap(mapRoads, mapLabel, null);
      rmSync(pointerFile, { force: true });
      return summary;
    },

    pointerFileName: basename(pointerFile),
    geoDir,

    tables: () => ({ speedTable, congestionTable }),

    /** Tables already validated by the caller; coverage is recomputed with them. */
    setTables(next: { speedTable: SpeedTable; congestionTable: CongestionTable }): void {
      speedTable = next.speedTable;
      congestionTable = next.congestionTable;
      if (network) {
        rebuildEngine();
        emit('tables');
      }
    },

    setTargets(next: readonly GeoTarget[]): void {
      targets = [...next];
      engine?.setTargets(targets);
      emit('targets');
    },

    setRrPoints(next: readonly GeoRrPoint[]): void {
      rrPoints = [...next];
      engine?.setSources(allSources());
      emit('rrPoints');
    },

    rrPointList: (): readonly GeoRrPoint[] => rrPoints,
    unitList: (): GeoUnit[] => [...units.values()],
    targetList: (): readonly GeoTarget[] => targets,
    unit: (id: string): GeoUnit | undefined => units.get(id),

    setUnits(next: readonly GeoUnit[]): void {
      units.clear();
      for (const u of next) units.set(u.id, u);
      engine?.setSources(allSources());
      emit('units');
    },

    /** Units added, moved or changed status, and units gone; only their searches are redone. Returns the targets that changed. */
    updateUnits(changed: readonly GeoUnit[], removed: readonly string[] = []): string[] {
      for (const u of changed) units.set(u.id, u);
      for (const id of removed) units.delete(id);
      if (!engine) return [];
      if (engine.setHour(hourNow())) { emit('hour'); return targets.map((t) => t.id); }
      const touched = new Set<string>();
      for (const u of changed) for (const id of engine.upsertSource(sourceOfUnit(u))) touched.add(id);
      for (const id of removed) for (const t of engine.removeSource(sourceKeyOf({ kind: 'unit', id }))) touched.add(t);
      if (touched.size) emit('units');
      return [...touched];
    },

    /** Re-reads the hour; recomputes and announces when the congestion slot changed. */
    tick(): boolean {
      if (!engine || !engine.setHour(hourNow())) return false;
      emit('hour');
      return true;
    },

    coverage(): CoverageReport {
      return requireEngine().report();
    },

    isochrone(origin: LatLon, opts: { mode: TravelMode; minutes: readonly number[]; hour?: number; origin?: IsochroneOrigin }): IsochroneCollection {
      const m = requireModel();
      const fc = isochrones(m, origin, { mode: opts.mode, hour: opts.hour ?? hourNow(), minutes: opts.minutes, origin: opts.origin });
      if (!fc) {
        throw new HallError('REFUSED', `No road usable by ${opts.mode} within ${m.maxSnapM} m of ${origin.lat.toFixed(5)}, ${origin.lon.toFixed(5)}: pick a point nearer a road, or another mode.`);
      }
      return fc;
    },

    moveUp(k: number, positions: readonly MoveCandidatePosition[]): MoveUpPlan {
      return suggestMoveUp(requireEngine(), { k, positions });
    },

    plan(scenario: { hour: number; units: readonly GeoUnit[]; rrPoints: readonly GeoRrPoint[]; targets?: readonly GeoTarget[] }): CoverageReport {
      return evaluatePlan(requireModel(), { hour: scenario.hour, targets: scenario.targets ?? targets, units: scenario.units, rrPoints: scenario.rrPoints });
    },

    /** Road travel times for the dispatch recommendation (fits its RoadEtaSource). Throws UNAVAILABLE without a network. */
    etaFromUnits(point: LatLon, list: readonly UnitPosition[], opts: { hour?: number } & EtaSearchOptions = {}): UnitEta[] {
      return etasToPoint(requireModel(), point, list, opts.hour ?? hourNow(), opts);
    },

    travelTime(from: LatLon, to: LatLon, mode: TravelMode, hour?: number): number | null {
      return requireModel().travelTime(from, to, mode, hour ?? hourNow());
    },

    onChange(listener: (change: CoverageChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose(): void {
      listeners.clear();
    },
  };
}

export type GeoService = ReturnType<typeof createGeoService>;
