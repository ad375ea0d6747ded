// The desktop shell itself, where an Electron binary is installed: windows open on app:// with the bridge only.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function electronBinary(): string | null {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(exe) ? exe : null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const binary = electronBinary();
const reason = 'no Electron binary in node_modules/electron (it cannot be downloaded on this machine); the shell is covered by the build and the Node tests';
test('the shell opens the console on app:// with only window.kuaifan exposed, and serves LAN screens', async () => {
  if (!binary) {
    console.log(`[electron.spec] skipped: ${reason}`);
    test.skip(true, reason);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaifan-electron-'));
  const wallSecret = 'wall-secret-0123456789';
  writeFileSync(join(dataDir, 'kuaifan.json'), JSON.stringify({ listen: '127.0.0.1:0', tokens: [`display:wall:${wallSecret}`] }));
  const app = await electron.launch({ executablePath: binary!, args: ['out/main/index.js'], env: { ...process.env, KUAIFAN_DATA: dataDir } });
  let stdout = '';
  app.process().stdout?.on('data', (d: Buffer) => void (stdout += d.toString()));
  const win = await app.firstWindow();
  expect(win.url()).toMatch(/^app:\/\/kuaifan\//);
  const bridge = await win.evaluate(() => Object.keys((window as unknown as { kuaifan: object }).kuaifan).sort());
  expect(bridge).toEqual(['invoke', 'on']);
  expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  // The same host answers a LAN screen over HTTP, behind the token from kuaifan.json.
  await expect.poll(() => /serving LAN screens at (http:\/\/\S+)/.exec(stdout)?.[1] ?? null, { timeout: 15_000 }).not.toBeNull();
  const lanUrl = /serving LAN screens at (http:\/\/\S+)/.exec(stdout)![1]!;
  expect((await fetch(`${lanUrl}/api/v1/health`, { headers: { authorization: `Bearer ${wallSecret}` } })).status).toBe(200);
  await app.close();
});
