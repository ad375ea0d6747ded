// Map data parsing: good layers come back typed; each kind of bad feature is refused with its index, field and a fix.
import { describe, expect, it } from 'vitest';
import { roadClasses as geoRoadClasses } from '../geo/road-class';
import { roadClasses } from '../../contract/mapdata';
import { formatMapDataError, parseMapData, parseMapLayer, type MapDataError, type MapDataFiles } from './parse';

const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const point = (lon = 102.11, lat = 26.89) => ({ type: 'Point', coordinates: [lon, lat] });
const square = [[[102.1, 26.88], [102.12, 26.88], [102.12, 26.9], [102.1, 26.9], [102.1, 26.88]]];

const target = (props: Record<string, unknown> = {}, geometry: unknown = point()) => ({
  type: 'Feature',
  geometry,
  properties: { id: 'T-1', name: '米易县人民医院', kind: 'hospital', tier: 3, zoneRadiusM: 200, ...props },
});
const rrPoint = (props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: point(),
  properties: { id: 'RR-1', name: '汽车站快反点', staffed: true, modes: ['car'], ...props },
});
const zone = (props: Record<string, unknown> = {}, coordinates: unknown = square) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates },
  properties: { id: 'PZ-1', name: '老城巡区', station: '攀莲派出所', ...props },
});
const road = (props: Record<string, unknown> = {}, coordinates: unknown = [[102.11, 26.89], [102.111, 26.89]]) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties: { id: 'R-1', class: 'residential', ...props },
});
const unit = (props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: point(),
  properties: { id: 'U-1', callsign: '特巡01', kind: 'special-patrol-car', mode: 'car', ...props },
});

function goodFiles(): MapDataFiles {
  return { targets: fc(target()), rrPoints: fc(rrPoint()), patrolZones: fc(zone()), roads: fc(road()), units: fc(unit()) };
}

function errorsOf(result: { ok: true } | { ok: false; errors: MapDataError[] }): MapDataError[] {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors;
}

