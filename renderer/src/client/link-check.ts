// Why a browser screen cannot get through: the WebSocket API hides the HTTP status, so ask the health endpoint.
import { HallErrorBody } from '@shared/contract/errors';
import type { LinkProblem } from './hall-client';

/**
 * After a failed connection: a 401 from /api/v1/health means this screen's token is wrong or was revoked
 * (the host restarted with other tokens), which no amount of retrying fixes. Anything else is "host away".
 */
export async function checkLink(token: string | null, fetcher: typeof fetch = fetch): Promise<LinkProblem> {
  try {
    const res = await fetcher('/api/v1/health', { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (res.status !== 401) return null;
    const body = HallErrorBody.safeParse(((await res.json()) as { error?: unknown }).error);
    return { kind: 'token', message: body.success ? body.data.message : 'The access token was refused.' };
  } catch {
    return null; // the host is unreachable: the client keeps retrying
  }
}
