// `kuaifan import`: the user's own GeoJSON layers or an MBTiles basemap, all or nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHallHost } from '../../host/hall-host';
import { mapLayerFiles, type MapLayerKind } from '../../../shared/domain/mapdata/parse';
import { HallError } from '../../../shared/contract/errors';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';
import { importRoadNetwork } from './import-roads';

const layerOfWord: Record<string, MapLayerKind> = {
  targets: 'targets',
  points: 'rrPoints',
  'rr-points': 'rrPoints',
  zones: 'patrolZones',
  'patrol-zones': 'patrolZones',
  roads: 'roads',
  units: 'units',
};

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist.`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'replace map layers with your own GeoJSON, or add an MBTiles basemap',
  usage: `kuaifan import KIND FILE [--data DIR]
kuaifan import map FOLDER [--data DIR]

  KIND is targets, points (rapid-response points), zones (patrol zones), roads, units or tiles.
  map FOLDER imports every layer file found in FOLDER (${Object.values(mapLayerFiles).join(', ')}).
  GeoJSON is WGS-84. A file with any bad feature is refused whole, with each bad feature listed;
  nothing is imported then. tiles takes a raster .mbtiles file, served as the basemap.
  A hall running on the same data folder switches to the new map or basemap within two seconds.
  roads takes the road network for travel times and coverage: .geojson (LineStrings with a class or
  OSM highway property), .osm (OpenStreetMap XML) or .osm.pbf; non-roads are left out and counted.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, dataOption, true);
    const [kind, file] = positionals;
    if (!kind || !file || positionals.length > 2) throw new UsageError('Usage: kuaifan import KIND FILE (see kuaifan import --help).');
    const path = resolve(file);
    // A one-shot host (no data-folder lock), so the import runs beside a live hall on the same folder.
    const host = createHallHost({ dataDir: resolve(dataDirFrom(values, io.env)), exclusive: false });
    try {
      if (kind === 'tiles') {
        const info = host.tiles.importFile(path);
        io.out(`Imported basemap ${path}: ${info.format}, zoom ${info.minZoom ?? '?'}-${info.maxZoom ?? '?'}.`);
        io.out('A hall running on this data folder shows it within two seconds.');
        return 0;
      }
      if (kind === 'roads') return await importRoadNetwork(host, path, io);
      let layers: Partial<Record<MapLayerKind, unknown>>;
      if (kind === 'map') {
        if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${path} is not a folder.`);
        layers = {};
        for (const [k, name] of Object.entries(mapLayerFiles) as [MapLayerKind, string][]) {
          if (existsSync(join(path, name))) layers[k] = readJson(join(path, name));
        }
        if (Object.keys(layers).length === 0) throw new UsageError(`${path} holds none of ${Object.values(mapLayerFiles).join(', ')}.`);
      } else {
        const layer = layerOfWord[kind];
        if (!layer) throw new UsageError(`Unknown KIND ${kind}: use targets, points, zones, roads, units, tiles or map.`);
        layers = { [layer]: readJson(path) };
      }
      const { counts } = host.map.importLayers(layers, path);
      host.db.transaction(() => host.audit.append({ actor: 'cli', action: 'map.import', subject: path, detail: counts }))();
      io.out(`Imported ${path}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}.`);
      io.out('A hall running on this data folder shows it within two seconds.');
      return 0;
    } catch (err) {
      if (err instanceof HallError) {
        io.err(err.message);
        for (const i of err.issues ?? []) io.err(`  ${i.path}: ${i.message}`);
        return 1;
      }
      throw err;
    } finally {
      await host.close();
    }
  },
};
