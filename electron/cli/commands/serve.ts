// `kuaifan serve`: runs the hall host with the console, the contract over WebSocket and the integration API.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createHallHost } from '../../host/hall-host';
import { parseDeviceConfigs, type DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { findAppRoot } from '../../host/paths';
import { startWebServer, isLoopback } from '../../host/web/server';
import { generateToken, parseTokenSpec, type AccessToken } from '../../host/web/tokens';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';

const ServeConfig = z.object({
  listen: z.string().optional(),
  tokens: z.array(z.string()).default([]),
  /** Device specs ("kf1:/dev/ttyUSB0") or objects ({ "kind": "kf1", "path": "/dev/ttyUSB0" }). */
  devices: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).default([]),
});

export function parseListen(spec: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(spec) ?? /^()()(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen ${spec}: expected HOST:PORT (e.g. 127.0.0.1:5180 or 0.0.0.0:5180) or PORT.`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

function readConfig(dataDir: string): z.infer<typeof ServeConfig> {
  const file = join(dataDir, 'kuaifan.json');
  if (!existsSync(file)) return ServeConfig.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${(err as Error).message}); fix it or remove it.`);
  }
  const parsed = ServeConfig.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the hall host and serve the console to browsers on this machine or the LAN',
  usage: `kuaifan serve [--data DIR] [--listen HOST:PORT] [--token ROLE:[NAME:]SECRET]... [--device SPEC]...

  --data DIR         data folder (default: $KUAIFAN_DATA, else the folder the desktop app uses)
  --listen HOST:PORT address to bind (default 127.0.0.1:5180). Binding beyond loopback needs --token.
  --token ROLE:SECRET, ROLE:NAME:SECRET
                     an access token; ROLE is commander, watch, display or admin. Repeat for more.
                     Without any, one token per role is generated for this run (loopback only).
  --device SPEC      an alarm device (一键增援 button box, siren relay); repeat for several:
                       kf1:PATH[:BAUD]       KF1 button box (default 9600 baud)
                       modbus:PATH:SLAVE     Modbus RTU I/O board (FC02 inputs, FC05 coils)
                       lcus:PATH             LCUS-1 USB relay (output only)
                     options after ?: baud=N poll=MS siren=N|none lamp=N|none trigger=N muster=N id=NAME
                     e.g. kf1:/dev/ttyUSB0?siren=none --device lcus:/dev/ttyUSB1  (see docs/hardware/kf1.md)

  Also read from DIR/kuaifan.json: { "listen": "...", "tokens": ["..."], "devices": ["kf1:/dev/ttyUSB0", { "kind": "lcus", "path": "COM4" }] }`,
  async run(argv, io) {
    const { values } = parse(argv, { ...dataOption, listen: { type: 'string' }, token: { type: 'string', multiple: true }, device: { type: 'string', multiple: true } });
    const dataDir = resolve(dataDirFrom(values, io.env));
    const config = readConfig(dataDir);
    const { host: listenHost, port } = parseListen(values.listen ?? config.listen ?? '127.0.0.1:5180');
    let tokens: AccessToken[];
    try {
      tokens = [...config.tokens, ...(values.token ?? [])].map(parseTokenSpec);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const generated = tokens.length === 0;
    if (generated) {
      if (!isLoopback(listenHost)) {
        throw new UsageError(`Refusing to listen on ${listenHost} without an access token: anyone on the network could act. Add --token commander:SECRET (and display:SECRET for wall screens).`);
      }
      tokens = [generateToken('commander'), generateToken('watch'), generateToken('display')];
    }
    let devices: DeviceConfig[];
    try {
      devices = parseDeviceConfigs([...config.devices, ...(values.device ?? [])]);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const host = createHallHost({ dataDir, devices });
    const server = await startWebServer({ host, listenHost, port, tokens, staticDir: join(findAppRoot(), 'out', 'renderer') });
    io.out(`Kuaifan ${host.version} serving ${server.url}  (data: ${dataDir})`);
    if (host.map.get().data.meta.sample) io.out('Map: 示例数据 · SAMPLE · approximate, not surveyed');
    for (const d of host.devices()) io.out(`Alarm device ${d.id} (${d.kind} on ${d.path})`);
    for (const t of tokens) {
      const view = t.role === 'display' ? 'wall' : t.role === 'watch' ? 'roster' : 'console';
      io.out(`  ${t.role.padEnd(9)} ${generated ? `${server.url}/?token=${t.secret}#/${view}` : `token "${t.name}"`}`);
    }
    await new Promise<void>((resolveStop) => {
      const stop = (): void => {
        io.out('Stopping…');
        void server.close().then(() => host.close()).then(resolveStop);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
