// The dispatch integration API over real HTTP: each endpoint, bad bodies naming the field, and a display token writing.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentList, IncidentView, OrderView, UnitView } from '../../../shared/contract/dispatch';
import { startWebServer, type WebServer } from '../web/server';
import { OUTSIDE_ZONES, openTestHall, T0, tempDataDir, type TestHall } from './test-kit';

const tokens = { commander: 'api-commander-secret', display: 'api-display-secret-1' };
let dir: string;
let hall: TestHall;
let server: WebServer;

beforeAll(async () => {
  dir = tempDataDir();
  hall = openTestHall(dir);
  server = await startWebServer({
    host: hall.host,
    port: 0,
    tokens: [
      { role: 'commander', name: '110-gateway', secret: tokens.commander },
      { role: 'display', name: 'wall', secret: tokens.display },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await hall.host.close();
  rmSync(dir, { recursive: true, force: true });
});

// Replies are read loosely here and checked field by field (or parsed with the contract's schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(method: string, path: string, body?: unknown, token: string = tokens.commander): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const newIncident = { type: 'armed-fight', source: '110', priority: 1, location: { lat: 26.8905, lon: 102.1117, address: '县政府北门' }, caller: { phone: '13800000000' }, notes: '三人持棍' };

describe('POST /api/v1/incidents', () => {
  it('201 with id, tier and deadline', async () => {
    const r = await api('POST', '/incidents', newIncident);
    expect(r.status).toBe(201);
    const inc = IncidentView.parse(r.json);
    expect(inc).toMatchObject({ id: 'JQ-20261203-0001', tier: 1, deadline: new Date(T0 + 60_000).toISOString(), state: 'new', createdBy: '110-gateway', location: { address: '县政府北门' } });
  });
  it('400 naming each bad field', async () => {
    const r = await api('POST', '/incidents', { ...newIncident, priority: 7, location: { lat: 'north', lon: 102.11 }, colour: 'red' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BAD_INPUT');
    expect(r.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['(root)', 'location.lat', 'priority']);
    expect(r.json.error.message).toMatch(/colour/);
    const notJson = await api('POST', '/incidents', '{"type":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toMatch(/not valid JSON/);
    const notObject = await api('POST', '/incidents', [1, 2]);
    expect(notObject.status).toBe(400);
    expect(notObject.json.error.message).toMatch(/JSON object/);
  });
  it('403 for a display token, and nothing is recorded', async () => {
    const before = (await api('GET', '/incidents?state=all')).json.incidents.length;
    const r = await api('POST', '/incidents', newIncident, tokens.display);
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/needs role commander; this connection acts as display/) });
    expect((await api('GET', '/incidents?state=all')).json.incidents.length).toBe(before);
  });
});

describe('GET /api/v1/incidents', () => {
  it('?state=open lists the queue (any token may read); a bad state is 400', async () => {
    await api('POST', '/incidents', { type: 'traffic', source: 'patrol', location: OUTSIDE_ZONES });
    const r = await api('GET', '/incidents?state=open', undefined, tokens.display);
    expect(r.status).toBe(200);
    const list = IncidentList.parse(r.json);
    expect(list.incidents.map((i) => i.tier)).toEqual([1, 5]);
    expect(list.now).toBe(new Date(T0).toISOString());
    const bad = await api('GET', '/incidents?state=pending');
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0]).toMatchObject({ path: 'state', message: 'state must be open, closed or all' });
    const one = await api('GET', `/incidents/${list.incidents[0].id}`, undefined, tokens.display);
    expect(one.json.id).toBe(list.incidents[0].id);
    expect((await api('GET', '/incidents/JQ-19990101-0001')).status).toBe(404);
  });
});

describe('POST /api/v1/units/{id}/position', () => {
  it('accepts a GPS fix, ignores an older one, and names the bad field', async () => {
    const ok = await api('POST', '/units/U-001/position', { lat: 26.87, lon: 102.109, at: '2026-12-03T09:59:58+08:00', speed: 35.5, heading: 270 });
    expect(ok).toEqual({ status: 200, json: { accepted: true, reason: null } });
    const older = await api('POST', '/units/U-001/position', { lat: 26.87, lon: 102.109, at: T0 - 10_000 });
    expect(older.json).toMatchObject({ accepted: false });
    const bad = await api('POST', '/units/U-001/position', { lat: 26.87, lon: 102.109, at: 'yesterday', heading: 400 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['at', 'heading']);
    const missing = await api('POST', '/units/U-001/position', { lon: 102.109, at: T0 });
    expect(missing.json.error.issues).toEqual([{ path: 'lat', message: expect.stringMatching(/lat must be a number/) }]);
    expect((await api('POST', '/units/U-404/position', { lat: 26.87, lon: 102.109, at: T0 })).status).toBe(404);
    expect((await api('POST', '/units/U-001/position', { lat: 26.87, lon: 102.109, at: T0 }, tokens.display)).status).toBe(403);
    hall.clock.advance(250);
    const unit = UnitView.parse((await api('GET', '/units')).json.units.find((u: { id: string }) => u.id === 'U-001'));
    expect(unit).toMatchObject({ lat: 26.87, lon: 102.109, positionAt: new Date(T0 - 2_000).toISOString(), speed: 35.5, heading: 270 });
  });
});

describe('POST /api/v1/units/{id}/status', () => {
  it('moves a unit along the table; a forbidden move is 422 with the reason; a bad status 400; display 403', async () => {
    const inc = (await api('GET', '/incidents?state=open')).json.incidents[0];
    await hall.call('incidents.dispatch', { id: inc.id, version: inc.version, unitIds: ['U-021'] });
    const go = await api('POST', '/units/U-021/status', { status: 'en_route' });
    expect(go.status).toBe(200);
    expect(go.json).toMatchObject({ status: 'en_route', incidentId: inc.id });
    const off = await api('POST', '/units/U-021/status', { status: 'off_duty' });
    expect(off.status).toBe(422);
    expect(off.json.error).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/途中 \(en_route\) cannot become 下班 \(off_duty\)/) });
    const bad = await api('POST', '/units/U-021/status', { status: 'asleep' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe('status');
    const stale = await api('POST', '/units/U-021/status', { status: 'on_scene', version: 1 });
    expect(stale.status).toBe(409);
    expect((await api('POST', '/units/U-021/status', { status: 'on_scene' }, tokens.display)).status).toBe(403);
    const there = await api('POST', '/units/U-021/status', { status: 'on_scene' });
    expect(there.json.status).toBe('on_scene');
    expect((await api('GET', `/incidents/${inc.id}`)).json).toMatchObject({ state: 'on_scene', firstArrivalAt: new Date(T0 + 250).toISOString() });
  });
});

describe('POST /api/v1/orders/{id}/ack', () => {
  it('acknowledges for one unit; an unknown order is 404; a unit not sent the order 422; display 403; a missing unitId 400', async () => {
    const order = await hall.call('orders.create', { unitIds: ['U-007', 'U-008'], text: '向县政府方向集结' });
    const denied = await api('POST', `/orders/${order.id}/ack`, { unitId: 'U-007' }, tokens.display);
    expect(denied.status).toBe(403);
    const r = await api('POST', `/orders/${order.id}/ack`, { unitId: 'U-007', note: '收到，3分钟到' });
    expect(r.status).toBe(200);
    expect(OrderView.parse(r.json)).toMatchObject({ acknowledged: 1, total: 2 });
    expect((await api('POST', '/orders/ZL-19990101-001/ack', { unitId: 'U-007' })).status).toBe(404);
    expect((await api('POST', `/orders/${order.id}/ack`, { unitId: 'U-001' })).status).toBe(422);
    const missing = await api('POST', `/orders/${order.id}/ack`, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.issues[0].path).toBe('unitId');
    const pending = await api('GET', '/orders?pending', undefined, tokens.display);
    expect(pending.json.map((o: { id: string }) => o.id)).toEqual([order.id]);
  });
});
