// `kuaifan simulate <device>`: stand-ins for hardware (and field units) so a hall can be demonstrated without them.
// Each simulation lives in its own simulate-<name>.ts; add one by importing it and adding it to `simulations`.
import type { Readable } from 'node:stream';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { kf1Simulation } from './simulate-kf1';
import { modbusSimulation } from './simulate-modbus';
import { lcusSimulation } from './simulate-lcus';
import { patrolSimulation } from './simulate-patrol';

export interface SimulationIo extends CliIo {
  /** Typed commands, one a line (process.stdin from the command line). */
  input: Readable;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM). */
  stopRequested: Promise<void>;
}

export interface Simulation {
  /** The word after `kuaifan simulate`. */
  name: string;
  summary: string;
  /** Options and typed keys, shown by `kuaifan simulate --help`. */
  usage: string;
  run(argv: string[], io: SimulationIo): Promise<number>;
}

export const simulations: Simulation[] = [kf1Simulation, modbusSimulation, lcusSimulation, patrolSimulation];

function usage(): string {
  const width = Math.max(...simulations.map((s) => s.name.length));
  return [
    'kuaifan simulate NAME [options]',
    '',
    ...simulations.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    'A serial device is simulated on one end of a socat pty pair; point the hall at the other end:',
    '  socat -d -d pty,raw,echo=0,link=/tmp/kf-console pty,raw,echo=0,link=/tmp/kf-device &',
    '  kuaifan serve --device kf1:/tmp/kf-console &',
    '  kuaifan simulate kf1 --port /tmp/kf-device',
    ...simulations.flatMap((s) => ['', `kuaifan simulate ${s.usage}`]),
  ].join('\n');
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: `act as a device for demos and tests (${simulations.map((s) => s.name).join(', ')}); presses typed on stdin`,
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const [name, ...rest] = argv;
    const sim = simulations.find((s) => s.name === name);
    if (!sim) {
      throw new UsageError(name ? `no simulation "${name}"; choose ${simulations.map((s) => s.name).join(', ')}` : `name what to simulate: ${simulations.map((s) => s.name).join(', ')}`);
    }
    const stopRequested = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return sim.run(rest, { ...io, input: process.stdin, stopRequested });
  },
};
