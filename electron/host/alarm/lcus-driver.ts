// LCUS-1 CH340 USB relay: output only, no replies; supervised by the port staying open and writes succeeding.
import type { SerialPort } from 'serialport';
import type { z } from 'zod';
import { lcusCommand } from '../../../shared/domain/alarm/lcus';
import type { LcusDeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { hexBytes } from '../../../shared/domain/alarm/modbus-rtu';
import { DeviceBase, errorText, isOn, type DeviceHooks } from './device';
import { closeSerialPort, isLinkGone, openSerialPort } from './serial';

export class LcusDevice extends DeviceBase {
  readonly hasInputs = false;
  protected readonly expectsFrames = false;
  protected readonly hasAutoOff = false;
  private port: SerialPort | null = null;

  constructor(override readonly config: z.output<typeof LcusDeviceConfig>, hooks: DeviceHooks) {
    super(config, hooks);
  }

  protected async openLink(): Promise<void> {
    const port = await openSerialPort(this.config.path, this.config.baudRate);
    this.port = port;
    // Reading (and discarding) keeps the poller on the fd, which is how an unplug is noticed at all.
    port.on('data', (chunk: Buffer) => this.record('in', hexBytes(chunk), 'the relay does not talk'));
    port.on('close', () => { if (this.port === port) this.linkLost('port closed (unplugged?)'); });
    port.on('error', (err) => {
      if (isLinkGone(err) && this.port === port) this.linkLost(`port gone (${errorText(err)})`);
      else this.hooks.log.warn('LCUS port error', { device: this.config.id, error: errorText(err) });
    });
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

  protected override flushOutputs(ms: number): Promise<void> {
    const port = this.port;
    if (!port) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.hooks.clock.setTimeout(resolve, ms);
      port.drain(() => { this.hooks.clock.clearTimeout(timer); resolve(); });
    });
  }

  /** The relay has no timer of its own: the service switches it off at the stored instant. */
  protected driveOutput(ch: number): void {
    const port = this.port;
    if (!port || !this.linkUp) return;
    const on = isOn(this.desired.get(ch) ?? { on: false, until: null }, this.hooks.clock.now());
    const bytes = lcusCommand(ch, on);
    port.write(Buffer.from(bytes), (err) => {
      if (err && this.port === port) this.linkLost(`write failed: ${errorText(err)}`);
    });
    this.counters.framesOut++;
    this.record('out', `${hexBytes(bytes)}  relay ${ch} ${on ? 'ON' : 'OFF'}`);
  }
}
