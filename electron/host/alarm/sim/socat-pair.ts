// A real pseudo-terminal pair from socat, for simulators, tests and the benchmark (always kill() it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SocatPair {
  /** The console's end (what `--device` points at). */
  readonly a: string;
  /** The device's end (where the simulator sits). */
  readonly b: string;
  readonly pid: number;
  /** Kills socat (like pulling the USB cable) and waits until it has exited. */
  kill(): Promise<void>;
}

export function tempPtyPaths(prefix = 'kf-alarm-'): { a: string; b: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { a: join(dir, 'console'), b: join(dir, 'device') };
}

/** Starts socat linking two fresh ptys to the given paths (new paths when omitted); resolves once both exist. */
export async function startSocatPair(paths: { a: string; b: string } = tempPtyPaths()): Promise<SocatPair> {
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${paths.a}`, `pty,raw,echo=0,link=${paths.b}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  while (!existsSync(paths.a) || !existsSync(paths.b)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create ${paths.a} and ${paths.b} (is socat installed?)`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    a: paths.a,
    b: paths.b,
    pid: child.pid ?? -1,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      // socat removes its links on a clean exit only; after SIGKILL they dangle until replaced.
    },
  };
}
