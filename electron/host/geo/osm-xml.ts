// Streams an OpenStreetMap XML (.osm) file with saxes and collects its road ways.
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { collectRoadWays, type CollectedWays, OsmNodeTable, type OsmWay } from './osm-ways';

export async function readOsmXml(path: string): Promise<CollectedWays> {
  const nodes = new OsmNodeTable();
  const ways: OsmWay[] = [];
  let way: OsmWay | null = null;
  let sawOsmRoot = false;
  const parser = new SaxesParser();
  let failure: Error | null = null;
  parser.on('error', (err) => { failure ??= err; });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'osm': sawOsmRoot = true; break;
      case 'node': {
        const id = Number(a.id), lat = Number(a.lat), lon = Number(a.lon);
        if (Number.isFinite(id) && Number.isFinite(lat) && Number.isFinite(lon)) nodes.add(id, lon, lat);
        break;
      }
      case 'way': way = { refs: [], tags: new Map() }; break;
      case 'nd': if (way) way.refs.push(Number(a.ref)); break;
      case 'tag': if (way && a.k !== undefined) way.tags.set(a.k, a.v ?? ''); break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && way) {
      if (way.tags.has('highway')) ways.push(way);
      way = null;
    }
  });
  const stream = createReadStream(path, { encoding: 'utf8' });
  for await (const chunk of stream) {
    parser.write(chunk as string);
    if (failure) break;
  }
  stream.destroy();
  if (!failure) parser.close();
  if (failure) throw new Error(`not well-formed OSM XML: ${(failure as Error).message}`);
  if (!sawOsmRoot) throw new Error('no <osm> root element: this is not an OpenStreetMap XML file');
  return collectRoadWays(nodes, ways);
}
