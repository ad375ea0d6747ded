// `kuaifan simulate kf1`: a KF1 button box (HELLO, IN, HB, ACK) on a serial port; presses typed on stdin.
import { KF1_SIM_KEYS, kf1SimCommand, runKf1Simulator } from '../../host/alarm/sim/kf1-sim';
import { parseSerialArgs, positiveInt, typedLoop } from './simulate-serial';
import type { Simulation } from './simulate';

export const kf1Simulation: Simulation = {
  name: 'kf1',
  summary: 'a KF1 alarm button box (input 1 alarm, input 2 muster, relays 1-4)',
  usage: `kf1 --port PATH [--baud 9600] [--heartbeat MS] [--no-ack] [--verbose]

  --port PATH      the device end of a socat pair (or a real port looped to the console)
  --heartbeat MS   heartbeat period (default 1000, as the protocol says)
  --no-ack         ignore OUT commands (test the console's resends and FAULT)
  --verbose, -v    print every frame in and out

  Type, then Enter:
${KF1_SIM_KEYS.split('\n').map((l) => `    ${l}`).join('\n')}`,
  async run(argv, io) {
    const { values, port, baud, verbose } = parseSerialArgs(argv, { heartbeat: { type: 'string' }, 'no-ack': { type: 'boolean' } });
    const heartbeatMs = positiveInt('--heartbeat', values.heartbeat, 1000);
    const sim = await runKf1Simulator({ path: port, baudRate: baud, print: io.out, verbose, heartbeatMs, ack: values['no-ack'] !== true });
    io.out(`KF1 box simulator on ${port} (${baud} baud). Type 1 for the alarm button, 2 for muster, help for more.`);
    return typedLoop(io, sim, (line) => kf1SimCommand(sim, line, io.out));
  },
};
