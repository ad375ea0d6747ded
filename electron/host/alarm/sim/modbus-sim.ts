// Modbus RTU I/O board simulator (a slave with 8 inputs and 8 coils): checks every CRC, answers FC01/02/05/15,
// takes presses from code or typed lines, and reports coil changes (the siren relay).
import { SerialPort } from 'serialport';
import {
  encodeBitsReply, encodeException, EXC_ILLEGAL_ADDRESS, EXC_ILLEGAL_FUNCTION, EXC_ILLEGAL_VALUE, FC_READ_COILS,
  FC_READ_DISCRETE_INPUTS, FC_WRITE_MULTIPLE_COILS, FC_WRITE_SINGLE_COIL, hexBytes, ModbusRequestReader, withCrc, type ModbusRequest,
} from '../../../../shared/domain/alarm/modbus-rtu';

export interface ModbusSimOptions {
  path: string;
  baudRate?: number;
  slaveId?: number;
  print?: (line: string) => void;
  verbose?: boolean;
  channels?: number;
}

export interface CoilChange {
  at: number;
  /** `performance.now()` when the write arrived, for latency measurements. */
  hr: number;
  ch: number;
  on: boolean;
}

export interface ModbusSimulator {
  readonly path: string;
  press(ch: number): void;
  release(ch: number): void;
  /** Press and release; the press stays latched until one poll has read it, as a real board's input would. */
  tap(ch: number): void;
  bounce(ch: number, edges: number, withinMs: number): Promise<void>;
  coil(ch: number): boolean;
  coilChanges(): CoilChange[];
  onCoil(listener: (c: CoilChange) => void): () => void;
  /** Requests answered (polls and writes) and frames dropped for a bad CRC. */
  counts(): { requests: number; badCrc: number; writes: number };
  /** `performance.now()` of the last press. */
  lastPressAt(): number;
  status(): string;
  close(): Promise<void>;
  readonly closed: Promise<void>;
}

export const MODBUS_SIM_KEYS = [
  '1            press and release input 1 (the alarm button); any digit N taps input N',
  '2            press and release input 2 (muster: the squad has left)',
  'press N      hold input N down          release N   let it go',
  'bounce N K   K edges on input N within 100 ms',
  'status       inputs and coils',
  'quit         close the port and stop',
].join('\n');

