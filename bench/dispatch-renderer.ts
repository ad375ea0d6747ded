// The console in Chromium under 500 open incidents and 2,000 units reporting at 1 Hz: main-thread time per update tick,
// read from the DevTools protocol's TaskDuration in thread time (everything the renderer's main thread did in that second).
import { join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type { FakeClock } from '../electron/host/clock';
import type { HallHost } from '../electron/host/hall-host';
import { findAppRoot } from '../electron/host/paths';
import { startWebServer } from '../electron/host/web/server';

const TICKS = Number(process.env.KF_BENCH_TICKS ?? 30);
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

export async function rendererBench(opts: { host: HallHost; clock: FakeClock; unitIds: string[]; positions: { lat: number; lon: number }[]; rnd: () => number; noAnimations: boolean }): Promise<void> {
  const { host, clock, unitIds, positions, rnd } = opts;
  const staticDir = join(findAppRoot(), 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error('out/renderer is missing: run npx electron-vite build --config ./vite.config.ts first');
  const token = 'bench-console-token';
  const server = await startWebServer({ host, port: 0, tokens: [{ role: 'commander', name: 'bench-console', secret: token }], staticDir });
  const browser = await chromium.launch({
    executablePath: ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const gateway = host.connect({ transport: 'http', ceiling: 'commander', principal: 'bench-gps' });
  try {
    await page.goto(`${server.url}/?token=${token}#/console`);
    await page.getByTestId('queue-count').filter({ hasText: '500' }).waitFor({ timeout: 60_000 });
    // Over CANVAS_UNITS_ABOVE units the maps draw them on a canvas in the units pane.
    await page.locator('.leaflet-kf-units-pane canvas').first().waitFor({ timeout: 60_000 });
    // A hall console has its commander signed in: create the first admin on the first-start dialog, as a duty
    // commander would, so no dialog with a blinking caret (a frame every 500 ms) sits over the console.
    await page.getByTestId('operator-bar').and(page.locator('[data-loaded="true"]')).waitFor();
    if (!(await page.getByTestId('setup-dialog').isVisible())) await page.getByTestId('open-setup').click();
    await page.getByTestId('setup-name').fill('王强');
    await page.getByTestId('setup-police-no').fill('032117');
    await page.getByTestId('setup-pin').fill('135135');
    await page.getByTestId('setup-pin2').fill('135135');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('sign-out').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForTimeout(1500);
    // --no-animations separates what the CSS animations (flashing rows, the core-site pulse) cost every second anyway.
    if (opts.noAnimations) await page.addStyleTag({ content: '*, *::before, *::after { animation: none !important; transition: none !important; }' });
    // KF_BENCH_CSS=RULES adds a style sheet, to find out what one part of the page costs (hide it and compare).
    if (process.env.KF_BENCH_CSS) await page.addStyleTag({ content: process.env.KF_BENCH_CSS });
    const cdp = await page.context().newCDPSession(page);
    // Thread CPU time rather than wall time: on a shared machine the wall clock also counts time the thread waited for a core.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const taskSeconds = async (): Promise<number> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')!.value;
    };
    const second = async (withPositions: boolean): Promise<number> => {
      const before = await taskSeconds();
      if (withPositions) {
        const at = clock.now();
        for (let i = 0; i < unitIds.length; i++) {
          const p = positions[i];
          p.lat += (rnd() - 0.5) * 2e-4;
          p.lon += (rnd() - 0.5) * 2e-4;
          await gateway.invoke('units.reportPosition', { id: unitIds[i], lat: p.lat, lon: p.lon, at, speed: 30, heading: 90 });
        }
      }
      clock.advance(1000); // the batch goes out as one units.moved
      await new Promise((r) => setTimeout(r, 1000));
      return ((await taskSeconds()) - before) * 1000;
    };
    for (let i = 0; i < 3; i++) await second(true); // warm-up: JIT, first layouts
    /** Compositor layers of the console and why each exists: each one costs every frame's layerize and commit. */
    const layerCensus = async (): Promise<string> => {
      type Layer = { layerId: string; drawsContent: boolean };
      const got = new Promise<Layer[]>((r) => cdp.once('LayerTree.layerTreeDidChange', (e) => r((e.layers ?? []) as Layer[])));
      await cdp.send('LayerTree.enable');
      await second(false);
      const layers = (await got).filter((l) => l.drawsContent);
      const reasons = new Map<string, number>();
      for (const l of layers) {
        const r = await cdp.send('LayerTree.compositingReasons', { layerId: l.layerId }).catch(() => null);
        const k = r?.compositingReasonIds?.join('+') || 'none named';
        reasons.set(k, (reasons.get(k) ?? 0) + 1);
      }
      await cdp.send('LayerTree.disable');
      return `${layers.length} (${[...reasons].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${v} ${k}`).join(', ')})`;
    };
    const layers = await layerCensus();
    /** Where the main thread's time goes in a tick with positions, from a DevTools trace of three ticks. */
    const tracePhases = async (): Promise<string> => {
      type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } };
      const events: TraceEvent[] = [];
      cdp.on('Tracing.dataCollected', (e) => { events.push(...(e.value as unknown as TraceEvent[])); });
      const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      // blink and cc name the steps inside a frame (the selection bounds, the hover hit test, layerize) that the
      // DevTools timeline categories leave as one block.
      await cdp.send('Tracing.start', { categories: process.env.KF_BENCH_TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc', transferMode: 'ReportEvents' });
      for (let i = 0; i < 3; i++) await second(true);
      await cdp.send('Tracing.end');
      await done;
      // KF_BENCH_TRACE=FILE keeps the trace, for chrome://tracing or Perfetto.
      if (process.env.KF_BENCH_TRACE) writeFileSync(process.env.KF_BENCH_TRACE, JSON.stringify({ traceEvents: events }));
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
      const slices = events.filter((e) => main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
      // Self time in thread time (CPU, as the TaskDuration figures): each slice less the slices nested in it.
      const self = new Map<string, number>();
      const open: TraceEvent[] = [];
      let commits = 0;
      for (const e of slices) {
        const cpu = (e.tdur ?? e.dur ?? 0) / 1000;
        while (open.length && open[open.length - 1].ts + (open[open.length - 1].dur ?? 0) <= e.ts) open.pop();
        const parent = open[open.length - 1];
        if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu);
        self.set(e.name, (self.get(e.name) ?? 0) + cpu);
        open.push(e);
        if (e.name === 'Commit') commits++;
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 3).toFixed(1)}`).join(', ');
      return `${top}; ${(commits / 3).toFixed(1)} frames committed per tick`;
    };
    const phases = await tracePhases();
    // KF_BENCH_PROFILE=FILE keeps a V8 CPU profile of five ticks with positions (DevTools' Performance panel opens it).
    if (process.env.KF_BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      for (let i = 0; i < 5; i++) await second(true);
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.send('Profiler.disable');
      writeFileSync(process.env.KF_BENCH_PROFILE, JSON.stringify(profile));
    }
    // Ticks with and without positions alternate, so both are measured in the same state of the hall: as the
    // fake clock runs, incidents reach the second echelon and their rows start flashing part-way through a run;
    // measuring all idle ticks first and all busy ticks after would count that change as the positions' cost.
    const idle: number[] = [];
    const busy: number[] = [];
    for (let i = 0; i < TICKS; i++) {
      busy.push(await second(true));
      if (i % 3 === 0) idle.push(await second(false));
    }
    // KF_BENCH_EACH=1 prints every tick: a slow second that comes at the same place in every run is the hall's doing.
    if (process.env.KF_BENCH_EACH) console.log(`  ticks with positions: ${busy.map((x) => x.toFixed(1)).join(' ')}; without: ${idle.map((x) => x.toFixed(1)).join(' ')}`);
    // KF_BENCH_SHOT=FILE.png keeps a screenshot of the console as the ticks left it (500 badges, 2,000 units).
    if (process.env.KF_BENCH_SHOT) await page.screenshot({ path: process.env.KF_BENCH_SHOT });
    const painter = await page.locator('.leaflet-kf-units-pane canvas').first().getAttribute('data-painter');
    const domMarkers = await page.locator('[data-testid="unit-marker"]').count();
    console.log(`renderer (Chromium, console, 500 incidents, ${unitIds.length} units ${domMarkers ? `as ${domMarkers} DOM markers` : `on canvas drawn by the ${painter ?? '?'}`}): main-thread time per 1 s tick with 2,000 positions ` +
      `median ${median(busy).toFixed(1)} ms (p90 ${pct(busy, 0.9).toFixed(1)} ms); a tick without positions (countdowns only) median ${median(idle).toFixed(1)} ms; ` +
      `so the positions add ${(median(busy) - median(idle)).toFixed(1)} ms${opts.noAnimations ? ' (CSS animations off)' : ''}`);
    console.log(`  main-thread self time by trace event in a tick with positions (ms of thread time, while traced): ${phases}`);
    console.log(`  compositor layers: ${layers}`);
  } finally {
    gateway.close();
    await browser.close();
    await server.close();
  }
}
