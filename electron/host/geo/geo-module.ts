// The geo host module: road network, live 135 coverage, isochrones, move-up and planning, served over the contract.
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { HallError } from '../../../shared/contract/errors';
import type {
  CoverageSnapshot, GeoRrPoint, GeoTarget, GeoUnit, MoveUpAcceptance, MoveUpSuggestion, RoadNetworkSummary, TravelTables,
} from '../../../shared/contract/geo';
import { isSocialForce, type MapData } from '../../../shared/contract/mapdata';
import { defaultCongestionTable } from '../../../shared/domain/geo/congestion';
import { hourLabel, isKnownZone, msToNextHalfHour } from '../../../shared/domain/geo/hour';
import type { MoveCandidatePosition } from '../../../shared/domain/geo/move-up';
import { coverageReportCsv } from '../../../shared/domain/geo/plan';
import { defaultSpeedTable } from '../../../shared/domain/geo/speed-table';
import type { EtaSearchOptions, UnitEta, UnitPosition } from '../../../shared/domain/geo/eta-ranking';
import type { LatLon } from '../../../shared/domain/geo/travel-model';
import type { TimerHandle } from '../clock';
import type { HostContext, HostModule } from '../host-module';
import { geoRoutes } from './geo-routes';
import { createGeoStore } from './geo-store';
import { createGeoService, type GeoService } from './service';
import { type FeedUnit, type MoveUpOrder, type MoveUpOrderSink, sampleUnitFeed, type UnitFeed } from './unit-feed';

export type { FeedUnit, MoveUpOrder, MoveUpOrderSink, UnitFeed };

/** Road ETAs for the dispatch recommendation; same shape as shared/domain/dispatch/eta.ts RoadEtaSource. */
export interface RoadEtaProvider {
  etaFromUnits(point: LatLon, units: readonly UnitPosition[], opts?: { hour?: number } & EtaSearchOptions): UnitEta[];
}

export interface GeoModule extends HostModule {
  readonly eta: RoadEtaProvider;
  /** Replaces where unit positions and statuses come from (the sample map layer until dispatch attaches). */
  useUnitFeed(feed: UnitFeed): void;
  /** Where accepted move-ups go as orders; null = nowhere (acceptances are then only recorded). */
  useOrderSink(sink: MoveUpOrderSink | null): void;
  readonly service: GeoService;
  /** Resolves once start-up work running in the background (rebuilding an imported network) is done. */
  ready(): Promise<void>;
}

const FALLBACK_ZONE = 'Asia/Shanghai';
const SUGGESTION_TTL_MS = 10 * 60_000;
const SUGGESTIONS_KEPT = 20;
const TABLES_POLL_MS = 1500;
/** How often a coverage snapshot that only moves travel times (no status, count or fastest source of a gap) goes out. */
export const ETA_ONLY_EVERY_MS = 5_000;

const iso = (ms: number): string => new Date(ms).toISOString();

