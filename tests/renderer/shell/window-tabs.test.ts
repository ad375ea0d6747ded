// The console's tabs in the desktop app, end to end in Node: window manager → preload bridge → IPC client → the tabs the header shows.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, fakeIpcRendererFor, screen } from '../../fakes/electron';
import { createWindowManager } from '../../../electron/main/windows';
import { createBridge } from '../../../electron/preload/bridge';
import { createIpcClient } from '../../../renderer/src/client/ipc-client';
import { parseTabs, useWindowTabs } from '../../../renderer/src/shell/window-tabs';

describe('window tabs', () => {
  afterEach(() => screen.removeAllListeners());

  it('parses ?tabs= leniently, in screen order', () => {
    expect(parseTabs('board, wall,console,evil')).toEqual(['wall', 'board']);
    expect(parseTabs(null)).toEqual([]);
  });

  it('follow the monitors: the wall tab appears when its monitor goes and leaves when it returns; the address keeps up', () => {
    screen.setDisplays([{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }, { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } }]);
    createWindowManager({ preload: 'preload.cjs', prefsFile: join(mkdtempSync(join(tmpdir(), 'kf-tabs-')), 'windows.json'), lang: () => 'en' }).apply();
    const consoleWin = FakeBrowserWindow.all.find((w) => w.webContents.url.endsWith('#/console'))!;
    const page = { location: new URL(consoleWin.webContents.url), history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => void (page.location = new URL(url)) } };
    const client = createIpcClient(createBridge(fakeIpcRendererFor(consoleWin.webContents)));
    const tabs = useWindowTabs(client, page as unknown as Window);
    expect(tabs.value).toEqual(['board']);

    screen.setDisplays([{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }]);
    expect(tabs.value).toEqual(['wall', 'board']);
    expect(page.location.searchParams.get('tabs')).toBe('wall,board');
    expect(page.location.hash).toBe('#/console');

    screen.setDisplays([{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }, { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } }]);
    expect(tabs.value).toEqual(['board']);
    expect(page.location.searchParams.get('tabs')).toBe('board');
    expect(consoleWin.loadedUrls).toHaveLength(1);
    client.close();
  });
});
