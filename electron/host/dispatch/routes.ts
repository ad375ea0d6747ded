// Integration API of dispatch (/api/v1/...): 110 intake, open incidents, vehicle GPS, unit status, order acknowledgements.
import type { ApiRequest, ApiRoute } from '../web/api-routes';

/** The JSON body as an object, or an error naming what to send instead. */
function bodyObject(req: ApiRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new Error('The body must be a JSON object, e.g. {"lat": 26.89, "lon": 102.11, "at": "2026-12-03T10:00:00+08:00"}.');
  }
  return req.body as Record<string, unknown>;
}

/** A query parameter given as a number, left as text when it is not one so the contract names it. */
const numberParam = (v: string | null): number | string | undefined => (v === null ? undefined : /^\d+$/.test(v) ? Number(v) : v);

export const dispatchRoutes: ApiRoute[] = [
  {
    method: 'POST', path: '/incidents', command: 'incidents.create', status: 201,
    input: (req) => bodyObject(req),
    summary: 'Take an incident into the queue (the 110 system); replies with its id, tier and deadline.',
  },
  {
    method: 'GET', path: '/incidents', command: 'incidents.list',
    input: (req) => ({ state: req.query.get('state') ?? undefined, limit: numberParam(req.query.get('limit')) }),
    summary: 'Incidents: ?state=open (default, queue order), closed or all; &limit=N.',
  },
  {
    method: 'GET', path: '/incidents/:id', command: 'incidents.get',
    input: (req) => ({ id: req.params.id }),
    summary: 'One incident with its assignments and response times.',
  },
  {
    method: 'GET', path: '/units', command: 'units.list',
    input: () => ({}),
    summary: 'Every unit with status, position, assignment and crew.',
  },
  {
    method: 'POST', path: '/units/:id/position', command: 'units.reportPosition',
    input: (req) => ({ ...bodyObject(req), id: req.params.id }),
    summary: 'A GPS fix { lat, lon, at, speed?, heading? } for one unit.',
  },
  {
    method: 'POST', path: '/units/:id/status', command: 'units.setStatus',
    input: (req) => ({ ...bodyObject(req), id: req.params.id }),
    summary: 'A unit reports its status { status, reason?, version? }.',
  },
  {
    method: 'GET', path: '/orders', command: 'orders.list',
    input: (req) => ({ pending: req.query.has('pending') ? req.query.get('pending') !== 'false' : undefined, limit: numberParam(req.query.get('limit')) }),
    summary: 'Recent framed-area orders; ?pending for those still waiting on an acknowledgement.',
  },
  {
    method: 'POST', path: '/orders/:id/ack', command: 'orders.ack',
    input: (req) => ({ ...bodyObject(req), id: req.params.id }),
    summary: 'A unit acknowledges an order { unitId, note? }.',
  },
];
