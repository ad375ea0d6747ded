// The same contract over both transports: a call through the preload bridge (IPC) and over WebSocket gives the same reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeIpcRendererFor, ipcMain } from '../fakes/electron';
import { bindIpc } from '../../electron/main/ipc';
import { createBridge } from '../../electron/preload/bridge';
import { WS_DEFLATE_ABOVE_BYTES } from '../../electron/host/web/server';
import type { UnitPositionBatch } from '../../shared/contract/dispatch';
import { positionFrameReader } from '../../shared/contract/position-frame';
import { startTestHall, testTokens, until, wsClient } from './host-kit';

type Hall = Awaited<ReturnType<typeof startTestHall>>;

describe('IPC bridge and WebSocket speak the same contract', () => {
  let hall: Hall;
  let contents: FakeWebContents;
  beforeEach(async () => {
    hall = await startTestHall();
    // A commander desk window, so its ceiling equals the WebSocket commander token's.
    bindIpc(hall.host, () => 'commander');
    contents = new FakeWebContents('app://kuaifan/index.html#/console');
  });
  afterEach(async () => {
    ipcMain.removeHandler('kuaifan:invoke');
    contents.destroy();
    await hall.stop();
  });

  const cases: [string, unknown][] = [
    ['system.health', {}],
    ['session.status', {}],
    ['settings.get', {}],
    ['map.tiles', {}],
    ['settings.get', { unexpected: 1 }],
    ['settings.set', { lang: 'fr' }],
    ['settings.set', { lang: 'en' }],
    ['operators.list', {}],
    ['no.such.command', {}],
    ['session.signIn', { policeNo: 'x', pin: '' }],
  ];

  it.each(cases)('%s %j: same reply both ways', async (command, input) => {
    const bridge = createBridge(fakeIpcRendererFor(contents));
    const ws = await wsClient(hall.server.url, testTokens[0].secret);
    const viaIpc = await bridge.invoke(command, input);
    const viaWs = await ws.invoke(command, input);
    ws.close();
    const { type: _t, id: _id, ...wsResult } = viaWs as Record<string, unknown>;
    expect(wsResult).toEqual(viaIpc);
    expect(typeof viaIpc.ok).toBe('boolean');
  });

  it('the map reply is identical and holds the sample layers', async () => {
    const bridge = createBridge(fakeIpcRendererFor(contents));
    const ws = await wsClient(hall.server.url, testTokens[0].secret);
    const a = await bridge.invoke('map.get', {});
    const b = await ws.invoke('map.get', {});
    ws.close();
    expect(a.ok).toBe(true);
    expect((b as { output: unknown }).output).toEqual((a as { output: unknown }).output);
    const map = (a as { output: { targets: { features: unknown[] } } }).output;
    expect(map.targets.features.length).toBe(54);
  });

  it('over WebSocket a large reply travels compressed and arrives whole; a small one is sent as it is', async () => {
    const ws = await wsClient(hall.server.url, testTokens[0].secret);
    expect(ws.ws.extensions).toContain('permessage-deflate');
    const socket = (ws.ws as unknown as { _socket: { bytesRead: number } })._socket;
    let before = socket.bytesRead;
    const health = await ws.invoke('system.health', {});
    const smallWire = socket.bytesRead - before;
    expect(JSON.stringify(health).length).toBeLessThan(WS_DEFLATE_ABOVE_BYTES);
    expect(smallWire).toBeGreaterThanOrEqual(JSON.stringify(health).length);
    before = socket.bytesRead;
    const map = await ws.invoke('map.get', {});
    const bigWire = socket.bytesRead - before;
    const bigJson = JSON.stringify(map).length;
    expect(bigJson).toBeGreaterThan(WS_DEFLATE_ABOVE_BYTES);
    expect(bigWire).toBeLessThan(bigJson / 3);
    expect((map as { output: { targets: { features: unknown[] } } }).output.targets.features).toHaveLength(54);
    ws.close();
  });

  it('units.moved goes as JSON, or as one binary frame to a screen that asks for it (?positions=binary), the same batch', async () => {
    const json = await wsClient(hall.server.url, testTokens[0].secret);
    const binary = await wsClient(hall.server.url, testTokens[0].secret, { positions: 'binary' });
    // Fixes come in as from the GPS gateway, over the HTTP API (no signed-in operator).
    const gps = hall.host.connect({ transport: 'http', ceiling: 'commander', principal: 'gps-gateway' });
    const at = hall.clock.now();
    const units = (await json.invoke('units.list', {})) as { output: { units: { id: string }[] } };
    const [a, b] = units.output.units.map((u) => u.id);
    expect(await gps.invoke('units.reportPosition', { id: a, lat: 26.8905123, lon: 102.1117456, at: new Date(at).toISOString(), speed: 41.5, heading: 270 })).toMatchObject({ ok: true });
    expect(await gps.invoke('units.reportPosition', { id: b, lat: 26.901, lon: 102.109, at: new Date(at - 500).toISOString() })).toMatchObject({ ok: true });
    hall.clock.advance(250);
    const sent = await until('units.moved as JSON', () => json.events.find((e) => e.event === 'units.moved'));
    const frame = await until('units.moved as a binary frame', () => binary.binary[0]);
    expect(binary.events.some((e) => e.event === 'units.moved')).toBe(false);
    expect(json.binary).toHaveLength(0);
    const bytes = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
    const decoded = positionFrameReader().read(bytes); // the link's first frame: it carries both ids anew
    const batch = sent.payload as UnitPositionBatch;
    expect(batch.ids).toEqual([a, b]);
    expect({ ...decoded, lat: [...decoded.lat], lon: [...decoded.lon], fixedAt: [...decoded.fixedAt], speed: [...decoded.speed], heading: [...decoded.heading] })
      .toEqual({ ...batch, speed: [41.5, NaN], heading: [270, NaN] });
    gps.close();
    json.close();
    binary.close();
  });

  it('events reach both transports', async () => {
    const bridge = createBridge(fakeIpcRendererFor(contents));
    const seen: string[] = [];
    const off = bridge.on((event) => seen.push(event));
    const ws = await wsClient(hall.server.url, testTokens[0].secret);
    const setup = await bridge.invoke('session.setupAdmin', { name: '王强', policeNo: '032117', pin: '135135' });
    expect(setup.ok).toBe(true);
    expect(seen).toContain('session.changed');
    const changed = await bridge.invoke('settings.set', { lang: 'en' });
    expect(changed).toEqual({ ok: true, output: { lang: 'en', tileUrl: '', hallZone: 'Asia/Shanghai' } });
    await until('settings.changed over WebSocket', () => ws.events.find((e) => e.event === 'settings.changed'));
    expect(seen.filter((e) => e === 'settings.changed')).toHaveLength(1);
    off();
    ws.close();
  });

  it('a frame that is not ours is refused over IPC and the host keeps serving', async () => {
    const evil = createBridge(fakeIpcRendererFor(contents, 'https://evil.example/'));
    const refused = await evil.invoke('system.health', {});
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Kuaifan pages may call the hall host.' } });
    const noFrame = await createBridge(fakeIpcRendererFor(contents, null)).invoke('system.health', {});
    expect(noFrame.ok).toBe(false);
    expect(hall.log.lines.some((l) => l.msg === 'ipc call from an untrusted frame refused')).toBe(true);
    expect((await createBridge(fakeIpcRendererFor(contents)).invoke('system.health', {})).ok).toBe(true);
  });
});
