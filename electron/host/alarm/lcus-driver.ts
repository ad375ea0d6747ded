// LCUS-1 CH340 USB relay: output only, no replies; supervised by the port staying open.
import type { SerialPort } from 'serialport';
import type { z } from 'zod';
import { lcusCommand } from '../../../shared/domain/alarm/lcus';
import type { LcusDeviceConfig } from '../../../shared/domain/alarm/device-spec';
import type { TimerHandle } from '../clock';
import { DeviceBase, errorText, isOn, type DesiredOutput, type DeviceHooks } from './device';
import { closeSerialPort, openSerialPort } from './serial';

export class LcusDevice extends DeviceBase {
  readonly hasInputs = false;
  protected readonly expectsFrames = false;
  private port: SerialPort | null = null;
  /** The relay has no auto-off of its own, so the driver switches it off at `until` itself. */
  private readonly offTimers = new Map<number, TimerHandle>();

  constructor(override readonly config: z.output<typeof LcusDeviceConfig>, hooks: DeviceHooks) {
    super(config, hooks);
  }

  protected async openLink(): Promise<void> {
    const port = await openSerialPort(this.config.path, this.config.baudRate);
    this.port = port;
    // Reading (and discarding) keeps the poller on the fd, which is how an unplug is noticed at all.
    port.on('data', (chunk: Buffer) => this.record('in', chunk.toString('hex'), 'relay does not talk'));
    port.on('close', () => { if (this.port === port) this.linkLost('port closed (unplugged?)'); });
    port.on('error', (err) => this.hooks.log.warn('LCUS port error', { device: this.config.id, error: errorText(err) }));
  }

  protected async closeLink(): Promise<void> {
    const port = this.port;
    this.port = null;
    await closeSerialPort(port);
  }

  protected onLinkUp(): void {
    this.setState('ok', null);
    this.reassertOutputs();
  }

  override async stop(): Promise<void> {
    for (const t of this.offTimers.values()) this.hooks.clock.clearTimeout(t);
    this.offTimers.clear();
    await super.stop();
  }

  protected driveOutput(ch: number, want: DesiredOutput): void {
    const old = this.offTimers.get(ch);
    if (old) this.hooks.clock.clearTimeout(old);
    this.offTimers.delete(ch);
    const now = this.hooks.clock.now();
    const on = isOn(want, now);
    this.write(ch, on);
    if (on && want.until !== null) {
      this.offTimers.set(ch, this.hooks.clock.setTimeout(() => { this.offTimers.delete(ch); this.write(ch, false); }, want.until - now));
    }
  }

  private write(ch: number, on: boolean): void {
    const port = this.port;
    if (!port || !this.linkUp) return;
    const bytes = lcusCommand(ch, on);
    port.write(Buffer.from(bytes));
    this.counters.framesOut++;
    this.record('out', Buffer.from(bytes).toString('hex'));
  }
}
