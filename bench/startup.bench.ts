// Start-up benchmark: from spawning `kuaifan serve` to the console interactive in Chromium, and the host's memory.
// Run after `npm run build`: node --import tsx bench/startup.bench.ts [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';

const RUNS = Number(process.argv[2] ?? 5);
const PORT = 5199;
const TOKEN = 'bench-commander-token-0123';
const targets = (JSON.parse(readFileSync('resources/demo/targets.geojson', 'utf8')) as { features: unknown[] }).features.length;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function waitForHealth(deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error('kuaifan serve did not answer health within 20 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.KUAIFAN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const startMs: number[] = [];
const listenMs: number[] = [];
const rss: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const data = mkdtempSync(join(tmpdir(), 'kuaifan-bench-start-'));
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/kuaifan.js', 'serve', '--data', data, '--listen', `127.0.0.1:${PORT}`, '--token', `commander:${TOKEN}`], { stdio: 'ignore' });
  await waitForHealth(t0 + 20_000);
  const tListen = performance.now();
  await page.goto(`http://127.0.0.1:${PORT}/?token=${TOKEN}#/console`);
  // Interactive: connected, every sample target drawn, the roster filled, and the page answers input.
  await page.getByTestId('connection-indicator').and(page.locator('[data-state="open"]')).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="target-marker"]').length === n, targets);
  await page.getByTestId('roster-unit').first().waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const t1 = performance.now();
  startMs.push(t1 - t0);
  listenMs.push(tListen - t0);
  await new Promise((r) => setTimeout(r, 500)); // let start-up garbage settle before reading memory
  rss.push(rssMb(child.pid!));
  await page.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
await browser.close();

const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
console.log(`## Foundation: start-up

\`node --import tsx bench/startup.bench.ts ${RUNS}\` on ${new Date().toISOString().slice(0, 10)}; ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; Chromium headless.
From spawning \`kuaifan serve\` on a fresh data folder (migrations, sample map and roster seeded) to the console interactive
(connected, all ${targets} sample targets drawn, the unit roster filled, one frame rendered). Memory is the host process's RSS after start.

| measure | median of ${RUNS} | runs | goal |
|---|---|---|---|
| serve start to /api/v1/health answering | ${listenMs.length ? median(listenMs).toFixed(0) : '-'} ms | ${listenMs.map((x) => x.toFixed(0)).join(', ')} | |
| serve start to console interactive in Chromium | ${median(startMs).toFixed(0)} ms | ${startMs.map((x) => x.toFixed(0)).join(', ')} | < 1500 ms |
| host RSS after start | ${median(rss).toFixed(0)} MB | ${rss.map((x) => x.toFixed(0)).join(', ')} | < 150 MB |
`);
