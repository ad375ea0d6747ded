// How the hall serves the LAN: DIR/kuaifan.json plus any command-line values, checked alike for `kuaifan serve` and the desktop app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDeviceConfigs, type DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { generateToken, parseTokenSpec, type AccessToken } from './tokens';
import { isLoopback, startWebServer, type WebServer } from './server';
import type { HallHost } from '../hall-host';

/** A mistake in kuaifan.json or the command line that the user can fix; the message says how. */
export class ServeConfigError extends Error {}

export const DEFAULT_LISTEN = '127.0.0.1:5180';
export const CONFIG_FILE_NAME = 'kuaifan.json';

export const ServeConfigFile = z.object({
  listen: z.string().optional(),
  tokens: z.array(z.string()).default([]),
  /** Device specs ("kf1:/dev/ttyUSB0") or objects ({ "kind": "kf1", "path": "/dev/ttyUSB0" }). */
  devices: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).default([]),
});
export type ServeConfigFile = z.infer<typeof ServeConfigFile>;

/** Values given on the command line; they add to (tokens, devices) or override (listen) the file's. */
export interface ServeOverrides {
  listen?: string;
  tokens?: readonly string[];
  devices?: readonly string[];
}

export interface ServePlan {
  listenHost: string;
  port: number;
  tokens: AccessToken[];
  /** True when no token was configured and one per role was made for this run (loopback only). */
  generatedTokens: boolean;
  devices: DeviceConfig[];
}

export function parseListen(spec: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(spec) ?? /^()()(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ServeConfigError(`--listen ${spec}: expected HOST:PORT (e.g. 127.0.0.1:5180 or 0.0.0.0:5180) or PORT.`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

/** DIR/kuaifan.json, or the defaults when there is none. */
export function readServeConfig(dataDir: string): ServeConfigFile {
  const file = join(dataDir, CONFIG_FILE_NAME);
  if (!existsSync(file)) return ServeConfigFile.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ServeConfigError(`${file} is not valid JSON (${(err as Error).message}); fix it or remove it.`);
  }
  const parsed = ServeConfigFile.safeParse(raw);
  if (!parsed.success) throw new ServeConfigError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Where to listen, with which tokens and devices; refuses to go beyond loopback without a token. */
export function planServe(config: ServeConfigFile, overrides: ServeOverrides = {}): ServePlan {
  const { host: listenHost, port } = parseListen(overrides.listen ?? config.listen ?? DEFAULT_LISTEN);
  let tokens: AccessToken[];
  try {
    tokens = [...config.tokens, ...(overrides.tokens ?? [])].map(parseTokenSpec);
  } catch (err) {
    throw new ServeConfigError((err as Error).message);
  }
  const generatedTokens = tokens.length === 0;
  if (generatedTokens) {
    if (!isLoopback(listenHost)) {
      throw new ServeConfigError(`Refusing to listen on ${listenHost} without an access token: anyone on the network could act. Add --token commander:SECRET (and display:SECRET for wall screens), or "tokens" in ${CONFIG_FILE_NAME}.`);
    }
    tokens = [generateToken('commander'), generateToken('watch'), generateToken('display')];
  }
  let devices: DeviceConfig[];
  try {
    devices = parseDeviceConfigs([...config.devices, ...(overrides.devices ?? [])]);
  } catch (err) {
    throw new ServeConfigError((err as Error).message);
  }
  return { listenHost, port, tokens, generatedTokens, devices };
}

/** One line per token: a link to open the screen with when the tokens were made for this run, else the token's name. */
export function screenLinks(serverUrl: string, plan: Pick<ServePlan, 'tokens' | 'generatedTokens'>): string[] {
  return plan.tokens.map((t) => {
    const view = t.role === 'display' ? 'wall' : t.role === 'watch' ? 'roster' : 'console';
    return `  ${t.role.padEnd(9)} ${plan.generatedTokens ? `${serverUrl}/?token=${t.secret}#/${view}` : `token "${t.name}"`}`;
  });
}

/** Starts the web server the plan describes for this host; `links` are the lines saying how to open each screen. */
export async function serveHall(host: HallHost, plan: ServePlan, staticDir: string): Promise<{ server: WebServer; links: string[] }> {
  const server = await startWebServer({ host, listenHost: plan.listenHost, port: plan.port, tokens: plan.tokens, staticDir });
  return { server, links: screenLinks(server.url, plan) };
}

/** The desktop app's plan, from kuaifan.json alone. A mistake there is a problem to show, not a reason to keep the console shut. */
export function desktopServePlan(dataDir: string): { plan: ServePlan; problem: null } | { plan: null; problem: string } {
  try {
    return { plan: planServe(readServeConfig(dataDir)), problem: null };
  } catch (err) {
    if (err instanceof ServeConfigError) return { plan: null, problem: `LAN screens and alarm devices are off: ${err.message}` };
    throw err;
  }
}

/**
 * The desktop app serves LAN screens (squad room, wall controller) and the integration API like `kuaifan serve`.
 * Resolves with the server (null when it could not start), the lines to print, and the problem to show, if any.
 */
export async function serveDesktopHall(
  host: HallHost,
  planned: ReturnType<typeof desktopServePlan>,
  staticDir: string,
): Promise<{ server: WebServer | null; lines: string[]; problem: string | null }> {
  if (!planned.plan) {
    host.log.error('LAN server not started', { problem: planned.problem });
    return { server: null, lines: [], problem: planned.problem };
  }
  const plan = planned.plan;
  try {
    const { server, links } = await serveHall(host, plan, staticDir);
    host.log.info('LAN server started', { url: server.url, tokens: plan.tokens.map((t) => t.name) });
    return { server, lines: [`Kuaifan ${host.version} serving LAN screens at ${server.url}  (data: ${host.dataDir})`, ...links], problem: null };
  } catch (err) {
    const problem = `LAN screens are off: the web server could not listen on ${plan.listenHost}:${plan.port} (${(err as Error).message}). Is \`kuaifan serve\` or another program using that port? Set "listen" in ${join(host.dataDir, CONFIG_FILE_NAME)}.`;
    host.log.error('LAN server not started', { problem });
    return { server: null, lines: [], problem };
  }
}
