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

const serviceIn = (dataDir: string) => createGeoService({ clock: createFakeClock(Date.UTC(2026, 5, 1, 2)), dataDir, log: quiet, zone: () => 'Asia/Shanghai' });

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
  const svc = serviceIn(dir);
  const summary = await svc.importRoadFile(path);
  expect(summary).toMatchObject({ origin: 'file', nodes: 4, segments: 3, fromCache: false });
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
    expect((await loadRoadFile(path, cache)).fromCache).toBe(false);
    const again = await loadRoadFile(path, cache);
    expect(again.fromCache).toBe(true);
    expect(again.graph.nodeCount).toBe(4);
    expect(again.skipped).toEqual({ 'highway=construction is not routable': 1 });
    writeFileSync(path, xml.replace('<tag k="highway" v="construction"/>', '<tag k="highway" v="service"/>'));
    const changed = await loadRoadFile(path, cache);
    expect(changed.fromCache).toBe(false);
    expect([changed.graph.nodeCount, changed.graph.segmentCount]).toEqual([5, 4]);
    expect(readdirSync(cache).filter((f) => f.endsWith('.kfg'))).toHaveLength(2);
    expect(readdirSync(cache).filter((f) => f.endsWith('.skipped.json'))).toHaveLength(2);
  });

  it('rebuilds instead of failing when the cache file is damaged', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const cache = join(dir, 'cache');
    await loadRoadFile(path, cache);
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), 'garbage');
    const r = await loadRoadFile(path, cache);
    expect(r.fromCache).toBe(false);
    expect(r.graph.nodeCount).toBe(4);
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
    const svc = serviceIn(dir);
    const good = join(dir, 'good.geojson');
    writeFileSync(good, JSON.stringify(roads(road([p1, p2, p3]))));
    await svc.importRoadFile(good);
    const before = svc.travelTime(ll(p1), ll(p3), 'car', 10);
    const bad = join(dir, name);
    writeFileSync(bad, content);
    await expect(svc.importRoadFile(bad)).rejects.toThrow(message);
    await expect(svc.importRoadFile(bad)).rejects.toThrow(/current road network stays in use/);
    expect(svc.roads()?.source).toBe('good.geojson');
    expect(svc.travelTime(ll(p1), ll(p3), 'car', 10)).toBe(before);
    svc.dispose();
    // Nothing on disk moved either: a restart comes back on the good network.
    const restarted = serviceIn(dir);
    restarted.restore(mapStreet, 'map');
    expect(restarted.roads()).toMatchObject({ origin: 'file', source: 'good.geojson' });
  });

  it('refuses a PBF cut off in the middle, naming where, and keeps the current network', async () => {
    const svc = serviceIn(dir);
    const good = join(dir, 'good.osm.pbf');
    writeFileSync(good, writeOsmPbf(nodes, pbfWays));
    await svc.importRoadFile(good);
    const bytes = writeOsmPbf(nodes, pbfWays);
    const cut = join(dir, 'cut.osm.pbf');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
    await expect(svc.importRoadFile(cut)).rejects.toThrow(/cut\.osm\.pbf: truncated OSMData at byte \d+\. The current road network stays in use/);
    expect(svc.roads()?.source).toBe('good.osm.pbf');
  });

  it('refuses a PBF that needs features it cannot read', async () => {
    const path = join(dir, 'history.osm.pbf');
    writeFileSync(path, writeOsmPbf(nodes, pbfWays, { requiredFeatures: ['OsmSchema-V0.6', 'Sort.Type_then_ID', 'LocationsOnWays'] }));
    await expect(loadRoadFile(path, join(dir, 'cache'))).rejects.toThrow(/unsupported features: Sort\.Type_then_ID, LocationsOnWays/);
  });

  it('keeps an imported network for the next start, from its cache', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const first = serviceIn(dir);
    await first.importRoadFile(path);
    first.dispose();
    rmSync(path);
    const second = serviceIn(dir);
    expect(second.restore(mapStreet, 'map')).toBeNull();
    expect(second.roads()).toMatchObject({ origin: 'file', source: 'county.osm', nodes: 4, fromCache: true });
    expect(second.roads()!.skipped['highway=construction is not routable']).toBe(1);
    second.dispose();
  });

  it('rebuilds an imported network whose cache is gone, in the background, and says so meanwhile', async () => {
    const path = join(dir, 'county.osm.pbf');
    writeFileSync(path, writeOsmPbf(nodes, pbfWays));
    const first = serviceIn(dir);
    await first.importRoadFile(path);
    rmSync(join(dir, 'geo', 'cache'), { recursive: true });
    const second = serviceIn(dir);
    const rebuilding = second.restore(mapStreet, 'map');
    expect(rebuilding).not.toBeNull();
    expect(() => second.coverage()).toThrow(/county\.osm\.pbf is being rebuilt/);
    expect(await rebuilding).toMatchObject({ origin: 'file', nodes: 4, fromCache: false });
    expect(second.coverage().targets).toEqual([]);
  });

  it('falls back to the map roads, with a note, when the imported copy has disappeared', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    await serviceIn(dir).importRoadFile(path);
    rmSync(join(dir, 'geo', 'cache'), { recursive: true });
    rmSync(join(dir, 'geo', 'roads'), { recursive: true });
    const svc = serviceIn(dir);
    expect(svc.restore(mapStreet, 'the map road layer')).toBeNull();
    expect(svc.roads()).toMatchObject({ origin: 'map', source: 'the map road layer', note: expect.stringMatching(/county\.osm is missing/) });
  });

  it('goes back to the map roads on request and forgets the import', async () => {
    const path = join(dir, 'county.osm');
    writeFileSync(path, xml);
    const svc = serviceIn(dir);
    await svc.importRoadFile(path);
    expect(svc.useMapRoads(mapStreet, 'map')).toMatchObject({ origin: 'map', nodes: 11 });
    const next = serviceIn(dir);
    next.restore(mapStreet, 'map');
    expect(next.roads()?.origin).toBe('map');
  });

  it('reads GeoJSON exported from OSM: highway tags, MultiLineStrings, points and areas left out', async () => {
    const path = join(dir, 'export.geojson');
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[p1, p2], [p2, p3]] }, properties: { highway: 'residential', oneway: 'yes' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: p4 }, properties: { amenity: 'police' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[p1, p2, p4, p1]] }, properties: { building: 'yes' } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [p3, p4] }, properties: { waterway: 'river' } },
    ] }));
    const svc = serviceIn(dir);
    const summary = await svc.importRoadFile(path);
    expect(summary).toMatchObject({ format: 'geojson', nodes: 3, segments: 2 });
    expect(summary.skipped).toEqual({ 'Point geometry is not a road': 1, 'Polygon geometry is not a road': 1, 'no class or highway property': 1 });
    expect(svc.travelTime(ll(p3), ll(p1), 'car', 10)).toBeNull();
  });
});

const mapStreet = roads(road(Array.from({ length: 11 }, (_, i) => at(i, 3))));
