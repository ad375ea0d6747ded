// Shape of one `kuaifan` subcommand and the helpers they share (data folder, errors that say what to do).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir } from '../host/paths';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code; long-running commands resolve when they stop. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A mistake the user can fix; printed without a stack trace. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export const dataOption = { data: { type: 'string' as const } };

export function dataDirFrom(values: { data?: string | boolean | (string | boolean)[] | undefined }, env: NodeJS.ProcessEnv): string {
  return typeof values.data === 'string' ? values.data : defaultDataDir(env);
}
