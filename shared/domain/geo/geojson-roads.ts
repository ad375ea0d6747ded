// Reads road GeoJSON (LineString / MultiLineString features with a class or highway property) into ways for the graph.
import { z } from 'zod';
import { parseOneway, roadClassCode, roadClassFromOsm } from './road-class';
import type { RoadWay } from './road-graph';

const Position = z.tuple([
  z.number().min(-180, 'longitude must be -180..180 (WGS-84 degrees, [lon, lat])').max(180, 'longitude must be -180..180 (WGS-84 degrees, [lon, lat])'),
  z.number().min(-90, 'latitude must be -90..90 (WGS-84 degrees, [lon, lat])').max(90, 'latitude must be -90..90 (WGS-84 degrees, [lon, lat])'),
]).rest(z.number());
const Line = z.array(Position);
const Properties = z.object({
  class: z.string({ error: 'class must be a road class such as "primary"' }).optional(),
  highway: z.string({ error: 'highway must be text such as "residential"' }).optional(),
  oneway: z.union([z.boolean(), z.string(), z.number()], { error: 'oneway must be true/false, "yes"/"no" or "-1"' }).optional(),
}).passthrough().nullable().optional();
const Feature = z.object({
  type: z.literal('Feature', { error: 'type must be "Feature"' }),
  geometry: z.object({ type: z.string(), coordinates: z.unknown().optional() }).passthrough().nullable(),
  properties: Properties,
});
const RoadCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export interface ParsedRoads {
  ways: RoadWay[];
  /** Features not used, by reason, so an import can say what it left out. */
  skipped: Record<string, number>;
}

/**
 * Features that are not roads (points, areas, paths of unknown class) are left out and counted; a road with
 * broken coordinates refuses the whole document, naming the feature, so nothing is half imported.
 */
export function roadsFromGeoJson(doc: unknown): ParsedRoads {
  const top = RoadCollection.safeParse(doc);
  if (!top.success) throw new Error('not a GeoJSON FeatureCollection (expected {"type":"FeatureCollection","features":[...]})');
  const ways: RoadWay[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string): void => { skipped[why] = (skipped[why] ?? 0) + 1; };
  const fail = (i: number, error: z.ZodError, prefix: string): never => {
    const issue = error.issues[0];
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    throw new Error(`feature #${i}: ${path || '(root)'}: ${issue.message}`);
  };
  top.data.features.forEach((raw, i) => {
    const f = Feature.safeParse(raw);
    if (!f.success) return fail(i, f.error, '');
    const { geometry, properties } = f.data;
    if (!geometry) return skip('no geometry');
    if (geometry.type !== 'LineString' && geometry.type !== 'MultiLineString') return skip(`${geometry.type} geometry is not a road`);
    const name = properties?.class ?? properties?.highway;
    if (!name) return skip('no class or highway property');
    const code = roadClassCode(name) >= 0 ? roadClassCode(name) : roadClassCode(roadClassFromOsm(name) ?? '');
    if (code < 0) return skip(`class "${name}" is not routable`);
    const parsed = (geometry.type === 'LineString' ? Line : z.array(Line)).safeParse(geometry.coordinates);
    if (!parsed.success) return fail(i, parsed.error, 'geometry.coordinates');
    const lines = geometry.type === 'LineString' ? [parsed.data as z.infer<typeof Line>] : (parsed.data as z.infer<typeof Line>[]);
    const oneway = parseOneway(properties?.oneway);
    for (const line of lines) {
      if (line.length < 2) { skip('line with fewer than 2 points'); continue; }
      ways.push({ coords: line.flatMap((p) => [p[0], p[1]]), cls: code, oneway });
    }
  });
  return { ways, skipped };
}
