// A county seat at benchmark scale for dispatch: the sample map with 2,000 units, and 500 open incidents in it.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitKind, TravelMode } from '../shared/contract/mapdata';
import { seededRandom } from '../shared/domain/seeded-random';

const kinds: [UnitKind, TravelMode][] = [
  ['special-patrol-car', 'car'], ['station-patrol-car', 'car'], ['traffic-motorcycle', 'motorcycle'], ['foot-patrol', 'foot'], ['security-guard', 'foot'], ['grid-worker', 'foot'],
];

/** The county seat's extent in the sample map (about 4 km × 4 km). */
export const town = { south: 26.871, north: 26.907, west: 102.099, east: 102.118 };

export function townPoint(rnd: () => number): { lat: number; lon: number } {
  return { lat: town.south + rnd() * (town.north - town.south), lon: town.west + rnd() * (town.east - town.west) };
}

/** Writes DIR/map/ (the sample layers, units replaced by `count` generated ones); returns the unit ids. */
export function writeBenchMap(resourcesDir: string, dataDir: string, count: number, seed = 135): string[] {
  const demo = join(resourcesDir, 'demo');
  const mapDir = join(dataDir, 'map');
  mkdirSync(mapDir, { recursive: true });
  for (const f of ['targets.geojson', 'rr-points.geojson', 'patrol-zones.geojson', 'roads.geojson']) copyFileSync(join(demo, f), join(mapDir, f));
  const meta = JSON.parse(readFileSync(join(demo, 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(mapDir, 'meta.json'), JSON.stringify({ ...meta, name: 'benchmark county (2,000 units)' }));
  const rnd = seededRandom(seed);
  const ids: string[] = [];
  const features = Array.from({ length: count }, (_, i) => {
    const [kind, mode] = kinds[i % kinds.length];
    const id = `B-${String(i + 1).padStart(4, '0')}`;
    ids.push(id);
    const p = townPoint(rnd);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id, callsign: `单元${i + 1}`, kind, mode, status: 'patrolling', sample: true },
    };
  });
  writeFileSync(join(mapDir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  return ids;
}
