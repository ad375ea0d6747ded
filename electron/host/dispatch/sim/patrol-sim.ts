// The patrol simulator: drives the hall's units along the roads, reports their GPS through the integration API,
// answers dispatches (途中 → 到场 → 处置中) and acknowledges framed-area orders, as field terminals would.
import type { IncidentView, OrderView, UnitView } from '../../../../shared/contract/dispatch';
import type { LatLon } from '../../../../shared/domain/dispatch/geometry';
import type { TravelMode } from '../../../../shared/contract/mapdata';
import type { UnitStatus } from '../../../../shared/domain/dispatch/unit-state';
import { buildWalkGraph, Mover, nearestNode, pointOf, shortestPath, type WalkGraph } from './road-walk';
import { seededRandom } from '../../../../shared/domain/seeded-random';

/** The part of the integration API the simulator uses (HTTP in the CLI; the same calls in tests). */
export interface PatrolApi {
  units(): Promise<UnitView[]>;
  incident(id: string): Promise<IncidentView>;
  pendingOrders(): Promise<OrderView[]>;
  position(id: string, p: { lat: number; lon: number; at: number; speed: number; heading: number }): Promise<void>;
  status(id: string, status: UnitStatus): Promise<UnitView>;
  ack(orderId: string, unitId: string, note: string): Promise<void>;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The integration API over HTTP with a bearer token. */
export function httpPatrolApi(baseUrl: string, token: string): PatrolApi {
  const base = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!res.ok) throw new ApiError(res.status, `${method} ${path}: ${res.status} ${json?.error?.message ?? res.statusText}`);
    return json as T;
  }
  const id = encodeURIComponent;
  return {
    units: async () => (await call<{ units: UnitView[] }>('GET', '/units')).units,
    incident: (incidentId) => call('GET', `/incidents/${id(incidentId)}`),
    pendingOrders: () => call('GET', '/orders?pending'),
    position: async (unitId, p) => {
      await call('POST', `/units/${id(unitId)}/position`, p);
    },
    status: (unitId, status) => call('POST', `/units/${id(unitId)}/status`, { status }),
    ack: async (orderId, unitId, note) => {
      await call('POST', `/orders/${id(orderId)}/ack`, { unitId, note });
    },
  };
}

/** Metres per second on patrol and when answering a call. */
export const simSpeeds: Record<TravelMode, { patrol: number; respond: number }> = {
  car: { patrol: 30 / 3.6, respond: 45 / 3.6 },
  motorcycle: { patrol: 30 / 3.6, respond: 50 / 3.6 },
  foot: { patrol: 5 / 3.6, respond: 8 / 3.6 },
};

type Job =
  | { phase: 'turnout'; incidentId: string; dueAt: number }
  | { phase: 'driving'; incidentId: string }
  | { phase: 'on_scene'; incidentId: string; dueAt: number }
  | { phase: 'handling'; incidentId: string };

interface SimUnit {
  view: UnitView;
  graph: WalkGraph;
  mover: Mover;
  /** Random walk: the node driven to and the one before it (no U-turns unless at a dead end). */
  node: number;
  prevNode: number;
  job: Job | null;
  lastPostAt: number;
}

export interface PatrolSimulatorOptions {
  api: PatrolApi;
  roads: unknown;
  now: () => number;
  print: (line: string) => void;
  seed?: number;
  /** Answer dispatches (default true); false only drives and acknowledges. */
  respond?: boolean;
  /** Simulate only these unit ids. */
  only?: readonly string[];
  /** A stationary unit still reports its position this often (ms). */
  idleReportMs?: number;
}

const STILL: readonly UnitStatus[] = ['off_duty', 'unavailable'];

export class PatrolSimulator {
  private readonly graphs: Record<'vehicle' | 'foot', WalkGraph>;
  private readonly units = new Map<string, SimUnit>();
  private readonly acks = new Map<string, { orderId: string; unitId: string; dueAt: number }>();
  private readonly random: () => number;
  private readonly incidents = new Map<string, LatLon>();
  private readonly problems = new Set<string>();
  /** Counters for the summary line and tests. */
  readonly stats = { positions: 0, statuses: 0, acks: 0, errors: 0 };

  constructor(private readonly opts: PatrolSimulatorOptions) {
    this.graphs = { vehicle: buildWalkGraph(opts.roads, 'vehicle'), foot: buildWalkGraph(opts.roads, 'foot') };
    this.random = seededRandom(opts.seed ?? 135);
  }

  get unitCount(): number {
    return this.units.size;
  }

  /** Fetches units and pending orders from the hall and schedules what the terminals answer. */
  async sync(): Promise<void> {
    const now = this.opts.now();
    for (const view of await this.opts.api.units()) {
      if (this.opts.only && !this.opts.only.includes(view.id)) continue;
      const known = this.units.get(view.id);
      if (known) this.apply(known, view);
      else if (view.lat !== null && view.lon !== null) this.units.set(view.id, this.place(view, { lat: view.lat, lon: view.lon }));
    }
    for (const order of await this.opts.api.pendingOrders()) {
      for (const r of order.recipients) {
        const key = `${order.id}/${r.unitId}`;
        if (r.ackAt !== null || !this.units.has(r.unitId) || this.acks.has(key)) continue;
        this.acks.set(key, { orderId: order.id, unitId: r.unitId, dueAt: now + 1000 + this.random() * 3000 });
      }
    }
  }

