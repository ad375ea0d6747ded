// Modbus RTU I/O board simulator (slave): discrete inputs from typed lines, coils printed as they change.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ServerSerial } from 'modbus-serial';

export interface ModbusSimOptions {
  path: string;
  baudRate?: number;
  slaveId?: number;
  input?: Readable;
  output?: Writable;
  channels?: number;
}

export interface CoilChange {
  at: number;
  hr: number;
  ch: number;
  on: boolean;
}

export interface ModbusSimulator {
  readonly path: string;
  press(ch: number): void;
  release(ch: number): void;
  coil(ch: number): boolean;
  coilChanges(): CoilChange[];
  onCoil(listener: (c: CoilChange) => void): () => void;
  /** Number of requests answered (polls and writes). */
  requests(): number;
  close(): Promise<void>;
}

export const MODBUS_SIM_HELP = ['press N', 'release N', 'tap N', 'alarm (tap 1)', 'muster (tap 2)', 'status', 'quit'].join('\n');

export async function runModbusSimulator(opts: ModbusSimOptions): Promise<ModbusSimulator> {
  const print = (s: string): void => { opts.output?.write(s + '\n'); };
  const n = opts.channels ?? 8;
  const inputs = new Array<boolean>(n).fill(false);
  const coils = new Array<boolean>(n).fill(false);
  const changes: CoilChange[] = [];
  const listeners = new Set<(c: CoilChange) => void>();
  let requests = 0;
  // A taped press must be seen by at least one poll, as a real board's latching input would be.
  const latched = new Set<number>();

  const vector = {
    getDiscreteInput: (addr: number): boolean => {
      requests++;
      const ch = addr + 1;
      const v = inputs[addr] === true || latched.has(ch);
      latched.delete(ch);
      return v;
    },
    getCoil: (addr: number): boolean => coils[addr] === true,
    setCoil: (addr: number, value: boolean): void => {
      requests++;
      if (addr < 0 || addr >= n) return;
      const ch = addr + 1;
      if (coils[addr] !== value) {
        coils[addr] = value;
        const c = { at: Date.now(), hr: performance.now(), ch, on: value };
        changes.push(c);
        if (changes.length > 5000) changes.shift();
        print(`coil ${ch} ${value ? 'ON' : 'OFF'}`);
        for (const l of listeners) l(c);
      }
    },
  };

  const server = await new Promise<ServerSerial>((resolve, reject) => {
    const s: ServerSerial = new ServerSerial(vector, {
      path: opts.path,
      baudRate: opts.baudRate ?? 9600,
      unitID: opts.slaveId ?? 1,
      // Gap that ends a request; a pty delivers bytes at once, so a few ms is plenty (the default 30 ms is for RS-485).
      interval: 4,
      openCallback: (err?: Error | null) => (err ? reject(err) : resolve(s)),
    } as ConstructorParameters<typeof ServerSerial>[1]);
  });

  const set = (ch: number, pressed: boolean): void => {
    if (ch < 1 || ch > n) return;
    inputs[ch - 1] = pressed;
    if (pressed) latched.add(ch);
    print(`input ${ch} ${pressed ? 'pressed' : 'released'}`);
  };

  const rl = opts.input ? createInterface({ input: opts.input }) : null;
  const sim: ModbusSimulator = {
    path: opts.path,
    press: (ch) => set(ch, true),
    release: (ch) => set(ch, false),
    coil: (ch) => coils[ch - 1] === true,
    coilChanges: () => [...changes],
    onCoil: (l) => { listeners.add(l); return () => listeners.delete(l); },
    requests: () => requests,
    close: () => new Promise<void>((resolve) => { rl?.close(); server.close(() => resolve()); }),
  };

  rl?.on('line', (line) => {
    const [cmd, a] = line.trim().split(/\s+/);
    const ch = Number(a);
    switch (cmd) {
      case 'press': set(ch, true); break;
      case 'release': set(ch, false); break;
      case 'tap': set(ch, true); set(ch, false); break;
      case 'alarm': set(1, true); set(1, false); break;
      case 'muster': set(2, true); set(2, false); break;
      case 'status': print(`inputs ${inputs.map(Number).join('')} coils ${coils.map(Number).join('')}`); break;
      case 'quit': void sim.close(); break;
      case '': break;
      default: print(`unknown command "${line.trim()}"\n${MODBUS_SIM_HELP}`);
    }
  });
  return sim;
}

/** `node --import tsx electron/host/alarm/sim/modbus-sim.ts --port PATH [--slave 1] [--baud 9600]` */
export async function modbusSimMain(argv: string[]): Promise<number> {
  const val = (name: string): string | undefined => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const path = val('--port');
  if (!path) {
    process.stderr.write(`usage: modbus-sim --port PATH [--slave 1] [--baud 9600]\n${MODBUS_SIM_HELP}\n`);
    return 2;
  }
  const sim = await runModbusSimulator({
    path, slaveId: Number(val('--slave') ?? 1), baudRate: Number(val('--baud') ?? 9600), input: process.stdin, output: process.stdout,
  });
  process.stdout.write(`Modbus I/O board simulator (slave ${val('--slave') ?? 1}) on ${path}; type "press 1", "muster", ...\n`);
  await new Promise<void>((resolve) => process.stdin.once('end', () => resolve()));
  await sim.close();
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  modbusSimMain(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    process.stderr.write(`modbus-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
