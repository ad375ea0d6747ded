// What the serial-device simulations share: --port/--baud parsing and the typed-line loop until quit or unplug.
import { createInterface } from 'node:readline';
import { parse, UsageError } from '../command';
import type { SimulationIo } from './simulate';

export const serialOptions = {
  port: { type: 'string' as const },
  baud: { type: 'string' as const },
  verbose: { type: 'boolean' as const, short: 'v' },
};

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parseSerialArgs(argv: string[], extra: OptionSpec) {
  const values = parse(argv, { ...serialOptions, ...extra }).values as Record<string, string | boolean | undefined>;
  const port = values.port;
  if (typeof port !== 'string' || !port) throw new UsageError('--port PATH is required: the device end of a socat pair, e.g. --port /tmp/kf-device');
  const baud = typeof values.baud === 'string' ? Number(values.baud) : 9600;
  if (!Number.isInteger(baud) || baud <= 0) throw new UsageError(`--baud ${String(values.baud)}: expected a baud rate such as 9600`);
  return { values, port, baud, verbose: values.verbose === true };
}

export function positiveInt(flag: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} ${String(raw)}: expected a positive whole number`);
  return n;
}

/** Feeds typed lines to `onLine` until it returns false, the port closes, or the user stops; returns the exit code. */
export async function typedLoop(
  io: SimulationIo,
  sim: { closed: Promise<void>; close(): Promise<void> },
  onLine: (line: string) => boolean,
): Promise<number> {
  const rl = createInterface({ input: io.input, terminal: false });
  let quit!: () => void;
  const quitTyped = new Promise<void>((resolve) => { quit = resolve; });
  rl.on('line', (line) => { if (!onLine(line)) quit(); });
  const why = await Promise.race([
    sim.closed.then(() => 'unplugged' as const),
    quitTyped.then(() => 'quit' as const),
    io.stopRequested.then(() => 'stopped' as const),
  ]);
  rl.close();
  await sim.close();
  if (why === 'unplugged') {
    io.err('The port closed (socat stopped or the cable was pulled); the simulation ends.');
    return 1;
  }
  io.out('Simulation stopped.');
  return 0;
}
