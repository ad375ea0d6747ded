// KF1 device simulator: acts as the button box on one end of a socat pair; presses come from typed lines.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { SerialPort } from 'serialport';
import { encodeKf1, Kf1Reader, type Kf1Frame } from '../../../../shared/domain/alarm/kf1-codec';

export interface Kf1SimOptions {
  path: string;
  baudRate?: number;
  /** Typed commands, one a line (see HELP); none when driven from code. */
  input?: Readable;
  /** Where the simulator prints what it sends and receives. */
  output?: Writable;
  heartbeatMs?: number;
  inputs?: number;
  outputs?: number;
  /** False makes it ignore OUT (no ACK, no relay), to test resends and faults. */
  ack?: boolean;
}

export interface ReceivedFrame {
  at: number;
  /** `performance.now()` on arrival, for latency measurements. */
  hr: number;
  frame: Kf1Frame;
}

export interface Kf1Simulator {
  readonly path: string;
  press(ch: number): void;
  release(ch: number): void;
  /** Press and release. */
  tap(ch: number): void;
  /** The next IN frame is "lost on the wire" (not sent), as a test of heartbeat recovery. */
  loseNextIn(): void;
  sendRaw(bytes: Uint8Array | string): void;
  heartbeat(): void;
  output(ch: number): boolean;
  received(): ReceivedFrame[];
  onFrame(listener: (f: ReceivedFrame) => void): () => void;
  close(): Promise<void>;
  /** Resolves when the port closes (socat killed, or close()). */
  readonly closed: Promise<void>;
}

export const KF1_SIM_HELP = [
  'press N      input N pressed (1 = alarm button, 2 = muster)',
  'release N    input N released',
  'tap N        press and release input N',
  'alarm        tap 1',
  'muster       tap 2',
  'bounce N K   K edges on input N within 100 ms (a bouncing contact)',
  'lose         the next IN frame is lost on the wire',
  'noise K      K random bytes onto the line',
  'status       inputs and outputs',
  'quit',
].join('\n');

