// HTTP (integration API, static console, tiles) and WebSocket (the contract) on one port, behind tokens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { isIP } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { InvokeFrame, type ServerFrame } from '../../../shared/contract/wire';
import type { HallErrorBody } from '../../../shared/contract/errors';
import type { UnitPositionBatch } from '../../../shared/contract/dispatch';
import { positionFrameWriter } from '../../../shared/contract/position-frame';
import type { HallHost } from '../hall-host';
import { matchToken, type AccessToken } from './tokens';
import { httpStatusOf, matchRoute, type ApiRoute } from './api-routes';

export interface WebServerOptions {
  host: HallHost;
  /** Address to bind; 127.0.0.1 unless the user asked for more. */
  listenHost?: string;
  port?: number;
  tokens: AccessToken[];
  /** The built console (out/renderer); omitted in API-only use. */
  staticDir?: string;
  routes?: ApiRoute[];
  maxBodyBytes?: number;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  addRoutes(routes: ApiRoute[]): void;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'kf_token';
/** WebSocket frames larger than this are sent compressed (see the WebSocketServer below). */
export const WS_DEFLATE_ABOVE_BYTES = 4 * 1024;
const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Content-Security-Policy for the console: only this origin, plus a tile server the user configured. */
export function consoleCsp(tileUrl: string): string {
  let tileOrigin = '';
  try {
    if (tileUrl) tileOrigin = ' ' + new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin;
  } catch {
    tileOrigin = '';
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tileOrigin}`,
    "connect-src 'self'",
    "media-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(text);
}

const errorBody = (code: HallErrorBody['code'], message: string, issues?: HallErrorBody['issues']) => ({ error: issues ? { code, message, issues } : { code, message } });

async function readBody(req: IncomingMessage, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return { ok: false, status: 413, message: `Body larger than ${limit} bytes.` };
    chunks.push(chunk);
  }
  if (size === 0) return { ok: true, value: undefined };
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) return { ok: false, status: 415, message: 'Send the body as JSON with content-type: application/json.' };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, status: 400, message: `Body is not valid JSON: ${(err as Error).message}` };
  }
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { host } = opts;
  const listenHost = opts.listenHost ?? '127.0.0.1';
  if (opts.tokens.length === 0) {
    throw new Error('No access token is configured: every HTTP and WebSocket client needs one. Pass --token ROLE:SECRET.');
  }
  const routes: ApiRoute[] = [...host.apiRoutes(), ...(opts.routes ?? [])];
  const maxBody = opts.maxBodyBytes ?? 1_000_000;
  const staticDir = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? opts.staticDir : undefined;

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, token: AccessToken): Promise<void> {
    const path = url.pathname.slice('/api/v1'.length) || '/';
    const found = matchRoute(routes, req.method ?? 'GET', path);
    if (!found) return sendJson(res, 404, errorBody('NOT_FOUND', `No API endpoint ${req.method} ${url.pathname}; see docs/api.md.`));
    if ('allow' in found) {
      return sendJson(res, 405, errorBody('BAD_REQUEST', `${req.method} is not allowed on ${url.pathname}; use ${found.allow.join(' or ')}.`), { allow: found.allow.join(', ') });
    }
    const body = await readBody(req, maxBody);
    if (!body.ok) return sendJson(res, body.status, errorBody('BAD_REQUEST', body.message));
    let input: unknown;
    try {
      input = found.route.input({ params: found.params, query: url.searchParams, body: body.value });
    } catch (err) {
      return sendJson(res, 400, errorBody('BAD_REQUEST', (err as Error).message));
    }
    const conn = host.connect({ transport: 'http', ceiling: token.role, principal: token.name });
    const result = await conn.invoke(found.route.command, input);
    conn.close();
    if (result.ok) return sendJson(res, found.route.status ?? 200, result.output);
    return sendJson(res, httpStatusOf[result.error.code], { error: result.error });
  }

  function handleTile(res: ServerResponse, url: URL): void {
    const m = /^\/tiles\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})(?:\.\w+)?$/.exec(url.pathname);
    const tile = m ? host.tiles.tile(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (!tile) {
      res.writeHead(404, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': tile.contentType, 'cache-control': 'private, max-age=3600' });
    res.end(tile.bytes);
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL, setCookie: string | null): void {
    if (!staticDir) return sendJson(res, 404, errorBody('NOT_FOUND', 'The console is not built; run `npm run build` first.'));
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(staticDir, rel));
    if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return sendJson(res, 404, errorBody('NOT_FOUND', `No file ${url.pathname}.`));
    }
    const type = mime[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=600',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = consoleCsp(host.settings.get().tileUrl);
      headers['referrer-policy'] = 'no-referrer';
    }
    if (setCookie) headers['set-cookie'] = setCookie;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://hall.local');
      const presented = presentedToken(req, url);
      const token = matchToken(opts.tokens, presented);
      if (!token) {
        const message = presented
          ? 'The access token is wrong or was revoked; ask the hall for the current link.'
          : 'An access token is needed: send Authorization: Bearer TOKEN, or open the link with ?token=TOKEN.';
        return sendJson(res, 401, errorBody('UNAUTHENTICATED', message), { 'www-authenticate': 'Bearer' });
      }
      if (url.pathname.startsWith('/api/')) {
        if (!url.pathname.startsWith('/api/v1/')) return sendJson(res, 404, errorBody('NOT_FOUND', 'This hall speaks API version v1: use /api/v1/...'));
        return handleApi(req, res, url, token);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, errorBody('BAD_REQUEST', `${req.method} is only for /api/v1/ endpoints.`));
      if (url.pathname.startsWith('/tiles/')) return handleTile(res, url);
      // A screen opened with ?token= keeps it as a cookie so its scripts and tiles load without the query.
      const setCookie = url.searchParams.get('token') ? `${TOKEN_COOKIE}=${encodeURIComponent(token.secret)}; HttpOnly; SameSite=Strict; Path=/` : null;
      return handleStatic(req, res, url, setCookie);
    })().catch((err: unknown) => {
      host.log.error('http request failed', { url: req.url, error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL', 'The request failed inside the host; the hall keeps running.'));
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  // Large frames go compressed (permessage-deflate, fast level): a GPS batch of a county fleet is ~100 KB of JSON a
  // second per screen, and Chromium hands an uncompressed WebSocket at this rate to the page in small pieces, each a
  // task on its main thread (69 for one batch and its coverage snapshot, about 3 ms). Compressed, its network process
  // inflates the frame and hands the page a few large pieces (5). Small frames (replies, alarms, status changes) stay as they are:
  // `ws` applies the threshold only without context takeover, so each frame is compressed on its own.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxBody,
    perMessageDeflate: { threshold: WS_DEFLATE_ABOVE_BYTES, serverNoContextTakeover: true, zlibDeflateOptions: { level: 1 } },
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://hall.local');
    const token = url.pathname === '/ws' ? matchToken(opts.tokens, presentedToken(req, url)) : null;
    if (!token) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n' + JSON.stringify(errorBody('UNAUTHENTICATED', 'Connect to /ws with a valid ?token=.')));
      return;
    }
    // ?positions=binary: this screen reads units.moved as binary frames (shared/contract/position-frame.ts).
    const binaryPositions = url.searchParams.get('positions') === 'binary';
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, token, binaryPositions));
  });

  function serveSocket(ws: WebSocket, token: AccessToken, binaryPositions: boolean): void {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    // This link's table of the unit ids its position frames have carried.
    const positions = binaryPositions ? positionFrameWriter() : null;
    const conn = host.connect({
      transport: 'ws',
      ceiling: token.role,
      principal: token.name,
      deliver: (event, payload) => {
        if (positions && event === 'units.moved') {
          // Written only when it goes out: an id the link never carried must not count as carried.
          if (ws.readyState === ws.OPEN) ws.send(positions.write(payload as UnitPositionBatch));
        } else send({ type: 'event', event, payload });
      },
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send({ type: 'reply', id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'Send JSON text frames, not binary.' } });
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return send({ type: 'reply', id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'Frame is not valid JSON; send {"type":"invoke","id":1,"command":"...","input":{}}.' } });
      }
      const frame = InvokeFrame.safeParse(raw);
      if (!frame.success) {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : null;
        return send({ type: 'reply', id, ok: false, error: { code: 'BAD_REQUEST', message: 'Frame must be {"type":"invoke","id":<integer>,"command":"<name>","input":{...}}.' } });
      }
      void conn.invoke(frame.data.command, frame.data.input).then((result) => send({ type: 'reply', id: frame.data.id, ...result }));
    });
    ws.on('close', () => conn.close());
    ws.on('error', () => conn.close());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, listenHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    addRoutes(more) {
      routes.push(...more);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
