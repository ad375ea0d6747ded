// `kuaifan import`: the user's GeoJSON replaces the sample all or nothing; an MBTiles file becomes the served basemap.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './main';
import { FIXTURE_PNG, writeTestMbtiles } from './mbtiles-fixture';
import { createHallHost } from '../host/hall-host';
import { startWebServer } from '../host/web/server';
import { recordingLogger, tempDir, testTokens } from '../../tests/contract/host-kit';
import { mapLayerFiles } from '../../shared/domain/mapdata/parse';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env: {} }, out, err };
}

const demoTargets = JSON.parse(readFileSync(join('resources', 'demo', mapLayerFiles.targets), 'utf8')) as { type: string; features: { properties: Record<string, unknown> }[] };

function surveyedTargets() {
  const fc = structuredClone(demoTargets);
  for (const f of fc.features) f.properties.sample = false;
  return fc;
}

describe('kuaifan import', () => {
  it('a file with bad features is refused whole, each bad feature named, and the map is unchanged', async () => {
    const data = tempDir();
    const bad = surveyedTargets();
    (bad.features[3].properties as Record<string, unknown>).tier = 2;
    delete bad.features[10].properties.name;
    const file = join(tempDir(), 'targets.geojson');
    writeFileSync(file, JSON.stringify(bad));
    const t = io();
    expect(await runCli(['import', 'targets', file, '--data', data], t.io)).toBe(1);
    const text = t.err.join('\n');
    expect(text).toContain('nothing was imported');
    expect(text).toMatch(/feature 3.*tier/);
    expect(text).toMatch(/feature 10.*name/);
    const host = createHallHost({ dataDir: data, log: recordingLogger() });
    expect(host.map.get().source).toBe('sample');
    await host.close();
  });

  it('good targets replace the sample ones; the rest stays sample, so the banner stays', async () => {
    const data = tempDir();
    const good = surveyedTargets();
    good.features = good.features.slice(0, 10);
    const file = join(tempDir(), 'targets.geojson');
    writeFileSync(file, JSON.stringify(good));
    const t = io();
    expect(await runCli(['import', 'targets', file, '--data', data], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('10 targets');
    const host = createHallHost({ dataDir: data, log: recordingLogger() });
    expect(host.map.get().data.targets.features).toHaveLength(10);
    expect(host.map.get().data.meta.sample).toBe(true);
    expect(host.audit.recent(5).map((a) => a.action)).toContain('map.import');
    await host.close();
  });

  it('an MBTiles file is checked, copied into the data folder and served as /tiles/z/x/y', async () => {
    const data = tempDir();
    const mb = join(tempDir(), 'county.mbtiles');
    writeTestMbtiles(mb);
    const t = io();
    expect(await runCli(['import', 'tiles', mb, '--data', data], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('zoom 12-14');
    const host = createHallHost({ dataDir: data, log: recordingLogger() });
    const server = await startWebServer({ host, port: 0, tokens: testTokens });
    const auth = { authorization: `Bearer ${testTokens[2].secret}` };
    const hit = await fetch(`${server.url}/tiles/12/3210/1234.png`, { headers: auth });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await hit.arrayBuffer())).toEqual(FIXTURE_PNG);
    expect((await fetch(`${server.url}/tiles/12/3210/1235.png`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/tiles/12/3210/1234.png`)).status).toBe(401);
    await server.close();
    await host.close();
  });

  it('a file that is not MBTiles is refused with the reason', async () => {
    const notTiles = join(tempDir(), 'x.mbtiles');
    const db = new Database(notTiles);
    db.exec('CREATE TABLE foo (a)');
    db.close();
    const t = io();
    expect(await runCli(['import', 'tiles', notTiles, '--data', tempDir()], t.io)).toBe(1);
    expect(t.err.join('\n')).toContain("needs 'metadata' and 'tiles' tables");
  });
});
