// The hall's map data: the user's imported GeoJSON when present, else the bundled sample; import is all or nothing.
// A running host reloads it when another process imports (see generation.ts) and tells its listeners which layers changed.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { MapData } from '../../../shared/contract/mapdata';
import { parseMapData, type MapLayerKind, mapLayerFiles } from '../../../shared/domain/mapdata/parse';
import { HallError } from '../../../shared/contract/errors';
import type { Logger } from '../logging/logger';

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

/** What an import or a reload replaced: the new source and the layers whose content differs. */
export interface MapChange {
  source: string;
  layers: MapLayerKind[];
}

const layerKinds = Object.keys(mapLayerFiles) as MapLayerKind[];

export function createMapStore(opts: { dataDir: string; resourcesDir: string; log?: Logger; onImported?: (source: string) => void }) {
  const importedDir = join(opts.dataDir, 'map');
  const fromDisk = (): MapSource => existsSync(join(importedDir, mapLayerFiles.targets))
    ? { data: loadFolder(importedDir, importedDir), source: importedDir }
    : { data: loadFolder(join(opts.resourcesDir, 'demo'), 'the bundled sample data'), source: 'sample' };
  let current: MapSource = fromDisk();
  const listeners = new Set<(change: MapChange) => void>();

  /** Swaps the map in and tells the listeners; a listener that throws is reported and does not stop the others. */
  const replace = (next: MapSource): MapChange | null => {
    const layers = layerKinds.filter((k) => JSON.stringify(current.data[k]) !== JSON.stringify(next.data[k]));
    const metaChanged = JSON.stringify(current.data.meta) !== JSON.stringify(next.data.meta);
    current = next;
    if (layers.length === 0 && !metaChanged) return null;
    const change = { source: next.source, layers };
    for (const l of listeners) {
      try {
        l(change);
      } catch (err) {
        opts.log?.error('a map change listener failed; the new map is in place', { error: (err as Error).stack ?? String(err) });
      }
    }
    return change;
  };

  return {
    get: (): MapSource => current,

    /** Calls the listener after every import or reload that changed the map. */
    onChange(listener: (change: MapChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Reads the map from disk again (after another process imported one). A folder that does not parse leaves
     * the current map in place and throws HallError; returns what changed, or null.
     */
    reload: (): MapChange | null => replace(fromDisk()),

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
      opts.onImported?.(importedDir);
      replace({ data: result.data, source: importedDir });
      const counts = Object.fromEntries(layerKinds.map((k) => [k, result.data[k].features.length])) as Record<MapLayerKind, number>;
      return { data: result.data, counts };
    },
  };
}

export type MapStore = ReturnType<typeof createMapStore>;