export async function runModbusSimulator(opts: ModbusSimOptions): Promise<ModbusSimulator> {
  const print = opts.print ?? (() => undefined);
  const n = opts.channels ?? 8;
  const unit = opts.slaveId ?? 1;
  const inputs = new Array<boolean>(n).fill(false);
  const coils = new Array<boolean>(n).fill(false);
  const latched = new Set<number>();
  const changes: CoilChange[] = [];
  const listeners = new Set<(c: CoilChange) => void>();
  const counts = { requests: 0, badCrc: 0, writes: 0 };
  let pressAt = 0;
  const reader = new ModbusRequestReader();

  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let open = true;
  const closed = new Promise<void>((resolve) => port.once('close', () => { open = false; resolve(); }));

  const reply = (bytes: Uint8Array): void => {
    if (!open) return;
    port.write(Buffer.from(bytes));
    if (opts.verbose) print(`> ${hexBytes(bytes)}`);
  };

  const setCoil = (addr: number, on: boolean): void => {
    if (coils[addr] === on) return;
    coils[addr] = on;
    const c = { at: Date.now(), hr: performance.now(), ch: addr + 1, on };
    changes.push(c);
    if (changes.length > 5000) changes.shift();
    print(`coil ${addr + 1} ${on ? 'ON' : 'OFF'}`);
    for (const l of listeners) l(c);
  };

  const inRange = (address: number, count: number): boolean => count >= 1 && address + count <= n;

  function answer(req: ModbusRequest): void {
    if ('unsupported' in req) return reply(encodeException(unit, req.fc, EXC_ILLEGAL_FUNCTION));
    switch (req.fc) {
      case FC_READ_COILS:
      case FC_READ_DISCRETE_INPUTS: {
        if (!inRange(req.address, req.count)) return reply(encodeException(unit, req.fc, EXC_ILLEGAL_ADDRESS));
        const bits: boolean[] = [];
        for (let i = req.address; i < req.address + req.count; i++) {
          if (req.fc === FC_READ_COILS) bits.push(coils[i]);
          else {
            bits.push(inputs[i] || latched.has(i + 1));
            latched.delete(i + 1);
          }
        }
        return reply(encodeBitsReply(unit, req.fc, bits));
      }
      case FC_WRITE_SINGLE_COIL: {
        if (req.raw !== 0xff00 && req.raw !== 0x0000) return reply(encodeException(unit, req.fc, EXC_ILLEGAL_VALUE));
        if (!inRange(req.address, 1)) return reply(encodeException(unit, req.fc, EXC_ILLEGAL_ADDRESS));
        counts.writes++;
        setCoil(req.address, req.on);
        // The reply to FC05 echoes the request.
        return reply(withCrc([unit, req.fc, req.address >>> 8, req.address & 0xff, req.on ? 0xff : 0, 0]));
      }
      case FC_WRITE_MULTIPLE_COILS: {
        if (!inRange(req.address, req.values.length)) return reply(encodeException(unit, req.fc, EXC_ILLEGAL_ADDRESS));
        counts.writes++;
        req.values.forEach((v, i) => setCoil(req.address + i, v));
        const count = req.values.length;
        return reply(withCrc([unit, req.fc, req.address >>> 8, req.address & 0xff, count >>> 8, count & 0xff]));
      }
    }
  }

  port.on('data', (chunk: Buffer) => {
    for (const r of reader.push(chunk)) {
      if (!r.ok) { counts.badCrc++; print(`dropped ${r.bytes.length} bytes (bad CRC)`); continue; }
      if (opts.verbose) print(`< ${hexBytes(r.bytes)}`);
      // Other slaves on the bus, and broadcasts (0), get no reply from this one.
      if (r.request.slave !== unit) continue;
      counts.requests++;
      answer(r.request);
    }
  });
  port.on('error', (e) => print(`port error: ${e.message}`));

  const set = (ch: number, pressed: boolean): void => {
    if (!Number.isInteger(ch) || ch < 1 || ch > n) { print(`no input ${ch}: this board has inputs 1-${n}`); return; }
    if (inputs[ch - 1] === pressed) return;
    inputs[ch - 1] = pressed;
    if (pressed) { latched.add(ch); pressAt = performance.now(); }
    print(`input ${ch} ${pressed ? 'pressed' : 'released'}`);
  };

  return {
    path: opts.path,
    press: (ch) => set(ch, true),
    release: (ch) => set(ch, false),
    tap: (ch) => { set(ch, true); set(ch, false); },
    bounce: (ch, edges, withinMs) => new Promise<void>((resolve) => {
      for (let i = 0; i < edges; i++) setTimeout(() => set(ch, i % 2 === 0), (i * withinMs) / edges);
      setTimeout(() => { set(ch, false); resolve(); }, withinMs);
    }),
    coil: (ch) => coils[ch - 1] === true,
    coilChanges: () => [...changes],
    onCoil: (l) => { listeners.add(l); return () => listeners.delete(l); },
    counts: () => ({ ...counts }),
    lastPressAt: () => pressAt,
    status: () => `slave ${unit} inputs ${inputs.map(Number).join('')} coils ${coils.map(Number).join('')} (channel 1 first)`,
    closed,
    async close() {
      if (open && port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    },
  };
}

/** Runs one typed line against the simulator; returns false on `quit`. */
export function modbusSimCommand(sim: ModbusSimulator, line: string, print: (s: string) => void): boolean {
  const [cmd = '', a, b] = line.trim().toLowerCase().split(/\s+/);
  const ch = Number(a);
  if (/^[0-9]{1,2}$/.test(cmd)) { sim.tap(Number(cmd)); return true; }
  switch (cmd) {
    case '': return true;
    case 'press': sim.press(ch); return true;
    case 'release': sim.release(ch); return true;
    case 'tap': sim.tap(ch); return true;
    case 'bounce': void sim.bounce(ch || 1, Number(b) || 50, 100); return true;
    case 'status': print(sim.status()); return true;
    case 'quit': case 'exit': return false;
    case 'help': case '?': print(MODBUS_SIM_KEYS); return true;
    default: print(`unknown command "${line.trim()}"; type help`); return true;
  }
}
