// `kuaifan simulate lcus`: an LCUS-1 USB relay that prints what the console switches.
import { LCUS_SIM_KEYS, lcusSimCommand, runLcusSimulator } from '../../host/alarm/sim/lcus-sim';
import { parseSerialArgs, positiveInt, typedLoop } from './simulate-serial';
import type { Simulation } from './simulate';

export const lcusSimulation: Simulation = {
  name: 'lcus',
  summary: 'an LCUS-1 USB siren relay (output only; prints each switch)',
  usage: `lcus --port PATH [--channels 1] [--verbose]

  --port PATH      the device end of a socat pair
  --channels N     relays on the board (LCUS-1: 1, LCUS-2: 2, ...)

  Type, then Enter:
${LCUS_SIM_KEYS.split('\n').map((l) => `    ${l}`).join('\n')}`,
  async run(argv, io) {
    const { values, port, baud, verbose } = parseSerialArgs(argv, { channels: { type: 'string' } });
    const channels = positiveInt('--channels', values.channels, 1);
    const sim = await runLcusSimulator({ path: port, baudRate: baud, print: io.out, verbose, channels });
    io.out(`LCUS relay simulator on ${port} (${channels} relay${channels > 1 ? 's' : ''}). It prints what the console switches.`);
    return typedLoop(io, sim, (line) => lcusSimCommand(sim, line, io.out));
  },
};
