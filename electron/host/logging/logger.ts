// The host's log: one JSON line per entry to stderr and, when given, to a file in the data folder.
import { appendFileSync } from 'node:fs';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(opts: { file?: string; quiet?: boolean; now?: () => number } = {}): Logger {
  const now = opts.now ?? Date.now;
  const write = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    const line = JSON.stringify({ t: new Date(now()).toISOString(), level, msg, ...fields });
    if (!opts.quiet) process.stderr.write(line + '\n');
    if (opts.file) {
      try {
        appendFileSync(opts.file, line + '\n');
      } catch {
        // A full or read-only disk must not stop the hall; stderr still has the line.
      }
    }
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
