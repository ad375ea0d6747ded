// The renderer's WebSocket HallClient against the real hall host and web server: calls, refusals, events,
// a black-holed link found by the heartbeat, a server restart survived by reconnecting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { createHallHost, type HallHost } from '../../../electron/host/hall-host';
import { startWebServer, type WebServer } from '../../../electron/host/web/server';
import type { AccessToken } from '../../../electron/host/web/tokens';
import { createLogger } from '../../../electron/host/logging/logger';
import { HallError } from '../../../shared/contract/errors';
import { positionFrameWriter } from '../../../shared/contract/position-frame';
import { createWsClient, retryDelayMs, type WebSocketLike, type WsHallClient } from '../../../renderer/src/client/ws-client';
import type { ConnectionState } from '../../../renderer/src/client/hall-client';

const tokens: AccessToken[] = [
  { role: 'commander', name: 'desk', secret: 'commander-secret-1' },
  { role: 'display', name: 'wall', secret: 'display-secret-01' },
];
const nodeSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const fast = { backoff: { initialMs: 50, maxMs: 400 }, createSocket: nodeSocket } as const;

/** Resolves when the client's state becomes `want` (polling: the state is a Vue ref, no watcher needed). */
async function until(client: WsHallClient, want: ConnectionState, withinMs = 10_000): Promise<void> {
  const start = Date.now();
  while (client.state.value !== want) {
    if (Date.now() - start > withinMs) throw new Error(`state stayed ${client.state.value}, expected ${want}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function caught(p: Promise<unknown>): Promise<HallError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HallError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

/**
 * A TCP relay between client and server that can black-hole the link (keep the sockets open, pass nothing,
 * like a pulled cable) or cut it; counts the connections it sees.
 */
function startRelay(targetPort: () => number): Promise<{ port: number; connections: () => number; blackHole(on: boolean): void; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let holed = false;
  let count = 0;
  const server: Server = createServer((client) => {
    count += 1;
    const upstream = connect(targetPort(), '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => void (holed || upstream.write(d)));
    upstream.on('data', (d) => void (holed || client.write(d)));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        connections: () => count,
        blackHole: (on) => void (holed = on),
        cut: () => sockets.forEach((s) => s.destroy()),
        close: () => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); server.close(() => r()); }),
      }),
    ),
  );
}

describe('WebSocket HallClient against the real host', () => {
  let dataDir: string;
  let host: HallHost;
  let server: WebServer;
  const clients: WsHallClient[] = [];
  const open = (secret: string, port = server.port, extra: Partial<Parameters<typeof createWsClient>[0]> = {}): WsHallClient => {
    const c = createWsClient({ url: `ws://127.0.0.1:${port}/ws?token=${secret}`, ...fast, ...extra });
    clients.push(c);
    return c;
  };
  const startHost = async (port = 0): Promise<void> => {
    host = createHallHost({ dataDir, log: createLogger({ file: join(dataDir, 'test.log'), quiet: true }) });
    server = await startWebServer({ host, port, tokens });
  };
  const stopHost = async (): Promise<void> => {
    await server.close();
    await host.close();
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kuaifan-wsclient-'));
    await startHost();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await stopHost();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a call made before the link is up, typed from the contract', async () => {
    const client = open(tokens[0].secret);
    expect(client.state.value).toBe('connecting');
    const health = await client.invoke('system.health', {});
    expect(health.name).toBe('kuaifan');
    expect(health.sampleData).toBe(true);
    expect(client.state.value).toBe('open');
  });

  it("rejects a refused call with the host's code, message and field issues", async () => {
    const client = open(tokens[0].secret);
    const bad = await caught(client.invoke('session.signIn', { policeNo: 'x', pin: '1234' }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.issues?.[0]).toMatchObject({ path: 'policeNo' });
    expect(bad.message).toContain('警号');

    const signedOut = await caught(client.invoke('settings.set', { lang: 'en' }));
    expect(signedOut.code).toBe('SIGN_IN_REQUIRED');

    const display = open(tokens[1].secret);
    const forbidden = await caught(display.invoke('operators.list', {}));
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('delivers contract events to the handlers subscribed by name, on every screen', async () => {
    const desk = open(tokens[0].secret);
    const wall = open(tokens[1].secret);
    const deskSessions: unknown[] = [];
    const wallSettings: string[] = [];
    desk.on('session.changed', (s) => deskSessions.push(s.operator?.name));
    const off = wall.on('settings.changed', (s) => wallSettings.push(s.lang));
    await wall.invoke('settings.get', {});

    await desk.invoke('session.setupAdmin', { name: '王强', policeNo: '032117', pin: '135135' });
    await desk.invoke('settings.set', { lang: 'en' });
    await desk.invoke('system.health', {}); // a round trip after the event
    await wall.invoke('system.health', {});
    expect(deskSessions).toEqual(['王强']);
    expect(wallSettings).toEqual(['en']);

    off();
    await desk.invoke('settings.set', { lang: 'zh-CN' });
    await wall.invoke('system.health', {});
    expect(wallSettings).toEqual(['en']);
  });

  it('takes GPS batches as binary frames when it asks (?positions=binary); a binary frame it cannot read is dropped with a message', async () => {
    let socket: WebSocketLike | null = null;
    const client = open(`${tokens[0].secret}&positions=binary`, server.port, { createSocket: (url) => (socket = nodeSocket(url)) });
    const batches: { ids: readonly string[]; lat: ArrayLike<number>; speed: ArrayLike<number | null> }[] = [];
    client.on('units.moved', (b) => batches.push(b));
    const { units } = await client.invoke('units.list', {});
    const gps = host.connect({ transport: 'http', ceiling: 'commander', principal: 'gps-gateway' });
    await gps.invoke('units.reportPosition', { id: units[0].id, lat: 26.8905123, lon: 102.1117456, at: new Date().toISOString() });
    const start = Date.now();
    while (!batches.length && Date.now() - start < 5_000) await new Promise((r) => setTimeout(r, 20));
    gps.close();
    expect(batches).toHaveLength(1);
    expect(batches[0].ids).toEqual([units[0].id]);
    expect(batches[0].lat).toBeInstanceOf(Float64Array); // read in place from the frame, not parsed from JSON
    expect(Array.from(batches[0].lat)).toEqual([26.8905123]);
    expect(Array.from(batches[0].speed)).toEqual([NaN]);

    const errors: string[] = [];
    const origError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      socket!.onmessage!({ data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]).buffer });
    } finally {
      console.error = origError;
    }
    expect(errors).toEqual([expect.stringMatching(/binary frame this screen cannot read: not a units.moved frame/)]);
    expect(batches).toHaveLength(1);
    expect((await client.invoke('system.health', {})).name).toBe('kuaifan');
  });

  it('a GPS batch naming a unit slot the link never carried (a lost frame) makes it connect again, with new id tables on both sides', async () => {
    const sockets: WebSocketLike[] = [];
    const client = open(`${tokens[0].secret}&positions=binary`, server.port, { ...fast, createSocket: (url) => { const s = nodeSocket(url); sockets.push(s); return s; } });
    let reconnected = 0;
    client.onReconnected(() => (reconnected += 1));
    const batches: string[][] = [];
    client.on('units.moved', (b) => batches.push([...b.ids]));
    const { units } = await client.invoke('units.list', {});
    const gps = host.connect({ transport: 'http', ceiling: 'commander', principal: 'gps-gateway' });
    const report = async (i: number): Promise<void> => {
      await gps.invoke('units.reportPosition', { id: units[i].id, lat: 26.89 + i * 1e-4, lon: 102.11, at: new Date().toISOString() });
      const start = Date.now();
      const had = batches.length;
      while (batches.length === had && Date.now() - start < 5_000) await new Promise((r) => setTimeout(r, 20));
    };
    await report(0);
    expect(batches).toEqual([[units[0].id]]);

    // A frame from another table: it names slot 5, and this link has carried one id.
    const other = positionFrameWriter();
    const six = units.slice(0, 6).map((u) => u.id);
    const col = (v: number) => six.map(() => v);
    other.write({ at: new Date().toISOString(), ids: six, lat: col(26.9), lon: col(102.1), fixedAt: col(0), speed: col(0), heading: col(0) });
    const stray = other.write({ at: new Date().toISOString(), ids: [six[5]], lat: [26.9], lon: [102.1], fixedAt: [0], speed: [0], heading: [0] });
    const errors: string[] = [];
    const origError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      sockets[0].onmessage!({ data: stray.slice().buffer });
    } finally {
      console.error = origError;
    }
    expect(errors).toEqual([expect.stringMatching(/names unit slot 5; this link has carried 1 ids/)]);
    expect(batches).toHaveLength(1);
    await until(client, 'open');
    expect(sockets).toHaveLength(2);
    expect(reconnected).toBe(1);
    // On the new link the ids come anew, and batches read right again.
    await report(1);
    await report(0);
    gps.close();
    expect(batches.slice(1)).toEqual([[units[1].id], [units[0].id]]);
  });

  it('survives a server restart: in-flight calls fail clearly, it reconnects by itself and tells the stores', async () => {
    const client = open(tokens[0].secret);
    let reconnected = 0;
    client.onReconnected(() => (reconnected += 1));
    await client.invoke('session.setupAdmin', { name: '王强', policeNo: '032117', pin: '135135' });
    const port = server.port;

    await stopHost();
    await until(client, 'reconnecting');
    const whileDown = await caught(client.invoke('system.health', {}));
    expect(whileDown.code).toBe('UNAVAILABLE');
    expect(whileDown.message).toContain('reconnecting');
    await new Promise((r) => setTimeout(r, 600)); // a few failed attempts while the host is down

    await startHost(port);
    await until(client, 'open');
    expect(reconnected).toBe(1);
    const health = await client.invoke('system.health', {});
    expect(health.name).toBe('kuaifan');
    // The host keeps sign-in per connection: the new connection starts signed out.
    expect((await client.invoke('session.status', {})).operator).toBeNull();
  });

  it('rejects the calls in flight when the link is cut, naming the command and that it may have run', async () => {
    const relay = await startRelay(() => server.port);
    try {
      const client = open(tokens[0].secret, relay.port, { heartbeat: false });
      await client.invoke('system.health', {});
      relay.blackHole(true);
      const inFlight = caught(client.invoke('settings.get', {}));
      await new Promise((r) => setTimeout(r, 50));
      relay.cut();
      const err = await inFlight;
      expect(err.code).toBe('UNAVAILABLE');
      expect(err.message).toContain('settings.get');
      expect(err.message).toContain('may or may not');
      relay.blackHole(false);
      await until(client, 'open');
      expect((await client.invoke('settings.get', {})).lang).toBe('zh-CN');
    } finally {
      await relay.close();
    }
  });

  it('finds a link that went silent without closing (heartbeat) and reconnects', async () => {
    const relay = await startRelay(() => server.port);
    try {
      let reconnected = 0;
      const client = open(tokens[0].secret, relay.port, { heartbeat: { intervalMs: 150, timeoutMs: 150 } });
      client.onReconnected(() => (reconnected += 1));
      await client.invoke('system.health', {});
      await new Promise((r) => setTimeout(r, 400));
      expect(client.state.value).toBe('open'); // quiet but alive: the probe kept it up
      relay.blackHole(true);
      await until(client, 'reconnecting', 3_000);
      relay.blackHole(false);
      await until(client, 'open');
      expect(reconnected).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('backs off between attempts while the host is away (0.5 s doubling to 5 s by default)', async () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, { initialMs: 500, maxMs: 5_000 }))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
    let upstream = 1; // nothing listens there: every attempt fails at once
    const relay = await startRelay(() => upstream);
    try {
      const client = open(tokens[0].secret, relay.port, { backoff: { initialMs: 100, maxMs: 400 } });
      await until(client, 'reconnecting');
      await new Promise((r) => setTimeout(r, 1_500));
      // Attempts at about 0, 0.1, 0.3, 0.7, 1.1, 1.5 s: without a backoff there would be hundreds.
      expect(relay.connections()).toBeGreaterThanOrEqual(3);
      expect(relay.connections()).toBeLessThanOrEqual(7);
      upstream = server.port;
      await until(client, 'open');
    } finally {
      await relay.close();
    }
  });

  it('stays closed after close(): pending calls fail and it never reconnects', async () => {
    const client = open(tokens[0].secret);
    await client.invoke('system.health', {});
    client.close();
    expect(client.state.value).toBe('closed');
    const after = await caught(client.invoke('system.health', {}));
    expect(after.message).toContain('closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(client.state.value).toBe('closed');
  });
});
