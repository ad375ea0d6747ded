// `kuaifan travel tables`: the speed-per-road-class and hour-of-day congestion tables, shown or replaced from a JSON file.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SetTravelTables, type TravelTables } from '../../../shared/contract/geo';
import { CongestionTable } from '../../../shared/domain/geo/congestion';
import { roadClasses } from '../../../shared/domain/geo/road-class';
import { SpeedTable } from '../../../shared/domain/geo/speed-table';
import { createHallHost, type HallHost } from '../../host/hall-host';
import { createLogger } from '../../host/logging/logger';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand, type CliIo } from '../command';

const usage = `kuaifan travel tables show [--data DIR] [--json]
kuaifan travel tables set FILE.json [--data DIR]

  --data DIR   data folder (default: $KUAIFAN_DATA, else the folder the desktop app uses)
  --json       print the tables as JSON, in the shape set takes

  show  The speed table (km/h per road class for car, motorcycle and foot; 0 = the mode may not use that
        class) and the congestion windows (a factor multiplying speed for some modes and classes between two
        times of day, in the hall's zone), with who changed them last.
  set   Replaces one table or both from FILE.json: { "speedTable": {...}, "congestionTable": { "windows":
        [...] } }. Either key may be left out (that table stays) or be "default" (the built-in table comes
        back). The output of show --json is accepted as it is. The whole file is checked first: every
        mistake is listed with where it is and nothing changes. A change is written to the audit log, and
        a hall running on this data folder uses it within two seconds.

  Example: kuaifan travel tables show --json > tables.json; edit tables.json; kuaifan travel tables set tables.json

  Exit status: 0 done, 1 the file was refused (nothing changed), 2 usage error.`;

/** Keys of `show --json` that describe the tables rather than being part of them. */
const readOnlyKeys = ['speedDefault', 'congestionDefault', 'updatedAt', 'updatedBy'];

async function withHost<T>(dataDir: string, fn: (host: HallHost) => Promise<T>): Promise<T> {
  // A one-shot host without the data-folder lock, so this runs beside a live hall; that hall follows the change.
  const host = createHallHost({ dataDir, exclusive: false, log: createLogger({ file: join(dataDir, 'kuaifan.log'), quiet: true }) });
  try {
    return await fn(host);
  } finally {
    await host.close();
  }
}

