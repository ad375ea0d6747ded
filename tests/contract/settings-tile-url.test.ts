// settings.set checks the tile URL at the boundary: a bad one is refused whole, naming the field and what to write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeIpcRendererFor, ipcMain } from '../fakes/electron';
import { bindIpc } from '../../electron/main/ipc';
import { createBridge, type KuaifanBridge } from '../../electron/preload/bridge';
import { TileUrl, tileUrlOrigin } from '../../shared/contract/system';
import { startTestHall } from './host-kit';

describe('tile URL', () => {
  it('is empty or an http(s) template with {z}, {x} and {y}', () => {
    for (const ok of ['', 'http://10.1.2.3/tiles/{z}/{x}/{y}.png', 'https://{s}.tiles.example:8443/{z}/{x}/{y}@2x.png', '  http://gis.local/{z}/{y}/{x}  ']) expect(TileUrl.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['tiles', 'http://10.1.2.3/tiles/{z}/{x}.png', 'ftp://10.1.2.3/{z}/{x}/{y}', 'file:///tiles/{z}/{x}/{y}.png', 'javascript:alert(1)//{z}/{x}/{y}', 'http:///{z}/{x}/{y}', '{z}/{x}/{y}']) {
      expect(TileUrl.safeParse(bad).success, bad).toBe(false);
    }
    expect(tileUrlOrigin('http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.1.2.3:8080');
    expect(tileUrlOrigin('not a url')).toBeNull();
  });

  describe('through settings.set', () => {
    let hall: Awaited<ReturnType<typeof startTestHall>>;
    let contents: FakeWebContents;
    let bridge: KuaifanBridge;
    beforeEach(async () => {
      hall = await startTestHall();
      bindIpc(hall.host, () => 'admin');
      contents = new FakeWebContents('app://kuaifan/index.html#/console');
      bridge = createBridge(fakeIpcRendererFor(contents));
      expect((await bridge.invoke('session.setupAdmin', { name: '王强', policeNo: '032117', pin: '135135' })).ok).toBe(true);
    });
    afterEach(async () => {
      ipcMain.removeHandler('kuaifan:invoke');
      contents.destroy();
      await hall.stop();
    });

    it('refuses a bad tile URL with a clear error and changes nothing', async () => {
      const reply = await bridge.invoke('settings.set', { lang: 'en', tileUrl: 'tiles.local/{z}/{x}/{y}' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(JSON.stringify(reply)).toMatch(/tileUrl.*http:\/\/ or https:\/\/ URL template with \{z\}, \{x\} and \{y\}/);
      expect(hall.host.settings.get()).toMatchObject({ lang: 'zh-CN', tileUrl: '' });
    });

    it('keeps a good one, trimmed, and clears it with an empty string', async () => {
      expect(await bridge.invoke('settings.set', { tileUrl: ' http://10.1.2.3/tiles/{z}/{x}/{y}.png ' })).toMatchObject({ ok: true, output: { tileUrl: 'http://10.1.2.3/tiles/{z}/{x}/{y}.png' } });
      expect(await bridge.invoke('settings.set', { tileUrl: '' })).toMatchObject({ ok: true, output: { tileUrl: '' } });
    });
  });
});
