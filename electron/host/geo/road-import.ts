// Builds the road graph from a .geojson/.osm/.osm.pbf file or a GeoJSON value, through a binary cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import type { RoadNetworkSummary } from '../../../shared/contract/geo';
import { decodeGraph, encodeGraph, GRAPH_FORMAT_VERSION, graphKeyOf } from '../../../shared/domain/geo/graph-codec';
import { roadsFromGeoJson } from '../../../shared/domain/geo/geojson-roads';
import { roadClasses } from '../../../shared/domain/geo/road-class';
import { buildRoadGraph, type RoadGraph, type RoadWay } from '../../../shared/domain/geo/road-graph';
import { readOsmPbf } from './osm-pbf';
import { readOsmXml } from './osm-xml';

export type RoadFormat = RoadNetworkSummary['format'];

export interface LoadedRoads {
  graph: RoadGraph;
  /** Hash of the source bytes: names the cache file. */
  key: string;
  source: string;
  format: RoadFormat;
  fromCache: boolean;
  skipped: Record<string, number>;
}

/** Cache files kept besides the one in use (the map's layer and a previous import, typically). */
const CACHE_FILES_KEPT = 4;

export function roadFormatOf(path: string): RoadFormat | null {
  const p = path.toLowerCase();
  if (p.endsWith('.osm.pbf') || p.endsWith('.pbf')) return 'osm.pbf';
  if (p.endsWith('.osm')) return 'osm';
  if (p.endsWith('.geojson') || p.endsWith('.json')) return 'geojson';
  return null;
}

/**
 * The graph depends only on the source bytes and on how classes are coded, not on speeds (applied per
 * query), so editing the speed or congestion tables never forces a rebuild.
 */
function cacheKey(source: Uint8Array | string): string {
  return createHash('sha256')
    .update(`kfg${GRAPH_FORMAT_VERSION}|${roadClasses.join(',')}|`)
    .update(source)
    .digest('hex');
}

function badFile(label: string, what: string): HallError {
  return new HallError('BAD_INPUT', `${label}: ${what}. The current road network stays in use; fix the file or export it again and re-import.`);
}

const cacheFileOf = (cacheDir: string, key: string): string => join(cacheDir, `roads-${key.slice(0, 16)}.kfg`);

/** The cached build of the source with this key, or null when there is none (or it is damaged: only a cache). */
export function loadCachedGraph(cacheDir: string, key: string): RoadGraph | null {
  const file = cacheFileOf(cacheDir, key);
  if (!existsSync(file)) return null;
  try {
    const bytes = new Uint8Array(readFileSync(file));
    if (graphKeyOf(bytes) !== key) return null;
    const graph = decodeGraph(bytes);
    const now = new Date();
    utimesSync(file, now, now);
    return graph;
  } catch {
    return null;
  }
}

// What the build left out travels with the cached graph, so a cache hit reports it too.
const skippedFileOf = (cacheFile: string): string => cacheFile.replace(/\.kfg$/, '.skipped.json');

function cachedSkipped(cacheDir: string, key: string): Record<string, number> {
  try {
    const v = JSON.parse(readFileSync(skippedFileOf(cacheFileOf(cacheDir, key)), 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && Object.values(v).every((n) => typeof n === 'number') ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function toCache(cacheDir: string, key: string, graph: RoadGraph, skipped: Record<string, number>): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = cacheFileOf(cacheDir, key);
  writeFileSync(skippedFileOf(file), JSON.stringify(skipped));
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeGraph(graph, key));
  renameSync(tmp, file);
  const old = readdirSync(cacheDir)
    .filter((f) => f.endsWith('.kfg'))
    .map((f) => ({ f, t: statSync(join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(CACHE_FILES_KEPT);
  for (const { f } of old) {
    rmSync(join(cacheDir, f), { force: true });
    rmSync(skippedFileOf(join(cacheDir, f)), { force: true });
  }
}

function build(label: string, ways: RoadWay[], skipped: Record<string, number>): RoadGraph {
  if (ways.length === 0) {
    const why = Object.entries(skipped).map(([k, v]) => `${v} × ${k}`).join(', ');
    throw badFile(label, `no routable roads found${why ? ` (left out: ${why})` : ''}`);
  }
  return buildRoadGraph(ways);
}

/** Reads, parses and builds, or loads the cached build of the same bytes. Throws HallError BAD_INPUT on a bad file. */
export async function loadRoadFile(path: string, cacheDir: string): Promise<LoadedRoads> {
  const format = roadFormatOf(path);
  if (!format) throw badFile(path, 'unknown file type; use .geojson, .osm or .osm.pbf');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HallError('NOT_FOUND', `${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message}); check the path. The current road network stays in use.`);
  }
  if (bytes.length === 0) throw badFile(path, 'the file is empty');
  const key = cacheKey(bytes);
  const source = basename(path);
  const cached = loadCachedGraph(cacheDir, key);
  if (cached) return { graph: cached, key, source, format, fromCache: true, skipped: cachedSkipped(cacheDir, key) };
  let parsed: { ways: RoadWay[]; skipped: Record<string, number> };
  try {
    if (format === 'geojson') {
      let doc: unknown;
      try {
        doc = JSON.parse(new TextDecoder().decode(bytes));
      } catch (err) {
        throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
      }
      parsed = roadsFromGeoJson(doc);
    } else {
      parsed = format === 'osm' ? await readOsmXml(path) : await readOsmPbf(path);
    }
  } catch (err) {
    if (err instanceof HallError) throw err;
    throw badFile(path, (err as Error).message);
  }
  const graph = build(path, parsed.ways, parsed.skipped);
  toCache(cacheDir, key, graph, parsed.skipped);
  return { graph, key, source, format, fromCache: false, skipped: parsed.skipped };
}

/** Builds from a GeoJSON value already in memory (the map's road layer). */
export function loadRoadGeoJson(doc: unknown, label: string, cacheDir: string): LoadedRoads {
  const key = cacheKey(JSON.stringify(doc));
  const cached = loadCachedGraph(cacheDir, key);
  if (cached) return { graph: cached, key, source: label, format: 'geojson', fromCache: true, skipped: cachedSkipped(cacheDir, key) };
  let parsed: { ways: RoadWay[]; skipped: Record<string, number> };
  try {
    parsed = roadsFromGeoJson(doc);
  } catch (err) {
    throw badFile(label, (err as Error).message);
  }
  const graph = build(label, parsed.ways, parsed.skipped);
  toCache(cacheDir, key, graph, parsed.skipped);
  return { graph, key, source: label, format: 'geojson', fromCache: false, skipped: parsed.skipped };
}
