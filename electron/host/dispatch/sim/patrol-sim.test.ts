// The patrol simulator against a real hall over HTTP: units drive the sample roads, answer a dispatch, acknowledge orders.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineM } from '../../../../shared/domain/dispatch/geometry';
import { findAppRoot } from '../../paths';
import { startWebServer, type WebServer } from '../../web/server';
import { openTestHall, tempDataDir, type TestHall } from '../test-kit';
import { buildWalkGraph, nearestNode, pointOf, shortestPath } from './road-walk';
import { httpPatrolApi, PatrolSimulator, simSpeeds } from './patrol-sim';

const roads: unknown = JSON.parse(readFileSync(join(findAppRoot(), 'resources', 'demo', 'roads.geojson'), 'utf8'));
const TOKEN = 'patrol-sim-commander';
let dir: string;
let hall: TestHall;
let server: WebServer;

beforeAll(async () => {
  dir = tempDataDir();
  hall = openTestHall(dir);
  server = await startWebServer({ host: hall.host, port: 0, tokens: [{ role: 'commander', name: 'terminals', secret: TOKEN }] });
});
afterAll(async () => {
  await server.close();
  await hall.host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('road walk', () => {
  it('finds a road route across the sample town for cars and on foot', () => {
    for (const mode of ['vehicle', 'foot'] as const) {
      const g = buildWalkGraph(roads, mode);
      const a = nearestNode(g, { lat: 26.872, lon: 102.102 });
      const b = nearestNode(g, { lat: 26.905, lon: 102.116 });
      const path = shortestPath(g, a, b)!;
      expect(path[0]).toBe(a);
      expect(path.at(-1)).toBe(b);
      let m = 0;
      for (let i = 1; i < path.length; i++) m += haversineM(pointOf(g, path[i - 1]), pointOf(g, path[i]));
      const crow = haversineM(pointOf(g, a), pointOf(g, b));
      expect(m).toBeGreaterThanOrEqual(crow);
      expect(m).toBeLessThan(crow * 2);
    }
  });
  it('refuses a file that is not a road layer', () => {
    expect(() => buildWalkGraph({ type: 'FeatureCollection', features: [{ type: 'Feature' }] }, 'vehicle')).toThrow(/not a valid road layer/);
  });
});

describe('kuaifan simulate patrol, driven step by step', () => {
  it('patrols at patrol speed, answers a dispatch 途中 → 到场 → 处置中 along the roads, and acknowledges an order', async () => {
    const lines: string[] = [];
    const sim = new PatrolSimulator({ api: httpPatrolApi(server.url, TOKEN), roads, now: () => hall.clock.now(), print: (l) => lines.push(l), seed: 7, only: ['U-003', 'U-007', 'U-022', 'U-026'] });
    await sim.sync();
    expect(sim.unitCount).toBe(4);
    const unit = async (id: string) => (await hall.call('units.list', {})).units.find((u) => u.id === id)!;
    const start = await unit('U-007');

    // Ten seconds of patrol: 攀莲01 (patrolling) moves at most 30 km/h; 保安01 (available) stays and reports once.
    for (let i = 0; i < 10; i++) {
      hall.clock.advance(1000);
      await sim.tick(1);
    }
    hall.clock.advance(250);
    const patrolled = await unit('U-007');
    expect(patrolled.positionAt).not.toBeNull();
    const d = haversineM({ lat: start.lat!, lon: start.lon! }, { lat: patrolled.lat!, lon: patrolled.lon! });
    expect(d).toBeGreaterThan(10);
    expect(d).toBeLessThanOrEqual(simSpeeds.car.patrol * 10 + 1);
    expect((await unit('U-026')).positionAt).not.toBeNull();

    // A knife attack 400 m from 特巡03: it turns out, drives, arrives, handles.
    const near = await unit('U-003');
    const inc = await hall.call('incidents.create', { type: 'knife-attack', source: '110', location: { lat: near.lat! + 0.0036, lon: near.lon! } });
    await hall.call('incidents.dispatch', { id: inc.id, version: inc.version, unitIds: ['U-003'] });
    const order = await hall.call('orders.create', { unitIds: ['U-007', 'U-022', 'U-026'], text: '向县医院方向布控' });
    const seen: string[] = [];
    for (let i = 0; i < 240; i++) {
      hall.clock.advance(1000);
      if (i % 2 === 0) await sim.sync();
      await sim.tick(1);
      const state = (await hall.call('incidents.get', { id: inc.id })).state;
      if (seen.at(-1) !== state) seen.push(state);
      if (state === 'handling') break;
    }
    expect(seen).toEqual(['dispatched', 'en_route', 'on_scene', 'handling']);
    hall.clock.advance(250);
    const there = await unit('U-003');
    expect(haversineM({ lat: there.lat!, lon: there.lon! }, inc.location)).toBeLessThan(1);
    const got = await hall.call('incidents.get', { id: inc.id });
    // Turnout of 2-6 s, then 45 km/h along roads at least as long as the crow flies.
    const drive = (Date.parse(got.firstArrivalAt!) - Date.parse(got.assignments[0].enRouteAt!)) / 1000;
    expect(drive).toBeGreaterThanOrEqual(Math.floor(400 / simSpeeds.car.respond));
    const acked = (await hall.call('orders.list', {})).find((o) => o.id === order.id)!;
    expect(acked.acknowledged).toBe(3);
    expect(acked.recipients.every((r) => r.note === '收到' && r.ackBy === 'terminals')).toBe(true);
    expect(lines.some((l) => /特巡03 en_route/.test(l))).toBe(true);
    expect(sim.stats.errors).toBe(0);

    // Closing releases the unit; the simulator sends it back on patrol.
    await hall.call('incidents.close', { id: inc.id, version: got.version, outcome: 'resolved' });
    await sim.sync();
    const before = await unit('U-003');
    for (let i = 0; i < 5; i++) {
      hall.clock.advance(1000);
      await sim.tick(1);
    }
    hall.clock.advance(250);
    const after = await unit('U-003');
    expect(after.status).toBe('patrolling');
    expect(haversineM({ lat: before.lat!, lon: before.lon! }, { lat: after.lat!, lon: after.lon! })).toBeGreaterThan(5);
  });
});