describe('parseMapLayer', () => {
  it('accepts a well-formed layer and drops unknown extra columns', () => {
    const r = parseMapLayer('targets', fc(target({ OBJECTID: 7, remark: 'from a GIS export' })));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.features[0].properties).toEqual({ id: 'T-1', name: '米易县人民医院', kind: 'hospital', tier: 3, zoneRadiusM: 200 });
  });

  it('reads JSON text as well as parsed JSON', () => {
    expect(parseMapLayer('roads', JSON.stringify(fc(road()))).ok).toBe(true);
    const errors = errorsOf(parseMapLayer('roads', '{"type": "FeatureCollection", "features": [', 'roads.geojson'));
    expect(errors).toEqual([expect.objectContaining({ file: 'roads.geojson', feature: -1, field: '(file)' })]);
    expect(errors[0].message).toMatch(/not valid JSON/);
  });

  it('takes the GeoJSON feature id when properties.id is absent, and turns numbers into strings', () => {
    const { id: _drop, ...props } = rrPoint().properties;
    const r = parseMapLayer('rrPoints', fc({ type: 'Feature', id: 17, geometry: point(), properties: props }));
    expect(r.ok && r.data.features[0].properties.id).toBe('17');
  });

  it('fills a unit status from its kind when the data gives none', () => {
    const r = parseMapLayer('units', fc(unit(), unit({ id: 'U-2', callsign: '战备01', kind: 'readiness-squad' }), unit({ id: 'U-3', callsign: '保安01', kind: 'security-guard', mode: 'foot' }), unit({ id: 'U-4', status: 'busy' })));
    expect(r.ok && r.data.features.map((f) => f.properties.status)).toEqual(['patrolling', 'standby', 'available', 'busy']);
  });

  it.each([
    ['undefined', undefined, /file is empty/],
    ['an empty string', '', /file is empty/],
    ['null', null, /file is empty/],
    ['an empty collection', fc(), /no features/],
    ['a bare array', [target()], /bare array/],
    ['a single Feature', target(), /single Feature/],
    ['a Geometry', point(), /expected "FeatureCollection"/],
    ['features that are not an array', { type: 'FeatureCollection', features: {} }, /features is/],
    ['a projected CRS', { ...fc(target()), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }, /reproject to EPSG:4326/],
  ])('refuses %s as a whole file', (_what, json, message) => {
    const errors = errorsOf(parseMapLayer('targets', json, 'mine.geojson'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'mine.geojson', feature: -1, field: '(file)' });
    expect(errors[0].message).toMatch(message);
  });

  it('names the feature index, id and field of every bad feature, and returns no data', () => {
    const r = parseMapLayer('targets', fc(target(), target({ id: 'T-2', tier: 2 }), target({ id: 'T-3' }), target({ id: 'T-4', kind: 'temple' })));
    expect(r).not.toHaveProperty('data');
    const errors = errorsOf(r);
    expect(errors).toEqual([
      { file: 'targets.geojson', feature: 1, id: 'T-2', field: 'properties.tier', message: 'tier must be 1, 3 or 5 (the response budget in minutes); got 2' },
      expect.objectContaining({ feature: 3, id: 'T-4', field: 'properties.kind' }),
    ]);
    expect(errors[1].message).toMatch(/kind must be one of party-gov, school, .*; got "temple"/);
  });

  type Case = [string, Parameters<typeof parseMapLayer>[0], unknown, string, RegExp];
  const cases: Case[] = [
    ['a wrong geometry type (once, without coordinate noise)', 'targets', target({}, { type: 'Polygon', coordinates: square }), 'geometry.type', /must be "Point".*got "Polygon"/],
    ['a missing geometry', 'targets', { type: 'Feature', properties: target().properties }, 'geometry', /missing/],
    ['a missing properties object', 'units', { type: 'Feature', geometry: point() }, 'properties', /missing/],
    ['a feature that is not an object', 'units', 42, '(feature)', /expected \{"type": "Feature"/],
    ['a wrong feature type', 'units', { ...unit(), type: 'Feat' }, 'type', /type must be "Feature"/],
    ['a longitude beyond 180', 'targets', target({}, point(202.11, 26.89)), 'geometry.coordinates', /longitude 202.11 is outside -180..180/],
    ['a latitude beyond 90', 'targets', target({}, point(102.11, 96.89)), 'geometry.coordinates', /latitude 96.89 is outside -90..90/],
    ['swapped latitude and longitude', 'rrPoints', { ...rrPoint(), geometry: point(26.89, 102.11) }, 'geometry.coordinates', /looks like \[latitude, longitude\]/],
    ['projected metres', 'units', { ...unit(), geometry: point(11367000, 3107000) }, 'geometry.coordinates', /projected metres/],
    ['a position with one number', 'units', { ...unit(), geometry: { type: 'Point', coordinates: [102.11] } }, 'geometry.coordinates', /too few numbers/],
    ['a text coordinate', 'units', { ...unit(), geometry: { type: 'Point', coordinates: ['102.11', 26.89] } }, 'geometry.coordinates.0', /coordinates must be numbers.*got "102.11"/],
    ['an unclosed ring', 'patrolZones', zone({}, [square[0].slice(0, 4)]), 'geometry.coordinates.0', /ring is not closed: its last position must repeat the first \[102.1,26.88\]/],
    ['a ring of three positions', 'patrolZones', zone({}, [[[102.1, 26.88], [102.12, 26.88], [102.1, 26.88]]]), 'geometry.coordinates.0', /at least 4 positions/],
    ['a polygon with no ring', 'patrolZones', zone({}, []), 'geometry.coordinates', /needs an outer ring/],
    ['a MultiPolygon zone', 'patrolZones', { ...zone(), geometry: { type: 'MultiPolygon', coordinates: [square] } }, 'geometry.type', /split a MultiPolygon/],
    ['a zone with no station', 'patrolZones', zone({ station: '' }), 'properties.station', /station must not be empty/],
    ['a road of one position', 'roads', road({}, [[102.11, 26.89]]), 'geometry.coordinates', /at least 2 positions/],
    ['a road of zero length', 'roads', road({}, [[102.11, 26.89], [102.11, 26.89]]), 'geometry.coordinates', /zero length/],
    ['an unknown road class', 'roads', road({ class: 'highway' }), 'properties.class', /class must be one of motorway, .*; got "highway"/],
    ['a missing road class', 'roads', road({ class: undefined }), 'properties.class', /^missing: class must be one of/],
    ['an OSM-style oneway tag', 'roads', road({ oneway: 'yes' }), 'properties.oneway', /true or false; draw a one-way road in its direction of travel/],
    ['a tier given as text', 'targets', target({ tier: '3' }), 'properties.tier', /got "3"/],
    ['a missing tier', 'targets', target({ tier: undefined }), 'properties.tier', /^missing: tier must be 1, 3 or 5/],
    ['a zone radius of 0', 'targets', target({ zoneRadiusM: 0 }), 'properties.zoneRadiusM', /at least 10 m/],
    ['a zone polygon away from the target', 'targets', target({ zone: [[[103, 27], [103.01, 27], [103.01, 27.01], [103, 27]]] }), 'properties.zone', /does not contain the target point/],
    ['an empty name', 'targets', target({ name: '  ' }), 'properties.name', /name must not be empty/],
    ['an empty id', 'targets', target({ id: '' }), 'properties.id', /id must not be empty/],
    ['an id that is an object', 'targets', target({ id: { v: 1 } }), 'properties.id', /id must be a string/],
    ['a sample flag as text', 'targets', target({ sample: 'yes' }), 'properties.sample', /sample must be true or false/],
    ['no modes at a rapid-response point', 'rrPoints', rrPoint({ modes: [] }), 'properties.modes', /at least one of car, motorcycle, foot/],
    ['an unknown mode', 'rrPoints', rrPoint({ modes: ['horse'] }), 'properties.modes.0', /mode must be one of car, motorcycle, foot; got "horse"/],
    ['a mode listed twice', 'rrPoints', rrPoint({ modes: ['car', 'car'] }), 'properties.modes', /twice/],
    ['staffed as a number', 'rrPoints', rrPoint({ staffed: 1 }), 'properties.staffed', /staffed must be true or false; got 1/],
    ['an unknown unit kind', 'units', unit({ kind: 'tank' }), 'properties.kind', /kind must be one of special-patrol-car, .*; got "tank"/],
    ['a patrol car on foot', 'units', unit({ mode: 'foot' }), 'properties.mode', /a special-patrol-car moves by car, not foot/],
    ['an unknown status', 'units', unit({ status: '巡逻' }), 'properties.status', /status must be one of patrolling, .*; got "巡逻"/],
    ['a missing callsign', 'units', unit({ callsign: undefined }), 'properties.callsign', /^missing: callsign must be text/],
  ];
  it.each(cases)('refuses %s', (_what, kind, feature, field, message) => {
    const errors = errorsOf(parseMapLayer(kind, fc(feature)));
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0].feature).toBe(0);
    expect(errors[0].message).toMatch(message);
  });

  it('refuses duplicate ids, pointing at the first use', () => {
    const errors = errorsOf(parseMapLayer('roads', fc(road(), road({ id: 'R-2' }), road({ id: 'R-1' }), { ...road(), properties: { ...road().properties, id: undefined }, id: 'R-2' })));
    expect(errors).toEqual([
      { file: 'roads.geojson', feature: 2, id: 'R-1', field: 'properties.id', message: 'id "R-1" is already used by feature 0; ids must be unique within roads' },
      { file: 'roads.geojson', feature: 3, id: 'R-2', field: 'properties.id', message: 'id "R-2" is already used by feature 1; ids must be unique within roads' },
    ]);
  });

  it('lists at most maxErrorsPerFile errors and says how many more there are', () => {
    const bad = Array.from({ length: 250 }, (_, i) => road({ id: `R-${i}`, class: 'lane' }));
    const errors = errorsOf(parseMapLayer('roads', fc(...bad)));
    expect(errors).toHaveLength(201);
    expect(errors[200]).toMatchObject({ feature: -1, message: '50 more errors not listed; fix the ones above first' });
  });
});

