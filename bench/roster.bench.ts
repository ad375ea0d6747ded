// Benchmark of the duty roster: on-duty at random instants, the month view for 3 crews × 60 officers in the host
// and in Chromium, and one durable edit (synchronous=FULL, audit row, fsync).
// Run: node --import tsx bench/roster.bench.ts [--write] [--no-browser]
//   --write replaces the roster section of docs/benchmarks.md (between its markers) with this run's figures.
//   The browser part needs a build (npx electron-vite build --config ./vite.config.ts) and Chromium.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHallHost } from '../electron/host/hall-host';
import { createLogger } from '../electron/host/logging/logger';
import { findAppRoot } from '../electron/host/paths';
import type { RosterModule } from '../electron/host/roster/module';
import { startWebServer } from '../electron/host/web/server';

const args = process.argv.slice(2);
const write = args.includes('--write');
const browser = !args.includes('--no-browser');
const RUNS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
/** Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure. */
const cpuMs = (fn: () => void): { wall: number; cpu: number } => {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const u = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000 };
};
let seed = 135;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);

const dataDir = mkdtempSync(join(tmpdir(), 'kf-roster-bench-'));
const host = createHallHost({ dataDir, log: createLogger({ quiet: true }) });
const roster = (host.modules.find((m) => m.name === 'roster') as RosterModule).service;

// 3 crews × 60 officers (the sample's 60 are replaced by an import of 180), 3x2 from 2026-01-01.
const rows = ['警号,姓名,班组,入组日期,持枪,带班,战备'];
['甲', '乙', '丙'].forEach((crew, c) => {
  for (let i = 0; i < 60; i++) rows.push(`B${c}${String(i).padStart(3, '0')},警员${crew}${i},${crew},2026-01-01,${i < 20 ? '是' : '否'},${i < 3 ? '是' : '否'},${i < 8 ? '是' : '否'}`);
});
const file = { fileName: 'bench.csv', data: Buffer.from(rows.join('\n')).toString('base64') };
const preview = await roster.importPreview(file);
await roster.importApply({ ...file, digest: preview.digest, revision: preview.revision }, 'bench');
roster.setRotation({ pattern: '3x2', anchor: '2026-01-01', crews: ['甲', '乙', '丙'], from: '2026-01-01' }, 'bench');
const officers = roster.config().officers;

// Exceptions over the month, so the views do real work: 120 leaves, 60 extra duties, 30 swaps.
const day = (d: number): string => `2026-12-${String(d).padStart(2, '0')}`;
for (let k = 0; k < 120; k++) {
  const o = officers[k % officers.length]!;
  const d = 1 + (k % 28);
  try { roster.addException({ kind: 'leave', officerId: o.id, from: day(d), to: day(d), reason: 'bench' }, 'bench'); } catch { /* overlap: skip */ }
}
for (let k = 0; k < 60; k++) {
  const o = officers[(k * 7) % officers.length]!;
  try { roster.addException({ kind: 'extra', officerId: o.id, day: day(1 + (k % 30)), shift: k % 2 ? 'day' : 'night', reason: 'bench' }, 'bench'); } catch { /* already on it */ }
}
for (let k = 0; k < 30; k++) {
  const a = officers[k]!;
  const b = officers[60 + k]!;
  try { roster.addException({ kind: 'swap', officerId: a.id, day: day(2 + (k % 27)), partnerId: b.id, partnerDay: day(2 + (k % 27)), reason: 'bench' }, 'bench'); } catch { /* not both working */ }
}
const exceptions = roster.exceptions({ from: '2026-12-01', to: '2026-12-31', includeRevoked: false }).length;

