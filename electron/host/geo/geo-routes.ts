// Integration API of the geo module: live coverage, isochrones and the road network, each onto one contract command.
import type { ApiRequest, ApiRoute } from '../web/api-routes';

/** Query parameters every endpoint ignores (the access token may come in the URL). */
const ignored = new Set(['token']);

/** Reads the query into plain values; a bad or unknown parameter throws a message naming it (HTTP 400). */
function readQuery(req: ApiRequest, endpoint: string, spec: Record<string, 'number' | 'numbers' | 'hour' | 'text'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = Object.keys(spec);
  for (const key of new Set(req.query.keys())) {
    if (ignored.has(key)) continue;
    const kind = spec[key];
    if (!kind) {
      throw new Error(`${endpoint}: unknown parameter "${key}"; ${names.length ? `it takes ${names.join(', ')}` : 'it takes no parameters'}.`);
    }
    const all = req.query.getAll(key);
    if (all.length > 1) throw new Error(`${key}: given ${all.length} times; give it once.`);
    const raw = all[0].trim();
    const number = (s: string, example: string): number => {
      const n = s === '' ? NaN : Number(s);
      if (!Number.isFinite(n)) throw new Error(`${key}: "${s}" is not a number; e.g. ${key}=${example}.`);
      return n;
    };
    if (kind === 'number') out[key] = number(raw, key === 'lat' ? '26.89' : key === 'lon' ? '102.11' : '5');
    else if (kind === 'numbers') out[key] = raw.split(',').map((s) => number(s.trim(), '1,3,5'));
    else if (kind === 'hour') {
      if (/^\d{1,2}:\d{2}$/.test(raw)) out[key] = raw.padStart(5, '0');
      else {
        const n = raw === '' ? NaN : Number(raw);
        if (!Number.isFinite(n)) throw new Error(`hour: "${raw}" is neither HH:MM nor a number of hours; e.g. hour=07:30 or hour=7.5.`);
        out[key] = n;
      }
    } else out[key] = raw;
  }
  return out;
}

export const geoRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/coverage',
    command: 'coverage.get',
    input: (req) => readQuery(req, '/coverage', {}),
    summary: 'Live 135 coverage: per key target its tier, best ETA, best unit and status; the headline per tier.',
  },
  {
    method: 'GET',
    path: '/isochrone',
    command: 'isochrone.get',
    input: (req) => readQuery(req, '/isochrone', { lat: 'number', lon: 'number', mode: 'text', minutes: 'numbers', hour: 'hour', unitId: 'text', rrPointId: 'text' }),
    summary: 'GeoJSON polygons of the areas reachable within 1/3/5 minutes (or `minutes`) from a point, unit or rapid-response point.',
  },
  {
    method: 'POST',
    path: '/rr-points/:id/staffing',
    command: 'coverage.setStaffing',
    input: (req) => ({ ...(typeof req.body === 'object' && req.body !== null ? req.body : {}), rrPointId: req.params.id }),
    summary: 'A rapid-response point reports whether its crew is there: { staffed: true | false }.',
  },
  {
    method: 'GET',
    path: '/roads',
    command: 'roads.status',
    input: (req) => readQuery(req, '/roads', {}),
    summary: 'The road network in use: source, nodes, edges, what was left out.',
  },
];
