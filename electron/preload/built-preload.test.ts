// The built preload (out/preload/index.cjs) as a sandboxed renderer loads it: one script that may require 'electron' only.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const builtPreload = join(import.meta.dirname, '../../out/preload/index.cjs');

function readBuiltPreload(): string {
  if (!existsSync(builtPreload)) {
    throw new Error(`${builtPreload} is missing: build first with \`npx electron-vite build --config ./vite.config.ts\` (\`npm test\` builds before vitest).`);
  }
  return readFileSync(builtPreload, 'utf8');
}

describe('the built preload', () => {
  it('requires nothing but electron (a sandboxed preload cannot load npm packages)', () => {
    const source = readBuiltPreload();
    const required = [...source.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2]);
    const others = [...new Set(required.filter((name) => name !== 'electron'))];
    expect(others, `out/preload/index.cjs requires ${others.join(', ')}; bundle it (preload build.externalizeDeps: false) or keep it out of the preload's imports`).toEqual([]);
    expect(source, 'the preload must be CommonJS with no dynamic import()').not.toMatch(/\bimport\s*\(/);
    expect(source, 'the preload must be CommonJS, not an ES module').not.toMatch(/^\s*(import|export)\s/m);
  });

  it('runs in a bare context with only electron and exposes window.kuaifan = { invoke, on }', () => {
    const source = readBuiltPreload();
    const exposed: Record<string, unknown> = {};
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: { invoke: async () => ({ ok: true, output: null }), on: () => undefined, removeListener: () => undefined },
    };
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return fakeElectron;
      throw new Error(`module not found: ${name} (a sandboxed preload may require only 'electron')`);
    };
    const module = { exports: {} };
    runInNewContext(source, { require: sandboxRequire, module, exports: module.exports }, { filename: builtPreload });
    expect(Object.keys(exposed)).toEqual(['kuaifan']);
    expect(Object.keys(exposed.kuaifan as object).sort()).toEqual(['invoke', 'on']);
  });
});
