// The renderer's IPC HallClient over the real preload bridge, a fake ipcRenderer/ipcMain pair and the real host.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeIpcRendererFor, ipcMain } from '../../fakes/electron';
import { bindIpc } from '../../../electron/main/ipc';
import { createBridge } from '../../../electron/preload/bridge';
import { startTestHall } from '../../contract/host-kit';
import { HallError } from '../../../shared/contract/errors';
import { createIpcClient } from '../../../renderer/src/client/ipc-client';
import type { HallClient } from '../../../renderer/src/client/hall-client';

describe('IPC HallClient against the real host', () => {
  let hall: Awaited<ReturnType<typeof startTestHall>>;
  let contents: FakeWebContents;
  let client: HallClient;
  beforeEach(async () => {
    hall = await startTestHall();
    bindIpc(hall.host, () => 'admin'); // the workstation's own window
    contents = new FakeWebContents('app://kuaifan/index.html#/console');
    client = createIpcClient(createBridge(fakeIpcRendererFor(contents)));
  });
  afterEach(async () => {
    client.close();
    ipcMain.removeHandler('kuaifan:invoke');
    contents.destroy();
    await hall.stop();
  });

  it('is open at once and answers typed calls', async () => {
    expect(client.state.value).toBe('open');
    const map = await client.invoke('map.get', {});
    expect(map.meta.sample).toBe(true);
    expect(map.units.features.every((u) => u.properties.status)).toBe(true);
  });

  it("rejects a refusal with the host's code, message and issues", async () => {
    const err = await client.invoke('settings.set', { lang: 'en' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HallError);
    expect((err as HallError).code).toBe('SIGN_IN_REQUIRED');
    const bad = (await client.invoke('session.setupAdmin', { name: '', policeNo: '1', pin: 'x' }).catch((e: unknown) => e)) as HallError;
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(['name', 'pin', 'policeNo']);
  });

  it('hands each event to the handlers of that event only', async () => {
    const sessions: (string | undefined)[] = [];
    const settings: string[] = [];
    client.on('session.changed', (s) => sessions.push(s.operator?.name));
    const off = client.on('settings.changed', (s) => settings.push(s.lang));
    await client.invoke('session.setupAdmin', { name: '王强', policeNo: '032117', pin: '135135' });
    await client.invoke('settings.set', { lang: 'en' });
    off();
    await client.invoke('settings.set', { lang: 'zh-CN' });
    expect(sessions).toEqual(['王强']);
    expect(settings).toEqual(['en']);
  });
});
