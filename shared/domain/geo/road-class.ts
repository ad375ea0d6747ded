// Road classes and travel modes: the vocabulary shared by the graph, the speed table and the congestion table.
import { z } from 'zod';

/** Order matters: a class is stored in the graph as its index (Uint8), so append, never reorder. */
export const roadClasses = [
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential',
  'living_street', 'service', 'track', 'pedestrian', 'footway', 'path', 'steps', 'cycleway',
] as const;
export const RoadClass = z.enum(roadClasses);
export type RoadClass = z.infer<typeof RoadClass>;

export const modes = ['car', 'motorcycle', 'foot'] as const;
export const TravelMode = z.enum(modes);
export type TravelMode = z.infer<typeof TravelMode>;

const classIndex = new Map<string, number>(roadClasses.map((c, i) => [c, i]));

/** Index of a class in `roadClasses`, or -1 when the class is not a road we route on. */
export function roadClassCode(name: string): number {
  return classIndex.get(name) ?? -1;
}

// OSM spells some of our classes differently; link roads route like the road they join.
const osmAliases: Record<string, RoadClass> = {
  motorway_link: 'motorway', trunk_link: 'trunk', primary_link: 'primary', secondary_link: 'secondary',
  tertiary_link: 'tertiary', road: 'unclassified', bridleway: 'path', corridor: 'footway',
};

/** Our class for an OSM `highway=*` value, or null for values that are not routable (construction, proposed, ...). */
export function roadClassFromOsm(highway: string): RoadClass | null {
  if (classIndex.has(highway)) return highway as RoadClass;
  return osmAliases[highway] ?? null;
}

/** Direction rule of a way: 1 = only along the drawn direction, -1 = only against it, 0 = both. */
export type OnewayRule = -1 | 0 | 1;

/** Reads the many spellings of a one-way tag (boolean, 'yes', '1', 'true', '-1', 'reverse', 'no'). */
export function parseOneway(value: unknown): OnewayRule {
  if (value === true || value === 1) return 1;
  if (value === -1) return -1;
  if (typeof value !== 'string') return 0;
  const v = value.trim().toLowerCase();
  if (v === 'yes' || v === '1' || v === 'true') return 1;
  if (v === '-1' || v === 'reverse') return -1;
  return 0;
}
