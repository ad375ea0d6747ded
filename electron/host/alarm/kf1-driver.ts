// KF1 driver: reads IN/HB/HELLO frames, drives outputs with acknowledged OUT frames, recovers missed input edges.
import type { SerialPort } from 'serialport';
import type { z } from 'zod';
import { encodeKf1, Kf1Reader, nextKf1Id, seqDistance, seqNewer, type Kf1Frame } from '../../../shared/domain/alarm/kf1-codec';
import type { Kf1DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import type { TimerHandle } from '../clock';
import { DeviceBase, errorText, isOn, type DeviceHooks } from './device';
import { closeSerialPort, isLinkGone, openSerialPort } from './serial';

export const KF1_ACK_TIMEOUT_MS = 200;
export const KF1_MAX_RESENDS = 3;
/** While OUTs go unacknowledged but heartbeats arrive, probe with PING at most this often. */
const PROBE_INTERVAL_MS = 1000;
/** A HELLO this soon after our WHO is its reply; later, it is the box powering up on its own. */
const HELLO_REPLY_MS = 1000;
/** An output the heartbeat reports wrong is corrected only this long after the last OUT for it (ACK in flight). */
const OUTPUT_SETTLE_MS = 1500;
/** Heartbeat input masks cover channels 1-32. */
const MASK_CHANNELS = 32;
/** More IN frames than this missed at once is no press: the box restarted while we were away (its seq began again). */
const MAX_PLAUSIBLE_GAP = 64;

interface PendingOut {
  ch: number;
  id: number;
  resends: number;
  timer: TimerHandle;
}

export class Kf1Device extends DeviceBase {
  readonly hasInputs = true;
  protected readonly expectsFrames = true;
  protected readonly hasAutoOff = true;
  private port: SerialPort | null = null;
  private reader = new Kf1Reader();
  private lastId = 0;
  private readonly pending = new Map<number, PendingOut>();
  /** Seq of the last IN (or heartbeat) we accounted for; null until the first frame after power-up. */
  private lastSeq: number | null = null;
  /** Lost IN frames not yet credited to a channel; the next heartbeat's mask explains what it can of them. */
  private unexplained = 0;
  /** Set when an OUT went unacknowledged after every resend; cleared by the next ACK (the box is back). */
  private unacked: string | null = null;
  /** Outputs the box refused with NAK (a channel it does not have): FAULT until an OUT to it is acknowledged. */
  private readonly refused = new Map<number, string>();
  private lastProbeAt = 0;
  private whoSentAt = -Infinity;
  private readonly lastOutAt = new Map<number, number>();

  constructor(override readonly config: z.output<typeof Kf1DeviceConfig>, hooks: DeviceHooks) {
    super(config, hooks);
  }

  protected async openLink(): Promise<void> {
    const port = await openSerialPort(this.config.path, this.config.baudRate);
    this.port = port;
    this.reader = new Kf1Reader();
    // lastSeq is kept: a box that ran on while the cable was out tells, by its seq, of presses made meanwhile.
    port.on('data', (chunk: Buffer) => this.onBytes(chunk));
    port.on('close', () => { if (this.port === port) this.linkLost('port closed (unplugged?)'); });
    port.on('error', (err) => {
      if (isLinkGone(err) && this.port === port) this.linkLost(`port gone (${errorText(err)})`);
      else this.hooks.log.warn('KF1 port error', { device: this.config.id, error: errorText(err) });
    });
  }

  protected async closeLink(): Promise<void> {
    const port = this.port;
    this.port = null;
    for (const p of this.pending.values()) this.hooks.clock.clearTimeout(p.timer);
    this.pending.clear();
    await closeSerialPort(port);
  }

  protected onLinkUp(): void {
    this.who();
    this.reassertOutputs();
  }

  protected override canRecover(): boolean {
    return this.unacked === null && this.refused.size === 0;
  }

  protected driveOutput(ch: number): void {
    // A newer command for the same channel supersedes an unacknowledged older one.
    for (const [id, p] of this.pending) {
      if (p.ch === ch) { this.hooks.clock.clearTimeout(p.timer); this.pending.delete(id); }
    }
    const id = this.nextId();
    if (!this.sendOut(id, ch)) return;
    this.pending.set(id, { ch, id, resends: 0, timer: this.ackTimer(id) });
  }

  /**
   * Sends OUT for a channel's wanted state now. The auto-off is computed at each send (resends too), so a
   * siren switched on carries the time it has left and the box stops it even if the console dies.
   */
  private sendOut(id: number, ch: number): boolean {
    const want = this.desired.get(ch) ?? { on: false, until: null };
    const now = this.hooks.clock.now();
    const on = isOn(want, now);
    const autoOffMs = on && want.until !== null ? Math.max(1, want.until - now) : 0;
    this.lastOutAt.set(ch, now);
    return this.send({ type: 'OUT', id, ch, on, autoOffMs });
  }

  private ackTimer(id: number): TimerHandle {
    return this.hooks.clock.setTimeout(() => this.ackMissed(id), KF1_ACK_TIMEOUT_MS);
  }

  private ackMissed(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (p.resends >= KF1_MAX_RESENDS) {
      this.pending.delete(id);
      this.unacked = `OUT ${id} (output ${p.ch}) not acknowledged after ${KF1_MAX_RESENDS} resends`;
      this.fault(this.unacked);
      return;
    }
    p.resends++;
    this.counters.resends++;
    this.sendOut(id, p.ch);
    p.timer = this.ackTimer(id);
  }

  private nextId(): number {
    this.lastId = nextKf1Id(this.lastId);
    return this.lastId;
  }

  private who(): void {
    this.whoSentAt = this.hooks.clock.now();
    this.send({ type: 'WHO', id: this.nextId() });
  }

  private send(frame: Kf1Frame): boolean {
    const port = this.port;
    if (!port || !this.linkUp) return false;
    const line = encodeKf1(frame);
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
      case 'HELLO': {
        this.model = f.model;
        this.firmware = f.firmware;
        const unsolicited = this.hooks.clock.now() - this.whoSentAt > HELLO_REPLY_MS;
        // Power-up restarts the box's seq; nothing before it can be recovered. A HELLO answering WHO keeps it.
        if (unsolicited) { this.lastSeq = null; this.unexplained = 0; }
        this.frameSeen();
        // A box that restarted on its own lost its relays: drive them again.
        if (unsolicited) this.reassertOutputs();
        this.hooks.onStatus(this);
        return;
      }
      case 'IN':
        this.frameSeen();
        this.onIn(f.ch, f.pressed, f.seq);
        return;
      case 'HB':
        this.frameSeen();
        this.onHeartbeat(f.seq, f.inputMask, f.outputMask);
        this.probeIfUnacked();
        return;
      case 'ACK': {
        const p = this.pending.get(f.id);
        if (p) {
          this.hooks.clock.clearTimeout(p.timer);
          this.pending.delete(f.id);
          this.refused.delete(p.ch);
        }
        if (p || this.desired.size === 0) this.unacked = null;
        this.frameSeen();
        // The box answers again after OUTs went unacknowledged: drive the outputs; their ACKs clear the fault.
        if (!p && this.unacked !== null) this.reassertOutputs();
        return;
      }
      case 'NAK': {
        const p = this.pending.get(f.id);
        if (p) { this.hooks.clock.clearTimeout(p.timer); this.pending.delete(f.id); }
        this.frameSeen();
        if (p) {
          const reason = `the box refused OUT to output ${p.ch}: ${f.reason} (check the siren/lamp channel)`;
          this.refused.set(p.ch, reason);
          this.fault(reason);
        }
        return;
      }
      default:
        // A console-to-device frame echoed back (a wiring loop): valid, but nothing for us to do.
        this.frameSeen();
    }
  }

  /**
   * An IN frame: any frames lost before it (its seq runs ahead) are accounted for. What the frame itself proves
   * is credited to its channel at once: a release of an input we never saw pressed means its press was lost
   * (and a press of one we hold, its release). Whatever is left is settled by the next heartbeat's mask.
   */
  private onIn(ch: number, pressed: boolean, seq: number): void {
    if (this.lastSeq !== null && seqDistance(this.lastSeq, seq) <= MAX_PLAUSIBLE_GAP) {
      if (!seqNewer(this.lastSeq, seq)) return; // a duplicate or stale frame
      let missed = seqDistance(this.lastSeq, seq) - 1;
      if (missed > 0 && pressed === this.pressed.has(ch)) {
        this.counters.missedInputs++;
        this.edge(ch, !pressed, 'recovered');
        missed--;
      }
      this.unexplained += missed;
    }
    this.lastSeq = seq;
    this.edge(ch, pressed, 'frame');
  }

  /** The heartbeat says what is pressed now and which IN it sent last: anything we missed shows here. */
  private onHeartbeat(seq: number, inputMask: number, outputMask: number): void {
    const gap = this.lastSeq === null ? 0 : seqNewer(this.lastSeq, seq) ? seqDistance(this.lastSeq, seq) : 0;
    if (gap > MAX_PLAUSIBLE_GAP) {
      this.hooks.log.warn('KF1 seq jumped; the box restarted unseen, so nothing is recovered from the gap', { device: this.config.id, from: this.lastSeq, to: seq });
      this.unexplained = 0;
    } else {
      this.unexplained += gap;
    }
    for (let ch = 1; ch <= MASK_CHANNELS; ch++) {
      const now = (inputMask & (1 << (ch - 1))) !== 0;
      if (now === this.pressed.has(ch)) continue;
      this.unexplained = Math.max(0, this.unexplained - 1);
      this.counters.missedInputs++;
      this.edge(ch, now, 'heartbeat');
    }
    if (this.unexplained > 0) this.lostUnattributed(this.unexplained);
    this.unexplained = 0;
    this.lastSeq = seq;
    this.checkOutputs(outputMask);
  }

  /**
   * IN frames were lost and neither the frames that did arrive nor the heartbeat's mask say which input they
   * were (whole press-release pairs). The service decides what they may mean: never an alarm (docs/hardware/kf1.md).
   */
  private lostUnattributed(count: number): void {
    this.counters.missedInputs += count;
    this.hooks.log.warn('KF1 input frames lost; which input they were is unknown', { device: this.config.id, count });
    this.hooks.onUnattributedEdges(this, count);
  }

  private edge(ch: number, pressed: boolean, origin: 'frame' | 'heartbeat' | 'recovered'): void {
    if (pressed === this.pressed.has(ch)) return;
    if (pressed) this.pressed.add(ch); else this.pressed.delete(ch);
    this.hooks.onInput(this, ch, pressed, origin);
    this.hooks.onStatus(this);
  }

  /** The box reports an output other than we want (it lost an OUT, or restarted): drive it again. */
  private checkOutputs(outputMask: number): void {
    const now = this.hooks.clock.now();
    for (const [ch, want] of this.desired) {
      if (ch > MASK_CHANNELS || this.refused.has(ch)) continue;
      const wanted = isOn(want, now);
      const actual = (outputMask & (1 << (ch - 1))) !== 0;
      if (wanted === actual || now - (this.lastOutAt.get(ch) ?? -Infinity) < OUTPUT_SETTLE_MS) continue;
      // Near its end an output may legitimately be off already (the box's own auto-off ran first).
      if (wanted && want.until !== null && want.until - now < OUTPUT_SETTLE_MS) continue;
      this.hooks.log.warn('KF1 output differs from what the console wants; driving it again', { device: this.config.id, ch, wanted });
      this.driveOutput(ch);
    }
  }

  private probeIfUnacked(): void {
    if (this.unacked === null) return;
    const now = this.hooks.clock.now();
    if (now - this.lastProbeAt < PROBE_INTERVAL_MS) return;
    this.lastProbeAt = now;
    this.send({ type: 'PING', id: this.nextId() });
  }
}
