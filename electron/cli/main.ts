// The `kuaifan` command line: dispatches to a subcommand, prints help, turns mistakes into clear messages.
import { doctorCommand } from './commands/doctor';
import { importCommand } from './commands/import';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import { auditCommand } from './commands/audit';
import { rosterCommand } from './commands/roster';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
import { travelCommand } from './commands/travel';
import { UsageError, type CliCommand, type CliIo } from './command';

export const cliCommands: CliCommand[] = [serveCommand, doctorCommand, importCommand, simulateCommand, auditCommand, rosterCommand, travelCommand, backupCommand, restoreCommand];

function overview(): string {
  const width = Math.max(...cliCommands.map((c) => c.name.length));
  return [
    'kuaifan — 快反 command-hall console (135 rapid response)',
    '',
    'Usage: kuaifan COMMAND [options]    (kuaifan COMMAND --help for details)',
    '',
    ...cliCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    const { default: pkg } = await import('../../package.json');
    io.out(pkg.version);
    return 0;
  }
  const cmd = cliCommands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${cmd.summary}\n\n${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`kuaifan ${name}: ${err.message}`);
      return 2;
    }
    io.err(`kuaifan ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /(?:cli|main)\.(?:js|ts)$/.test(process.argv[1]);
if (isEntry) {
  void runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
