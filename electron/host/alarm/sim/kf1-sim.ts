// KF1 device simulator: acts as the button box on one end of a socat pair; presses come from code or typed lines.
import { SerialPort } from 'serialport';
import { encodeKf1, Kf1Reader, type Kf1Frame } from '../../../../shared/domain/alarm/kf1-codec';

export interface Kf1SimOptions {
  path: string;
  baudRate?: number;
  /** Where the simulator says what it does (relay changes, dropped frames); nothing when omitted. */
  print?: (line: string) => void;
  /** Also print every frame in and out (the CLI's --verbose). */
  verbose?: boolean;
  heartbeatMs?: number;
  inputs?: number;
  outputs?: number;
  /** False makes it ignore OUT (no ACK, no relay), to test resends and faults. */
  ack?: boolean;
  /** Seq to continue from, and false for powerUp: a box that kept running while its cable was out. */
  seq?: number;
  powerUp?: boolean;
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
  /** `edges` input changes on channel `ch` spread over `withinMs`, ending released: a bouncing contact. */
  bounce(ch: number, edges: number, withinMs: number): Promise<void>;
  /** The next IN frame is "lost on the wire" (not sent), as a test of heartbeat recovery. */
  loseNextIn(): void;
  sendRaw(bytes: Uint8Array | string): void;
  heartbeat(): void;
  /** Power-up HELLO, as a box that restarted would send. */
  hello(): void;
  /** The box restarts: relays off, seq back to 0, then HELLO (the console must drive its outputs again). */
  reboot(): void;
  output(ch: number): boolean;
  status(): string;
  received(): ReceivedFrame[];
  onFrame(listener: (f: ReceivedFrame) => void): () => void;
  /** `performance.now()` when the last IN frame was written. */
  lastInSentAt(): number;
  /** The seq of the last IN (what HB reports). */
  seq(): number;
  close(): Promise<void>;
  /** Resolves when the port closes (socat killed, or close()). */
  readonly closed: Promise<void>;
}

export const KF1_SIM_KEYS = [
  '1            press and release input 1 (the alarm button); any digit N taps input N',
  '2            press and release input 2 (muster: the squad has left)',
  'press N      hold input N down          release N   let it go',
  'bounce N K   K edges on input N within 100 ms (a bouncing contact)',
  'lose         the next IN frame is lost on the wire (the heartbeat must recover it)',
  'noise K      K random bytes onto the line (default 1024)',
  'hello        send a power-up HELLO             reboot   restart the box (relays off, then HELLO)',
  'status       inputs, outputs and seq',
  'quit         close the port and stop',
].join('\n');

