// A real pseudo-terminal pair from socat, for simulators, tests and the benchmark (always kill() it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
  /** A new socat on the same two paths (plugging the cable back in); this pair must be killed first. */
  replug(): Promise<SocatPair>;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** A fresh folder with two link names in it, so parallel tests never share a path. */
export function tempPtyPaths(prefix = 'kf-alarm-'): { a: string; b: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { a: join(dir, 'console'), b: join(dir, 'device') };
}

/** Starts socat linking two fresh ptys to the given paths (new paths when omitted); resolves once both exist. */
export async function startSocatPair(paths: { a: string; b: string } = tempPtyPaths()): Promise<SocatPair> {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    // A test run that dies must not leave socat processes behind.
    process.once('exit', () => { for (const c of running) c.kill('SIGKILL'); });
  }
  // A replug reuses the paths: remove the dangling links first, so "exists" below means the new ptys.
  rmSync(paths.a, { force: true });
  rmSync(paths.b, { force: true });
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${paths.a}`, `pty,raw,echo=0,link=${paths.b}`], { stdio: 'ignore' });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  child.once('error', () => undefined);
  const deadline = Date.now() + 10_000;
  while (!existsSync(paths.a) || !existsSync(paths.b)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create ${paths.a} and ${paths.b} (is socat installed? apt-get install socat)`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const pair: SocatPair = {
    a: paths.a,
    b: paths.b,
    pid: child.pid ?? -1,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async replug() {
      await pair.kill();
      return startSocatPair(paths);
    },
  };
  return pair;
}
