// Builds the road graph from a .geojson/.osm/.osm.pbf file or a GeoJSON value, through a binary cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import type { RoadGraphSummary } from '../../../shared/contract/geo';
import { decodeGraph, encodeGraph, GRAPH_FORMAT_VERSION, graphKeyOf } from '../../../shared/domain/geo/graph-codec';
import { roadsFromGeoJson } from '../../../shared/domain/geo/geojson-roads';
import { roadClasses } from '../../../shared/domain/geo/road-class';
import { buildRoadGraph, type RoadGraph, type RoadWay } from '../../../shared/domain/geo/road-graph';
import { readOsmPbf } from './osm-pbf';
import { readOsmXml } from './osm-xml';

export type RoadFormat = RoadGraphSummary['format'];

export interface LoadedRoads {
  graph: RoadGraph;
  summary: RoadGraphSummary;
}

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

function fromCache(cacheDir: string, key: string): RoadGraph | null {
  const file = join(cacheDir, `roads-${key.slice(0, 16)}.kfg`);
  if (!existsSync(file)) return null;
  try {
    const bytes = new Uint8Array(readFileSync(file));
    return graphKeyOf(bytes) === key ? decodeGraph(bytes) : null;
  } catch {
    return null; // a damaged cache is only a cache: rebuild from the source
  }
}

function toCache(cacheDir: string, key: string, graph: RoadGraph): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `roads-${key.slice(0, 16)}.kfg`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeGraph(graph, key));
  renameSync(tmp, file);
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
    throw new HallError('NOT_FOUND', `${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path.`);
  }
  if (bytes.length === 0) throw badFile(path, 'the file is empty');
  const key = cacheKey(bytes);
  const cached = fromCache(cacheDir, key);
  const summary = (graph: RoadGraph, hit: boolean, skipped: Record<string, number>): RoadGraphSummary => ({
    source: basename(path), format, nodes: graph.nodeCount, edges: graph.edgeCount, segments: graph.segmentCount, fromCache: hit, skipped,
  });
  if (cached) return { graph: cached, summary: summary(cached, true, {}) };
  let parsed: { ways: RoadWay[]; skipped: Record<string, number> };
  try {
    if (format === 'geojson') {
      let doc: unknown;
      try {
        doc = JSON.parse(new TextDecoder().decode(bytes));
      } catch (err) {
        throw new Error(`not valid JSON (${(err as Error).message})`);
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
  toCache(cacheDir, key, graph);
  return { graph, summary: summary(graph, false, parsed.skipped) };
}

/** Builds from a GeoJSON value already in memory (e.g. the map's road layer). */
export function loadRoadGeoJson(doc: unknown, label: string, cacheDir: string): LoadedRoads {
  const key = cacheKey(JSON.stringify(doc));
  const make = (graph: RoadGraph, hit: boolean, skipped: Record<string, number>): LoadedRoads => ({
    graph, summary: { source: label, format: 'geojson', nodes: graph.nodeCount, edges: graph.edgeCount, segments: graph.segmentCount, fromCache: hit, skipped },
  });
  const cached = fromCache(cacheDir, key);
  if (cached) return make(cached, true, {});
  let parsed: { ways: RoadWay[]; skipped: Record<string, number> };
  try {
    parsed = roadsFromGeoJson(doc);
  } catch (err) {
    throw badFile(label, (err as Error).message);
  }
  const graph = build(label, parsed.ways, parsed.skipped);
  toCache(cacheDir, key, graph);
  return make(graph, false, parsed.skipped);
}
