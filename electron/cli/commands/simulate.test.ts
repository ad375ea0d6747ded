// `kuaifan simulate kf1|modbus|lcus` as a real child process on one end of a socat pair, driven by typed lines.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SerialPort } from 'serialport';
import ModbusRTU from 'modbus-serial';
import { encodeKf1, Kf1Reader, type Kf1Frame } from '../../../shared/domain/alarm/kf1-codec';
import { startSocatPair, type SocatPair } from '../../host/alarm/sim/socat-pair';
import { waitFor } from '../../host/alarm/test-kit';

interface Cli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  type(line: string): void;
}

const children: ChildProcessWithoutNullStreams[] = [];
const pairs: SocatPair[] = [];
const ports: SerialPort[] = [];

function cli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { stdio: 'pipe' });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    type: (line) => { child.stdin.write(line + '\n'); },
  };
}

async function openConsoleEnd(path: string): Promise<{ frames: Kf1Frame[]; send(f: Kf1Frame): void }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  ports.push(port);
  const reader = new Kf1Reader();
  const frames: Kf1Frame[] = [];
  port.on('data', (chunk: Buffer) => { for (const r of reader.push(chunk)) if (r.ok) frames.push(r.frame); });
  return { frames, send: (f) => { port.write(encodeKf1(f), 'latin1'); } };
}

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const p of ports.splice(0)) if (p.isOpen) await new Promise<void>((r) => p.close(() => r()));
  for (const p of pairs.splice(0)) await p.kill();
});

describe('kuaifan simulate', () => {
  it('kf1: "1" typed gives an IN press and release, OUT is acknowledged and switches the relay, unplug ends it', async () => {
    const pair = await startSocatPair();
    pairs.push(pair);
    const sim = cli(['simulate', 'kf1', '--port', pair.b, '--heartbeat', '200']);
    await waitFor('the simulator to start', () => sim.stdout().includes('KF1 box simulator'), 30_000);
    const hall = await openConsoleEnd(pair.a);
    await waitFor('a heartbeat', () => hall.frames.some((f) => f.type === 'HB'));

    sim.type('1');
    await waitFor('press and release of input 1', () => hall.frames.filter((f) => f.type === 'IN').length >= 2);
    const ins = hall.frames.filter((f): f is Extract<Kf1Frame, { type: 'IN' }> => f.type === 'IN');
    expect(ins.map((f) => [f.ch, f.pressed])).toEqual([[1, true], [1, false]]);
    expect(ins[1]!.seq).toBe(ins[0]!.seq + 1);

    hall.send({ type: 'OUT', id: 7, ch: 1, on: true, autoOffMs: 60_000 });
    await waitFor('ACK 7', () => hall.frames.some((f) => f.type === 'ACK' && f.id === 7));
    await waitFor('the relay reported on', () => sim.stdout().includes('relay 1 ON (auto-off in 60000 ms)'));
    await waitFor('heartbeat with output 1 on', () => hall.frames.some((f) => f.type === 'HB' && (f.outputMask & 1) === 1));
    hall.send({ type: 'OUT', id: 8, ch: 9, on: true, autoOffMs: 1000 });
    await waitFor('NAK for a channel the box lacks', () => hall.frames.some((f) => f.type === 'NAK' && f.id === 8));

    sim.type('2');
    await waitFor('muster press', () => hall.frames.some((f) => f.type === 'IN' && f.ch === 2 && f.pressed));
    sim.type('status');
    await waitFor('status line', () => /inputs 0000 outputs 0001/.test(sim.stdout()));

    await pair.kill();
    expect(await sim.exited).toBe(1);
    expect(sim.stderr()).toMatch(/port closed/);
  });

  it('modbus: a typed press is read by FC02 and a coil written with FC05 is reported', async () => {
    const pair = await startSocatPair();
    pairs.push(pair);
    const sim = cli(['simulate', 'modbus', '--port', pair.b, '--slave', '2']);
    await waitFor('the simulator to start', () => sim.stdout().includes('Modbus I/O board simulator, slave 2'), 30_000);
    const client = new ModbusRTU();
    await client.connectRTUBuffered(pair.a, { baudRate: 9600 });
    client.setID(2);
    client.setTimeout(2000);
    try {
      expect((await client.readDiscreteInputs(0, 2)).data.slice(0, 2)).toEqual([false, false]);
      sim.type('1');
      await waitFor('the press typed', () => sim.stdout().includes('input 1 pressed'));
      // A tap stays latched until one poll has read it, as on a real board.
      expect((await client.readDiscreteInputs(0, 2)).data.slice(0, 2)).toEqual([true, false]);
      expect((await client.readDiscreteInputs(0, 2)).data.slice(0, 2)).toEqual([false, false]);
      await client.writeCoil(0, true);
      await waitFor('coil reported', () => sim.stdout().includes('coil 1 ON'));
      expect((await client.readCoils(0, 2)).data.slice(0, 2)).toEqual([true, false]);
      await expect(client.readDiscreteInputs(0, 20)).rejects.toMatchObject({ modbusCode: 2 });
    } finally {
      await new Promise<void>((r) => client.close(() => r()));
    }
    sim.type('quit');
    expect(await sim.exited).toBe(0);
  });

  it('refuses a missing port or an unknown device with what to type instead', async () => {
    const noPort = cli(['simulate', 'kf1']);
    expect(await noPort.exited).toBe(2);
    expect(noPort.stderr()).toMatch(/--port PATH is required/);
    const unknown = cli(['simulate', 'siren9000', '--port', '/tmp/x']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toMatch(/no simulation "siren9000"; choose kf1, modbus, lcus/);
  });
});
