// `kuaifan simulate patrol`: the hall's units drive the sample roads and report GPS, answer dispatches and acknowledge orders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from '../../host/paths';
import { ApiError, httpPatrolApi, PatrolSimulator } from '../../host/dispatch/sim/patrol-sim';
import { parse, UsageError } from '../command';
import { positiveInt } from './simulate-serial';
import type { Simulation } from './simulate';

export const patrolSimulation: Simulation = {
  name: 'patrol',
  summary: 'field units: drive the roads and post GPS through the API, answer dispatches, acknowledge orders',
  usage: `patrol [--url URL] [--token SECRET] [--roads FILE] [--tick MS] [--seed N] [--units ID,ID...] [--no-respond]

  --url URL        the hall (default http://127.0.0.1:5180)
  --token SECRET   a commander token of the hall (or $KUAIFAN_TOKEN)
  --roads FILE     road GeoJSON to drive on (default resources/demo/roads.geojson)
  --tick MS        how often each unit reports its position (default 1000)
  --seed N         random seed for the patrol routes (default 135)
  --units IDS      only these units (default every unit the hall has)
  --no-respond     drive and acknowledge only; do not answer dispatches

  A dispatched unit reports 途中 after a short turnout, drives the shortest road route, reports 到场 on
  arrival and 处置中 some 20-40 s later. Orders are acknowledged (收到) 1-4 s after they arrive.`,
  async run(argv, io) {
    const { values } = parse(argv, {
      url: { type: 'string' }, token: { type: 'string' }, roads: { type: 'string' }, tick: { type: 'string' },
      seed: { type: 'string' }, units: { type: 'string' }, 'no-respond': { type: 'boolean' },
    });
    const token = values.token ?? io.env.KUAIFAN_TOKEN;
    if (!token) throw new UsageError('--token SECRET is required (a commander token the hall was started with), or set KUAIFAN_TOKEN');
    const url = values.url ?? 'http://127.0.0.1:5180';
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--url ${url}: expected an address such as http://127.0.0.1:5180`);
    }
    const roadsFile = values.roads ?? join(findAppRoot(), 'resources', 'demo', 'roads.geojson');
    let roads: unknown;
    try {
      roads = JSON.parse(readFileSync(roadsFile, 'utf8'));
    } catch (err) {
      throw new UsageError(`--roads ${roadsFile}: ${(err as Error).message}`);
    }
    const tickMs = positiveInt('--tick', values.tick, 1000);
    const sim = new PatrolSimulator({
      api: httpPatrolApi(url, token),
      roads,
      now: () => Date.now(),
      print: io.out,
      seed: positiveInt('--seed', values.seed, 135),
      respond: values['no-respond'] !== true,
      only: values.units ? values.units.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    });
    try {
      await sim.sync();
    } catch (err) {
      io.err(`Cannot reach the hall at ${url}: ${(err as Error).message}`);
      return 1;
    }
    io.out(`Simulating ${sim.unitCount} units against ${url}, a position every ${tickMs} ms. Ctrl-C stops.`);
    let failure: Error | null = null;
    let lastSync = Date.now();
    let lastSummary = Date.now();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        if (Date.now() - lastSync >= 2000) {
          lastSync = Date.now();
          await sim.sync();
        }
        await sim.tick(tickMs / 1000);
        if (Date.now() - lastSummary >= 30_000) {
          lastSummary = Date.now();
          io.out(`${sim.stats.positions} positions, ${sim.stats.statuses} status reports, ${sim.stats.acks} acknowledgements, ${sim.stats.errors} errors so far`);
        }
      })()
        .catch((err: unknown) => {
          failure = err as Error;
          stop();
        })
        .finally(() => {
          busy = false;
        });
    }, tickMs);
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => { stop = resolve; });
    await Promise.race([stopped, io.stopRequested]);
    clearInterval(timer);
    if (failure) {
      const err = failure as Error;
      io.err(err instanceof ApiError && err.status === 401 ? `The hall refused the token (${err.message}); pass a current commander token.` : `Simulation failed: ${err.message}`);
      return 1;
    }
    io.out(`Simulation stopped: ${sim.stats.positions} positions, ${sim.stats.statuses} status reports, ${sim.stats.acks} acknowledgements.`);
    return 0;
  },
};
