// The integration API (/api/v1/...): each route maps an HTTP request onto one contract command.
import type { CommandName } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/contract/errors';

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /api/v1 with `:name` parameters, e.g. `/units/:id/position`. */
  path: string;
  command: CommandName;
  /** Builds the command input from the request; the contract validates it. */
  input(req: ApiRequest): unknown;
  /** HTTP status for success (200 unless it creates something). */
  status?: number;
  summary: string;
}

export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_COMMAND: 404,
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SIGN_IN_REQUIRED: 403,
  LOCKED: 423,
  NOT_FOUND: 404,
  CONFLICT: 409,
  REFUSED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const foundationRoutes: ApiRoute[] = [
  { method: 'GET', path: '/health', command: 'system.health', input: () => ({}), summary: 'Version, uptime, data folder, devices.' },
];

export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): { route: ApiRoute; params: Record<string, string> } | { allow: string[] } | null {
  const allow: string[] = [];
  const segs = path.split('/').filter(Boolean);
  for (const route of routes) {
    const rsegs = route.path.split('/').filter(Boolean);
    if (rsegs.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < rsegs.length; i++) {
      const r = rsegs[i]!;
      const s = segs[i]!;
      if (r.startsWith(':')) {
        try {
          params[r.slice(1)] = decodeURIComponent(s);
        } catch {
          ok = false;
        }
      } else if (r !== s) ok = false;
      if (!ok) break;
    }
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allow.push(route.method);
  }
  return allow.length ? { allow } : null;
}
