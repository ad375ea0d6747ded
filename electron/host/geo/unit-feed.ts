// The seams between coverage and dispatch: where unit positions and statuses come from, and where move-up orders go.
import type { MoveUpMove } from '../../../shared/contract/geo';
import type { MapData, TravelMode, UnitKind, UnitStatus } from '../../../shared/contract/mapdata';

/** One unit as the dispatch module knows it. */
export interface FeedUnit {
  id: string;
  /** Callsign shown on the board (特巡01). */
  callsign: string;
  kind: UnitKind;
  mode: TravelMode;
  /** Last reported position; null until the unit has reported one (it then counts for nothing). */
  lat: number | null;
  lon: number | null;
  /** Could be sent to an incident now: free (可用/巡逻), on duty, not assigned. The dispatch module decides. */
  available: boolean;
}

/**
 * Unit positions and statuses, owned by the dispatch module. `list` is read once when the feed is attached;
 * after that only `subscribe` callbacks are used, so the feed must report every change (a batch of moved
 * units, one status change, a unit removed) through it.
 */
export interface UnitFeed {
  /** Shown in the coverage snapshot as where positions come from, e.g. 'dispatch'. */
  readonly name: string;
  list(): readonly FeedUnit[];
  /** `changed`: units added or changed, full current state; `removed`: ids gone from the table. Returns an unsubscribe. */
  subscribe(listener: (changed: readonly FeedUnit[], removed: readonly string[]) => void): () => void;
}

/** One repositioning order from an accepted move-up. */
export interface MoveUpOrder {
  suggestionId: string;
  unitId: string;
  callsign: string | null;
  to: MoveUpMove['to'];
  /** For the order text: which targets the move covers, e.g. '移防至东门快反点，覆盖 米易中学(3分钟)'. */
  reason: string;
}

/**
 * Where accepted move-ups go as orders to the units concerned (the dispatch module). `send` runs inside the
 * acceptance's SQLite transaction, before the audit row commits: write your order rows with the same
 * database handle; throw a HallError (e.g. REFUSED: unit now on a call) to refuse the whole acceptance.
 */
export interface MoveUpOrderSink {
  readonly name: string;
  send(orders: readonly MoveUpOrder[], actor: string): void;
}

// The map layer's statuses: patrols, the standby squad and available units can respond; busy and off-duty cannot.
const respondingStatuses: readonly UnitStatus[] = ['patrolling', 'available', 'standby'];

/** The map's unit layer as a feed that never changes: what coverage uses until dispatch attaches its live table. */
export function sampleUnitFeed(map: MapData): UnitFeed {
  const units: FeedUnit[] = map.units.features.map((f) => ({
    id: f.properties.id,
    callsign: f.properties.callsign,
    kind: f.properties.kind,
    mode: f.properties.mode,
    lat: f.geometry.coordinates[1],
    lon: f.geometry.coordinates[0],
    available: respondingStatuses.includes(f.properties.status),
  }));
  return {
    name: map.meta.sample ? 'sample' : 'map',
    list: () => units,
    subscribe: () => () => undefined,
  };
}
