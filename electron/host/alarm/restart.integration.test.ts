// A console killed (SIGKILL) during an alarm: the box keeps the siren to its auto-off, and `kuaifan serve`
// started again restores the alarm, its turnout timer from the stored instant, and the siren.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmState } from '../../../shared/contract/alarm';
import type { Kf1Frame } from '../../../shared/domain/alarm/kf1-codec';
import { createRig, type Rig } from './test-rig';
import { waitFor, waitForAsync } from './test-kit';

const TOKEN = 'commander-restart-test';
let rig: Rig;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rig.cleanup();
});

async function serve(dataDir: string, device: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'electron/cli/main.ts', 'serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--token', `commander:${TOKEN}`, '--device', device,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.resume();
  const url = await waitFor('serve to print its URL', () => /serving (http:\/\/\S+)/.exec(out)?.[1], 60_000);
  return { child, url };
}

async function alarm(url: string, method = 'GET', body?: unknown): Promise<AlarmState> {
  const res = await fetch(`${url}/api/v1/alarm`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as AlarmState | { state: AlarmState };
  return 'state' in json ? json.state : json;
}

describe('restart during an alarm', () => {
  it('restores the alarm, the timer from the stored instant, and re-asserts the siren with the time it has left', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-alarm-restart-'));
    const first = await serve(dataDir, `kf1:${box.config.path}`);
    await waitFor('box connected', () => box.sim.received().some((r) => r.frame.type === 'WHO'), 30_000);
    const before = await alarm(first.url, 'POST', {});
    expect(before.active).not.toBeNull();
    await waitFor('siren on at the box', () => box.sim.output(1));
    const firstOn = box.sim.received().map((r) => r.frame).find((f): f is Extract<Kf1Frame, { type: 'OUT' }> => f.type === 'OUT' && f.on)!;

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // The console is dead; the box keeps sounding until the auto-off it was given.
    expect(box.sim.output(1)).toBe(true);
    const seenBefore = box.sim.received().length;

    const second = await serve(dataDir, `kf1:${box.config.path}`);
    const after = await alarm(second.url);
    expect(after.active).toMatchObject({ id: before.active!.id, triggeredAt: before.active!.triggeredAt, musteredAt: null });
    expect(after.siren).toEqual(before.siren);
    expect(Date.parse(after.now) - Date.parse(after.active!.triggeredAt)).toBeGreaterThan(0);

    const reasserted = await waitFor('siren OUT from the new console', () =>
      box.sim.received().slice(seenBefore).map((r) => r.frame).find((f): f is Extract<Kf1Frame, { type: 'OUT' }> => f.type === 'OUT' && f.ch === 1 && f.on), 30_000);
    expect(reasserted.autoOffMs).toBeLessThan(firstOn.autoOffMs);
    expect(reasserted.autoOffMs).toBeGreaterThan(0);

    const restartedAt = Date.parse(after.now);
    box.sim.tap(2);
    const final = await waitForAsync('turnout stored', async () => { const s = await alarm(second.url); return s.active?.turnoutMs != null ? s : null; }, 30_000);
    // The turnout runs from the press before the crash, not from the restart.
    expect(final.active!.turnoutMs!).toBeGreaterThanOrEqual(restartedAt - Date.parse(before.active!.triggeredAt));
  });
});
