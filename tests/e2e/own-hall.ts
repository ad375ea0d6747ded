// `kuaifan serve` on a data folder and a free port of a spec's own, for specs whose hall must not share state with others.
import { spawn, type ChildProcess } from 'node:child_process';

export interface OwnHall {
  url: string;
  child: ChildProcess;
}

/** Starts the hall and waits for its "serving URL" line; `tokens` are ROLE:NAME:SECRET as `--token` takes them. */
export async function startOwnHall(opts: { data: string; tokens: string[]; args?: string[]; env?: NodeJS.ProcessEnv }): Promise<OwnHall> {
  const child = spawn(process.execPath, [
    'bin/kuaifan.js', 'serve', '--data', opts.data, '--listen', '127.0.0.1:0',
    ...opts.tokens.flatMap((t) => ['--token', t]), ...(opts.args ?? []),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.resume();
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!(url = /serving (http:\/\/\S+)/.exec(out)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`kuaifan serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child };
}
