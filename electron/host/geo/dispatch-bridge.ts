// Connects coverage to the dispatch module: its unit table as the UnitFeed, its one-to-many orders as the move-up order sink.
import type { LatLon, UnitPositionBatch, UnitView } from '../../../shared/contract/dispatch';
import { dispatchRefusal } from '../../../shared/domain/dispatch/unit-state';
import type { ContractRouter } from '../contract-router';
import type { FeedUnit, MoveUpOrderSink, UnitFeed } from './unit-feed';

/** What coverage needs of the dispatch service (its public methods). */
export interface DispatchUnits {
  listUnits(): { units: UnitView[] };
  createOrder(input: { unitIds: readonly string[]; text: string; target?: LatLon }, actor: string): unknown;
}

/** Coverage counts a unit exactly when dispatch would send it: free, on duty by the roster, not assigned. */
export function feedUnitOf(u: UnitView): FeedUnit {
  return {
    id: u.id, callsign: u.callsign, kind: u.kind, mode: u.mode, lat: u.lat, lon: u.lon,
    available: dispatchRefusal({ id: u.id, callsign: u.callsign, status: u.status, incidentId: u.incidentId, onDuty: u.crew?.onDuty }) === null,
  };
}

/**
 * Dispatch announces unit changes only as contract events (`unit.changed` with the whole unit, `units.moved`
 * with batched GPS fixes), so the feed listens to the router like a screen does, through an in-process
 * connection that is never handed to a client.
 */
export function dispatchUnitFeed(router: ContractRouter, dispatch: DispatchUnits): UnitFeed {
  const known = new Map<string, FeedUnit>();
  const refresh = (): FeedUnit[] => {
    known.clear();
    for (const u of dispatch.listUnits().units) known.set(u.id, feedUnitOf(u));
    return [...known.values()];
  };
  return {
    name: 'dispatch',
    list: refresh,
    subscribe(listener) {
      const id = `geo-unit-feed-${Math.random().toString(36).slice(2)}`;
      router.attach({
        id, transport: 'ipc', ceiling: 'display', principal: 'geo-unit-feed', operator: null,
        deliver(event, payload) {
          if (event === 'unit.changed') {
            const u = feedUnitOf(payload as UnitView);
            known.set(u.id, u);
            listener([u], []);
          } else if (event === 'units.moved') {
            const moved: FeedUnit[] = [];
            const { ids, lat, lon } = payload as UnitPositionBatch;
            for (let i = 0; i < ids.length; i++) {
              const u = known.get(ids[i]);
              if (!u) continue;
              const next = { ...u, lat: lat[i], lon: lon[i] };
              known.set(u.id, next);
              moved.push(next);
            }
            if (moved.length) listener(moved, []);
          }
        },
      });
      return () => router.detach(id);
    },
  };
}

/** Each accepted move becomes one dispatch order to its unit, with the destination as the order's target. */
export function dispatchOrderSink(dispatch: DispatchUnits): MoveUpOrderSink {
  return {
    name: 'dispatch orders',
    send(orders, actor) {
      for (const o of orders) {
        dispatch.createOrder({ unitIds: [o.unitId], text: `快反移防：${o.reason}`, target: { lat: o.to.lat, lon: o.to.lon } }, actor);
      }
    },
  };
}

/** The composition root's one call: coverage follows dispatch's units, and accepted move-ups become its orders. */
export function connectGeoToDispatch(geo: { useUnitFeed(feed: UnitFeed): void; useOrderSink(sink: MoveUpOrderSink | null): void }, dispatch: DispatchUnits, router: ContractRouter): void {
  geo.useUnitFeed(dispatchUnitFeed(router, dispatch));
  geo.useOrderSink(dispatchOrderSink(dispatch));
}
