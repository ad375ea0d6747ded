// Where the hall keeps its data and finds its bundled resources, without asking Electron.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Kuaifan';

/** The same folder Electron's app.getPath('userData') gives for productName "Kuaifan". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KUAIFAN_DATA) return resolve(env.KUAIFAN_DATA);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The repo's (or the installed app's) root: the nearest folder above this file holding resources/demo. */
export function findAppRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = resolve(from, '..');
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'demo'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error(`Cannot find Kuaifan's resources folder above ${from}; reinstall Kuaifan.`);
}
