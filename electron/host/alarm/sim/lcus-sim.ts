// LCUS-1 USB relay simulator: reads `A0 ch op sum` commands on one end of a socat pair and reports relay changes.
import { SerialPort } from 'serialport';
import { parseLcusCommand } from '../../../../shared/domain/alarm/lcus';
import { hexBytes } from '../../../../shared/domain/alarm/modbus-rtu';

export interface LcusSimOptions {
  path: string;
  baudRate?: number;
  print?: (line: string) => void;
  verbose?: boolean;
  channels?: number;
}

export interface RelayCommand {
  at: number;
  hr: number;
  ch: number;
  on: boolean;
}

export interface LcusSimulator {
  readonly path: string;
  relay(ch: number): boolean;
  /** Every well-formed command, in order (repeats included). */
  commands(): RelayCommand[];
  onCommand(listener: (c: RelayCommand) => void): () => void;
  badBytes(): number;
  status(): string;
  close(): Promise<void>;
  readonly closed: Promise<void>;
}

export const LCUS_SIM_KEYS = ['status       relay states', 'quit         close the port and stop'].join('\n');

export async function runLcusSimulator(opts: LcusSimOptions): Promise<LcusSimulator> {
  const print = opts.print ?? (() => undefined);
  const n = opts.channels ?? 1;
  const relays = new Array<boolean>(n).fill(false);
  const commands: RelayCommand[] = [];
  const listeners = new Set<(c: RelayCommand) => void>();
  let bad = 0;
  let buf: number[] = [];
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let open = true;
  const closed = new Promise<void>((resolve) => port.once('close', () => { open = false; resolve(); }));

  port.on('data', (chunk: Buffer) => {
    buf.push(...chunk);
    // Resync on the A0 header: a byte that cannot start a good command is dropped.
    while (buf.length >= 4) {
      const cmd = parseLcusCommand(Uint8Array.from(buf.slice(0, 4)));
      if (!cmd || cmd.ch > n) { bad++; buf = buf.slice(1); continue; }
      buf = buf.slice(4);
      const c = { at: Date.now(), hr: performance.now(), ...cmd };
      commands.push(c);
      if (commands.length > 5000) commands.shift();
      if (opts.verbose) print(`< ${hexBytes(Uint8Array.of(0xa0, cmd.ch, cmd.on ? 1 : 0, (0xa0 + cmd.ch + (cmd.on ? 1 : 0)) & 0xff))}`);
      if (relays[cmd.ch - 1] !== cmd.on) print(`relay ${cmd.ch} ${cmd.on ? 'ON' : 'OFF'}`);
      relays[cmd.ch - 1] = cmd.on;
      for (const l of listeners) l(c);
    }
  });
  port.on('error', (e) => print(`port error: ${e.message}`));

  return {
    path: opts.path,
    relay: (ch) => relays[ch - 1] === true,
    commands: () => [...commands],
    onCommand: (l) => { listeners.add(l); return () => listeners.delete(l); },
    badBytes: () => bad,
    status: () => `relays ${relays.map(Number).join('')} (channel 1 first)`,
    closed,
    async close() {
      if (open && port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    },
  };
}

/** Runs one typed line against the simulator; returns false on `quit`. */
export function lcusSimCommand(sim: LcusSimulator, line: string, print: (s: string) => void): boolean {
  const cmd = line.trim().toLowerCase();
  if (cmd === '') return true;
  if (cmd === 'status') { print(sim.status()); return true; }
  if (cmd === 'quit' || cmd === 'exit') return false;
  print(cmd === 'help' || cmd === '?' ? LCUS_SIM_KEYS : `unknown command "${line.trim()}"; type help (a relay has no buttons)`);
  return true;
}
