// Electron shell: starts the hall host, serves app://, binds IPC, opens a window per monitor. No business logic.
import { app, session } from 'electron';
import { join } from 'node:path';
import { createHallHost } from '../host/hall-host';
import { bindIpc } from './ipc';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { isTrustedFrameUrl } from './trusted-origin';
import { createWindowManager } from './windows';
import { createPrinter } from './print';

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_e, contents) => {
  // Our pages never navigate away or open windows; anything else is refused.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedFrameUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  // KUAIFAN_DATA points the app at another data folder, as it does for `kuaifan serve`.
  const dataDir = process.env.KUAIFAN_DATA ?? app.getPath('userData');
  // The desktop app is the hall: it drives the alarm devices configured in its hardware settings view.
  const preload = join(import.meta.dirname, '../preload/index.cjs');
  const host = createHallHost({ dataDir, printer: createPrinter(preload), resourcesDir: app.isPackaged ? process.resourcesPath : undefined, devices: [] });
  // Nothing leaves the machine: every request that is not our own protocol is refused unless a tile URL is set.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const tileUrl = host.settings.get().tileUrl;
    const allowed = url.startsWith('app://') || url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:') || (tileUrl !== '' && url.startsWith(new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin));
    callback({ cancel: !allowed });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  handleAppProtocol(host, join(import.meta.dirname, '../renderer'));
  const windows = createWindowManager({
    preload,
    prefsFile: join(dataDir, 'windows.json'),
    lang: () => host.settings.get().lang,
  });
  bindIpc(host, (contents) => (windows.roleOfContents(contents.id) === 'console' ? 'admin' : 'display'));
  windows.apply();

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void host.close());
});
