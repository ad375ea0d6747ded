// Test child for the data-folder lock: runs a hall host on DATA_DIR (as kuaifan serve does), says so, then idles until killed.
import { createHallHost } from '../hall-host';
import { createLogger } from '../logging/logger';

const host = createHallHost({ dataDir: process.argv[2]!, devices: [], log: createLogger({ quiet: true }) });
process.stdout.write(`holding ${host.dataDir}\n`);
setInterval(() => undefined, 60_000);
