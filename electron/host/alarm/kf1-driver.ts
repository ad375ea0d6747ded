// KF1 driver: reads IN/HB/HELLO frames, drives outputs with acknowledged OUT frames, recovers missed presses.
import type { SerialPort } from 'serialport';
import { encodeKf1, Kf1Reader, nextKf1Id, seqDistance, seqNewer, type Kf1Frame, type Kf1ConsoleFrame } from '../../../shared/domain/alarm/kf1-codec';
import type { Kf1DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import type { TimerHandle } from '../clock';
import { DeviceBase, errorText, type DesiredOutput, type DeviceHooks } from './device';
import { closeSerialPort, openSerialPort } from './serial';
import type { z } from 'zod';

export const KF1_ACK_TIMEOUT_MS = 200;
export const KF1_MAX_RESENDS = 3;
/** While OUTs go unacknowledged but heartbeats arrive, probe with PING at most this often. */
const PROBE_INTERVAL_MS = 1000;

interface PendingOut {
  frame: Extract<Kf1ConsoleFrame, { type: 'OUT' }>;
  line: string;
  resends: number;
  timer: TimerHandle;
}

export class Kf1Device extends DeviceBase {
  readonly hasInputs = true;
  protected readonly expectsFrames = true;
  private port: SerialPort | null = null;
  private reader = new Kf1Reader();
  private lastId = 0;
  private readonly pending = new Map<number, PendingOut>();
  /** Seq of the last IN (or heartbeat) we accounted for; null until the first frame after power-up. */
  private lastSeq: number | null = null;
  private unacked = false;
  private lastProbeAt = 0;
  private deviceOutputs = 0;

  constructor(override readonly config: z.output<typeof Kf1DeviceConfig>, hooks: DeviceHooks) {
    super(config, hooks);
  }

  protected async openLink(): Promise<void> {
    const port = await openSerialPort(this.config.path, this.config.baudRate);
    this.port = port;
    this.reader = new Kf1Reader();
    port.on('data', (chunk: Buffer) => this.onBytes(chunk));
    port.on('close', () => { if (this.port === port) this.linkLost('port closed (unplugged?)'); });
    port.on('error', (err) => this.hooks.log.warn('KF1 port error', { device: this.config.id, error: errorText(err) }));
  }

  protected async closeLink(): Promise<void> {
    const port = this.port;
    this.port = null;
    for (const p of this.pending.values()) this.hooks.clock.clearTimeout(p.timer);
    this.pending.clear();
    await closeSerialPort(port);
  }

  protected onLinkUp(): void {
    this.send({ type: 'WHO', id: this.nextId() });
    this.reassertOutputs();
  }

  protected override canRecover(): boolean {
    return !this.unacked;
  }

  protected driveOutput(ch: number, want: DesiredOutput): void {
    // A newer command for the same channel supersedes an unacknowledged older one.
    for (const [id, p] of this.pending) {
      if (p.frame.ch === ch) { this.hooks.clock.clearTimeout(p.timer); this.pending.delete(id); }
    }
    const now = this.hooks.clock.now();
    let on = want.on;
    let autoOffMs = 0;
    if (on && want.until !== null) {
      autoOffMs = want.until - now;
      if (autoOffMs <= 0) { on = false; autoOffMs = 0; }
    }
    const frame = { type: 'OUT' as const, id: this.nextId(), ch, on, autoOffMs };
    const line = this.send(frame);
    if (line === null) return;
    this.pending.set(frame.id, { frame, line, resends: 0, timer: this.ackTimer(frame.id) });
  }

  private ackTimer(id: number): TimerHandle {
    return this.hooks.clock.setTimeout(() => this.ackMissed(id), KF1_ACK_TIMEOUT_MS);
  }

  private ackMissed(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (p.resends >= KF1_MAX_RESENDS) {
      this.pending.delete(id);
      this.unacked = true;
      this.fault(`OUT ${p.frame.id} (channel ${p.frame.ch}) not acknowledged after ${KF1_MAX_RESENDS} resends`);
      return;
    }
    p.resends++;
    this.counters.resends++;
    this.writeLine(p.line);
    p.timer = this.ackTimer(id);
  }

  private nextId(): number {
    this.lastId = nextKf1Id(this.lastId);
    return this.lastId;
  }

  private send(frame: Kf1Frame): string | null {
    const line = encodeKf1(frame);
    return this.writeLine(line) ? line : null;
  }

  private writeLine(line: string): boolean {
    const port = this.port;
    if (!port || !this.linkUp) return false;
    port.write(line, 'latin1');
    this.counters.framesOut++;
    this.record('out', line.trimEnd());
    return true;
  }

  private onBytes(chunk: Buffer): void {
    const before = this.reader.noiseBytes;
    const results = this.reader.push(chunk);
    this.counters.noiseBytes += this.reader.noiseBytes - before;
    for (const r of results) {
      if (!r.ok) {
        this.counters.dropped++;
        this.record('in', r.text.slice(0, 64), r.reason);
        continue;
      }
      this.counters.framesIn++;
      // Heartbeats are logged too: the settings view shows the line is alive.
      this.record('in', `$${r.text}`);
      this.onFrame(r.frame);
    }
  }

  private onFrame(f: Kf1Frame): void {
    switch (f.type) {
      case 'HELLO':
        this.model = f.model;
        this.firmware = f.firmware;
        this.deviceOutputs = f.outputs;
        // Power-up restarts the device's seq; nothing before it can be recovered.
        this.lastSeq = null;
        this.frameSeen();
        this.hooks.onStatus(this);
        return;
      case 'IN':
        this.onIn(f.ch, f.pressed, f.seq);
        this.frameSeen();
        return;
      case 'HB':
        this.onHeartbeat(f.seq, f.inputMask);
        this.frameSeen();
        this.probeIfUnacked();
        return;
      case 'ACK': {
        const p = this.pending.get(f.id);
        if (p) { this.hooks.clock.clearTimeout(p.timer); this.pending.delete(f.id); }
        if (this.unacked) {
          this.unacked = false;
          this.frameSeen();
          this.reassertOutputs();
        } else this.frameSeen();
        return;
      }
      case 'NAK': {
        const p = this.pending.get(f.id);
        if (p) { this.hooks.clock.clearTimeout(p.timer); this.pending.delete(f.id); }
        this.hooks.log.warn('KF1 device refused a command', { device: this.config.id, id: f.id, reason: f.reason, deviceOutputs: this.deviceOutputs });
        this.frameSeen();
        return;
      }
      default:
        // A console-to-device frame echoed back (wiring loop); valid, but nothing for us to do.
        this.frameSeen();
    }
  }

  private onIn(ch: number, pressed: boolean, seq: number): void {
    if (this.lastSeq !== null) {
      if (!seqNewer(this.lastSeq, seq)) return; // a duplicate or stale frame
      const missed = seqDistance(this.lastSeq, seq) - 1;
      if (missed > 0) this.missedEdges(missed);
    }
    this.lastSeq = seq;
    this.edge(ch, pressed, 'frame');
  }

  /** The heartbeat says what is pressed now and which IN it sent last: anything we missed shows here. */
  private onHeartbeat(seq: number, inputMask: number): void {
    const explained: number[] = [];
    for (let ch = 1; ch <= 32; ch++) {
      const now = (inputMask & (1 << (ch - 1))) !== 0;
      if (now !== this.pressed.has(ch)) explained.push(ch);
    }
    const gap = this.lastSeq === null ? 0 : seqNewer(this.lastSeq, seq) ? seqDistance(this.lastSeq, seq) : 0;
    for (const ch of explained) {
      const now = (inputMask & (1 << (ch - 1))) !== 0;
      if (this.lastSeq !== null) this.counters.missedInputs++;
      this.edge(ch, now, 'heartbeat');
    }
    if (gap > explained.length) this.missedEdges(gap - explained.length);
    this.lastSeq = seq;
  }

  /**
   * IN frames were lost and the heartbeat cannot say which input they were (pressed and released again).
   * A missed alarm costs more than a false one, so the loss counts as a press of the trigger input.
   */
  private missedEdges(count: number): void {
    this.counters.missedInputs += count;
    this.hooks.log.warn('KF1 input frames lost; treating as a trigger press', { device: this.config.id, count });
    this.hooks.onInput(this, this.config.triggerInput, true, 'heartbeat');
  }

  private edge(ch: number, pressed: boolean, origin: 'frame' | 'heartbeat'): void {
    if (pressed === this.pressed.has(ch)) return;
    if (pressed) this.pressed.add(ch); else this.pressed.delete(ch);
    this.hooks.onInput(this, ch, pressed, origin);
    this.hooks.onStatus(this);
  }

  private probeIfUnacked(): void {
    if (!this.unacked) return;
    const now = this.hooks.clock.now();
    if (now - this.lastProbeAt < PROBE_INTERVAL_MS) return;
    this.lastProbeAt = now;
    this.send({ type: 'PING', id: this.nextId() });
  }
}
