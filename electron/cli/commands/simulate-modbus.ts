// `kuaifan simulate modbus`: a Modbus RTU I/O board (8 inputs, 8 coils) as a slave on a serial port.
import { MODBUS_SIM_KEYS, modbusSimCommand, runModbusSimulator } from '../../host/alarm/sim/modbus-sim';
import { UsageError } from '../command';
import { parseSerialArgs, positiveInt, typedLoop } from './simulate-serial';
import type { Simulation } from './simulate';

export const modbusSimulation: Simulation = {
  name: 'modbus',
  summary: 'a Modbus RTU relay/input board (FC01/02/05/15, CRC checked)',
  usage: `modbus --port PATH [--slave 1] [--baud 9600] [--verbose]

  --port PATH      the device end of a socat pair
  --slave N        the board's slave id, 1-247 (default 1; the console's modbus:PATH:N must match)
  --verbose, -v    print every request and reply in hex

  Type, then Enter:
${MODBUS_SIM_KEYS.split('\n').map((l) => `    ${l}`).join('\n')}`,
  async run(argv, io) {
    const { values, port, baud, verbose } = parseSerialArgs(argv, { slave: { type: 'string' } });
    const slaveId = positiveInt('--slave', values.slave, 1);
    if (slaveId > 247) throw new UsageError(`--slave ${slaveId}: Modbus slave ids are 1-247`);
    const sim = await runModbusSimulator({ path: port, baudRate: baud, slaveId, print: io.out, verbose });
    io.out(`Modbus I/O board simulator, slave ${slaveId}, on ${port} (${baud} baud). Type 1 for the alarm button, 2 for muster, help for more.`);
    return typedLoop(io, sim, (line) => modbusSimCommand(sim, line, io.out));
  },
};
