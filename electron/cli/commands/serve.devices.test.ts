// `kuaifan serve --device` and kuaifan.json "devices": wired into the host, bad specs refused with what to write.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../host/alarm/test-kit';

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL'); });

function serve(data: string, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'serve', '--data', data, '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  return { out: () => out, err: () => err, exited: new Promise<number | null>((r) => child.once('exit', r)), child };
}

describe('kuaifan serve --device', () => {
  it('refuses a bad device spec before starting, saying what to write', async () => {
    const s = serve(mkdtempSync(join(tmpdir(), 'kf-serve-dev-')), '--device', 'usb:/dev/ttyUSB0');
    expect(await s.exited).toBe(2);
    expect(s.err()).toMatch(/Bad device "usb:\/dev\/ttyUSB0": unknown kind "usb" \(kf1, modbus or lcus\)\. Examples: kf1:\/dev\/ttyUSB0/);
  });

  it('refuses a bad device object in kuaifan.json, naming the field', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kf-serve-dev-'));
    writeFileSync(join(data, 'kuaifan.json'), JSON.stringify({ devices: [{ kind: 'modbus', path: '/dev/ttyUSB1' }] }));
    const s = serve(data);
    expect(await s.exited).toBe(2);
    expect(s.err()).toMatch(/slaveId/);
  });

  it('drives the devices of the config file and of the command line together', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kf-serve-dev-'));
    writeFileSync(join(data, 'kuaifan.json'), JSON.stringify({ devices: ['lcus:/dev/kf-test-none-1', { kind: 'kf1', path: '/dev/kf-test-none-2', id: 'desk-box' }] }));
    const s = serve(data, '--device', 'modbus:/dev/kf-test-none-3:4?poll=100');
    await waitFor('the device lines', () => /Alarm device modbus/.test(s.out()), 60_000);
    expect(s.out()).toContain('Alarm device lcus:/dev/kf-test-none-1 (lcus on /dev/kf-test-none-1)');
    expect(s.out()).toContain('Alarm device desk-box (kf1 on /dev/kf-test-none-2)');
    expect(s.out()).toContain('Alarm device modbus:/dev/kf-test-none-3#4 (modbus on /dev/kf-test-none-3)');
    // The ports do not exist: each is FAULT with the reason, and the hall keeps serving.
    await waitFor('the open failures logged', () => (s.err().match(/alarm device fault/g) ?? []).length >= 3, 20_000);
    expect(s.err()).toMatch(/cannot open \/dev\/kf-test-none-2: /);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