export async function runKf1Simulator(opts: Kf1SimOptions): Promise<Kf1Simulator> {
  const out = opts.output;
  const print = (s: string): void => { out?.write(s + '\n'); };
  const nInputs = opts.inputs ?? 4;
  const nOutputs = opts.outputs ?? 4;
  const ack = opts.ack ?? true;
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let inputMask = 0;
  let outputMask = 0;
  let seq = 0;
  let loseNext = false;
  const autoOff = new Map<number, ReturnType<typeof setTimeout>>();
  const received: ReceivedFrame[] = [];
  const listeners = new Set<(f: ReceivedFrame) => void>();
  const reader = new Kf1Reader();
  let open = true;
  const closed = new Promise<void>((resolve) => port.once('close', () => { open = false; resolve(); }));

  const send = (f: Kf1Frame): void => {
    if (!open) return;
    port.write(encodeKf1(f), 'latin1');
  };
  const hello = (): void => send({ type: 'HELLO', model: 'KF1-SIM', firmware: '1.0', inputs: nInputs, outputs: nOutputs });
  const heartbeat = (): void => send({ type: 'HB', seq, inputMask, outputMask });

  const setOutput = (ch: number, on: boolean, autoOffMs: number): void => {
    const t = autoOff.get(ch);
    if (t) clearTimeout(t);
    autoOff.delete(ch);
    const was = (outputMask & (1 << (ch - 1))) !== 0;
    outputMask = on ? outputMask | (1 << (ch - 1)) : outputMask & ~(1 << (ch - 1));
    if (was !== on) print(`relay ${ch} ${on ? 'ON' : 'OFF'}${on && autoOffMs ? ` (auto-off in ${autoOffMs} ms)` : ''}`);
    if (on && autoOffMs > 0) {
      autoOff.set(ch, setTimeout(() => { autoOff.delete(ch); setOutput(ch, false, 0); print(`relay ${ch} auto-off`); }, autoOffMs));
    }
  };

  port.on('data', (chunk: Buffer) => {
    for (const r of reader.push(chunk)) {
      if (!r.ok) { print(`dropped ${r.reason}: ${r.text}`); continue; }
      const rec = { at: Date.now(), hr: performance.now(), frame: r.frame };
      received.push(rec);
      if (received.length > 5000) received.shift();
      print(`< $${r.text}`);
      const f = r.frame;
      if (f.type === 'OUT') {
        if (!ack) continue;
        if (f.ch > nOutputs) { send({ type: 'NAK', id: f.id, reason: 'no-such-output' }); continue; }
        setOutput(f.ch, f.on, f.autoOffMs);
        send({ type: 'ACK', id: f.id });
      } else if (f.type === 'WHO') {
        send({ type: 'ACK', id: f.id });
        hello();
      } else if (f.type === 'PING') {
        send({ type: 'ACK', id: f.id });
      }
      for (const l of listeners) l(rec);
    }
  });
  port.on('error', (e) => print(`port error: ${e.message}`));

  const edge = (ch: number, pressed: boolean): void => {
    const bit = 1 << (ch - 1);
    if (((inputMask & bit) !== 0) === pressed) return;
    inputMask = pressed ? inputMask | bit : inputMask & ~bit;
    seq = (seq + 1) % 65536;
    if (loseNext) { loseNext = false; print(`(lost IN ${ch} ${pressed ? 1 : 0} seq ${seq})`); return; }
    send({ type: 'IN', ch, pressed, seq });
  };

  const hb = setInterval(heartbeat, opts.heartbeatMs ?? 1000);
  hello();

  const sim: Kf1Simulator = {
    path: opts.path,
    press: (ch) => edge(ch, true),
    release: (ch) => edge(ch, false),
    tap: (ch) => { edge(ch, true); edge(ch, false); },
    loseNextIn: () => { loseNext = true; },
    sendRaw: (bytes) => { if (open) port.write(typeof bytes === 'string' ? bytes : Buffer.from(bytes)); },
    heartbeat,
    output: (ch) => (outputMask & (1 << (ch - 1))) !== 0,
    received: () => [...received],
    onFrame: (l) => { listeners.add(l); return () => listeners.delete(l); },
    closed,
    async close() {
      clearInterval(hb);
      for (const t of autoOff.values()) clearTimeout(t);
      rl?.close();
      if (open && port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    },
  };
  void closed.then(() => { clearInterval(hb); for (const t of autoOff.values()) clearTimeout(t); });

  const rl = opts.input ? createInterface({ input: opts.input }) : null;
  rl?.on('line', (line) => {
    const [cmd, a, b] = line.trim().split(/\s+/);
    const ch = Number(a);
    switch (cmd) {
      case 'press': edge(ch, true); break;
      case 'release': edge(ch, false); break;
      case 'tap': sim.tap(ch); break;
      case 'alarm': sim.tap(1); break;
      case 'muster': sim.tap(2); break;
      case 'bounce': {
        const k = Number(b) || 50;
        for (let i = 0; i < k; i++) setTimeout(() => edge(ch, i % 2 === 0), (i * 90) / k);
        setTimeout(() => edge(ch, false), 100);
        break;
      }
      case 'lose': loseNext = true; break;
      case 'noise': {
        const bytes = new Uint8Array(Number(a) || 1024);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
        sim.sendRaw(bytes);
        break;
      }
      case 'status': print(`inputs ${inputMask.toString(2)} outputs ${outputMask.toString(2)} seq ${seq}`); break;
      case 'quit': void sim.close(); break;
      case '': break;
      default: print(`unknown command "${line.trim()}"\n${KF1_SIM_HELP}`);
    }
  });
  return sim;
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `node --import tsx electron/host/alarm/sim/kf1-sim.ts --port PATH [--baud 9600]` */
export async function kf1SimMain(argv: string[]): Promise<number> {
  const path = argValue(argv, '--port');
  if (!path) {
    process.stderr.write(`usage: kf1-sim --port PATH [--baud 9600] [--no-ack]\n${KF1_SIM_HELP}\n`);
    return 2;
  }
  const sim = await runKf1Simulator({
    path, baudRate: Number(argValue(argv, '--baud') ?? 9600), input: process.stdin, output: process.stdout, ack: !argv.includes('--no-ack'),
  });
  process.stdout.write(`KF1 simulator on ${path}; type "press 1", "muster", ... (help: any unknown word)\n`);
  await sim.closed;
  process.stdout.write('port closed\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  kf1SimMain(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    process.stderr.write(`kf1-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
