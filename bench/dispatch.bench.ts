// Dispatch at county scale: 500 open incidents, 2,000 units reporting GPS at 1 Hz. Host time per position update,
// recommendation time (straight line and road network), and with --renderer the console's main-thread time per
// update tick in Chromium (needs `npx electron-vite build --config ./vite.config.ts` first).
// Run: node --import tsx bench/dispatch.bench.ts [--renderer [--no-animations]]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFakeClock } from '../electron/host/clock';
import { createHallHost } from '../electron/host/hall-host';
import { createDispatchService } from '../electron/host/dispatch/service';
import type { DispatchModule } from '../electron/host/dispatch/module';
import { findAppRoot } from '../electron/host/paths';
import { startWebServer } from '../electron/host/web/server';
import type { Logger } from '../electron/host/logging/logger';
import { seededRandom } from '../shared/domain/seeded-random';
import { townPoint, writeBenchMap } from './dispatch-fixture';

const RUNS = 7;
const UNITS = 2000;
const INCIDENTS = 500;
const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const f = (x: number, d = 3): string => x.toFixed(d);

const dataDir = mkdtempSync(join(tmpdir(), 'kf-bench-dispatch-'));
const resourcesDir = join(findAppRoot(), 'resources');
const unitIds = writeBenchMap(resourcesDir, dataDir, UNITS);
const clock = createFakeClock(T0);
const host = createHallHost({ dataDir, clock, log: quiet });
// One screen on the line: every event is serialised as the WebSocket would.
let eventBytes = 0;
host.connect({ transport: 'ws', ceiling: 'display', principal: 'screen', deliver: (event, payload) => { eventBytes += JSON.stringify({ type: 'event', event, payload }).length; } });
const gateway = host.connect({ transport: 'http', ceiling: 'commander', principal: 'bench' });
async function call(command: string, input: unknown): Promise<unknown> {
  const r = await gateway.invoke(command, input);
  if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
  return r.output;
}

const rnd = seededRandom(7);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
const t0 = performance.now();
const incidentIds: string[] = [];
for (let i = 0; i < INCIDENTS; i++) {
  const inc = (await call('incidents.create', { type: 'other', source: '110', location: townPoint(rnd) })) as { id: string; version: number };
  incidentIds.push(inc.id);
  if (i % 5 < 3) await call('incidents.dispatch', { id: inc.id, version: inc.version, unitIds: [unitIds[i]] });
}
console.log(`${INCIDENTS} incidents taken in (300 dispatched) in ${f((performance.now() - t0) / 1000, 1)} s`);

// ---- host time per GPS position update (contract path: validation, handler, batched write and broadcast) ----
const positions = unitIds.map(() => townPoint(rnd));
const perUpdate: number[] = [];
const flushes: number[] = [];
for (let round = 0; round < RUNS + 2; round++) {
  const at = clock.now();
  const start = performance.now();
  for (let i = 0; i < UNITS; i++) {
    const p = positions[i];
    p.lat += (rnd() - 0.5) * 1e-4;
    p.lon += (rnd() - 0.5) * 1e-4;
    await gateway.invoke('units.reportPosition', { id: unitIds[i], lat: p.lat, lon: p.lon, at, speed: 30, heading: 90 });
  }
  const accepted = performance.now();
  clock.advance(1000); // the 250 ms batch: one transaction and one units.moved for all 2,000
  const flushed = performance.now();
  if (round >= 2) {
    perUpdate.push((flushed - start) / UNITS);
    flushes.push(flushed - accepted);
  }
}
const updateMs = median(perUpdate);
console.log(`position update: median ${f(updateMs)} ms per update (incl. its share of the batch write+broadcast; batch of 2,000 took ${f(median(flushes), 1)} ms)`);

// ---- recommendation for one incident ----
function timeRecommend(rec: (id: string) => unknown): { ms: number; method: string } {
  let method = '';
  for (let i = 0; i < 10; i++) rec(incidentIds[i]);
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const id = incidentIds[Math.floor(rnd() * incidentIds.length)];
    const s = performance.now();
    method = (rec(id) as { method: string }).method;
    times.push(performance.now() - s);
  }
  return { ms: median(times), method };
}
const straight = createDispatchService({
  db: host.db, clock, audit: () => undefined, log: quiet, targets: () => [], seedUnits: () => [], center: () => null, emit: () => undefined,
});
const sl = timeRecommend((id) => straight.recommend(id, 10));
console.log(`recommendation (${sl.method}, ${UNITS} units): median ${f(sl.ms, 2)} ms`);
const dispatch = host.modules.find((m) => m.name === 'dispatch') as DispatchModule;
const road = timeRecommend((id) => dispatch.service.recommend(id, 10));
console.log(road.method === 'road'
  ? `recommendation (road network, ${UNITS} units): median ${f(road.ms, 2)} ms`
  : `recommendation through the host: ${road.method} (no road network in this host), median ${f(road.ms, 2)} ms`);

// ---- the same updates over HTTP, for scale (keep-alive, 8 in flight) ----
const server = await startWebServer({ host, port: 0, tokens: [{ role: 'commander', name: 'gps-gateway', secret: 'bench-gps-gateway-token' }] });
const httpStart = performance.now();
let next = 0;
const at = clock.now();
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < UNITS) {
    const i = next++;
    const res = await fetch(`${server.url}/api/v1/units/${unitIds[i]}/position`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench-gps-gateway-token', 'content-type': 'application/json' },
      body: JSON.stringify({ lat: positions[i].lat, lon: positions[i].lon, at }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    await res.arrayBuffer();
  }
}));
const httpS = (performance.now() - httpStart) / 1000;
console.log(`HTTP: ${UNITS} position POSTs in ${f(httpS, 2)} s (${Math.round(UNITS / httpS)} per second, client and server on the same cores)`);
await server.close();

if (process.argv.includes('--renderer')) {
  const { rendererBench } = await import('./dispatch-renderer');
  await rendererBench({ host, clock, unitIds, positions, rnd, noAnimations: process.argv.includes('--no-animations') });
}

console.log(`events serialised for one screen: ${(eventBytes / 1e6).toFixed(1)} MB`);
await host.close();
rmSync(dataDir, { recursive: true, force: true });
