// Test kit for the foundation: a real hall host on a temp folder, served on a random loopback port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createHallHost, type HallHost } from '../../electron/host/hall-host';
import { createFakeClock, type FakeClock } from '../../electron/host/clock';
import { startWebServer, type WebServer } from '../../electron/host/web/server';
import type { AccessToken } from '../../electron/host/web/tokens';
import type { Logger } from '../../electron/host/logging/logger';
import type { ServerFrame } from '../../shared/contract/wire';

export const testTokens: AccessToken[] = [
  { role: 'commander', name: 'desk', secret: 'commander-secret-0123456789' },
  { role: 'watch', name: 'watch-office', secret: 'watch-secret-0123456789' },
  { role: 'display', name: 'wall', secret: 'display-secret-0123456789' },
];

export interface RecordingLogger extends Logger {
  lines: { level: string; msg: string; fields?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (msg, fields) => void lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => void lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => void lines.push({ level: 'error', msg, fields }),
  };
}

export function tempDir(prefix = 'kuaifan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestHall(opts: { dataDir?: string; clock?: FakeClock } = {}): Promise<{ host: HallHost; server: WebServer; clock: FakeClock; log: RecordingLogger; dataDir: string; stop(): Promise<void> }> {
  const clock = opts.clock ?? createFakeClock(Date.parse('2026-12-04T09:00:00+08:00'));
  const dataDir = opts.dataDir ?? tempDir();
  const log = recordingLogger();
  const host = createHallHost({ dataDir, clock, log });
  const server = await startWebServer({ host, port: 0, tokens: testTokens });
  return { host, server, clock, log, dataDir, stop: async () => { await server.close(); await host.close(); } };
}

/** A minimal contract client over WebSocket for tests: invoke() resolves with the reply frame. */
export async function wsClient(url: string, secret: string, query: Record<string, string> = {}) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?${new URLSearchParams({ token: secret, ...query })}`);
  const events: { event: string; payload: unknown }[] = [];
  /** Binary frames, as received. */
  const binary: Buffer[] = [];
  const waiting = new Map<number, (f: ServerFrame) => void>();
  const orphans: ServerFrame[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      binary.push(data as Buffer);
      return;
    }
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'event') events.push({ event: frame.event, payload: frame.payload });
    else if (frame.id !== null && waiting.has(frame.id)) {
      waiting.get(frame.id)!(frame);
      waiting.delete(frame.id);
    } else orphans.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    ws,
    events,
    binary,
    orphans,
    invoke(command: string, input?: unknown): Promise<ServerFrame> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, command, input }));
      });
    },
    sendRaw(data: string | Buffer): void {
      ws.send(data);
    },
    close: () => ws.close(),
  };
}

export async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
