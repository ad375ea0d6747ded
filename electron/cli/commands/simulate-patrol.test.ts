// `kuaifan simulate patrol` as a real child process against a real hall over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHallHost, type HallHost } from '../../host/hall-host';
import { startWebServer, type WebServer } from '../../host/web/server';
import { quietLog, tempDataDir } from '../../host/dispatch/test-kit';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const TOKEN = 'cli-patrol-commander';
let dir: string;
let host: HallHost;
let server: WebServer;

beforeAll(async () => {
  dir = tempDataDir();
  host = createHallHost({ dataDir: dir, log: quietLog });
  server = await startWebServer({ host, port: 0, tokens: [{ role: 'commander', name: 'patrol-sim', secret: TOKEN }] });
});
afterAll(async () => {
  await server.close();
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kuaifan simulate patrol', () => {
  it('without a token it says what to pass, exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'simulate', 'patrol', '--url', server.url], { encoding: 'utf8', env: { ...process.env, KUAIFAN_TOKEN: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--token SECRET is required/);
  });

  it('posts every patrolling unit\'s position through the API and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'simulate', 'patrol', '--url', server.url, '--token', TOKEN, '--tick', '250'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const patrolling = async () => (await host.connect({ transport: 'http', ceiling: 'display', principal: 't' }).invoke('units.list', {}));
    const deadline = Date.now() + 20_000;
    let moved = 0;
    let total = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const r = await patrolling();
      if (!r.ok) throw new Error(r.error.message);
      const units = (r.output as { units: { status: string; positionAt: string | null }[] }).units.filter((u) => u.status === 'patrolling');
      total = units.length;
      moved = units.filter((u) => u.positionAt !== null).length;
      if (moved === total && total > 0) break;
    }
    expect(total).toBeGreaterThan(20);
    expect(moved).toBe(total);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(out).toMatch(/Simulating 37 units against/);
    expect(out).toMatch(/Simulation stopped: \d+ positions/);
    expect(code).toBe(0);
  }, 30_000);
});
