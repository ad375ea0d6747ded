// Validates map GeoJSON layer by layer into MapData, or lists every bad feature (index, field, what is wrong); never a partial result.
import type { z } from 'zod';
import {
  featureSchemaOf,
  mapLayerKinds,
  MapMeta,
  sampleNote,
  type FeatureCollectionOf,
  type MapData,
  type MapLayerFeature,
  type MapLayerKind,
} from '../../contract/mapdata';

export { mapLayerKinds, type MapLayerKind } from '../../contract/mapdata';

/** File name of each layer in a map folder (the bundled demo and an imported folder alike); meta sits in `meta.json`. */
export const mapLayerFiles: Record<MapLayerKind, string> = {
  targets: 'targets.geojson',
  rrPoints: 'rr-points.geojson',
  patrolZones: 'patrol-zones.geojson',
  roads: 'roads.geojson',
  units: 'units.geojson',
};
export const mapMetaFile = 'meta.json';

/** One refusal. `feature` is the feature's index in the file, or -1 for a problem with the file as a whole. */
export interface MapDataError {
  file: string;
  feature: number;
  id?: string;
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: MapDataError[] };

/** More errors than this per file are summarised: the first ones already show what to fix. */
export const maxErrorsPerFile = 200;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function rawId(feature: unknown): string | undefined {
  const fromProps = valueAt(feature, ['properties', 'id']);
  const raw = fromProps ?? valueAt(feature, ['id']);
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() || undefined : undefined;
}

// Zod reports a wrong-typed geometry also as a cascade of coordinate errors; the type error alone says it.
function relevantIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const wrongType = issues.some((i) => i.path.length === 2 && i.path[0] === 'geometry' && i.path[1] === 'type');
  return wrongType ? issues.filter((i) => !(i.path[0] === 'geometry' && i.path[1] === 'coordinates')) : [...issues];
}

function describeIssue(issue: z.core.$ZodIssue, feature: unknown): string {
  const value = valueAt(feature, issue.path);
  if (value === undefined) {
    return issue.message.startsWith('Invalid input') ? 'missing; this field is required' : `missing: ${issue.message}`;
  }
  if (issue.code === 'custom') return issue.message;
  return `${issue.message}; got ${show(value)}`;
}

/** Normalises a feature before validation: a GeoJSON feature-level `id` stands in for a missing `properties.id`. */
function withId(feature: unknown): unknown {
  if (feature === null || typeof feature !== 'object' || Array.isArray(feature)) return feature;
  const f = feature as Record<string, unknown>;
  const props = f.properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return feature;
  if ((props as Record<string, unknown>).id !== undefined || f.id === undefined) return feature;
  return { ...f, properties: { ...(props as Record<string, unknown>), id: f.id } };
}

function fileProblem(json: unknown, kind: MapLayerKind): string | null {
  if (json === undefined || json === null || json === '') return `file is empty; expected a GeoJSON FeatureCollection of ${kind}`;
  if (typeof json !== 'object' || Array.isArray(json)) {
    return Array.isArray(json)
      ? 'file holds a bare array; wrap it as {"type": "FeatureCollection", "features": [...]}'
      : `file holds ${show(json)}; expected a GeoJSON FeatureCollection`;
  }
  const o = json as Record<string, unknown>;
  if (o.type === 'Feature') return 'file holds a single Feature; wrap it as {"type": "FeatureCollection", "features": [feature]}';
  if (o.type !== 'FeatureCollection') return `type is ${show(o.type)}; expected "FeatureCollection"`;
  if (!Array.isArray(o.features)) return `features is ${show(o.features)}; expected an array of Features`;
  if (o.features.length === 0) return `the FeatureCollection has no features; a ${kind} file needs at least one`;
  const crs = valueAt(o, ['crs', 'properties', 'name']);
  if (typeof crs === 'string' && !/CRS84|EPSG::?4326|EPSG:4490|CGCS2000/i.test(crs)) {
    return `crs is ${crs}; Kuaifan reads WGS-84 longitude/latitude only: reproject to EPSG:4326 and export again`;
  }
  return null;
}

