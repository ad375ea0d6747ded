// The app:// protocol: serves the built console and imported map tiles to our windows instead of file://.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { HallHost } from '../host/hall-host';
import { consoleCsp } from '../host/web/server';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function handleAppProtocol(host: HallHost, rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'kuaifan') return new Response('not found', { status: 404 });
    const tile = /^\/tiles\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})/.exec(url.pathname);
    if (tile) {
      const t = host.tiles.tile(Number(tile[1]), Number(tile[2]), Number(tile[3]));
      return t ? new Response(new Uint8Array(t.bytes), { headers: { 'content-type': t.contentType } }) : new Response(null, { status: 404 });
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      const headers: Record<string, string> = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (extname(file) === '.html') headers['content-security-policy'] = consoleCsp(host.settings.get().tileUrl);
      return new Response(new Uint8Array(body), { headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
