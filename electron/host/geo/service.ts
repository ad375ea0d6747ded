// The host's geo service: current road network, live 135 coverage, isochrones, move-up and planning.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HallError, issuesFromZod } from '../../../shared/contract/errors';
import type { CoverageReport, GeoRrPoint, GeoTarget, GeoUnit, IsochroneCollection, MoveUpPlan, RoadGraphSummary } from '../../../shared/contract/geo';
import { CongestionTable, chinaHourOf, defaultCongestionTable } from '../../../shared/domain/geo/congestion';
import { CoverageEngine, sourceOfRrPoint, sourceOfUnit } from '../../../shared/domain/geo/coverage';
import { etasToPoint, type UnitEta, type UnitPosition } from '../../../shared/domain/geo/eta-ranking';
import { isochrones } from '../../../shared/domain/geo/isochrone';
import { type MoveCandidatePosition, suggestMoveUp } from '../../../shared/domain/geo/move-up';
import { coverageReportCsv, evaluatePlan } from '../../../shared/domain/geo/plan';
import type { TravelMode } from '../../../shared/domain/geo/road-class';
import { defaultSpeedTable, SpeedTable } from '../../../shared/domain/geo/speed-table';
import { type LatLon, TravelModel } from '../../../shared/domain/geo/travel-model';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logging/logger';
import { type LoadedRoads, loadRoadFile, loadRoadGeoJson } from './road-import';

export interface GeoServiceDeps {
  clock: Clock;
  dataDir: string;
  log: Logger;
  speedTable?: SpeedTable;
  congestionTable?: CongestionTable;
}

export type CoverageListener = (report: CoverageReport) => void;

export interface GeoService {
  /** Uses a road file (.geojson/.osm/.osm.pbf) or a GeoJSON value for this run. A bad source throws and changes nothing. */
  loadRoads(source: string | { geojson: unknown; label: string }): Promise<RoadGraphSummary>;
  /** Like loadRoads from a file, and keeps a copy in the data folder so the next start uses it. */
  importRoads(path: string): Promise<RoadGraphSummary>;
  /** Loads the last imported network, if any (at start-up). */
  restoreImportedRoads(): Promise<RoadGraphSummary | null>;
  roads(): RoadGraphSummary | null;
  /** Replaces the speed and/or congestion tables (validated whole); coverage is recomputed. */
  setTables(tables: { speedTable?: unknown; congestionTable?: unknown }): void;
  travelTime(from: LatLon, to: LatLon, mode: TravelMode, hour?: number): number | null;
  /** Each unit's road time to the point in seconds, null when unreachable; input order. */
  etaFromUnits(point: LatLon, units: readonly UnitPosition[], opts?: { hour?: number; cutoffS?: number }): UnitEta[];
  setTargets(targets: readonly GeoTarget[]): void;
  setRrPoints(points: readonly GeoRrPoint[]): void;
  setUnits(units: readonly GeoUnit[]): void;
  /** One unit moved or changed availability: only its search is redone. Returns the targets whose best ETA changed. */
  updateUnit(unit: GeoUnit): string[];
  removeUnit(id: string): string[];
  coverage(): CoverageReport;
  isochrone(req: { lat: number; lon: number; mode: TravelMode; minutes?: readonly number[]; hour?: number }): IsochroneCollection;
  moveUp(k: number, positions?: readonly { lat: number; lon: number; label?: string }[]): MoveUpPlan;
  plan(req: { hour: number; rrPoints: readonly GeoRrPoint[]; units: readonly GeoUnit[]; targets?: readonly GeoTarget[] }): { report: CoverageReport; csv: string };
  onCoverageChanged(listener: CoverageListener): () => void;
  dispose(): void;
}

const HALF_HOUR_MS = 30 * 60_000;

