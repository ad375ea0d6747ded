// What every alarm device driver shares: link supervision (3 s watchdog, reopen with backoff), desired
// outputs that are re-asserted on reconnect, counters, and the last frames in and out.
import type { Clock, TimerHandle } from '../clock';
import type { DeviceConfig } from '../../../shared/domain/alarm/device-spec';

export type DeviceLinkState = 'connecting' | 'ok' | 'fault' | 'stopped';

export interface DeviceLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface FrameRecord {
  at: number;
  dir: 'in' | 'out';
  text: string;
  dropped?: string;
}

export interface DeviceCounters {
  framesIn: number;
  framesOut: number;
  dropped: number;
  noiseBytes: number;
  resends: number;
  missedInputs: number;
  reconnects: number;
}

export interface DeviceSnapshot {
  id: string;
  kind: DeviceConfig['kind'];
  path: string;
  state: DeviceLinkState;
  since: number;
  reason: string | null;
  model: string | null;
  firmware: string | null;
  lastFrameAt: number | null;
  inputsPressed: number[];
  outputsOn: number[];
  counters: DeviceCounters;
}

/**
 * How an input edge reached us: its own frame, recovered from a heartbeat's mask, inferred from a later frame
 * of the same input (a release of an input never seen pressed: its press was lost), or a Modbus poll.
 */
export type InputOrigin = 'frame' | 'heartbeat' | 'recovered' | 'poll';

export interface DeviceHooks {
  clock: Clock;
  log: DeviceLog;
  onInput(device: AlarmDevice, ch: number, pressed: boolean, origin: InputOrigin): void;
  /** Whole press-release pairs were lost and nothing tells which input they were on (KF1 seq gaps). */
  onUnattributedEdges(device: AlarmDevice, count: number): void;
  /** State changed (ok/fault/connecting), with the reason; the service audits fault and recovery. */
  onStateChange(device: AlarmDevice, from: DeviceLinkState, to: DeviceLinkState, reason: string | null): void;
  /** Anything on the status card changed (inputs, outputs, counters of note). */
  onStatus(device: AlarmDevice): void;
}

export interface DesiredOutput {
  on: boolean;
  /** Epoch ms when the output turns off by itself; null = until told. */
  until: number | null;
}

export interface AlarmDevice {
  readonly config: DeviceConfig;
  /** Channels this device reads (empty for output-only relays). */
  readonly hasInputs: boolean;
  start(): void;
  stop(): Promise<void>;
  /** Records the wanted state of an output and drives it now if the link is up (else on reconnect). */
  setOutput(ch: number, want: DesiredOutput): void;
  snapshot(): DeviceSnapshot;
  frames(): FrameRecord[];
}

/** No frame for this long: the device is FAULT on every screen. */
export const SILENCE_FAULT_MS = 3000;
/** Still nothing after this long: close and reopen the port, in case the adapter itself is wedged. */
export const SILENCE_REOPEN_MS = 9000;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 5000;
const FRAME_LOG_SIZE = 100;

export abstract class DeviceBase implements AlarmDevice {
  abstract readonly hasInputs: boolean;
  protected state: DeviceLinkState = 'stopped';
  protected since: number;
  protected reason: string | null = null;
  protected model: string | null = null;
  protected firmware: string | null = null;
  protected lastFrameAt: number | null = null;
  protected readonly pressed = new Set<number>();
  protected readonly desired = new Map<number, DesiredOutput>();
  readonly counters: DeviceCounters = { framesIn: 0, framesOut: 0, dropped: 0, noiseBytes: 0, resends: 0, missedInputs: 0, reconnects: 0 };
  private readonly log: FrameRecord[] = [];
  private backoffMs = BACKOFF_MIN_MS;
  private reconnectTimer: TimerHandle | null = null;
  private watchdog: TimerHandle | null = null;
  /** When the current silence began (the last frame, or the port opening). */
  private silentSince = 0;
  protected linkUp = false;
  private stopped = true;
  private everUp = false;

  constructor(readonly config: DeviceConfig, protected readonly hooks: DeviceHooks) {
    this.since = hooks.clock.now();
  }

