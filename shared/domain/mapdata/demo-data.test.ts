// The bundled sample map: regenerates byte for byte, parses, holds the article's counts, and routes as one network.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivableRoadClasses, sampleNote, unitKinds, type MapData, type Position } from '../../contract/mapdata';
import { mapLayerFiles, mapMetaFile, parseMapData, type MapDataFiles } from './parse';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const demoDir = join(repo, 'resources', 'demo');
const demoFiles = [...Object.values(mapLayerFiles), mapMetaFile];

function loadDemo(): MapData {
  const files: MapDataFiles = { meta: JSON.parse(readFileSync(join(demoDir, mapMetaFile), 'utf8')) };
  for (const [kind, file] of Object.entries(mapLayerFiles) as [keyof typeof mapLayerFiles, string][]) {
    files[kind] = JSON.parse(readFileSync(join(demoDir, file), 'utf8'));
  }
  const result = parseMapData(files);
  if (!result.ok) throw new Error(`demo data refused: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result.data;
}

const key = ([lon, lat]: Position): string => `${lon},${lat}`;

/** Nodes reachable from `start`; one-way roads only along their drawn direction (or against it when `reverse`). */
function reachable(roads: MapData['roads']['features'], start: string, directed: boolean, reverse = false): Set<string> {
  const adj = new Map<string, string[]>();
  const add = (a: string, b: string): void => void (adj.get(a) ?? adj.set(a, []).get(a))?.push(b);
  for (const f of roads) {
    const c = f.geometry.coordinates.map(key);
    for (let i = 1; i < c.length; i++) {
      if (!directed || !f.properties.oneway) {
        add(c[i - 1], c[i]);
        add(c[i], c[i - 1]);
      } else if (reverse) add(c[i], c[i - 1]);
      else add(c[i - 1], c[i]);
    }
  }
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of adj.get(stack.pop() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

function vertices(roads: MapData['roads']['features']): Set<string> {
  return new Set(roads.flatMap((f) => f.geometry.coordinates.map(key)));
}

function inRing(ring: readonly Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('tools/gen-demo.ts', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'kuaifan-demo-'));
    execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'tools', 'gen-demo.ts'), out], { cwd: repo, stdio: 'pipe' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(demoFiles)('regenerates the committed %s byte for byte', (file) => {
    expect(readFileSync(join(out, file)).equals(readFileSync(join(demoDir, file)))).toBe(true);
  });
});

describe('the bundled sample map', () => {
  const data = loadDemo();
  const targets = data.targets.features.map((f) => f.properties);

  it('says everywhere that it is sample data', () => {
    expect(data.meta).toMatchObject({ sample: true, note: sampleNote });
    for (const kind of Object.keys(mapLayerFiles) as (keyof typeof mapLayerFiles)[]) {
      expect(data[kind].features.every((f) => f.properties.sample === true), kind).toBe(true);
    }
  });

  it("holds the article's key targets with their tiers", () => {
    const count = (pred: (t: (typeof targets)[number]) => boolean): number => targets.filter(pred).length;
    expect(count((t) => t.kind === 'party-gov' && t.tier === 1)).toBe(1);
    expect(count((t) => (t.kind === 'school' || t.kind === 'kindergarten') && t.tier === 3)).toBe(19);
    expect(count((t) => (t.kind === 'hospital' || t.kind === 'clinic') && t.tier === 3)).toBe(7);
    expect(count((t) => t.kind === 'gas-station' && t.tier === 5)).toBe(5);
    expect(count((t) => t.kind === 'bank' && t.tier === 5)).toBe(20);
    expect(count((t) => t.kind === 'railway-station' && t.tier === 3)).toBe(1);
    expect(count((t) => t.kind === 'bus-station' && t.tier === 3)).toBe(1);
    expect(targets).toHaveLength(54);
    expect(new Set(targets.map((t) => t.name)).size).toBe(54);
  });

  it('has at least 12 rapid-response points, most of them staffed, and 4-6 patrol zones', () => {
    const points = data.rrPoints.features;
    expect(points.length).toBeGreaterThanOrEqual(12);
    expect(points.filter((p) => p.properties.staffed).length).toBeGreaterThan(points.length / 2);
    expect(data.patrolZones.features.length).toBeGreaterThanOrEqual(4);
    expect(data.patrolZones.features.length).toBeLessThanOrEqual(6);
  });

  it('has units of every kind, one readiness squad, and unique callsigns', () => {
    const units = data.units.features.map((f) => f.properties);
    for (const kind of unitKinds) expect(units.some((u) => u.kind === kind), kind).toBe(true);
    expect(units.filter((u) => u.kind === 'readiness-squad')).toHaveLength(1);
    expect(new Set(units.map((u) => u.callsign)).size).toBe(units.length);
  });

  it('is a road network of at least 2,000 segments with one-way streets, under 2 MB', () => {
    expect(data.roads.features.length).toBeGreaterThanOrEqual(2000);
    expect(data.roads.features.some((f) => f.properties.oneway)).toBe(true);
    expect(data.roads.features.some((f) => f.properties.bridge)).toBe(true);
    expect(statSync(join(demoDir, mapLayerFiles.roads)).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('routes as one piece: every drivable vertex reaches every other by car, one-way streets respected', () => {
    const drive = data.roads.features.filter((f) => drivableRoadClasses.includes(f.properties.class));
    const all = vertices(drive);
    const start = key(drive[0].geometry.coordinates[0]);
    expect(reachable(drive, start, true).size).toBe(all.size);
    expect(reachable(drive, start, true, true).size).toBe(all.size);
    expect(reachable(data.roads.features, start, false).size).toBe(vertices(data.roads.features).size);
  });

  it('puts units and rapid-response points on road vertices, and every point inside a patrol zone', () => {
    const onRoad = vertices(data.roads.features);
    for (const f of [...data.units.features, ...data.rrPoints.features]) expect(onRoad.has(key(f.geometry.coordinates)), f.properties.id).toBe(true);
    const zones = data.patrolZones.features.map((z) => z.geometry.coordinates[0]);
    for (const f of [...data.targets.features, ...data.units.features, ...data.rrPoints.features]) {
      expect(zones.filter((ring) => inRing(ring, f.geometry.coordinates)), f.properties.id).toHaveLength(1);
    }
  });

  it('lies in the Anning valley around Miyi (26.89 N, 102.11 E), coordinates rounded to 6 decimals', () => {
    for (const f of data.roads.features) {
      for (const [lon, lat] of f.geometry.coordinates) {
        expect(Math.abs(lon - 102.11)).toBeLessThan(0.05);
        expect(Math.abs(lat - 26.89)).toBeLessThan(0.05);
        expect(Number(lon.toFixed(6))).toBe(lon);
        expect(Number(lat.toFixed(6))).toBe(lat);
      }
    }
  });
});