export async function runKf1Simulator(opts: Kf1SimOptions): Promise<Kf1Simulator> {
  const print = opts.print ?? (() => undefined);
  const nInputs = opts.inputs ?? 4;
  const nOutputs = opts.outputs ?? 4;
  const ack = opts.ack ?? true;
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let inputMask = 0;
  let outputMask = 0;
  let seq = opts.seq ?? 0;
  let loseNext = false;
  let inSentAt = 0;
  const autoOff = new Map<number, ReturnType<typeof setTimeout>>();
  const received: ReceivedFrame[] = [];
  const listeners = new Set<(f: ReceivedFrame) => void>();
  const reader = new Kf1Reader();
  let open = true;
  const closed = new Promise<void>((resolve) => port.once('close', () => { open = false; resolve(); }));

  const send = (f: Kf1Frame): void => {
    if (!open) return;
    const line = encodeKf1(f);
    port.write(line, 'latin1');
    if (opts.verbose) print(`> ${line.trimEnd()}`);
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
      if (!r.ok) { print(`dropped ${r.reason}: ${r.text.slice(0, 40)}`); continue; }
      const rec = { at: Date.now(), hr: performance.now(), frame: r.frame };
      received.push(rec);
      if (received.length > 5000) received.shift();
      if (opts.verbose) print(`< $${r.text}`);
      const f = r.frame;
      if (f.type === 'OUT') {
        if (ack) {
          if (f.ch > nOutputs) send({ type: 'NAK', id: f.id, reason: 'no-such-output' });
          else { setOutput(f.ch, f.on, f.autoOffMs); send({ type: 'ACK', id: f.id }); }
        }
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
    if (!Number.isInteger(ch) || ch < 1 || ch > nInputs) { print(`no input ${ch}: this box has inputs 1-${nInputs}`); return; }
    const bit = 1 << (ch - 1);
    if (((inputMask & bit) !== 0) === pressed) return;
    inputMask = pressed ? inputMask | bit : inputMask & ~bit;
    seq = (seq + 1) % 65536;
    if (loseNext) { loseNext = false; print(`(lost IN ${ch} ${pressed ? 1 : 0} seq ${seq})`); return; }
    inSentAt = performance.now();
    send({ type: 'IN', ch, pressed, seq });
  };

  const hb = setInterval(heartbeat, opts.heartbeatMs ?? 1000);
  if (opts.powerUp ?? true) hello();
  const stopTimers = (): void => { clearInterval(hb); for (const t of autoOff.values()) clearTimeout(t); autoOff.clear(); };
  void closed.then(stopTimers);

  return {
    path: opts.path,
    press: (ch) => edge(ch, true),
    release: (ch) => edge(ch, false),
    tap: (ch) => { edge(ch, true); edge(ch, false); },
    bounce: (ch, edges, withinMs) => new Promise<void>((resolve) => {
      for (let i = 0; i < edges; i++) setTimeout(() => edge(ch, i % 2 === 0), (i * withinMs) / edges);
      setTimeout(() => { edge(ch, false); resolve(); }, withinMs);
    }),
    loseNextIn: () => { loseNext = true; },
    sendRaw: (bytes) => { if (open) port.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)); },
    heartbeat,
    hello,
    reboot: () => {
      for (const t of autoOff.values()) clearTimeout(t);
      autoOff.clear();
      outputMask = 0;
      inputMask = 0;
      seq = 0;
      print('rebooted: relays off');
      hello();
    },
    output: (ch) => (outputMask & (1 << (ch - 1))) !== 0,
    status: () => `inputs ${inputMask.toString(2).padStart(nInputs, '0')} outputs ${outputMask.toString(2).padStart(nOutputs, '0')} (bit 1 on the right) seq ${seq}`,
    received: () => [...received],
    onFrame: (l) => { listeners.add(l); return () => listeners.delete(l); },
    lastInSentAt: () => inSentAt,
    seq: () => seq,
    closed,
    async close() {
      stopTimers();
      if (open && port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    },
  };
}

/** Runs one typed line against the simulator; returns false on `quit`. */
export function kf1SimCommand(sim: Kf1Simulator, line: string, print: (s: string) => void): boolean {
  const [cmd = '', a, b] = line.trim().toLowerCase().split(/\s+/);
  const n = Number(a);
  if (/^[0-9]{1,2}$/.test(cmd)) { sim.tap(Number(cmd)); return true; }
  switch (cmd) {
    case '': return true;
    case 'press': sim.press(n); return true;
    case 'release': sim.release(n); return true;
    case 'tap': sim.tap(n); return true;
    case 'bounce': void sim.bounce(n || 1, Number(b) || 50, 100); return true;
    case 'lose': sim.loseNextIn(); print('the next IN frame will be lost'); return true;
    case 'noise': {
      const bytes = new Uint8Array(Number(a) || 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
      sim.sendRaw(bytes);
      print(`${bytes.length} random bytes sent`);
      return true;
    }
    case 'hello': sim.hello(); return true;
    case 'reboot': sim.reboot(); return true;
    case 'status': print(sim.status()); return true;
    case 'quit': case 'exit': return false;
    case 'help': case '?': print(KF1_SIM_KEYS); return true;
    default: print(`unknown command "${line.trim()}"; type help`); return true;
  }
}
