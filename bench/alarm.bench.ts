// Benchmark of the one-key reinforcement alarm: press to siren frame over a real pty (KF1, Modbus RTU), and press
// to the banner painted in Chromium. The hall runs as its own process (`kuaifan serve --device`), as in a hall.
// Run: node --import tsx bench/alarm.bench.ts [--presses 1000] [--runs 3] [--browser-presses 50] [--only kf1|modbus|browser]
// The browser part needs the built console (npx electron-vite build --config ./vite.config.ts) and Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { chromium } from '@playwright/test';
import { runKf1Simulator, type Kf1Simulator } from '../electron/host/alarm/sim/kf1-sim';
import { runModbusSimulator, type ModbusSimulator } from '../electron/host/alarm/sim/modbus-sim';
import { startSocatPair, type SocatPair } from '../electron/host/alarm/sim/socat-pair';

const { values: args } = parseArgs({
  options: {
    presses: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'browser-presses': { type: 'string', default: '50' },
    only: { type: 'string' },
  },
});
const PRESSES = Number(args.presses);
const RUNS = Number(args.runs);
const BROWSER_PRESSES = Number(args['browser-presses']);
const COMMANDER = 'bench-commander-token';
const DISPLAY = 'bench-display-token-1';

const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!; };
const median = (xs: number[]): number => pct(xs, 50);
const f = (x: number): string => x.toFixed(x < 10 ? 2 : 1);

/** Polls gently (every 20 ms): only for setup; the measured waits below are event-driven, never busy. */
async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise settled from an event callback, with a timeout so a lost frame fails the run instead of hanging. */
function signal<T>(what: string, timeoutMs = 10_000): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), timeoutMs);
    resolve = (v) => { clearTimeout(t); res(v); };
  });
  // Awaited later; until then a timeout must not count as an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve };
}

const children = new Set<ChildProcess>();
// A failed run must not leave a hall process holding a pty.
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

interface Hall { url: string; child: ChildProcess; ws: WebSocket; call(command: string, input?: unknown): Promise<unknown>; stop(): Promise<void> }

