// `kuaifan doctor`: checks this machine can run the hall, each failed check with how to fix it.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { findAppRoot } from '../../host/paths';
import { dataDirFrom, dataOption, parse, type CliCommand } from '../command';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export function nodeVersionCheck(version: string): Check {
  const [maj = 0, min = 0] = version.replace(/^v/, '').split('.').map(Number);
  const ok = maj > 22 || (maj === 22 && min >= 12);
  return { name: 'Node.js', ok, detail: version, fix: ok ? undefined : 'Install Node.js 22.12 or newer (24 LTS recommended).' };
}

async function serialCheck(): Promise<Check> {
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    return { name: 'Serial ports', ok: true, detail: ports.length ? ports.map((p) => p.path).join(', ') : 'none found' };
  } catch (err) {
    return {
      name: 'Serial ports',
      ok: true,
      detail: `cannot list ports (${(err as Error).message.split('\n')[0]})`,
      fix: 'Listing needs udev (udevadm) on Linux; you can still give the port path directly, e.g. --device kf1:/dev/ttyUSB0.',
    };
  }
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check Node, SQLite, the data folder, the built console and serial ports',
  usage: 'kuaifan doctor [--data DIR]',
  async run(argv, io) {
    const { values } = parse(argv, dataOption);
    const dataDir = resolve(dataDirFrom(values, io.env));
    const checks: Check[] = [nodeVersionCheck(process.version)];
    try {
      const db = new Database(':memory:');
      const v = (db.prepare('select sqlite_version() AS v').get() as { v: string }).v;
      db.close();
      checks.push({ name: 'SQLite (better-sqlite3)', ok: true, detail: v });
    } catch (err) {
      checks.push({ name: 'SQLite (better-sqlite3)', ok: false, detail: (err as Error).message, fix: 'Reinstall with `npm ci` on Node 22.12+; the prebuilt binary must match this platform.' });
    }
    try {
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, constants.W_OK);
      checks.push({ name: 'Data folder', ok: true, detail: `${dataDir} (writable)` });
    } catch (err) {
      checks.push({ name: 'Data folder', ok: false, detail: `${dataDir}: ${(err as Error).message}`, fix: 'Choose a writable folder with --data DIR or KUAIFAN_DATA.' });
    }
    const built = existsSync(join(findAppRoot(), 'out', 'renderer', 'index.html'));
    checks.push({ name: 'Console build', ok: built, detail: built ? 'out/renderer present' : 'not built', fix: built ? undefined : 'Run `npm run build`.' });
    checks.push(await serialCheck());
    for (const c of checks) {
      io.out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(24)} ${c.detail}`);
      if (c.fix) io.out(`      ${' '.repeat(24)} → ${c.fix}`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  },
};
