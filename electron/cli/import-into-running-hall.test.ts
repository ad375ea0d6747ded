// `kuaifan import` into the data folder of a running hall: the hall reloads the map, coverage and basemap without a
// restart and tells every screen with map.changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './main';
import { writeTestMbtiles } from './mbtiles-fixture';
import { createHallHost, type HallHost } from '../host/hall-host';
import type { GeoModule } from '../host/geo/geo-module';
import { recordingLogger, tempDir } from '../../tests/contract/host-kit';
import { mapLayerFiles } from '../../shared/domain/mapdata/parse';

type FeatureCollection = { type: string; features: { properties: Record<string, unknown> }[] };
const demo = (file: string) => JSON.parse(readFileSync(join('resources', 'demo', file), 'utf8')) as FeatureCollection;

function cliIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env: {} }, out, err };
}


let host: HallHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

describe('kuaifan import into a running hall', () => {
  it('the hall reloads targets, roads and coverage, serves the new map and basemap, and emits map.changed', async () => {
    const dataDir = tempDir();
    // Like kuaifan serve: devices given, so it holds the data-folder lock; the import must still run beside it.
    host = createHallHost({ dataDir, devices: [], log: recordingLogger(), mapPollMs: 50 });
    const geo = host.modules.find((m) => m.name === 'geo') as GeoModule;
    await geo.ready();
    const events: { name: string; payload: unknown }[] = [];
    const wall = host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall', deliver: (name, payload) => void events.push({ name, payload }) });
    const ask = async <T>(command: string): Promise<T> => {
      const r = await wall.invoke(command, {});
      if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
      return r.output as T;
    };
    const sampleTargets = (await ask<{ targets: { features: unknown[] } }>('map.get')).targets.features.length;
    const sampleSegments = (await ask<{ segments: number }>('roads.status')).segments;

    // The user's own map: ten surveyed targets and part of the road layer.
    const folder = tempDir();
    const targets = demo(mapLayerFiles.targets);
    targets.features = targets.features.slice(0, 10).map((f) => ({ ...f, properties: { ...f.properties, sample: false } }));
    const roads = demo(mapLayerFiles.roads);
    roads.features = roads.features.slice(0, 300);
    writeFileSync(join(folder, mapLayerFiles.targets), JSON.stringify(targets));
    writeFileSync(join(folder, mapLayerFiles.roads), JSON.stringify(roads));
    const t = cliIo();
    expect(await runCli(['import', 'map', folder, '--data', dataDir], t.io), t.err.join('\n')).toBe(0);

    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('map.changed'), { timeout: 5_000 });
    expect(events.find((e) => e.name === 'map.changed')!.payload).toEqual({ source: join(dataDir, 'map') });
    expect(sampleTargets).toBeGreaterThan(10);
    expect((await ask<{ targets: { features: unknown[] } }>('map.get')).targets.features).toHaveLength(10);
    expect((await ask<{ targets: unknown[] }>('coverage.get')).targets).toHaveLength(10);
    const roadsNow = await ask<{ segments: number; origin: string }>('roads.status');
    expect(roadsNow.origin).toBe('map');
    expect(roadsNow.segments).toBeLessThan(sampleSegments);

    // Then a basemap: served at once, without a restart.
    events.length = 0;
    const mb = join(tempDir(), 'county.mbtiles');
    writeTestMbtiles(mb);
    expect(await runCli(['import', 'tiles', mb, '--data', dataDir], cliIo().io)).toBe(0);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('map.changed'), { timeout: 5_000 });
    expect(await ask('map.tiles')).toMatchObject({ available: true, minZoom: 12, maxZoom: 14 });
    expect(host.tiles.tile(12, 3210, 1234)).not.toBeNull();

    // A second basemap replaces the first one the hall holds open, under a new version (screens drop cached tiles);
    // the older file goes.
    const first = await ask<{ version?: string }>('map.tiles');
    events.length = 0;
    expect(await runCli(['import', 'tiles', mb, '--data', dataDir], cliIo().io)).toBe(0);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('map.changed'), { timeout: 5_000 });
    expect(host.tiles.tile(12, 3210, 1234)).not.toBeNull();
    expect((await ask<{ version?: string }>('map.tiles')).version).not.toBe(first.version);
    expect(readdirSync(dataDir).filter((n) => n.endsWith('.mbtiles'))).toHaveLength(1);
  });

  it('a broken map written into the folder by hand is refused; the hall keeps the map it has', async () => {
    const dataDir = tempDir();
    const log = recordingLogger();
    host = createHallHost({ dataDir, devices: [], log, mapPollMs: 50 });
    const before = host.map.get();
    mkdirSync(join(dataDir, 'map'), { recursive: true });
    writeFileSync(join(dataDir, 'map', mapLayerFiles.targets), '{"type": "FeatureCollection", "features": [{}]}');
    // Another process says it imported (as the CLI does after writing the files).
    const other = new Database(join(dataDir, 'kuaifan.db'));
    other.prepare("INSERT INTO settings (key, value) VALUES ('map.generation', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ n: 99, source: 'hand' }));
    other.close();
    await vi.waitFor(() => expect(log.lines.some((l) => l.level === 'error' && /cannot be loaded; the current map stays/.test(l.msg))).toBe(true), { timeout: 5_000 });
    expect(host.map.get()).toBe(before);
  });
});
