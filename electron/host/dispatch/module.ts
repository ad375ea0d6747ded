// The dispatch host module: builds the service from the host's parts and serves its contract commands and API routes.
import type { HostContext, HostModule } from '../host-module';
import type { MapData } from '../../../shared/contract/mapdata';
import type { TierTarget } from '../../../shared/domain/dispatch/tier';
import type { RoadEtaSource } from '../../../shared/domain/dispatch/eta';
import type { LatLon } from '../../../shared/domain/dispatch/geometry';
import { statusFromMapData } from '../../../shared/domain/dispatch/unit-state';
import { isKnownZone } from '../../../shared/domain/geo/hour';
import { createDispatchService, type CrewSource, type DispatchService, type SeedUnit } from './service';
import { dispatchRoutes } from './routes';

export interface DispatchModuleDeps {
  /** Road-network travel times (the geo service); straight-line estimates when absent or when it fails. */
  eta?: RoadEtaSource;
  /** The duty roster's crews; units are dispatched on their status alone when absent. */
  crew?: CrewSource;
  positionBatchMs?: number;
}

export interface DispatchModule extends HostModule {
  readonly service: DispatchService;
}

type NamedTarget = TierTarget & { name: string };

function targetsOf(data: MapData): NamedTarget[] {
  return data.targets.features.map((f) => ({
    id: f.properties.id,
    name: f.properties.name,
    lat: f.geometry.coordinates[1],
    lon: f.geometry.coordinates[0],
    tier: f.properties.tier,
    zoneRadiusM: f.properties.zoneRadiusM,
    zone: f.properties.zone,
  }));
}

function seedUnitsOf(data: MapData): SeedUnit[] {
  return data.units.features.map((f) => ({
    id: f.properties.id,
    callsign: f.properties.callsign,
    kind: f.properties.kind,
    mode: f.properties.mode,
    station: f.properties.station ?? null,
    status: statusFromMapData(f.properties.status),
    lat: f.geometry.coordinates[1],
    lon: f.geometry.coordinates[0],
    sample: f.properties.sample === true,
  }));
}

function centerOf(data: MapData): LatLon | null {
  if (data.meta.center) return { lon: data.meta.center[0], lat: data.meta.center[1] };
  const pts = data.targets.features.map((f) => f.geometry.coordinates);
  if (pts.length === 0) return null;
  return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
}

export function createDispatchModule(context: HostContext, deps: DispatchModuleDeps = {}): DispatchModule {
  // Targets are re-read when the map is replaced by an import (the map store hands out a new data object).
  let cached: { data: MapData; targets: NamedTarget[] } | null = null;
  const targets = (): NamedTarget[] => {
    const data = context.map.get().data;
    if (cached?.data !== data) cached = { data, targets: targetsOf(data) };
    return cached.targets;
  };
  const { router } = context;
  const service = createDispatchService({
    db: context.db,
    clock: context.clock,
    audit: context.audit.append,
    log: context.log,
    targets,
    seedUnits: () => seedUnitsOf(context.map.get().data),
    center: () => centerOf(context.map.get().data),
    eta: deps.eta,
    // The same hour as coverage and isochrones (the geo module warns about an unknown zone and uses China time too).
    zone: () => {
      const zone = context.settings.get().hallZone;
      return isKnownZone(zone) ? zone : 'Asia/Shanghai';
    },
    crew: deps.crew,
    positionBatchMs: deps.positionBatchMs,
    emit: (e) => router.broadcast(e.name, e.payload as never),
  });
  // Crews follow the roster by themselves: at a shift boundary or a roster edit every changed unit is re-sent.
  const stopCrewFeed = deps.crew?.onChange?.(() => service.refreshCrews());

  router.register({
    'dispatch.catalogue': () => service.catalogue(),
    'dispatch.setCatalogue': (input, ctx) => service.setCatalogue(input.types, ctx.actor),
    'incidents.create': (input, ctx) => service.createIncident(input, ctx.actor),
    'incidents.list': (input) => service.listIncidents(input),
    'incidents.get': (input) => service.getIncident(input.id),
    'incidents.overrideTier': (input, ctx) => service.overrideTier(input, input.tier, input.reason, ctx.actor),
    'incidents.edit': (input, ctx) => service.editIncident(input, { type: input.type, priority: input.priority, caller: input.caller, notes: input.notes }, ctx.actor),
    'incidents.recommend': (input) => service.recommend(input.id, input.limit),
    'incidents.dispatch': (input, ctx) => service.dispatch(input, input.unitIds, ctx.actor),
    'incidents.recall': (input, ctx) => service.recall(input, input.unitId, input.reason, ctx.actor),
    'incidents.close': (input, ctx) => service.close(input, input.outcome, input.note, ctx.actor),
    'units.list': () => service.listUnits(),
    'units.setStatus': (input, ctx) => service.setUnitStatus(input.id, input.status, ctx.actor, { version: input.version, reason: input.reason }),
    'units.reportPosition': (input) => service.reportPosition(input),
    'units.inFrame': (input) => ({ unitIds: service.unitsInFrame(input.frame) }),
    'orders.create': (input, ctx) => service.createOrder(input, ctx.actor),
    'orders.list': (input) => service.listOrders(input),
    'orders.ack': (input, ctx) => service.ackOrder(input.id, input.unitId, input.note, ctx.actor),
  });

  return {
    name: 'dispatch',
    service,
    routes: dispatchRoutes,
    close: () => {
      stopCrewFeed?.();
      service.dispose();
    },
  };
}