// On-duty at random instants over two years.
const T0 = Date.parse('2026-01-01T00:00:00+08:00');
const SPAN = 730 * 86_400_000;
roster.onDuty(new Date(T0).toISOString());
const onDutyRuns: number[] = [];
const onDutyCpu: number[] = [];
const QUERIES = 5000;
for (let r = 0; r < RUNS; r++) {
  const instants = Array.from({ length: QUERIES }, () => new Date(T0 + Math.floor(rnd() * SPAN)).toISOString());
  const t = cpuMs(() => { for (const at of instants) roster.onDuty(at); });
  onDutyRuns.push(t.wall / QUERIES);
  onDutyCpu.push(t.cpu / QUERIES);
}

// Month view in the host (what roster.view does for the grid: cells, staffing, every rule). "Cold" is the first
// view after an edit (a new engine, nothing memoised), as a screen sees it after roster.changed.
roster.view('2026-12-01', '2026-12-31');
const coldViews: { wall: number; cpu: number }[] = [];
for (let r = 0; r < RUNS * 3; r++) {
  const o = officers[(r * 11) % officers.length]!;
  const e = roster.addException({ kind: 'leave', officerId: o.id, from: '2027-03-01', to: '2027-03-01', reason: 'bench' }, 'bench').exception;
  coldViews.push(cpuMs(() => roster.view('2026-12-01', '2026-12-31')));
  roster.revokeException({ id: e.id, version: e.version }, 'bench');
}
const viewRuns = coldViews.map((v) => v.wall);
const viewCpu = coldViews.map((v) => v.cpu);
const viewBytes = JSON.stringify(roster.view('2026-12-01', '2026-12-31')).length;

// One durable edit: IMMEDIATE transaction, version checks, audit row, commit with synchronous=FULL.
const editTimes: number[] = [];
const editCpu: number[] = [];
for (let k = 0; k < 150; k++) {
  const o = officers[(k * 13) % officers.length]!;
  const d = `2027-0${1 + (k % 6)}-${String(1 + Math.floor(k / 6) % 28).padStart(2, '0')}`;
  try {
    const t = cpuMs(() => roster.addException({ kind: 'leave', officerId: o.id, from: d, to: d, reason: 'bench edit' }, 'bench'));
    editTimes.push(t.wall);
    editCpu.push(t.cpu);
  } catch { /* overlap: not counted */ }
}

let render: { totalMs: number; mainThreadMs: number; cpuMs: number; layoutMs: number; styleMs: number; switches: number } | null = null;
let browserNote = 'not run (--no-browser)';
if (browser) {
  const staticDir = join(findAppRoot(), 'out', 'renderer');
  const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!existsSync(join(staticDir, 'index.html'))) browserNote = 'not run: out/renderer is missing (build first)';
  else if (!chromiumPath) browserNote = 'not run: no Chromium found';
  else {
    const { chromium } = await import('@playwright/test');
    const token = 'bench-watch-token';
    const server = await startWebServer({ host, port: 0, tokens: [{ role: 'watch', name: 'bench-watch', secret: token }], staticDir });
    const b = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await b.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(`${server.url}/?token=${token}#/roster`);
      const setup = page.getByTestId('setup-dialog');
      if (await setup.isVisible().catch(() => false)) await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="roster-cell"]').length >= 180 * 28, undefined, { timeout: 60_000 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = async (): Promise<Record<string, number>> =>
        Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
      const totals: number[] = [];
      const parts: Record<'TaskDuration' | 'ThreadTime' | 'LayoutDuration' | 'RecalcStyleDuration', number[]> = { TaskDuration: [], ThreadTime: [], LayoutDuration: [], RecalcStyleDuration: [] };
      // Between November and December (both with their own exceptions and rules), back and forth.
      for (let i = 0; i < 12; i++) {
        const before = await page.getByTestId('roster-month').getAttribute('data-month');
        const target = before === '2026-12' ? '2026-11' : '2026-12';
        const m0 = await metrics();
        // Passed as text: tsx would wrap named functions in a helper the page does not have.
        const wall = (await page.evaluate(`(async () => {
          const want = ${JSON.stringify(target)};
          const start = performance.now();
          document.querySelector(want === '2026-11' ? '[data-testid="roster-prev"]' : '[data-testid="roster-next"]').click();
          await new Promise((resolve) => {
            const check = () => {
              const ready = document.querySelector('[data-testid="roster-day"][data-date="' + want + '-01"]') !== null
                && document.querySelectorAll('[data-testid="roster-cell"]').length >= 180 * 28;
              if (ready) resolve(null); else requestAnimationFrame(check);
            };
            check();
          });
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - start;
        })()`)) as number;
        if (i >= 2) {
          totals.push(wall);
          const m1 = await metrics();
          for (const k of Object.keys(parts) as (keyof typeof parts)[]) parts[k].push(m1[k]! - m0[k]!);
        }
      }
      render = {
        totalMs: median(totals), mainThreadMs: median(parts.TaskDuration), cpuMs: median(parts.ThreadTime),
        layoutMs: median(parts.LayoutDuration), styleMs: median(parts.RecalcStyleDuration), switches: totals.length,
      };
      browserNote = `Chromium ${b.version()}`;
    } finally {
      await b.close();
      await server.close();
    }
  }
}
await host.close();