describe('parseMapData', () => {
  it('returns the whole set, typed, with a meta saying it was imported', () => {
    const r = parseMapData(goodFiles());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.meta).toMatchObject({ sample: false, source: 'import' });
    expect(r.data.units.features[0].geometry.coordinates).toEqual([102.11, 26.89]);
  });

  it('calls a set sample data when any feature is sample, even if its meta says otherwise', () => {
    const files = { ...goodFiles(), units: fc(unit({ sample: true })), meta: { name: 'x', sample: false, source: 'me', note: '' } };
    const r = parseMapData(files);
    expect(r.ok && r.data.meta).toMatchObject({ sample: true, note: '示例数据 · SAMPLE · approximate, not surveyed' });
  });

  it('collects errors from every layer and the meta, and returns nothing', () => {
    const r = parseMapData({ ...goodFiles(), targets: fc(target({ tier: 4 })), roads: fc(road({ class: 'lane' })), units: undefined, meta: { name: 'x', sample: 'no' } });
    const errors = errorsOf(r);
    expect(r).not.toHaveProperty('data');
    expect(errors.map((e) => `${e.file}#${e.feature} ${e.field}`)).toEqual([
      'targets.geojson#0 properties.tier',
      'roads.geojson#0 properties.class',
      'units.geojson#-1 (file)',
      'meta.json#-1 sample',
      'meta.json#-1 source',
      'meta.json#-1 note',
    ]);
    expect(errors[2].message).toBe('the units layer is missing; provide units.geojson');
  });

  it('names errors after the file names it was given', () => {
    const errors = errorsOf(parseMapData({ ...goodFiles(), roads: fc(road({ class: 'lane' })) }, { roads: 'C:/gis/county-roads.json' }));
    expect(formatMapDataError(errors[0])).toMatch(/^C:\/gis\/county-roads.json feature 0 \(id R-1\) properties.class: class must be one of/);
  });
});

describe('road classes', () => {
  it('are the same list, in the same order, as the road graph uses', () => {
    expect([...roadClasses]).toEqual([...geoRoadClasses]);
  });
});
