// The hall's map data: the user's imported GeoJSON when present, else the bundled sample; import is all or nothing.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { MapData } from '../../../shared/contract/mapdata';
import { parseMapData, type MapLayerKind, mapLayerFiles } from '../../../shared/domain/mapdata/parse';
import { HallError } from '../../../shared/contract/errors';

export interface MapSource {
  data: MapData;
  /** 'sample' for the bundled demo, else the imported folder. */
  source: string;
}

function readLayers(dir: string): Partial<Record<MapLayerKind, unknown>> {
  const files: Partial<Record<MapLayerKind, unknown>> = {};
  for (const [kind, file] of Object.entries(mapLayerFiles) as [MapLayerKind, string][]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    try {
      files[kind] = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (err) {
      throw new HallError('BAD_INPUT', `${path} is not valid JSON (${(err as Error).message}); fix or remove the file.`);
    }
  }
  return files;
}

function loadFolder(dir: string, label: string): MapData {
  const result = parseMapData(readLayers(dir));
  if (!result.ok) {
    const first = result.errors.slice(0, 5).map((e) => `${e.file} #${e.feature} ${e.field}: ${e.message}`).join('; ');
    throw new HallError('BAD_INPUT', `${label} has ${result.errors.length} bad feature(s): ${first}`);
  }
  return result.data;
}

export function createMapStore(opts: { dataDir: string; resourcesDir: string }) {
  const importedDir = join(opts.dataDir, 'map');
  let current: MapSource = existsSync(join(importedDir, mapLayerFiles.targets))
    ? { data: loadFolder(importedDir, importedDir), source: importedDir }
    : { data: loadFolder(join(opts.resourcesDir, 'demo'), 'the bundled sample data'), source: 'sample' };

  return {
    get: (): MapSource => current,

    /**
     * Replaces the map layers given (others keep their current content) after validating the whole set;
     * on any bad feature nothing is written and the current map stays.
     */
    importLayers(layers: Partial<Record<MapLayerKind, unknown>>, fromLabel: string): { data: MapData; counts: Record<MapLayerKind, number> } {
      const merged: Record<MapLayerKind, unknown> = {
        targets: current.data.targets,
        rrPoints: current.data.rrPoints,
        patrolZones: current.data.patrolZones,
        roads: current.data.roads,
        units: current.data.units,
        ...layers,
      };
      const result = parseMapData(merged);
      if (!result.ok) {
        throw new HallError(
          'BAD_INPUT',
          `Import of ${fromLabel} refused, nothing was imported: ${result.errors.length} bad feature(s). ` +
            result.errors.slice(0, 10).map((e) => `${e.file} feature ${e.feature}${e.id ? ` (${e.id})` : ''} ${e.field}: ${e.message}`).join('; '),
          result.errors.map((e) => ({ path: `${e.file}#${e.feature}.${e.field}`, message: e.message })),
        );
      }
      // Write to a fresh folder and swap it in, so a crash mid-write never leaves half a map.
      const staging = `${importedDir}.new`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      for (const [kind, file] of Object.entries(mapLayerFiles) as [MapLayerKind, string][]) {
        writeFileSync(join(staging, file), JSON.stringify(result.data[kind]));
      }
      writeFileSync(join(staging, 'meta.json'), JSON.stringify({ ...result.data.meta, importedFrom: basename(fromLabel) }));
      rmSync(importedDir, { recursive: true, force: true });
      renameSync(staging, importedDir);
      current = { data: result.data, source: importedDir };
      const counts = Object.fromEntries(
        (Object.keys(mapLayerFiles) as MapLayerKind[]).map((k) => [k, result.data[k].features.length]),
      ) as Record<MapLayerKind, number>;
      return { data: result.data, counts };
    },
  };
}

export type MapStore = ReturnType<typeof createMapStore>;
