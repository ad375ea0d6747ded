// kuaifan.json and the command line → where the hall listens, with which tokens and devices; the desktop app's LAN server.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHallHost, type HallHost } from '../hall-host';
import { createFakeClock } from '../clock';
import { recordingLogger, tempDir } from '../../../tests/contract/host-kit';
import { desktopServePlan, planServe, readServeConfig, serveDesktopHall, ServeConfigError } from './serve-config';
import type { WebServer } from './server';

const hosts: HallHost[] = [];
const servers: WebServer[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const h of hosts.splice(0)) await h.close();
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
});

function hallWith(config: unknown): { dataDir: string } {
  const dataDir = tempDir('kf-serve-config-');
  if (config !== undefined) writeFileSync(join(dataDir, 'kuaifan.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { dataDir };
}

function startHost(dataDir: string, devices: Parameters<typeof createHallHost>[0]['devices'] = undefined): HallHost {
  const host = createHallHost({ dataDir, clock: createFakeClock(Date.parse('2026-12-04T09:00:00+08:00')), log: recordingLogger(), devices });
  hosts.push(host);
  return host;
}

describe('planServe', () => {
  it('listens on loopback 5180 by default, with one token per role made for this run', () => {
    const plan = planServe(readServeConfig(hallWith(undefined).dataDir));
    expect(plan).toMatchObject({ listenHost: '127.0.0.1', port: 5180, generatedTokens: true, devices: [] });
    expect(plan.tokens.map((t) => t.role)).toEqual(['commander', 'watch', 'display']);
  });

  it('refuses to listen beyond loopback without a token, from the file or the command line', () => {
    const { dataDir } = hallWith({ listen: '0.0.0.0:5180' });
    expect(() => planServe(readServeConfig(dataDir))).toThrow(/Refusing to listen on 0\.0\.0\.0 without an access token/);
    expect(() => planServe(readServeConfig(hallWith(undefined).dataDir), { listen: '192.168.1.20:5180' })).toThrow(ServeConfigError);
    expect(planServe(readServeConfig(dataDir), { tokens: ['display:wall:wall-secret-0123'] })).toMatchObject({ listenHost: '0.0.0.0', generatedTokens: false });
  });

  it('takes tokens and devices from the file and adds the command line ones', () => {
    const { dataDir } = hallWith({ listen: '0.0.0.0:6000', tokens: ['commander:desk-2:desk-secret-0123'], devices: ['lcus:/dev/ttyUSB1'] });
    const plan = planServe(readServeConfig(dataDir), { tokens: ['display:wall:wall-secret-0123'], devices: ['kf1:/dev/ttyUSB0'] });
    expect(plan.port).toBe(6000);
    expect(plan.tokens.map((t) => t.name)).toEqual(['desk-2', 'wall']);
    expect(plan.devices.map((d) => d.kind)).toEqual(['lcus', 'kf1']);
  });

  it('names the file and the problem when kuaifan.json is wrong', () => {
    expect(() => readServeConfig(hallWith('{ "listen": ').dataDir)).toThrow(/kuaifan\.json is not valid JSON/);
    expect(() => readServeConfig(hallWith({ tokens: 'commander:x' }).dataDir)).toThrow(/kuaifan\.json: tokens: /);
  });
});

describe('the desktop app serves LAN screens like kuaifan serve', () => {
  it('starts the web server from kuaifan.json with its tokens and devices, and prints the screen links', async () => {
    const { dataDir } = hallWith({ listen: '127.0.0.1:0', devices: ['lcus:/dev/kf-test-none-9'] });
    const planned = desktopServePlan(dataDir);
    expect(planned.problem).toBeNull();
    const host = startHost(dataDir, planned.plan!.devices);
    expect(host.devices().map((d) => d.path)).toEqual(['/dev/kf-test-none-9']);
    const { server, lines, problem } = await serveDesktopHall(host, planned, join(import.meta.dirname, '../../../out/renderer'));
    servers.push(server!);
    expect(problem).toBeNull();
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[0]).toContain(`serving LAN screens at ${server!.url}`);
    const wallLink = lines.find((l) => l.includes('#/wall'))!;
    const token = /\?token=([^#]+)#/.exec(wallLink)![1]!;
    const health = await fetch(`${server!.url}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(health.status).toBe(200);
    expect((await fetch(`${server!.url}/api/v1/health`)).status).toBe(401);
  });

  it('keeps the console usable but serves nothing when kuaifan.json asks for the LAN without a token', async () => {
    const { dataDir } = hallWith({ listen: '0.0.0.0:0', devices: ['lcus:/dev/kf-test-none-9'] });
    const planned = desktopServePlan(dataDir);
    expect(planned.problem).toMatch(/LAN screens and alarm devices are off: Refusing to listen on 0\.0\.0\.0/);
    const host = startHost(dataDir, planned.plan?.devices ?? []);
    const result = await serveDesktopHall(host, planned, tempDir());
    expect(result).toEqual({ server: null, lines: [], problem: planned.problem });
  });

  it('says which port is taken when it cannot listen', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    const { dataDir } = hallWith({ listen: `127.0.0.1:${port}` });
    const host = startHost(dataDir, []);
    const result = await serveDesktopHall(host, desktopServePlan(dataDir), tempDir());
    expect(result.server).toBeNull();
    expect(result.problem).toMatch(new RegExp(`could not listen on 127\\.0\\.0\\.1:${port} .*kuaifan\\.json`));
  });
});
