// The alarm module inside the real hall host: HTTP API with role tokens, health, WebSocket events, sign-in rules.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createHallHost, type HallHost } from '../hall-host';
import { createLogger } from '../logging/logger';
import { startWebServer, type WebServer } from '../web/server';
import { createRig, type Rig } from './test-rig';
import { waitFor } from './test-kit';

const tokens = [
  { role: 'commander' as const, name: '110-gateway', secret: 'commander-secret-1' },
  { role: 'display' as const, name: 'squad-room', secret: 'display-secret-12' },
];

let rig: Rig;
let host: HallHost | null = null;
let server: WebServer | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  await host?.close();
  server = null;
  host = null;
  await rig.cleanup();
});

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: { error?: { code: string; message: string; issues?: { path: string }[] } } & Record<string, unknown> }> {
  const res = await fetch(`${server!.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

function socket(token: string): Promise<{ ws: WebSocket; events: { event: string; payload: unknown }[]; call(command: string, input?: unknown): Promise<{ ok: boolean; output?: unknown; error?: { code: string } }> }> {
  const ws = new WebSocket(`${server!.url.replace('http', 'ws')}/ws?token=${token}`);
  sockets.push(ws);
  const events: { event: string; payload: unknown }[] = [];
  const waiting = new Map<number, (r: never) => void>();
  let nextId = 1;
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; id?: number; event?: string; payload?: unknown };
    if (f.type === 'event') events.push({ event: f.event!, payload: f.payload });
    else waiting.get(f.id!)?.(f as never);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({
      ws,
      events,
      call: (command, input = {}) => new Promise((r) => { const id = nextId++; waiting.set(id, r); ws.send(JSON.stringify({ type: 'invoke', id, command, input })); }),
    }));
    ws.once('error', reject);
  });
}

describe('alarm module in the hall host', () => {
  it('serves GET/POST /api/v1/alarm by role, lists devices in health, and broadcasts the banner event', async () => {
    rig = createRig();
    const box = await rig.kf1();
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-alarm-host-'));
    host = createHallHost({ dataDir, devices: [box.config], log: createLogger({ quiet: true }) });
    server = await startWebServer({ host, tokens });
    const squad = await socket(tokens[1].secret);

    const health = await waitFor('device OK in health', () => host!.devices().find((d) => d.state === 'ok'));
    expect(health).toMatchObject({ id: 'kf1-box', kind: 'kf1', path: box.config.path });
    const h = await api('GET', '/health', tokens[1].secret);
    expect(h.json.devices).toEqual([expect.objectContaining({ id: 'kf1-box', state: 'ok', since: expect.any(String) })]);

    const refused = await api('POST', '/alarm', tokens[1].secret, { drill: true });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe('FORBIDDEN');
    const bad = await api('POST', '/alarm', tokens[0].secret, { drill: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.issues?.[0]?.path).toBe('drill');
    const lampOnlyReal = await api('POST', '/alarm', tokens[0].secret, { drillMode: 'lamp-only' });
    expect(lampOnlyReal.status).toBe(400);
    expect(lampOnlyReal.json.error?.message).toMatch(/drillMode is for drills only/);

    const started = await api('POST', '/alarm', tokens[0].secret, { drill: true });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ started: true, state: { active: { drill: true, source: 'api', actor: '110-gateway' } } });
    await waitFor('siren at the box', () => box.sim.output(1));
    await waitFor('banner event on the squad screen', () => squad.events.find((e) => e.event === 'alarm.changed'));
    const again = await api('POST', '/alarm', tokens[0].secret, {});
    expect(again.json).toMatchObject({ started: false });

    const state = await api('GET', '/alarm', tokens[1].secret);
    expect(state.json).toMatchObject({ active: { drill: true }, siren: { on: true }, devices: [{ id: 'kf1-box', state: 'ok', origin: 'startup' }] });
    expect(host.audit.recent(5).map((r) => r.action)).toContain('alarm.trigger');
  });

  it('POST /api/v1/alarm links an incident of the queue; an unknown incidentId is 404 naming it, and nothing sounds', async () => {
    rig = createRig();
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-alarm-host-'));
    host = createHallHost({ dataDir, devices: [], log: createLogger({ quiet: true }) });
    server = await startWebServer({ host, tokens });
    const unknown = await api('POST', '/alarm', tokens[0].secret, { incidentId: 'JQ-20261203-9999' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('No incident "JQ-20261203-9999"') });
    expect((await api('GET', '/alarm', tokens[1].secret)).json).toMatchObject({ active: null, siren: { on: false } });

    const incident = await api('POST', '/incidents', tokens[0].secret, { type: 'knife-attack', source: '110', location: { lat: 26.8905, lon: 102.1117, address: '县政府北门' } });
    expect(incident.status).toBe(201);
    const linked = await api('POST', '/alarm', tokens[0].secret, { incidentId: incident.json.id });
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ started: true, state: { active: { incidentId: incident.json.id } } });
  });

  it('on the console the alarm commands need a signed-in commander; a display may only watch', async () => {
    rig = createRig();
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-alarm-host-'));
    host = createHallHost({ dataDir, devices: [], log: createLogger({ quiet: true }) });
    server = await startWebServer({ host, tokens });
    const desk = await socket(tokens[0].secret);
    const squad = await socket(tokens[1].secret);
    expect((await desk.call('alarm.trigger')).error?.code).toBe('SIGN_IN_REQUIRED');
    expect((await squad.call('alarm.trigger')).error?.code).toBe('FORBIDDEN');
    expect((await desk.call('session.setupAdmin', { name: '王指挥', policeNo: '032117', pin: '246810' })).ok).toBe(true);
    const r = await desk.call('alarm.trigger', { drill: true, drillMode: 'lamp-only' });
    expect(r).toMatchObject({ ok: true, output: { started: true, state: { active: { source: 'console', mode: 'lamp-only', actor: expect.stringContaining('032117') } } } });
    expect((await squad.call('alarm.silence')).error?.code).toBe('FORBIDDEN');
    expect((await desk.call('alarm.close', { note: '' })).error?.code).toBe('BAD_INPUT');
    expect((await desk.call('alarm.close', { note: '演练结束' })).ok).toBe(true);
    expect((await squad.call('alarm.state')).output).toMatchObject({ active: null, last: { note: '演练结束', drill: true } });
    const config = (await desk.call('alarm.config')).output as { drivesHardware: boolean };
    expect(config.drivesHardware).toBe(true);
  });

  it('a host started without a device list (a one-shot tool) never opens a port; the serving host does', async () => {
    rig = createRig();
    const box = await rig.kf1();
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-alarm-host-'));
    const tool = createHallHost({ dataDir, log: createLogger({ quiet: true }) });
    const alarm = tool.modules.find((m) => m.name === 'alarm') as unknown as { service: { saveDevice(a: string, d: unknown): Promise<unknown> } };
    await alarm.service.saveDevice('op:1', { ...box.config, id: undefined });
    expect(tool.devices()).toEqual([expect.objectContaining({ kind: 'kf1', state: 'stopped', id: `kf1:${box.config.path}` })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(box.sim.received()).toEqual([]);
    await tool.close();

    host = createHallHost({ dataDir, devices: [], log: createLogger({ quiet: true }) });
    await waitFor('the saved device driven by the serving host', () => host!.devices()[0]?.state === 'ok');
    expect(box.sim.received().some((r) => r.frame.type === 'WHO')).toBe(true);
  });
});
