// `kuaifan import roads FILE`: the road network for travel times, from .geojson, .osm or .osm.pbf; a bad file changes nothing.
import type { HallHost } from '../../host/hall-host';
import type { GeoModule } from '../../host/geo/geo-module';
import type { CliIo } from '../command';

export async function importRoadNetwork(host: HallHost, path: string, io: CliIo): Promise<number> {
  const geo = host.modules.find((m) => m.name === 'geo') as GeoModule | undefined;
  if (!geo) throw new Error('this build has no geo module');
  await geo.ready();
  const s = await geo.service.importRoadFile(path);
  host.db.transaction(() => host.audit.append({ actor: 'cli', action: 'roads.import', subject: path, detail: s }))();
  io.out(`Imported road network ${s.source}: ${s.nodes} nodes, ${s.edges} directed edges, ${s.segments} segments${s.fromCache ? ' (built before, taken from the cache)' : ''}.`);
  const skipped = Object.entries(s.skipped);
  if (skipped.length) io.out(`Left out: ${skipped.map(([why, n]) => `${n} × ${why}`).join('; ')}.`);
  io.out('Travel times and coverage now use it; a running `kuaifan serve` on this data folder switches within seconds.');
  return 0;
}