export function createGeoService(deps: GeoServiceDeps): GeoService {
  const geoDir = join(deps.dataDir, 'geo');
  const cacheDir = join(geoDir, 'cache');
  const importedPointer = join(geoDir, 'imported-roads.json');
  let speedTable = deps.speedTable ?? defaultSpeedTable;
  let congestionTable = deps.congestionTable ?? defaultCongestionTable;
  let model: TravelModel | null = null;
  let engine: CoverageEngine | null = null;
  let summary: RoadGraphSummary | null = null;
  let targets: GeoTarget[] = [];
  let rrPoints: GeoRrPoint[] = [];
  const units = new Map<string, GeoUnit>();
  const listeners = new Set<CoverageListener>();
  let slotTimer: TimerHandle | null = null;

  const nowHour = (): number => chinaHourOf(deps.clock.now());
  const requireModel = (): TravelModel => {
    if (!model) throw new HallError('UNAVAILABLE', 'No road network is loaded yet: import one with `kuaifan import roads FILE` (.geojson, .osm or .osm.pbf).');
    return model;
  };
  const requireEngine = (): CoverageEngine => {
    requireModel();
    return engine!;
  };
  const emit = (): void => {
    if (!engine || listeners.size === 0) return;
    const report = engine.report();
    for (const l of listeners) {
      try {
        l(report);
      } catch (err) {
        deps.log.error('geo coverage listener failed', { error: (err as Error).message });
      }
    }
  };
  const allSources = () => [...[...units.values()].map(sourceOfUnit), ...rrPoints.map(sourceOfRrPoint)];

  const rebuildEngine = (): void => {
    if (!model) return;
    engine = new CoverageEngine(model, { hour: nowHour() });
    engine.setTargets(targets);
    engine.setSources(allSources());
    emit();
  };

  // Congestion changes on the half hour: re-check then, so the board follows the school run by itself.
  const scheduleSlotTick = (): void => {
    const now = deps.clock.now();
    const next = Math.floor(now / HALF_HOUR_MS + 1) * HALF_HOUR_MS;
    slotTimer = deps.clock.setTimeout(() => {
      if (engine && engine.setHour(nowHour())) emit();
      scheduleSlotTick();
    }, next - now);
  };
  scheduleSlotTick();

  const useRoads = (loaded: LoadedRoads): RoadGraphSummary => {
    model = new TravelModel(loaded.graph, speedTable, congestionTable);
    summary = loaded.summary;
    deps.log.info('geo road network in use', { ...loaded.summary });
    rebuildEngine();
    return loaded.summary;
  };

  const load = async (source: string | { geojson: unknown; label: string }): Promise<LoadedRoads> => {
    try {
      return typeof source === 'string' ? await loadRoadFile(source, cacheDir) : loadRoadGeoJson(source.geojson, source.label, cacheDir);
    } catch (err) {
      deps.log.warn('geo road network refused', { error: (err as Error).message });
      throw err;
    }
  };

  const parseTable = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, name: string): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw new HallError('BAD_INPUT', `${name} refused; nothing changed`, issuesFromZod(r.error));
    return r.data;
  };

  return {
    async loadRoads(source) {
      return useRoads(await load(source));
    },

    async importRoads(path) {
      const loaded = await load(path);
      mkdirSync(geoDir, { recursive: true });
      const kept = join(geoDir, `imported-${basename(path)}`);
      copyFileSync(path, `${kept}.tmp`);
      renameSync(`${kept}.tmp`, kept);
      writeFileSync(importedPointer, JSON.stringify({ file: kept, importedAt: new Date(deps.clock.now()).toISOString() }));
      return useRoads(loaded);
    },

    async restoreImportedRoads() {
      if (!existsSync(importedPointer)) return null;
      const { file } = JSON.parse(readFileSync(importedPointer, 'utf8')) as { file: string };
      return useRoads(await load(file));
    },

    roads: () => summary,

    setTables(tables) {
      const nextSpeed = tables.speedTable === undefined ? speedTable : parseTable(SpeedTable, tables.speedTable, 'speed table');
      const nextCongestion = tables.congestionTable === undefined ? congestionTable : parseTable(CongestionTable, tables.congestionTable, 'congestion table');
      speedTable = nextSpeed;
      congestionTable = nextCongestion;
      if (model) {
        model = new TravelModel(model.graph, speedTable, congestionTable);
        rebuildEngine();
      }
    },

    travelTime(from, to, mode, hour) {
      return requireModel().travelTime(from, to, mode, hour ?? nowHour());
    },

    etaFromUnits(point, list, opts = {}) {
      return etasToPoint(requireModel(), point, list, opts.hour ?? nowHour(), opts.cutoffS);
    },

    setTargets(next) {
      targets = [...next];
      engine?.setTargets(targets);
      emit();
    },

    setRrPoints(next) {
      rrPoints = [...next];
      engine?.setSources(allSources());
      emit();
    },

    setUnits(next) {
      units.clear();
      for (const u of next) units.set(u.id, u);
      engine?.setSources(allSources());
      emit();
    },

    updateUnit(unit) {
      units.set(unit.id, unit);
      if (!engine) return [];
      if (engine.setHour(nowHour())) { emit(); return targets.map((t) => t.id); }
      const changed = engine.upsertSource(sourceOfUnit(unit));
      if (changed.length) emit();
      return changed;
    },

    removeUnit(id) {
      units.delete(id);
      if (!engine) return [];
      const changed = engine.removeSource(id);
      if (changed.length) emit();
      return changed;
    },

    coverage() {
      const e = requireEngine();
      e.setHour(nowHour());
      return e.report();
    },

    isochrone(req) {
      const m = requireModel();
      const hour = req.hour ?? nowHour();
      const fc = isochrones(m, req, { mode: req.mode, hour, minutes: req.minutes ?? [1, 3, 5] });
      if (!fc) throw new HallError('REFUSED', `No road usable by ${req.mode} within ${m.maxSnapM} m of ${req.lat.toFixed(5)}, ${req.lon.toFixed(5)}.`);
      return fc;
    },

    moveUp(k, positions = []) {
      const e = requireEngine();
      e.setHour(nowHour());
      const candidates: MoveCandidatePosition[] = [
        ...rrPoints.map((p) => ({ kind: 'rrPoint' as const, id: p.id, label: p.name ?? null, lat: p.lat, lon: p.lon })),
        ...positions.map((p) => ({ kind: 'position' as const, id: null, label: p.label ?? null, lat: p.lat, lon: p.lon })),
      ];
      return suggestMoveUp(e, { k, positions: candidates });
    },

    plan(req) {
      const report = evaluatePlan(requireModel(), { hour: req.hour, targets: req.targets ?? targets, units: req.units, rrPoints: req.rrPoints });
      return { report, csv: coverageReportCsv(report) };
    },

    onCoverageChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      if (slotTimer) deps.clock.clearTimeout(slotTimer);
      slotTimer = null;
      listeners.clear();
    },
  };
}