function tryJson(json: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (typeof json !== 'string') return { ok: true, value: json };
  if (json.trim() === '') return { ok: true, value: '' };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * Validates one layer file. `json` is the parsed JSON (or its text). Checks the collection, each feature's
 * geometry type, coordinates (WGS-84 ranges, closed rings), properties and duplicate ids.
 */
export function parseMapLayer<K extends MapLayerKind>(
  kind: K,
  json: unknown,
  fileName: string = mapLayerFiles[kind],
): ParseResult<FeatureCollectionOf<MapLayerFeature[K]>> {
  const text = tryJson(json);
  if (!text.ok) return { ok: false, errors: [{ file: fileName, feature: -1, field: '(file)', message: text.message }] };
  const problem = fileProblem(text.value, kind);
  if (problem) return { ok: false, errors: [{ file: fileName, feature: -1, field: '(file)', message: problem }] };

  const raw = (text.value as { features: unknown[] }).features;
  const schema = featureSchemaOf[kind] as unknown as z.ZodType<MapLayerFeature[K]>;
  const errors: MapDataError[] = [];
  const features: MapLayerFeature[K][] = [];
  const firstIndexOfId = new Map<string, number>();
  let total = 0;
  const push = (e: MapDataError): void => {
    total += 1;
    if (errors.length < maxErrorsPerFile) errors.push(e);
  };

  raw.forEach((original, index) => {
    const id = rawId(original);
    const base = { file: fileName, feature: index, ...(id === undefined ? {} : { id }) };
    const feature = withId(original);
    if (feature === null || typeof feature !== 'object' || Array.isArray(feature)) {
      push({ ...base, field: '(feature)', message: `feature is ${show(feature)}; expected {"type": "Feature", "geometry": ..., "properties": ...}` });
      return;
    }
    const result = schema.safeParse(feature);
    if (!result.success) {
      for (const issue of relevantIssues(result.error.issues)) {
        push({ ...base, field: issue.path.map(String).join('.') || '(feature)', message: describeIssue(issue, feature) });
      }
      return;
    }
    const parsedId = (result.data.properties as { id: string }).id;
    const first = firstIndexOfId.get(parsedId);
    if (first !== undefined) {
      push({ ...base, field: 'properties.id', message: `id "${parsedId}" is already used by feature ${first}; ids must be unique within ${kind}` });
      return;
    }
    firstIndexOfId.set(parsedId, index);
    features.push(result.data);
  });

  if (total > errors.length) {
    errors.push({ file: fileName, feature: -1, field: '(file)', message: `${total - errors.length} more errors not listed; fix the ones above first` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, data: { type: 'FeatureCollection', features } };
}

/** Input to `parseMapData`: each layer's JSON (parsed or text), keyed by layer, and optionally the meta. */
export type MapDataFiles = Partial<Record<MapLayerKind, unknown>> & { meta?: unknown };

function anySample(layers: Omit<MapData, 'meta'>): boolean {
  return mapLayerKinds.some((k) => layers[k].features.some((f) => f.properties.sample === true));
}

/**
 * Validates a whole map set: every layer is required; meta is optional (without it the set is called
 * imported, and sample when any feature says `sample: true`). All layers are checked, and all their
 * errors returned together.
 */
export function parseMapData(files: MapDataFiles, fileNames: Partial<Record<MapLayerKind, string>> = {}): ParseResult<MapData> {
  const errors: MapDataError[] = [];
  const layers: Partial<Omit<MapData, 'meta'>> = {};
  for (const kind of mapLayerKinds) {
    const file = fileNames[kind] ?? mapLayerFiles[kind];
    if (!Object.prototype.hasOwnProperty.call(files, kind) || files[kind] === undefined) {
      errors.push({ file, feature: -1, field: '(file)', message: `the ${kind} layer is missing; provide ${mapLayerFiles[kind]}` });
      continue;
    }
    const result = parseMapLayer(kind, files[kind], file);
    if (result.ok) (layers as Record<MapLayerKind, unknown>)[kind] = result.data;
    else errors.push(...result.errors);
  }

  let meta: MapData['meta'] | undefined;
  if (files.meta !== undefined) {
    const text = tryJson(files.meta);
    const parsed = text.ok ? MapMeta.safeParse(text.value) : null;
    if (!text.ok) errors.push({ file: mapMetaFile, feature: -1, field: '(file)', message: text.message });
    else if (parsed && !parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ file: mapMetaFile, feature: -1, field: issue.path.map(String).join('.') || '(meta)', message: describeIssue(issue, text.value) });
      }
    } else if (parsed) meta = parsed.data;
  }

  if (errors.length > 0) return { ok: false, errors };
  const all = layers as Omit<MapData, 'meta'>;
  const sample = anySample(all);
  meta ??= sample
    ? { name: '示例数据', nameEn: 'Sample data', sample: true, source: 'sample', note: sampleNote }
    : { name: '导入数据', nameEn: 'Imported data', sample: false, source: 'import', note: '' };
  // A set holding sample features is sample data whatever its meta says, so the banner cannot be lost.
  if (sample && !meta.sample) meta = { ...meta, sample: true, note: meta.note ? `${sampleNote}; ${meta.note}` : sampleNote };
  return { ok: true, data: { ...all, meta } };
}

/** One line per error, for a CLI or a log. */
export function formatMapDataError(e: MapDataError): string {
  const where = e.feature < 0 ? e.file : `${e.file} feature ${e.feature}${e.id ? ` (id ${e.id})` : ''}`;
  return `${where} ${e.field}: ${e.message}`;
}
