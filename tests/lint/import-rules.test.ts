// The architecture's import rules are enforced by ESLint: each forbidden import is reported, each allowed one is not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'kuaifan/layer-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('import rules', () => {
  it.each([
    ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", /no Node built-ins/],
    ['shared/domain/x.ts', "import { readFile } from 'fs/promises';\nexport const f = readFile;", /no Node built-ins/],
    ['shared/domain/x.ts', "import { app } from 'electron';\nexport const a = app;", /Only electron\/main and electron\/preload/],
    ['shared/domain/x.ts', "import { createHallHost } from '../../electron/host/hall-host';\nexport const h = createHallHost;", /shared\/ may not import from electron/],
    ['shared/domain/x.ts', 'export const w = window.location;', /no DOM/],
    ['renderer/src/x.ts', "import { join } from 'path';\nexport const j = join;", /no Node built-ins/],
    ['renderer/src/x.ts', "import { startWebServer } from '../../electron/host/web/server';\nexport const s = startWebServer;", /through the contract only/],
    ['electron/host/x.ts', "import { BrowserWindow } from 'electron';\nexport const b = BrowserWindow;", /Only electron\/main/],
    ['electron/host/x.ts', "import { bindIpc } from '../main/ipc';\nexport const b = bindIpc;", /never import the Electron shell/],
    ['electron/cli/x.ts', "import { createBridge } from '../preload/bridge';\nexport const b = createBridge;", /never import the preload/],
    // The cases below passed the old config (relative patterns of fixed depth, static imports only).
    ['electron/host/dispatch/sim/x.ts', "import { bindIpc } from '../../../main/ipc';\nexport const b = bindIpc;", /never import the Electron shell/],
    ['electron/host/dispatch/sim/x.ts', "export { bindIpc } from '../../../main/ipc';", /never import the Electron shell/],
    ['electron/cli/commands/x.ts', "import { createBridge } from '../../preload/bridge';\nexport const b = createBridge;", /never import the preload/],
    ['electron/host/geo/x.ts', "import { runCli } from '../../cli/main';\nexport const r = runCli;", /never imports the CLI/],
    ['electron/host/x.ts', "export const load = () => import('../main/ipc');", /never import the Electron shell/],
    ['electron/host/alarm/x.ts', "export const load = () => import('electron');", /Only electron\/main/],
    ['electron/host/alarm/x.ts', 'export const load = () => import(`../../main/windows`);', /never import the Electron shell/],
    ['renderer/src/x.ts', "export const fs = () => import('node:fs');", /no Node built-ins/],
    ['renderer/src/map/deep/x.ts', "import { createHallHost } from '../../../../electron/host/hall-host';\nexport const h = createHallHost;", /through the contract only/],
    ['shared/domain/geo/x.ts', "export const host = () => import('../../../electron/host/hall-host');", /shared\/ may not import from electron/],
    ['shared/contract/x.ts', "export * from '../../renderer/src/stores/hall';", /shared\/ may not import from renderer/],
    ['electron/main/x.ts', "export const cli = () => import('../cli/main');", /does not use the CLI/],
  ])('%s: %s is refused', async (file, code, why) => {
    const messages = await restricted(file, code);
    expect(messages.some((m) => why.test(m)), messages.join('\n')).toBe(true);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { createHallHost } from '../host/hall-host';\nexport const a = [app, createHallHost];"],
    ['electron/host/x.ts', "import { join } from 'node:path';\nimport { commands } from '../../shared/contract';\nexport const a = [join, commands];"],
    ['electron/host/x.ts', "export const xlsx = () => import('exceljs');"],
    ['electron/cli/x.ts', "import { createHallHost } from '../host/hall-host';\nimport { runCli } from './main';\nexport const a = [createHallHost, runCli];"],
    ['renderer/src/x.ts', "import { commands } from '../../shared/contract';\nimport L from 'leaflet';\nexport const a = [commands, L];"],
    ['renderer/src/x.ts', "import { commands } from '@shared/contract';\nexport const roster = () => import('./roster/RosterScreen.vue');\nexport const a = commands;"],
    // A folder merely named like a forbidden one is not it: electron/host/main-x is not electron/main.
    ['electron/host/x.ts', "import { a } from './main/x';\nexport const b = a;"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
