// Benchmark of the one-key reinforcement alarm: press to siren frame over a real pty (KF1, Modbus RTU), and press
// to the banner painted in Chromium. The hall runs as its own process (`kuaifan serve --device`), as in a hall.
// Run: node --import tsx bench/alarm.bench.ts [--presses 1000] [--runs 3] [--browser-presses 50] [--only kf1|modbus|browser] [--write]
// --write replaces the alarm section of docs/benchmarks.md (between its markers) with this run's figures.
// The browser part needs the built console (npx electron-vite build --config ./vite.config.ts) and Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { chromium } from '@playwright/test';
import { runKf1Simulator, type Kf1Simulator } from '../electron/host/alarm/sim/kf1-sim';
import { runModbusSimulator, type ModbusSimulator } from '../electron/host/alarm/sim/modbus-sim';
import { startSocatPair, type SocatPair } from '../electron/host/alarm/sim/socat-pair';
import { createRig } from '../electron/host/alarm/test-rig';

const { values: args } = parseArgs({
  options: {
    presses: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'browser-presses': { type: 'string', default: '50' },
    only: { type: 'string' },
    write: { type: 'boolean', default: false },
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
  // Press after press, as fast as the hall closes each alarm: the console-side debounce (a settle time after a
  // release, a lockout after a close; tested in the alarm tests) is set to its least so it times only the path.
  await call('alarm.configure', BENCH_DEBOUNCE);
  return {
    url, child, ws, call,
    async stop() { ws.close(); child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); },
  };
}

/** The least debounce the settings allow; each press below waits out the settle time after its release. */
const BENCH_DEBOUNCE = { buttonSettleMs: 20, closeLockoutMs: 0 };
const settled = (): Promise<void> => new Promise((r) => setTimeout(r, BENCH_DEBOUNCE.buttonSettleMs + 5));

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
        await settled();
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

/** Reference: the alarm service and the simulator in one process (no hall process to schedule), same pty. */
async function benchKf1InProcess(): Promise<number[]> {
  const rig = createRig();
  const lat: number[] = [];
  try {
    const box = await rig.kf1();
    const h = rig.start([box.config]);
    h.svc.configure('bench', BENCH_DEBOUNCE);
    await until('the box to be OK', () => h.svc.devices()[0]?.state === 'ok');
    for (let i = 0; i < PRESSES; i++) {
      const on = signal<number>('siren OUT');
      const offSeen = signal<number>('siren OUT off');
      const stop = box.sim.onFrame((r) => {
        if (r.frame.type !== 'OUT' || r.frame.ch !== 1) return;
        if (r.frame.on) on.resolve(r.hr);
        else offSeen.resolve(r.hr);
      });
      box.sim.press(1);
      const pressedAt = box.sim.lastInSentAt();
      lat.push((await on.promise) - pressedAt);
      box.sim.release(1);
      h.svc.close('bench', 'bench');
      await offSeen.promise;
      stop();
      await settled();
    }
  } finally {
    await rig.cleanup();
  }
  console.log(`KF1 in-process: p50 ${f(median(lat))} ms  p99 ${f(pct(lat, 99))} ms`);
  return lat;
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
const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' / ');
const calibrationMs = median(Array.from({ length: 5 }, () => { const t = performance.now(); let x = 0; for (let i = 0; i < 1e8; i++) x += i & 7; if (x < 0) console.log(''); return performance.now() - t; }));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} shared with other work, Node ${process.version}, ${process.platform} ${process.arch}`;
console.log(`machine: ${machine}; load ${loadAtStart}; calibration loop ${f(calibrationMs)} ms`);
const rows: string[] = [];
const perRun: string[] = [];
const medianOfRuns = (runs: number[][], p: number): number => median(runs.map((r) => pct(r, p)));
// A tail goal holds only if every run meets it: the headline p99 is the worst run's, not the median run's.
const worstOfRuns = (runs: number[][], p: number): number => Math.max(...runs.map((r) => pct(r, p)));
const goalVerdict = (runs: number[][], p: number, limitMs: number): string => {
  const missed = runs.filter((r) => pct(r, p) >= limitMs).length;
  return missed === 0 ? `met in all ${runs.length} runs` : `**missed in ${missed} of ${runs.length} runs**`;
};
const tailText = (runs: number[][], p: number): string => `p${p} ${f(worstOfRuns(runs, p))} ms (worst run; median run ${f(medianOfRuns(runs, p))} ms)`;
const runsText = (runs: number[][]): string => runs.map((r) => `${f(median(r))}/${f(pct(r, 99))}`).join(', ');
if (!args.only || args.only === 'kf1') {
  const r = await benchKf1();
  rows.push(`| KF1: press (IN written) to the siren OUT read at the box, over a pty | ${f(medianOfRuns(r, 50))} ms | ${tailText(r, 99)}, max ${f(Math.max(...r.flat()))} ms; ${RUNS} × ${PRESSES} presses | p99 < 20 ms: ${goalVerdict(r, 99, 20)} |`);
  perRun.push(`KF1 p50/p99 per run: ${runsText(r)} ms.`);
  const inProcess = await benchKf1InProcess();
  rows.push(`| reference: the same with the alarm service in the simulator's process (no hall process) | ${f(median(inProcess))} ms | p99 ${f(pct(inProcess, 99))} ms; ${PRESSES} presses | |`);
}
if (!args.only || args.only === 'modbus') {
  const r = await benchModbus();
  rows.push(`| Modbus RTU, poll 50 ms: press to the FC05 siren coil write read at the board | ${f(medianOfRuns(r, 50))} ms | ${tailText(r, 99)}, max ${f(Math.max(...r.flat()))} ms; ${RUNS} × ${PRESSES} presses | p99 < 100 ms (two polls): ${goalVerdict(r, 99, 100)} |`);
  perRun.push(`Modbus p50/p99 per run: ${runsText(r)} ms.`);
}
if (!args.only || args.only === 'browser') {
  const r = await benchBrowser();
  rows.push(`| KF1 press to the banner painted on #/squad in Chromium (WebSocket) | ${f(median(r))} ms | p95 ${f(pct(r, 95))} ms, max ${f(Math.max(...r))} ms; ${r.length} presses | p95 < 150 ms |`);
}
const loadAtEnd = loadavg().map((l) => l.toFixed(1)).join(' / ');
const section = `<!-- alarm-bench:begin (generated by bench/alarm.bench.ts --write; edit the script, not this text) -->
## Alarm: press to siren, press to banner

Run: \`node --import tsx bench/alarm.bench.ts --write\` on ${new Date().toISOString().slice(0, 10)}. ${machine}; load average
${loadAtStart} at the start, ${loadAtEnd} at the end. Calibration: the plain 10^8-iteration loop (\`s += i & 7\`) takes
${f(calibrationMs)} ms here.

Set-up, as in a hall: \`kuaifan serve --device ...\` runs as its own process (SQLite with synchronous=FULL, the
audit chain, the WebSocket server, every domain module); socat links it to the simulator in the benchmark's
process through a real pseudo-terminal pair. Each press is one whole alarm: press, siren on, then
\`alarm.close\` over WebSocket and the siren off before the next press. Times are from the simulator writing the
press to it reading the siren command, on one \`performance.now()\` clock; the browser row compares the page's
\`performance.timeOrigin + now()\` at the first frame painted with the banner (MutationObserver, then
requestAnimationFrame) with the press in this process. p50 is the median over the runs; p99 is the worst run's
(the median run's beside it), and the goal column says in how many runs the goal was met.

| measure | p50 | detail | goal |
|---|---|---|---|
${rows.join('\n')}

${perRun.join(' ')}

Notes. The console-side debounce is set to its least for the run (settle 20 ms after a release, no lockout after a
close; each press waits out the settle time): it would otherwise drop presses this fast, and it is tested in the alarm
tests. The KF1 siren OUT is written before the alarm is committed to disk, so the fsync does not count; what
is left is three processes (simulator, socat, hall) being scheduled in turn, which is where the tail comes
from on a loaded 2-core machine (compare the in-process reference row). A
Modbus press waits for the next poll (0-50 ms, 25 ms on average) and then one FC02 reply and one FC05
transaction; the input edge is handed on after the poll so the coil write goes out before the commit.
<!-- alarm-bench:end -->`;
console.log('\n' + section);
if (args.write) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nEach domain keeps its own section; figures are medians from the run each section names.\n';
  const re = /<!-- alarm-bench:begin[\s\S]*?<!-- alarm-bench:end -->/;
  writeFileSync(file, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  console.log('\nwrote the alarm section of docs/benchmarks.md');
}
process.exit(0);