  /** Moves every unit by `dtS` seconds, reports positions, and sends the statuses and acknowledgements that are due. */
  async tick(dtS: number): Promise<void> {
    const now = this.opts.now();
    const work: Promise<void>[] = [];
    for (const u of this.units.values()) work.push(this.step(u, dtS, now));
    for (const [key, a] of this.acks) {
      if (a.dueAt > now) continue;
      this.acks.set(key, { ...a, dueAt: Infinity });
      work.push(
        this.guard(`ack ${a.orderId}`, async () => {
          await this.opts.api.ack(a.orderId, a.unitId, '收到');
          this.stats.acks++;
          this.opts.print(`${this.units.get(a.unitId)?.view.callsign ?? a.unitId} acknowledged order ${a.orderId}`);
        }),
      );
    }
    await Promise.all(work);
  }

  private place(view: UnitView, at: LatLon): SimUnit {
    const graph = this.graphs[view.mode === 'foot' ? 'foot' : 'vehicle'];
    const node = nearestNode(graph, at);
    const u: SimUnit = { view, graph, mover: new Mover(at, [pointOf(graph, node)]), node, prevNode: -1, job: null, lastPostAt: -Infinity };
    this.apply(u, view);
    return u;
  }

  /** Takes the hall's view of the unit and works out what it is doing. */
  private apply(u: SimUnit, view: UnitView): void {
    u.view = view;
    const respond = this.opts.respond !== false;
    if (!view.incidentId) {
      if (u.job) {
        // Released or the incident closed: back onto the nearest road and on patrol from there.
        u.job = null;
        u.node = nearestNode(u.graph, u.mover.position);
        u.prevNode = -1;
        u.mover.follow([pointOf(u.graph, u.node)]);
      }
      return;
    }
    if (!respond || u.job?.incidentId === view.incidentId) return;
    const now = this.opts.now();
    if (view.status === 'available' || view.status === 'patrolling') u.job = { phase: 'turnout', incidentId: view.incidentId, dueAt: now + 2000 + this.random() * 4000 };
    else if (view.status === 'en_route') u.job = { phase: 'driving', incidentId: view.incidentId };
    else if (view.status === 'on_scene') u.job = { phase: 'on_scene', incidentId: view.incidentId, dueAt: now + 20_000 };
    else u.job = { phase: 'handling', incidentId: view.incidentId };
    if (u.job.phase === 'driving') void this.guard(`route of ${view.callsign}`, () => this.routeTo(u, view.incidentId!)).catch(() => undefined);
  }

  private async routeTo(u: SimUnit, incidentId: string): Promise<void> {
    let target = this.incidents.get(incidentId);
    if (!target) {
      const inc = await this.opts.api.incident(incidentId);
      target = { lat: inc.location.lat, lon: inc.location.lon };
      this.incidents.set(incidentId, target);
    }
    const from = nearestNode(u.graph, u.mover.position);
    const path = shortestPath(u.graph, from, nearestNode(u.graph, target)) ?? [];
    u.mover.follow([...path.map((n) => pointOf(u.graph, n)), target]);
  }

  private async setStatus(u: SimUnit, status: UnitStatus): Promise<void> {
    const view = await this.opts.api.status(u.view.id, status);
    this.stats.statuses++;
    u.view = view;
    this.opts.print(`${view.callsign} ${status}${view.incidentId ? ` (${view.incidentId})` : ''}`);
  }

  private async step(u: SimUnit, dtS: number, now: number): Promise<void> {
    const { view } = u;
    if (STILL.includes(view.status)) return;
    const speeds = simSpeeds[view.mode];
    let moved = 0;
    let speed = 0;
    const job = u.job;
    await this.guard(`${view.callsign}`, async () => {
      if (job?.phase === 'turnout' && now >= job.dueAt) {
        u.job = { phase: 'driving', incidentId: job.incidentId };
        await this.setStatus(u, 'en_route');
        await this.routeTo(u, job.incidentId);
      } else if (job?.phase === 'driving') {
        speed = speeds.respond;
        moved = u.mover.advance(speed * dtS);
        if (u.mover.done) {
          u.job = { phase: 'on_scene', incidentId: job.incidentId, dueAt: now + 20_000 + this.random() * 20_000 };
          await this.setStatus(u, 'on_scene');
        }
      } else if (job?.phase === 'on_scene' && now >= job.dueAt) {
        u.job = { phase: 'handling', incidentId: job.incidentId };
        await this.setStatus(u, 'handling');
      } else if (!job && view.status === 'patrolling') {
        speed = speeds.patrol;
        moved = this.wander(u, speed * dtS);
      }
      if (moved > 0 || now - u.lastPostAt >= (this.opts.idleReportMs ?? 10_000)) {
        const p = u.mover.position;
        await this.opts.api.position(view.id, { lat: round6(p.lat), lon: round6(p.lon), at: now, speed: Math.round(speed * 3.6 * 10) / 10, heading: Math.round(u.mover.heading) % 360 });
        u.lastPostAt = now;
        this.stats.positions++;
      }
    });
  }

  /** Random walk along the roads, never turning back unless the road ends. */
  private wander(u: SimUnit, metres: number): number {
    let moved = 0;
    for (let guard = 0; guard < 50 && moved < metres; guard++) {
      if (u.mover.done) {
        const out = u.graph.links[u.node];
        const onward = out.filter((l) => l.to !== u.prevNode);
        const choices = onward.length ? onward : out;
        if (choices.length === 0) break;
        const next = choices[Math.floor(this.random() * choices.length)].to;
        u.prevNode = u.node;
        u.node = next;
        u.mover.follow([pointOf(u.graph, next)]);
      }
      moved += u.mover.advance(metres - moved);
    }
    return moved;
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err;
      this.stats.errors++;
      const msg = `${what}: ${(err as Error).message}`;
      if (!this.problems.has(msg)) {
        this.problems.add(msg);
        this.opts.print(msg);
      }
    }
  }
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
