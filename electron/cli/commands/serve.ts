// `kuaifan serve`: runs the hall host with the console, the contract over WebSocket and the integration API.
import { join, resolve } from 'node:path';
import { createHallHost } from '../../host/hall-host';
import { findAppRoot } from '../../host/paths';
import { planServe, readServeConfig, serveHall, ServeConfigError, type ServePlan } from '../../host/web/serve-config';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand } from '../command';

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
    let plan: ServePlan;
    try {
      plan = planServe(readServeConfig(dataDir), { listen: values.listen, tokens: values.token, devices: values.device });
    } catch (err) {
      throw err instanceof ServeConfigError ? new UsageError(err.message) : err;
    }
    const host = createHallHost({ dataDir, devices: plan.devices });
    const { server, links } = await serveHall(host, plan, join(findAppRoot(), 'out', 'renderer'));
    io.out(`Kuaifan ${host.version} serving ${server.url}  (data: ${dataDir})`);
    if (host.map.get().data.meta.sample) io.out('Map: 示例数据 · SAMPLE · approximate, not surveyed');
    for (const d of host.devices()) io.out(`Alarm device ${d.id} (${d.kind} on ${d.path})`);
    for (const line of links) io.out(line);
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