async function startHall(device: string): Promise<Hall> {
  const data = mkdtempSync(join(tmpdir(), 'kf-alarm-bench-'));
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'electron/cli/main.ts', 'serve', '--data', data, '--listen', '127.0.0.1:0',
    '--token', `commander:bench:${COMMANDER}`, '--token', `display:squad:${DISPLAY}`, '--device', device,
  ], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  const url = await until('serve to start', () => /serving (http:\/\/\S+)/.exec(out)?.[1], 60_000);
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${COMMANDER}`);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const waiting = new Map<number, (v: { ok: boolean; output?: unknown; error?: { message: string } }) => void>();
  let id = 1;
  ws.on('message', (m) => { const fr = JSON.parse(m.toString()) as { type: string; id: number }; if (fr.type === 'reply') waiting.get(fr.id)?.(fr as never); });
  const call = (command: string, input: unknown = {}): Promise<unknown> => new Promise((resolve, reject) => {
    const n = id++;
    waiting.set(n, (r) => { waiting.delete(n); if (r.ok) resolve(r.output); else reject(new Error(`${command}: ${r.error?.message}`)); });
    ws.send(JSON.stringify({ type: 'invoke', id: n, command, input }));
  });
  await call('session.setupAdmin', { name: '压测', policeNo: '000135', pin: '135135' });
  return {
    url, child, ws, call,
    async stop() { ws.close(); child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); },
  };
}

async function closeAlarm(hall: Hall): Promise<void> {
  await hall.call('alarm.close', { note: 'bench' });
}

async function benchKf1(): Promise<number[][]> {
  const pair = await startSocatPair();
  let sim: Kf1Simulator | null = await runKf1Simulator({ path: pair.b });
  const hall = await startHall(`kf1:${pair.a}`);
  const runs: number[][] = [];
  try {
    await until('the box to be seen', () => sim!.received().some((r) => r.frame.type === 'WHO'), 30_000);
    await new Promise((r) => setTimeout(r, 300));
    for (let run = 0; run < RUNS; run++) {
      const lat: number[] = [];
      for (let i = 0; i < PRESSES; i++) {
        const on = signal<number>('siren OUT');
        const offSeen = signal<number>('siren OUT off');
        const stop = sim.onFrame((r) => {
          if (r.frame.type !== 'OUT' || r.frame.ch !== 1) return;
          if (r.frame.on) on.resolve(r.hr);
          else offSeen.resolve(r.hr);
        });
        sim.press(1);
        const pressedAt = sim.lastInSentAt();
        lat.push((await on.promise) - pressedAt);
        sim.release(1);
        await closeAlarm(hall);
        await offSeen.promise;
        stop();
      }
      runs.push(lat);
      console.log(`KF1 run ${run + 1}: p50 ${f(median(lat))} ms  p99 ${f(pct(lat, 99))} ms  max ${f(Math.max(...lat))} ms`);
    }
  } finally {
    await hall.stop();
    await sim.close();
    sim = null;
    await pair.kill();
  }
  return runs;
}

async function benchModbus(): Promise<number[][]> {
  const pair: SocatPair = await startSocatPair();
  const sim: ModbusSimulator = await runModbusSimulator({ path: pair.b, slaveId: 1 });
  const hall = await startHall(`modbus:${pair.a}:1?poll=50`);
  const runs: number[][] = [];
  try {
    await until('the board to be polled', () => sim.counts().requests > 5, 30_000);
    for (let run = 0; run < RUNS; run++) {
      const lat: number[] = [];
      for (let i = 0; i < PRESSES; i++) {
        const on = signal<number>('siren coil on');
        const offSeen = signal<number>('siren coil off');
        const stop = sim.onCoil((c) => { if (c.ch !== 1) return; if (c.on) on.resolve(c.hr); else offSeen.resolve(c.hr); });
        sim.tap(1);
        const pressedAt = sim.lastPressAt();
        lat.push((await on.promise.catch(async (err: Error) => {
          throw new Error(`${err.message} (press ${i + 1}; board ${sim.status()}; hall ${JSON.stringify(await hall.call('alarm.state'))})`);
        })) - pressedAt);
        await closeAlarm(hall);
        await offSeen.promise;
        stop();
        // A level-polled input needs a poll that sees it released before the next press can be an edge.
        const polls = sim.counts().requests;
        await until('two polls after the release', () => sim.counts().requests >= polls + 2);
        // Presses land at random points of the poll cycle, as a person's would.
        await new Promise((r) => setTimeout(r, Math.random() * 50));
      }
      runs.push(lat);
      console.log(`Modbus run ${run + 1}: p50 ${f(median(lat))} ms  p99 ${f(pct(lat, 99))} ms  max ${f(Math.max(...lat))} ms (poll 50 ms)`);
    }
  } finally {
    await hall.stop();
    await sim.close();
    await pair.kill();
  }
  return runs;
}

async function benchBrowser(): Promise<number[]> {
  if (!existsSync('out/renderer/index.html')) throw new Error('Build the console first: npx electron-vite build --config ./vite.config.ts');
  const pair = await startSocatPair();
  const sim = await runKf1Simulator({ path: pair.b });
  const hall = await startHall(`kf1:${pair.a}`);
  const executablePath = process.env.KUAIFAN_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const lat: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${hall.url}/?token=${DISPLAY}#/squad`);
    await page.getByTestId('squad-standby').waitFor();
    await until('the box to be seen', () => sim.received().some((r) => r.frame.type === 'WHO'), 30_000);
    for (let i = 0; i < BROWSER_PRESSES; i++) {
      // In the page: the epoch instant the banner is in the DOM and a frame has been painted with it.
      // (A string, because tsx would wrap a function with helpers the page does not have.)
      const painted = page.evaluate(`new Promise((resolve) => {
        const seen = () => document.querySelector('[data-testid="alarm-banner"]') !== null;
        const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
        if (seen()) return done();
        const mo = new MutationObserver(() => { if (seen()) { mo.disconnect(); done(); } });
        mo.observe(document.body, { childList: true, subtree: true });
      })`) as Promise<number>;
      await page.waitForTimeout(50);
      const pressedAt = performance.timeOrigin + performance.now();
      sim.tap(1);
      lat.push((await painted) - pressedAt);
      await closeAlarm(hall);
      await page.getByTestId('alarm-banner').waitFor({ state: 'detached' });
    }
    console.log(`Chromium: p50 ${f(median(lat))} ms  p95 ${f(pct(lat, 95))} ms  max ${f(Math.max(...lat))} ms (${lat.length} presses)`);
  } finally {
    await browser.close();
    await hall.stop();
    await sim.close();
    await pair.kill();
  }
  return lat;
}

process.on('unhandledRejection', (err) => { console.error(err); process.exit(1); });
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`;
console.log(`machine: ${machine}`);
const summary: string[] = [];
const medianOfRuns = (runs: number[][], p: number): number => median(runs.map((r) => pct(r, p)));
if (!args.only || args.only === 'kf1') {
  const r = await benchKf1();
  summary.push(`| KF1, press to siren OUT at the box | ${RUNS} × ${PRESSES} | ${f(medianOfRuns(r, 50))} | ${f(medianOfRuns(r, 99))} | p99 < 20 ms |`);
}
if (!args.only || args.only === 'modbus') {
  const r = await benchModbus();
  summary.push(`| Modbus RTU (poll 50 ms), press to FC05 coil write | ${RUNS} × ${PRESSES} | ${f(medianOfRuns(r, 50))} | ${f(medianOfRuns(r, 99))} | p99 < 100 ms |`);
}
if (!args.only || args.only === 'browser') {
  const r = await benchBrowser();
  summary.push(`| KF1 press to banner painted on #/squad (Chromium) | ${r.length} | ${f(median(r))} | p95 ${f(pct(r, 95))} | p95 < 150 ms |`);
}
console.log(`\n${machine}\n| what | presses | p50 ms | p99 ms | goal |\n|---|---|---|---|---|\n${summary.join('\n')}`);
process.exit(0);