export function createGeoModule(context: HostContext, opts: { unitFeed?: UnitFeed; orderSink?: MoveUpOrderSink } = {}): GeoModule {
  const { clock, db, log, audit, router } = context;
  const store = createGeoStore(db, log);
  let warnedZone = '';
  const zone = (): string => {
    const z = context.settings.get().hallZone;
    if (isKnownZone(z)) return z;
    if (warnedZone !== z) {
      warnedZone = z;
      log.warn(`hall zone ${JSON.stringify(z)} is not a known IANA time zone; coverage uses ${FALLBACK_ZONE}`);
    }
    return FALLBACK_ZONE;
  };
  const storedSpeed = store.speedTable();
  const storedCongestion = store.congestionTable();
  const service = createGeoService({
    clock, dataDir: context.dataDir, log, zone,
    speedTable: storedSpeed?.value, congestionTable: storedCongestion?.value,
  });
  const metaOf = (...stored: ({ updatedAt: number; updatedBy: string } | null)[]): { at: number; by: string } | null => stored
    .filter((t) => t !== null)
    .map((t) => ({ at: t!.updatedAt, by: t!.updatedBy }))
    .sort((a, b) => b.at - a.at)[0] ?? null;
  let tablesMeta = metaOf(storedSpeed, storedCongestion);
  /** The stored tables as this process last applied them; a difference means another process saved them. */
  let tablesSeen = store.tablesStamp();

  // ---- map data: targets and rapid-response points -------------------------------------------------------
  const mapData = (): MapData => context.map.get().data;
  const mapRoadsLabel = (): string => (context.map.get().source === 'sample' ? 'the sample map road layer' : 'the map road layer');
  const staffing = store.staffing();
  const targetsOf = (m: MapData): GeoTarget[] => m.targets.features.map((f) => ({
    id: f.properties.id, name: f.properties.name, lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], tier: f.properties.tier,
  }));
  const rrPointsOf = (m: MapData): GeoRrPoint[] => m.rrPoints.features.map((f) => ({
    id: f.properties.id, name: f.properties.name, lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0],
    modes: f.properties.modes, staffed: staffing.get(f.properties.id) ?? f.properties.staffed,
  }));
  service.setTargets(targetsOf(mapData()));
  service.setRrPoints(rrPointsOf(mapData()));
  // A map imported while the hall runs: new targets and points, and new roads when routing on the map's road layer.
  const stopFollowingMap = context.map.onChange((change) => {
    if (change.layers.includes('targets')) service.setTargets(targetsOf(mapData()));
    if (change.layers.includes('rrPoints')) service.setRrPoints(rrPointsOf(mapData()));
    if (change.layers.includes('roads') && service.roads()?.origin === 'map') service.useMapRoads(mapData().roads, mapRoadsLabel());
  });

  // ---- units: from the feed --------------------------------------------------------------------------------
  let feed: UnitFeed = opts.unitFeed ?? sampleUnitFeed(mapData());
  let unsubscribe: () => void = () => undefined;
  const feedUnits = new Map<string, FeedUnit>();
  // Social forces (security guards, grid workers) join framed orders but are not 135 responders; a unit
  // with no position yet counts for nothing.
  const geoUnitOf = (u: FeedUnit): GeoUnit | null =>
    u.lat === null || u.lon === null ? null : { id: u.id, label: u.callsign, lat: u.lat, lon: u.lon, mode: u.mode, available: u.available && !isSocialForce(u.kind) };
  const attachFeed = (next: UnitFeed): void => {
    unsubscribe();
    feed = next;
    feedUnits.clear();
    for (const u of feed.list()) feedUnits.set(u.id, { ...u });
    service.setUnits([...feedUnits.values()].map(geoUnitOf).filter((u): u is GeoUnit => u !== null));
    unsubscribe = feed.subscribe((changed, removed) => {
      const moved: GeoUnit[] = [];
      const gone = [...removed];
      for (const u of changed) {
        feedUnits.set(u.id, { ...u });
        const g = geoUnitOf(u);
        if (g) moved.push(g);
        else gone.push(u.id);
      }
      for (const id of removed) feedUnits.delete(id);
      service.updateUnits(moved, gone);
    });
  };

  let orderSink: MoveUpOrderSink | null = opts.orderSink ?? null;

  // ---- snapshot and events ----------------------------------------------------------------------------------
  let version = 0;
  const snapshot = (): CoverageSnapshot => {
    const report = service.coverage();
    const roads = service.roads()!;
    const units = [...feedUnits.values()];
    const points = service.rrPointList();
    return {
      ...report, version, at: iso(clock.now()), zone: zone(), roads, unitFeed: feed.name,
      units: { total: units.length, counted: service.unitList().filter((u) => u.available).length },
      rrPoints: { total: points.length, staffed: points.filter((p) => p.staffed).length },
    };
  };
  // Every GPS batch (up to four a second) moves travel times by seconds and, mostly, nothing else. A snapshot whose
  // picture is the one last sent (each target's status, a gap's fastest source, the counts, the hour and minute) goes out at
  // most every ETA_ONLY_EVERY_MS, the newest then; any change to that picture goes at once, as every change other
  // than the units' does. A 12 KB snapshot a second cost each screen's main thread about a millisecond to take in.
  const picture = (s: CoverageSnapshot): string =>
    `${s.hourLabel}|${s.units.counted}|${s.rrPoints.staffed}|${s.targets.map((t) => `${t.id}:${t.status}:${t.status === 'green' ? '' : t.best?.id ?? '-'}`).join(',')}`;
  let sentPicture: string | null = null;
  let sentAt = -Infinity;
  let etaTimer: TimerHandle | null = null;
  const sendCoverage = (s: CoverageSnapshot): void => {
    if (etaTimer) clock.clearTimeout(etaTimer);
    etaTimer = null;
    sentPicture = picture(s);
    sentAt = clock.now();
    router.broadcast('coverage.changed', s);
  };
  service.onChange((change) => {
    version++;
    if (change === 'roads') router.broadcast('roads.changed', service.roads()!);
    if (!service.roads() || service.rebuildingLabel()) return;
    const s = snapshot();
    if (change !== 'units' || picture(s) !== sentPicture || clock.now() - sentAt >= ETA_ONLY_EVERY_MS) return sendCoverage(s);
    etaTimer ??= clock.setTimeout(() => {
      etaTimer = null;
      if (service.roads() && !service.rebuildingLabel()) sendCoverage(snapshot());
    }, sentAt + ETA_ONLY_EVERY_MS - clock.now());
  });

  attachFeed(feed);
  const background = service.restore(mapData().roads, mapRoadsLabel());

  // ---- timers and the road-source watcher ------------------------------------------------------------------
  // Congestion changes on the half hour (school runs): re-check then, so the board follows the clock by itself.
  let slotTimer: TimerHandle | null = null;
  const scheduleSlot = (): void => {
    slotTimer = clock.setTimeout(() => {
      service.tick();
      scheduleSlot();
    }, msToNextHalfHour(clock.now(), zone()));
  };
  scheduleSlot();

  // `kuaifan import roads` in another process writes the pointer file; a running host follows it.
  let watcher: FSWatcher | null = null;
  try {
    mkdirSync(service.geoDir, { recursive: true });
    watcher = watch(service.geoDir, (_event, name) => {
      if (name !== service.pointerFileName) return;
      service.followPointer(mapData().roads, mapRoadsLabel()).catch((err: Error) => {
        log.warn('geo road source changed on disk but could not be loaded; the current network stays', { error: err.message });
      });
    });
    watcher.on('error', (err) => log.warn('geo road-source watch stopped', { error: err.message }));
  } catch (err) {
    log.warn('geo cannot watch the data folder; a network imported by another process is used after a restart', { error: (err as Error).message });
  }

  // ---- helpers for handlers ------------------------------------------------------------------------------------
  const tablesView = (): TravelTables => {
    const t = service.tables();
    return {
      speedTable: t.speedTable, congestionTable: t.congestionTable,
      speedDefault: store.speedTable() === null, congestionDefault: store.congestionTable() === null,
      updatedAt: tablesMeta ? iso(tablesMeta.at) : null, updatedBy: tablesMeta?.by ?? null,
    };
  };
  // `kuaifan travel tables set` in another process saves the tables; a running hall polls for that (as for map
  // imports) and takes them up with the same event an edit here sends.
  const followTables = (): void => {
    try {
      const stamp = store.tablesStamp();
      if (stamp === tablesSeen) return;
      tablesSeen = stamp;
      const speed = store.speedTable(), congestion = store.congestionTable();
      tablesMeta = metaOf(speed, congestion);
      service.setTables({ speedTable: speed?.value ?? defaultSpeedTable, congestionTable: congestion?.value ?? defaultCongestionTable });
      log.info('travel tables changed by another process; now in use', { by: tablesMeta?.by ?? null });
      router.broadcast('travel.tablesChanged', tablesView());
    } catch (err) {
      log.warn('cannot look for travel tables saved elsewhere; trying again', { error: (err as Error).message });
    }
  };
  const tablesPoll = setInterval(followTables, TABLES_POLL_MS);
  tablesPoll.unref();

  const rrPoint = (id: string): GeoRrPoint => {
    const p = service.rrPointList().find((x) => x.id === id);
    if (!p) throw new HallError('NOT_FOUND', `No rapid-response point ${id}; the map has ${service.rrPointList().map((x) => x.id).join(', ') || 'none'}.`);
    return p;
  };
  const unit = (id: string): GeoUnit => {
    const u = service.unit(id);
    if (u) return u;
    if (feedUnits.has(id)) throw new HallError('REFUSED', `Unit ${id} has reported no position yet.`);
    throw new HallError('NOT_FOUND', `No unit ${id} in the ${feed.name} unit table.`);
  };

  const suggestions = new Map<string, { suggestion: MoveUpSuggestion; expires: number }>();
  let suggestionCount = 0;

  const orderReason = (s: MoveUpSuggestion, to: MoveUpOrder['to']): string => {
    const gained = s.gained.map((t) => `${t.name ?? t.id}(${t.tier}分钟)`).join('、');
    return `移防至${to.label ?? `${to.lat.toFixed(5)}, ${to.lon.toFixed(5)}`}${gained ? `，覆盖 ${gained}` : ''}`;
  };

  router.register({
    'coverage.get': () => snapshot(),

    'coverage.setStaffing': (input, ctx) => {
      const p = rrPoint(input.rrPointId);
      if (p.staffed === input.staffed) return input;
      db.transaction(() => {
        audit.append({ actor: ctx.actor, action: 'coverage.setStaffing', subject: `rrPoint:${p.id}`, detail: { name: p.name ?? null, staffed: input.staffed } });
        store.saveStaffing(p.id, input.staffed, clock.now(), ctx.actor);
      })();
      staffing.set(p.id, input.staffed);
      service.setRrPoints(rrPointsOf(mapData()));
      return input;
    },

    'isochrone.get': (input) => {
      const hour = input.hour;
      if (input.unitId !== undefined) {
        const u = unit(input.unitId);
        return service.isochrone(u, { mode: input.mode ?? u.mode, minutes: input.minutes, hour, origin: { kind: 'unit', id: u.id, label: u.label ?? null } });
      }
      if (input.rrPointId !== undefined) {
        const p = rrPoint(input.rrPointId);
        return service.isochrone(p, { mode: input.mode ?? p.modes[0], minutes: input.minutes, hour, origin: { kind: 'rrPoint', id: p.id, label: p.name ?? null } });
      }
      return service.isochrone({ lat: input.lat!, lon: input.lon! }, { mode: input.mode!, minutes: input.minutes, hour });
    },

    'moveUp.suggest': (input) => {
      const report = service.coverage();
      const candidates: MoveCandidatePosition[] = [
        ...service.rrPointList().map((p) => ({ kind: 'rrPoint' as const, id: p.id, label: p.name ?? null, lat: p.lat, lon: p.lon })),
        // Standing at an uncovered target is a move too (a 护学岗 at a school gate).
        ...report.targets.filter((t) => t.status !== 'green').map((t) => ({ kind: 'target' as const, id: t.id, label: t.name, lat: t.lat, lon: t.lon })),
        ...(input.positions ?? []).map((p) => ({ kind: 'position' as const, id: null, label: p.label ?? null, lat: p.lat, lon: p.lon })),
      ];
      const plan = service.moveUp(input.k, candidates);
      const now = clock.now();
      const id = `mu-${now.toString(36)}-${++suggestionCount}`;
      const suggestion: MoveUpSuggestion = { ...plan, id, at: iso(now), expiresAt: iso(now + SUGGESTION_TTL_MS) };
      suggestions.set(id, { suggestion, expires: now + SUGGESTION_TTL_MS });
      for (const key of [...suggestions.keys()].slice(0, Math.max(0, suggestions.size - SUGGESTIONS_KEPT))) suggestions.delete(key);
      return suggestion;
    },

    'moveUp.accept': (input, ctx) => {
      const kept = suggestions.get(input.suggestionId);
      if (!kept) throw new HallError('NOT_FOUND', `No move-up suggestion ${input.suggestionId} (suggestions live ${SUGGESTION_TTL_MS / 60_000} minutes and not across a restart); ask for a new one.`);
      const now = clock.now();
      if (now > kept.expires) {
        throw new HallError('CONFLICT', `Move-up suggestion ${input.suggestionId} is from ${Math.round((now - Date.parse(kept.suggestion.at)) / 60_000)} minutes ago and has expired; ask for a new one.`);
      }
      const s = kept.suggestion;
      const unknown = (input.unitIds ?? []).filter((id) => !s.moves.some((m) => m.unitId === id));
      if (unknown.length) throw new HallError('BAD_INPUT', `Suggestion ${s.id} does not move ${unknown.join(', ')}; it moves ${s.moves.map((m) => m.unitId).join(', ') || 'no unit'}.`);
      const moves = input.unitIds ? s.moves.filter((m) => input.unitIds!.includes(m.unitId)) : s.moves;
      if (moves.length === 0) throw new HallError('REFUSED', `Suggestion ${s.id} has no moves to accept: coverage cannot be raised by moving the available units.`);
      for (const m of moves) {
        const u = service.unit(m.unitId);
        if (!u || !u.available) {
          throw new HallError('CONFLICT', `${m.label ?? m.unitId} is no longer available (it took a call or went off duty) since the suggestion; nothing was ordered. Ask for a new suggestion.`);
        }
      }
      const orders: MoveUpOrder[] = moves.map((m) => ({ suggestionId: s.id, unitId: m.unitId, callsign: m.label, to: m.to, reason: orderReason(s, m.to) }));
      const sink = orderSink;
      const note = sink
        ? `Orders sent through ${sink.name} to ${moves.map((m) => m.label ?? m.unitId).join(', ')}.`
        : 'No dispatch order channel is attached in this hall: the acceptance is recorded in the audit log and no unit was moved or told. Relay the moves by radio.';
      db.transaction(() => {
        audit.append({
          actor: ctx.actor, action: 'moveUp.accept', subject: `moveUp:${s.id}`,
          detail: { moves: moves.map((m) => ({ unitId: m.unitId, to: m.to })), before: s.before, after: s.after, delivered: sink !== null, channel: sink?.name ?? null },
        });
        sink?.send(orders, ctx.actor);
      })();
      suggestions.delete(s.id);
      const acceptance: MoveUpAcceptance = { suggestionId: s.id, at: iso(now), by: ctx.actor, moves, delivered: sink !== null, channel: sink?.name ?? null, note };
      router.broadcast('moveUp.accepted', acceptance);
      return acceptance;
    },

    'planning.baseline': () => ({
      hour: service.hourNow(),
      units: service.unitList(),
      rrPoints: [...service.rrPointList()],
      targets: [...service.targetList()],
    }),

    'planning.evaluate': (input) => service.plan(input),

    'planning.export': (input) => {
      const report = service.plan(input);
      const stamp = hourLabel(input.hour).replace(':', '');
      return { filename: `coverage-plan-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', text: coverageReportCsv(report) };
    },

    'travel.tables': () => tablesView(),

    'travel.setTables': (input, ctx) => {
      const current = service.tables();
      const speedTable = input.speedTable === undefined ? current.speedTable : input.speedTable === 'default' ? defaultSpeedTable : input.speedTable;
      const congestionTable = input.congestionTable === undefined ? current.congestionTable : input.congestionTable === 'default' ? defaultCongestionTable : input.congestionTable;
      const now = clock.now();
      db.transaction(() => {
        audit.append({ actor: ctx.actor, action: 'travel.setTables', subject: 'travel-tables', detail: input });
        if (input.speedTable !== undefined) store.saveTable('speed', input.speedTable === 'default' ? null : input.speedTable, now, ctx.actor);
        if (input.congestionTable !== undefined) store.saveTable('congestion', input.congestionTable === 'default' ? null : input.congestionTable, now, ctx.actor);
      })();
      tablesMeta = { at: now, by: ctx.actor };
      tablesSeen = store.tablesStamp();
      service.setTables({ speedTable, congestionTable });
      const view = tablesView();
      router.broadcast('travel.tablesChanged', view);
      return view;
    },

    'roads.status': () => service.roads(),

    'roads.import': async (input, ctx) => {
      const summary = await service.importRoadFile(input.path);
      db.transaction(() => audit.append({ actor: ctx.actor, action: 'roads.import', subject: input.path, detail: summary }))();
      return summary;
    },

    'roads.useMap': (_input, ctx) => {
      const summary: RoadNetworkSummary = service.useMapRoads(mapData().roads, mapRoadsLabel());
      db.transaction(() => audit.append({ actor: ctx.actor, action: 'roads.useMap', subject: 'map', detail: summary }))();
      return summary;
    },
  });

  return {
    name: 'geo',
    routes: geoRoutes,
    service,
    eta: { etaFromUnits: (point, units, o) => service.etaFromUnits(point, units, o) },
    useUnitFeed: attachFeed,
    useOrderSink(sink) {
      orderSink = sink;
    },
    async ready() {
      await background;
    },
    close() {
      clearInterval(tablesPoll);
      if (slotTimer) clock.clearTimeout(slotTimer);
      slotTimer = null;
      if (etaTimer) clock.clearTimeout(etaTimer);
      etaTimer = null;
      watcher?.close();
      watcher = null;
      unsubscribe();
      stopFollowingMap();
      service.dispose();
    },
  };
}
