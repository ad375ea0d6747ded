// The window manager on the fake electron: monitors come and go, the console's tabs follow without a reload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, fakeIpcRendererFor, screen, type FakeDisplay } from '../../tests/fakes/electron';
import { createBridge } from '../preload/bridge';
import { createWindowManager } from './windows';

const left: FakeDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const right: FakeDisplay = { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } };
const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r));

function openWindows(): Map<string, FakeBrowserWindow> {
  const byRole = new Map<string, FakeBrowserWindow>();
  for (const w of FakeBrowserWindow.all) if (!w.closed) byRole.set(/#\/(\w+)/.exec(w.webContents.url)![1]!, w);
  return byRole;
}

/** The events the console page hears through the real preload bridge. */
function consolePage(win: FakeBrowserWindow) {
  const heard: unknown[] = [];
  const stop = createBridge(fakeIpcRendererFor(win.webContents)).on((event, payload) => heard.push({ event, payload }));
  return { heard, stop };
}
const tabsEvent = (...tabs: string[]) => ({ event: 'window.tabs', payload: { tabs } });

function manager() {
  return createWindowManager({ preload: '/app/out/preload/index.cjs', prefsFile: join(mkdtempSync(join(tmpdir(), 'kf-windows-')), 'windows.json'), lang: () => 'zh-CN' });
}

describe('window manager', () => {
  beforeEach(() => {
    FakeBrowserWindow.all.length = 0;
    screen.removeAllListeners();
  });
  afterEach(() => screen.removeAllListeners());

  it('gives the console the wall tab when the wall monitor goes, and takes it back when it returns, without reloading', async () => {
    screen.setDisplays([left, right]);
    manager().apply();
    const first = openWindows();
    expect([...first.keys()].sort()).toEqual(['console', 'wall']);
    const consoleWin = first.get('console')!;
    expect(new URL(consoleWin.webContents.url).searchParams.get('tabs')).toBe('board');
    expect(first.get('wall')!.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    const { heard, stop } = consolePage(consoleWin);

    screen.setDisplays([left]);
    expect(first.get('wall')!.closed).toBe(true);
    expect(heard).toEqual([tabsEvent('wall', 'board')]);
    expect(consoleWin.loadedUrls).toHaveLength(1); // told, not reloaded: typed input and the map view stay
    await nextTick();

    screen.setDisplays([left, right]);
    const again = openWindows();
    expect(again.get('console')).toBe(consoleWin);
    expect(again.get('wall')).not.toBe(first.get('wall'));
    expect(heard).toEqual([tabsEvent('wall', 'board'), tabsEvent('board')]);
    expect(consoleWin.loadedUrls).toHaveLength(1);
    stop();
  });

  it('opens a new wall window when the monitor returns before the old window finished closing', () => {
    screen.setDisplays([left, right]);
    manager().apply();
    const oldWall = openWindows().get('wall')!;
    screen.setDisplays([left]);
    screen.setDisplays([left, right]); // before the old window's 'closed'
    const wall = openWindows().get('wall');
    expect(wall).toBeDefined();
    expect(wall).not.toBe(oldWall);
  });

  it('tells the console only when its tabs change', () => {
    screen.setDisplays([left]);
    manager().apply();
    const consoleWin = openWindows().get('console')!;
    const { heard } = consolePage(consoleWin);
    screen.emit('display-metrics-changed');
    expect(heard).toEqual([]);
  });

  it('reloads a console still loading with its new tabs (it may not listen yet)', () => {
    screen.setDisplays([left, right]);
    manager().apply();
    const consoleWin = openWindows().get('console')!;
    consoleWin.webContents.loading = true;
    screen.setDisplays([left]);
    expect(consoleWin.loadedUrls).toHaveLength(2);
    expect(new URL(consoleWin.loadedUrls[1]!).searchParams.get('tabs')).toBe('wall,board');
  });

  it('brings the console to the front for a second start of the app', () => {
    screen.setDisplays([left]);
    const windows = manager();
    windows.apply();
    const consoleWin = openWindows().get('console')!;
    consoleWin.minimized = true;
    windows.focusConsole();
    expect(consoleWin).toMatchObject({ minimized: false, visible: true, focused: true });
  });
});