  /** Opens the port; resolves once it is open. */
  protected abstract openLink(): Promise<void>;
  protected abstract closeLink(): Promise<void>;
  /** Called once the link is open: say hello, re-assert outputs. */
  protected abstract onLinkUp(): void;
  /** Drive one output over the open link. */
  protected abstract driveOutput(ch: number, want: DesiredOutput): void;
  /** Whether silence on the line means a fault (false for relays that never talk). */
  protected abstract readonly expectsFrames: boolean;
  /**
   * Whether the device switches an output off by itself at its auto-off (KF1). Devices that cannot (Modbus
   * coils, LCUS relays) are switched off when the console stops, since nobody else would stop the siren.
   */
  protected abstract readonly hasAutoOff: boolean;
  /** Resolves once the outputs driven so far are on the wire (or after `ms`). */
  protected flushOutputs(_ms: number): Promise<void> {
    return Promise.resolve();
  }
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('connecting', null);
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    if (this.linkUp && !this.hasAutoOff) {
      for (const [ch, want] of this.desired) {
        if (!want.on) continue;
        this.desired.set(ch, { on: false, until: null });
        this.driveOutput(ch, { on: false, until: null });
      }
      await this.flushOutputs(1000).catch(() => undefined);
    }
    this.linkUp = false;
    this.setState('stopped', null);
    await this.closeLink().catch(() => undefined);
  }

  setOutput(ch: number, want: DesiredOutput): void {
    const had = this.desired.get(ch);
    if (had && had.on === want.on && had.until === want.until) return;
    this.desired.set(ch, want);
    if (this.linkUp) this.driveOutput(ch, want);
    this.hooks.onStatus(this);
  }

  snapshot(): DeviceSnapshot {
    return {
      id: this.config.id, kind: this.config.kind, path: this.config.path, state: this.state, since: this.since,
      reason: this.reason, model: this.model, firmware: this.firmware, lastFrameAt: this.lastFrameAt,
      inputsPressed: [...this.pressed].sort((a, b) => a - b),
      outputsOn: [...this.desired].filter(([, w]) => isOn(w, this.hooks.clock.now())).map(([ch]) => ch).sort((a, b) => a - b),
      counters: { ...this.counters },
    };
  }

  frames(): FrameRecord[] {
    return [...this.log];
  }

  protected record(dir: 'in' | 'out', text: string, dropped?: string): void {
    this.log.push(dropped ? { at: this.hooks.clock.now(), dir, text, dropped } : { at: this.hooks.clock.now(), dir, text });
    if (this.log.length > FRAME_LOG_SIZE) this.log.shift();
  }

  /** A valid frame arrived: the device is alive. */
  protected frameSeen(): void {
    this.lastFrameAt = this.hooks.clock.now();
    this.silentSince = this.lastFrameAt;
    this.armWatchdog(SILENCE_FAULT_MS);
    if (this.state !== 'ok' && this.canRecover()) this.setState('ok', null);
  }

  /** Drivers with a fault that needs more than any frame to clear (KF1: an ACK after unacked OUTs) override this. */
  protected canRecover(): boolean {
    return true;
  }

  protected fault(reason: string): void {
    if (this.state === 'fault' && this.reason === reason) return;
    this.setState('fault', reason);
  }

  /** The port closed or failed: mark the fault and reopen with backoff. */
  protected linkLost(reason: string): void {
    if (this.stopped) return;
    const wasUp = this.linkUp;
    this.linkUp = false;
    this.disarmWatchdog();
    this.fault(reason);
    if (wasUp) void this.closeLink().catch(() => undefined);
    this.scheduleReconnect();
  }

  protected reassertOutputs(): void {
    for (const [ch, want] of this.desired) this.driveOutput(ch, want);
  }

  protected setState(to: DeviceLinkState, reason: string | null): void {
    const from = this.state;
    if (from === to && this.reason === reason) return;
    if (from !== to) this.since = this.hooks.clock.now();
    this.state = to;
    this.reason = reason;
    this.hooks.onStateChange(this, from, to, reason);
    this.hooks.onStatus(this);
  }

  private connect(): void {
    this.openLink().then(
      () => {
        if (this.stopped) { void this.closeLink().catch(() => undefined); return; }
        this.linkUp = true;
        this.backoffMs = BACKOFF_MIN_MS;
        if (this.everUp) this.counters.reconnects++;
        this.everUp = true;
        this.hooks.log.info('alarm device port open', { device: this.config.id });
        this.silentSince = this.hooks.clock.now();
        if (this.expectsFrames) this.armWatchdog(SILENCE_FAULT_MS);
        this.onLinkUp();
      },
      (err: unknown) => {
        if (this.stopped) return;
        this.fault(openFailure(this.config.path, err));
        this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.reconnectTimer = this.hooks.clock.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, wait);
  }

  private armWatchdog(ms: number): void {
    if (!this.expectsFrames) return;
    this.disarmWatchdog();
    this.watchdog = this.hooks.clock.setTimeout(() => this.silent(), ms);
  }

  private silent(): void {
    this.watchdog = null;
    if (!this.linkUp) return;
    const silentMs = this.hooks.clock.now() - this.silentSince;
    if (silentMs >= SILENCE_REOPEN_MS) {
      this.linkLost(`no frame for ${Math.round(silentMs / 1000)} s; reopening the port`);
      return;
    }
    this.fault(`no frame for ${Math.round(SILENCE_FAULT_MS / 1000)} s`);
    this.armWatchdog(SILENCE_FAULT_MS);
  }

  private disarmWatchdog(): void {
    if (this.watchdog) this.hooks.clock.clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  protected clearTimers(): void {
    this.disarmWatchdog();
    if (this.reconnectTimer) this.hooks.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

export function isOn(w: DesiredOutput, now: number): boolean {
  return w.on && (w.until === null || now < w.until);
}

/** `cannot open /dev/ttyUSB0: No such file or directory`, without serialport's own repetition of the path. */
export function openFailure(path: string, err: unknown): string {
  const why = errorText(err).replace(/^Error:\s*/, '').replace(new RegExp(`,?\\s*cannot open ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`), '');
  return `cannot open ${path}: ${why}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
