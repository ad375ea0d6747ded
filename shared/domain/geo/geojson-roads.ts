// Reads road GeoJSON (LineString / MultiLineString features with a class property) into ways for the graph.
import { z } from 'zod';
import { parseOneway, roadClassCode, roadClassFromOsm } from './road-class';
import type { RoadWay } from './road-graph';

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const RoadFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('LineString'), coordinates: z.array(Position) }),
    z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position)) }),
  ]).nullable(),
  properties: z.object({
    class: z.string().optional(),
    highway: z.string().optional(),
    oneway: z.union([z.boolean(), z.string(), z.number()]).optional(),
  }).passthrough().nullable(),
});
const RoadCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export interface ParsedRoads {
  ways: RoadWay[];
  /** Features not used, by reason, so an import can say what it left out. */
  skipped: Record<string, number>;
}

/** Throws an Error naming the first bad feature when the document is not a road FeatureCollection. */
export function roadsFromGeoJson(doc: unknown): ParsedRoads {
  const top = RoadCollection.safeParse(doc);
  if (!top.success) throw new Error('not a GeoJSON FeatureCollection (expected {"type":"FeatureCollection","features":[...]})');
  const ways: RoadWay[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string): void => { skipped[why] = (skipped[why] ?? 0) + 1; };
  top.data.features.forEach((raw, i) => {
    const f = RoadFeature.safeParse(raw);
    if (!f.success) {
      const issue = f.error.issues[0];
      throw new Error(`feature #${i}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const { geometry, properties } = f.data;
    if (!geometry) return skip('no geometry');
    const name = properties?.class ?? properties?.highway;
    if (!name) return skip('no class property');
    const code = roadClassCode(name) >= 0 ? roadClassCode(name) : roadClassCode(roadClassFromOsm(name) ?? '');
    if (code < 0) return skip(`class "${name}" is not routable`);
    const oneway = parseOneway(properties?.oneway);
    const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
    for (const line of lines) {
      if (line.length < 2) { skip('line with fewer than 2 points'); continue; }
      ways.push({ coords: line.flatMap((p) => [p[0], p[1]]), cls: code, oneway });
    }
  });
  return { ways, skipped };
}
