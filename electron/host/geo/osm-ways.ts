// Turns OSM ways (node refs + tags) into road ways for the graph; shared by the XML and PBF readers.
import { type OnewayRule, parseOneway, roadClassCode, roadClassFromOsm } from '../../../shared/domain/geo/road-class';
import type { RoadWay } from '../../../shared/domain/geo/road-graph';

/** Node coordinates by OSM id, in growable typed storage (extracts hold millions of nodes). */
export class OsmNodeTable {
  private readonly index = new Map<number, number>();
  private lon = new Float64Array(1 << 16);
  private lat = new Float64Array(1 << 16);
  private count = 0;

  add(id: number, lon: number, lat: number): void {
    if (this.count === this.lon.length) {
      const l = new Float64Array(this.lon.length * 2); l.set(this.lon); this.lon = l;
      const a = new Float64Array(this.lat.length * 2); a.set(this.lat); this.lat = a;
    }
    this.index.set(id, this.count);
    this.lon[this.count] = lon;
    this.lat[this.count] = lat;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Index for `lonOf`/`latOf`, or -1 when the node is not in the file. */
  find(id: number): number {
    return this.index.get(id) ?? -1;
  }

  lonOf(i: number): number { return this.lon[i]; }
  latOf(i: number): number { return this.lat[i]; }
}

export interface OsmWay {
  refs: number[];
  tags: Map<string, string>;
}

/** Direction rule from OSM tags: oneway=*, and the implied one-way of roundabouts and motorways. */
function onewayOf(tags: Map<string, string>, highway: string): OnewayRule {
  const explicit = tags.get('oneway');
  if (explicit !== undefined) return parseOneway(explicit);
  if (tags.get('junction') === 'roundabout' || highway === 'motorway') return 1;
  return 0;
}

export interface CollectedWays {
  ways: RoadWay[];
  skipped: Record<string, number>;
}

export function collectRoadWays(nodes: OsmNodeTable, osmWays: Iterable<OsmWay>): CollectedWays {
  const ways: RoadWay[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string): void => { skipped[why] = (skipped[why] ?? 0) + 1; };
  for (const w of osmWays) {
    const highway = w.tags.get('highway');
    if (highway === undefined) continue;
    const cls = roadClassFromOsm(highway);
    if (cls === null) { skip(`highway=${highway} is not routable`); continue; }
    if (w.tags.get('area') === 'yes') { skip('highway area'); continue; }
    const oneway = onewayOf(w.tags, highway);
    // A ref missing from the extract (clipped at its border) splits the way rather than dropping it.
    let coords: number[] = [];
    const flush = (): void => {
      if (coords.length >= 4) ways.push({ coords, cls: roadClassCode(cls), oneway });
      coords = [];
    };
    for (const ref of w.refs) {
      const i = nodes.find(ref);
      if (i < 0) { skip('way node missing from the file'); flush(); continue; }
      coords.push(nodes.lonOf(i), nodes.latOf(i));
    }
    flush();
  }
  return { ways, skipped };
}