async function invoke(host: HallHost, command: 'travel.tables' | 'travel.setTables', input: unknown): Promise<{ ok: true; tables: TravelTables } | { ok: false; lines: string[] }> {
  const r = await host.connect({ transport: 'http', ceiling: 'commander', principal: 'cli' }).invoke(command, input);
  if (r.ok) return { ok: true, tables: r.output as TravelTables };
  return { ok: false, lines: [r.error.message, ...(r.error.issues ?? []).map((i) => `  ${i.path}: ${i.message}`)] };
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const padLeft = (s: string | number, n: number): string => String(s).padStart(n);

function printTables(t: TravelTables, io: CliIo): void {
  const origin = (isDefault: boolean): string =>
    isDefault ? 'built-in default' : `edited${t.updatedAt ? ` (last change ${t.updatedAt}${t.updatedBy ? ` by ${t.updatedBy}` : ''})` : ''}`;
  io.out(`Speed table, km/h (0 = the mode may not use that class): ${origin(t.speedDefault)}`);
  io.out(`  ${pad('class', 14)}${padLeft('car', 6)}${padLeft('motorcycle', 12)}${padLeft('foot', 6)}`);
  for (const c of roadClasses) {
    const s = t.speedTable[c];
    io.out(`  ${pad(c, 14)}${padLeft(s.car, 6)}${padLeft(s.motorcycle, 12)}${padLeft(s.foot, 6)}`);
  }
  io.out('');
  io.out(`Congestion windows, hall time (speed × factor): ${origin(t.congestionDefault)}`);
  if (t.congestionTable.windows.length === 0) io.out('  none: traffic flows at the table speeds all day');
  for (const w of t.congestionTable.windows) {
    io.out(`  ${pad(w.name, 26)} ${w.from}-${w.to}  × ${w.factor.toFixed(2)}  ${w.modes.join(', ')} on ${w.classes ? w.classes.join(', ') : 'every class'}`);
  }
}

function readTablesFile(path: string): unknown {
  if (!existsSync(path)) throw new UsageError(`no file ${path}`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (err) {
    throw new RefusedFile([`${path} is not JSON: ${(err as Error).message}`]);
  }
}

class RefusedFile extends Error {
  constructor(readonly lines: string[]) {
    super(lines[0]);
  }
}

export const travelCommand: CliCommand = {
  name: 'travel',
  summary: 'the speed and hour-of-day congestion tables travel times are computed from: show them, or set them from a JSON file',
  usage,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { ...dataOption, json: { type: 'boolean' } }, true);
    const [what, verb, file, ...extra] = positionals;
    if (what !== 'tables' || (verb !== 'show' && verb !== 'set')) {
      throw new UsageError(`say what to do: kuaifan travel tables show [--json] | kuaifan travel tables set FILE.json${positionals.length ? ` (not "${positionals.join(' ')}")` : ''}`);
    }
    const dataDir = resolve(dataDirFrom(values, io.env));
    if (verb === 'show') {
      if (file !== undefined) throw new UsageError(`show takes no file ("${file}"); to change the tables: kuaifan travel tables set FILE.json`);
      const r = await withHost(dataDir, (host) => invoke(host, 'travel.tables', {}));
      if (!r.ok) throw new Error(r.lines.join('\n'));
      if (values.json) io.out(JSON.stringify(r.tables, null, 2));
      else printTables(r.tables, io);
      return 0;
    }
    if (file === undefined || extra.length) throw new UsageError('give one file: kuaifan travel tables set FILE.json');
    if (values.json) throw new UsageError('--json goes with show');
    const path = resolve(file);
    try {
      const raw = readTablesFile(path);
      const input = raw !== null && typeof raw === 'object' && !Array.isArray(raw)
        ? Object.fromEntries(Object.entries(raw).filter(([k]) => !readOnlyKeys.includes(k)))
        : raw;
      // Checked here for a full list of mistakes (each table on its own schema, since the contract's "table or
      // 'default'" union only says "Invalid input"), then whole with the contract's schema; the host checks again.
      const issues: { path: PropertyKey[]; message: string }[] = [];
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        const given = input as Record<string, unknown>;
        for (const [key, schema] of [['speedTable', SpeedTable], ['congestionTable', CongestionTable]] as const) {
          if (given[key] === undefined || given[key] === 'default') continue;
          const r = schema.safeParse(given[key]);
          if (!r.success) issues.push(...r.error.issues.map((i) => ({ path: [key, ...i.path], message: i.message })));
        }
      }
      const parsed = SetTravelTables.safeParse(input);
      if (!parsed.success && issues.length === 0) issues.push(...parsed.error.issues);
      if (!parsed.success || issues.length) {
        throw new RefusedFile([
          `${path} was refused; nothing changed:`,
          ...issues.map((i) => `  ${i.path.length ? i.path.map(String).join('.') : '(the file)'}: ${i.message}`),
          'Start from `kuaifan travel tables show --json > tables.json`: this command takes that file back as it is.',
        ]);
      }
      const r = await withHost(dataDir, (host) => invoke(host, 'travel.setTables', parsed.data));
      if (!r.ok) throw new RefusedFile([`${path} was refused; nothing changed:`, ...r.lines]);
      const changed = [parsed.data.speedTable !== undefined ? 'speed table' : null, parsed.data.congestionTable !== undefined ? 'congestion table' : null].filter(Boolean).join(' and ');
      io.out(`Set the ${changed} from ${path}${parsed.data.speedTable === 'default' || parsed.data.congestionTable === 'default' ? ' (built-in default back where "default" was given)' : ''}.`);
      io.out('Saved with its audit row. A hall running on this data folder uses it within two seconds; one started later reads it at start.');
      return 0;
    } catch (err) {
      if (err instanceof RefusedFile) {
        for (const line of err.lines) io.err(line);
        return 1;
      }
      throw err;
    }
  },
};