function renderLine(r: typeof render): string {
  if (!r) return `| month render in Chromium | — | ${browserNote} | < 200 ms |`;
  return `| month switch in Chromium, 180 × 31 cells: renderer main-thread CPU time (JSON, Vue, HTML, style, layout, paint) | ${ms(r.cpuMs)} ms | main thread busy ${ms(r.mainThreadMs)} ms wall (style ${ms(r.styleMs)}, layout ${ms(r.layoutMs)}); click to painted grid incl. host and WebSocket ${ms(r.totalMs)} ms; ${r.switches} switches | < 200 ms |`;
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `| measurement | median | p95 / note | goal |`,
  `|---|---|---|---|`,
  `| on-duty query at a random instant (service: zone, engine, JSON shape), ${QUERIES} × ${RUNS} runs | ${ms(median(onDutyRuns))} ms wall, ${ms(median(onDutyCpu))} ms CPU | runs ${onDutyRuns.map(ms).join(', ')} ms | < 1 ms |`,
  `| month view in the host after an edit (new engine), 3 crews × 60 officers, 31 days, ${exceptions} exceptions, all rules | ${ms(median(viewRuns))} ms wall, ${ms(median(viewCpu))} ms CPU | p95 ${ms(pct(viewRuns, 0.95))} ms wall; reply ${(viewBytes / 1024).toFixed(0)} KB JSON | < 20 ms |`,
  renderLine(render),
  `| one durable edit (leave: IMMEDIATE txn, audit row, synchronous=FULL commit), ${editTimes.length} edits | ${ms(median(editTimes))} ms wall, ${ms(median(editCpu))} ms CPU | p95 ${ms(pct(editTimes, 0.95))} ms wall | < 10 ms |`,
];
const section = `<!-- roster-bench:begin (generated by bench/roster.bench.ts --write; edit the script, not this text) -->
## Roster

Run: \`node --import tsx bench/roster.bench.ts --write\` on ${new Date().toISOString().slice(0, 10)}; ${cpu}, ${cpus().length} cores
shared with other work (load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}), Node ${process.version}, ${browserNote}; data on ${tmpdir()}.

${lines.join('\n')}

Wall-clock figures include waiting for a CPU on this shared machine (see the load average); the CPU-time figures
(this process's, and for Chromium the renderer main thread's ThreadTime) are the steadier measure. The edit's
wall time beyond its CPU time is mostly the fsync of the WAL at commit (synchronous=FULL), so it depends on the disk.
<!-- roster-bench:end -->`;
console.log(section);
if (write) {
  const docFile = join(findAppRoot(), 'docs', 'benchmarks.md');
  const doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '# Benchmarks\n';
  const re = /<!-- roster-bench:begin[\s\S]*?<!-- roster-bench:end -->/;
  writeFileSync(docFile, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  console.log(`wrote ${docFile}`);
}
