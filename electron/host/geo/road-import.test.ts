import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock';
import type { Logger } from '../logging/logger';
import { writeOsmPbf } from '../../../tests/fixtures/geo/osm-pbf-writer';
import { at, dist, ll, road, roads } from '../../../tests/fixtures/geo/roads';
import { loadRoadFile } from './road-import';
import { createGeoService } from './service';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kf-geo-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Three nodes 100 m apart along a street; 2->3 is one-way; a footway 3-4 and a construction site 4-5.
const [p1, p2, p3, p4, p5] = [at(0, 0), at(1, 0), at(2, 0), at(2, 1), at(3, 1)];
const nodes = [p1, p2, p3, p4, p5].map(([lon, lat], i) => ({ id: 1001 + i, lat, lon }));
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="kuaifan-test">
${nodes.map((n) => `  <node id="${n.id}" lat="${n.lat}" lon="${n.lon}" version="1"/>`).join('\n')}
  <way id="1"><nd ref="1001"/><nd ref="1002"/><tag k="highway" v="residential"/><tag k="name" v="攀莲大道"/></way>
  <way id="2"><nd ref="1002"/><nd ref="1003"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="3"><nd ref="1003"/><nd ref="1004"/><tag k="highway" v="footway"/></way>
  <way id="4"><nd ref="1004"/><nd ref="1005"/><tag k="highway" v="construction"/></way>
  <way id="5"><nd ref="1004"/><nd ref="1005"/><tag k="building" v="yes"/></way>
</osm>`;
const pbfWays = [
  { id: 1, refs: [1001, 1002], tags: { highway: 'residential' } },
  { id: 2, refs: [1002, 1003], tags: { highway: 'residential', oneway: 'yes' } },
  { id: 3, refs: [1003, 1004], tags: { highway: 'footway' } },
  { id: 4, refs: [1004, 1005], tags: { highway: 'construction' } },
];

async function expectSameNetwork(path: string) {
  const svc = createGeoService({ clock: createFakeClock(Date.UTC(2026, 5, 1, 2)), dataDir: dir, log: quiet });
  const summary = await svc.loadRoads(path);
  expect(summary).toMatchObject({ nodes: 4, segments: 3, fromCache: false });
  expect(summary.skipped['highway=construction is not routable']).toBe(1);
  // 10:00 China time, default speeds: residential 25 km/h for cars.
  const car = 25 / 3.6;
  expect(svc.travelTime(ll(p1), ll(p3), 'car', 10)).toBeCloseTo((dist(p1, p2) + dist(p2, p3)) / car, 2);
  expect(svc.travelTime(ll(p3), ll(p1), 'car', 10)).toBeNull(); // one-way, no way back by car
  expect(svc.travelTime(ll(p3), ll(p1), 'foot', 10)).toBeCloseTo((dist(p1, p2) + dist(p2, p3)) / (5 / 3.6), 1);
  svc.dispose();
}

describe('road import', () => {
  it('reads an OSM XML file: highway ways, one-way tags, non-roads left out', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    await expectSameNetwork(path);
  });

  it('reads an OSM PBF file (zlib blobs, dense nodes) to the same network', async () => {
    const path = join(dir, 'county.osm.pbf');
    writeFileSync(path, writeOsmPbf(nodes, pbfWays));
    await expectSameNetwork(path);
  });

  it('reads uncompressed PBF blobs too', async () => {
    const path = join(dir, 'raw.osm.pbf');
    writeFileSync(path, writeOsmPbf(nodes, pbfWays, { compress: false }));
    await expectSameNetwork(path);
  });

  it('reuses the cached build for the same bytes and rebuilds when the file changes', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const cache = join(dir, 'cache');
    expect((await loadRoadFile(path, cache)).summary.fromCache).toBe(false);
    const again = await loadRoadFile(path, cache);
    expect(again.summary.fromCache).toBe(true);
    expect(again.summary.nodes).toBe(4);
    writeFileSync(path, xml.replace('<tag k="highway" v="construction"/>', '<tag k="highway" v="service"/>'));
    const changed = await loadRoadFile(path, cache);
    expect(changed.summary).toMatchObject({ fromCache: false, nodes: 5, segments: 4 });
    expect(readdirSync(cache).filter((f) => f.endsWith('.kfg'))).toHaveLength(2);
  });

  it('rebuilds instead of failing when the cache file is damaged', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const cache = join(dir, 'cache');
    await loadRoadFile(path, cache);
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), 'garbage');
    const r = await loadRoadFile(path, cache);
    expect(r.summary).toMatchObject({ fromCache: false, nodes: 4 });
  });

  it.each([
    ['empty.osm', '', /empty\.osm: the file is empty/],
    ['broken.osm', '<osm><node id="1" lat="26.8" lon="102.1"><way>', /broken\.osm: not well-formed OSM XML/],
    ['notosm.osm', '<html><body>hi</body></html>', /no <osm> root element/],
    ['noroads.osm', '<osm><node id="1" lat="26.8" lon="102.1"/></osm>', /noroads\.osm: no routable roads found/],
    ['junk.osm.pbf', 'this is not protobuf at all', /junk\.osm\.pbf: bad blob header length/],
    ['bad.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[500,1],[1,2]]},"properties":{"class":"primary"}}]}', /bad\.geojson: feature #0: geometry\.coordinates\.0\.0/],
    ['roads.txt', 'x', /unknown file type/],
  ])('refuses %s with a clear error and keeps the current network', async (name, content, message) => {
    const svc = createGeoService({ clock: createFakeClock(Date.UTC(2026, 5, 1, 2)), dataDir: dir, log: quiet });
    const good = join(dir, 'good.geojson');
    writeFileSync(good, JSON.stringify(roads(road([p1, p2, p3]))));
    await svc.loadRoads(good);
    const before = svc.travelTime(ll(p1), ll(p3), 'car', 10);
    const bad = join(dir, name);
    writeFileSync(bad, content);
    await expect(svc.importRoads(bad)).rejects.toThrow(message);
    await expect(svc.importRoads(bad)).rejects.toThrow(/current road network stays in use/);
    expect(svc.roads()?.source).toBe('good.geojson');
    expect(svc.travelTime(ll(p1), ll(p3), 'car', 10)).toBe(before);
    svc.dispose();
  });

  it('refuses a PBF that needs features it cannot read', async () => {
    const path = join(dir, 'history.osm.pbf');
    writeFileSync(path, writeOsmPbf(nodes, pbfWays, { requiredFeatures: ['OsmSchema-V0.6', 'Sort.Type_then_ID', 'LocationsOnWays'] }));
    await expect(loadRoadFile(path, join(dir, 'cache'))).rejects.toThrow(/unsupported features: Sort\.Type_then_ID, LocationsOnWays/);
  });

  it('keeps an imported network for the next start', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const clock = createFakeClock(Date.UTC(2026, 5, 1, 2));
    const first = createGeoService({ clock, dataDir: dir, log: quiet });
    await first.importRoads(path);
    first.dispose();
    rmSync(path);
    const second = createGeoService({ clock, dataDir: dir, log: quiet });
    expect(await second.restoreImportedRoads()).toMatchObject({ nodes: 4, fromCache: true });
    second.dispose();
  });
});
