// Modbus RTU driver (RS-485 I/O boards): polls discrete inputs with FC02, writes siren/lamp coils with FC05.
import ModbusRTU from 'modbus-serial';
import type { z } from 'zod';
import type { ModbusDeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { encodeReadRequest, encodeWriteCoil, FC_READ_DISCRETE_INPUTS, hexBytes } from '../../../shared/domain/alarm/modbus-rtu';
import type { TimerHandle } from '../clock';
import { DeviceBase, errorText, isOn, type DeviceHooks } from './device';
import { isLinkGone } from './serial';

/** Channel n is input/coil address n-1, as printed on the common 8-relay boards. */
const address = (ch: number): number => ch - 1;

/** modbus-serial rejects with `modbusCode` when the board answered with an exception: it is alive but refused. */
function modbusException(err: unknown): number | null {
  const code = (err as { modbusCode?: unknown } | null)?.modbusCode;
  return typeof code === 'number' ? code : null;
}

export class ModbusDevice extends DeviceBase {
  readonly hasInputs = true;
  protected readonly expectsFrames = true;
  protected readonly hasAutoOff = false;
  private client: ModbusRTU | null = null;
  private pollTimer: TimerHandle | null = null;
  private busy = false;
  /** Coils whose wanted state has not been written yet; written before the next poll. */
  private readonly dirty = new Set<number>();
  private readonly inputCount: number;
  /** Requests the board answered with an exception (a channel it lacks): FAULT until the same request succeeds. */
  private readonly refused = new Map<string, string>();

  constructor(override readonly config: z.output<typeof ModbusDeviceConfig>, hooks: DeviceHooks) {
    super(config, hooks);
    this.inputCount = Math.max(config.triggerInput, config.musterInput);
  }

  protected async openLink(): Promise<void> {
    const client = new ModbusRTU();
    await client.connectRTUBuffered(this.config.path, { baudRate: this.config.baudRate, dataBits: 8, stopBits: 1, parity: 'none' });
    client.setID(this.config.slaveId);
    // A reply at 9600 baud takes ~10 ms; the timeout leaves room for a slow board yet lets 3 s of failures mean FAULT.
    client.setTimeout(Math.max(100, Math.min(500, this.config.pollMs * 4)));
    client.on('close', () => { if (this.client === client) this.linkLost('port closed (unplugged?)'); });
    client.on('error', (err: unknown) => {
      if (isLinkGone(err) && this.client === client) this.linkLost(`port gone (${errorText(err)})`);
      else this.hooks.log.warn('Modbus port error', { device: this.config.id, error: errorText(err) });
    });
    this.client = client;
  }

  protected async closeLink(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (this.pollTimer) this.hooks.clock.clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (client?.isOpen) await new Promise<void>((resolve) => client.close(() => resolve()));
  }

  /** Waits (on the clock, a few ms at a time) until every coil write is answered and the bus is idle. */
  protected override async flushOutputs(ms: number): Promise<void> {
    const deadline = this.hooks.clock.now() + ms;
    while ((this.busy || this.dirty.size > 0) && this.hooks.clock.now() < deadline) {
      await new Promise<void>((resolve) => this.hooks.clock.setTimeout(resolve, 5));
    }
  }

  protected override canRecover(): boolean {
    return this.refused.size === 0;
  }

  protected onLinkUp(): void {
    for (const ch of this.desired.keys()) this.dirty.add(ch);
    void this.cycle();
  }

  protected driveOutput(ch: number): void {
    this.dirty.add(ch);
    // Write at once unless a transaction is on the wire; the cycle picks it up as soon as the bus is free.
    if (!this.busy) void this.cycle();
  }

  /** One bus transaction at a time: pending coil writes first (press-to-siren latency), then a poll. */
  private async cycle(): Promise<void> {
    if (this.busy || !this.linkUp) return;
    const client = this.client;
    if (!client) return;
    this.busy = true;
    if (this.pollTimer) { this.hooks.clock.clearTimeout(this.pollTimer); this.pollTimer = null; }
    const started = this.hooks.clock.now();
    let edges: [number, boolean][] = [];
    try {
      const ch = this.dirty.values().next().value;
      if (ch !== undefined) await this.writeCoil(client, ch);
      else edges = await this.poll(client);
    } finally {
      this.busy = false;
    }
    // Inputs are handed on only now that the bus is free: a press that sounds the siren gets its coil write
    // on the wire at once, before the alarm is even stored.
    for (const [ch, pressed] of edges) this.hooks.onInput(this, ch, pressed, 'poll');
    if (edges.length) this.hooks.onStatus(this);
    if (!this.linkUp || this.client !== client || this.busy) return;
    const wait = this.dirty.size > 0 ? 0 : Math.max(0, started + this.config.pollMs - this.hooks.clock.now());
    this.pollTimer = this.hooks.clock.setTimeout(() => { this.pollTimer = null; void this.cycle(); }, wait);
  }

  private async writeCoil(client: ModbusRTU, ch: number): Promise<void> {
    this.dirty.delete(ch);
    const on = isOn(this.desired.get(ch) ?? { on: false, until: null }, this.hooks.clock.now());
    this.counters.framesOut++;
    this.record('out', `${hexBytes(encodeWriteCoil(this.config.slaveId, address(ch), on))}  FC05 coil ${ch} ${on ? 'ON' : 'OFF'}`);
    try {
      await client.writeCoil(address(ch), on);
      this.counters.framesIn++;
      this.record('in', `FC05 coil ${ch} ${on ? 'ON' : 'OFF'} confirmed`);
      this.refused.delete(`coil ${ch}`);
      this.frameSeen();
    } catch (err) {
      const exc = modbusException(err);
      this.counters.dropped++;
      this.record('in', `FC05 coil ${ch}: ${errorText(err)}`, exc === null ? 'no reply' : `exception ${exc}`);
      if (exc === null) this.dirty.add(ch);
      else this.refuse(`coil ${ch}`, `the board refused coil ${ch} (Modbus exception ${exc}); check the siren/lamp channel`);
    }
  }

  /** Reads the inputs; returns the edges (channel, pressed) for the cycle to hand on once the bus is free. */
  private async poll(client: ModbusRTU): Promise<[number, boolean][]> {
    this.counters.framesOut++;
    try {
      const res = await client.readDiscreteInputs(0, this.inputCount);
      this.counters.framesIn++;
      this.refused.delete('inputs');
      this.frameSeen();
      return this.readInputs(res.data);
    } catch (err) {
      const exc = modbusException(err);
      this.counters.dropped++;
      const request = hexBytes(encodeReadRequest(this.config.slaveId, FC_READ_DISCRETE_INPUTS, 0, this.inputCount));
      this.record('in', `FC02 poll (${request}): ${errorText(err)}`, exc === null ? 'no reply' : `exception ${exc}`);
      if (exc !== null) this.refuse('inputs', `the board refused reading inputs 1-${this.inputCount} (Modbus exception ${exc}); check the input channels`);
      return [];
    }
  }

  /** The board is alive (it answered) but refused: FAULT with the reason, and no recovery until it complies. */
  private refuse(what: string, reason: string): void {
    this.refused.set(what, reason);
    this.frameSeen();
    this.fault(reason);
  }

  private readInputs(bits: boolean[]): [number, boolean][] {
    const edges: [number, boolean][] = [];
    for (let i = 0; i < this.inputCount; i++) {
      const ch = i + 1;
      const pressed = bits[i] === true;
      if (pressed === this.pressed.has(ch)) continue;
      if (pressed) this.pressed.add(ch); else this.pressed.delete(ch);
      edges.push([ch, pressed]);
    }
    if (edges.length) this.record('in', `FC02 inputs ${edges.map(([ch, p]) => `${ch}=${p ? 1 : 0}`).join(' ')}`);
    return edges;
  }
}
