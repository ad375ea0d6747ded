// Electron shell: starts the hall host and its LAN server, serves app://, binds IPC, opens a window per monitor. No business logic.
import { app, dialog, session } from 'electron';
import { join } from 'node:path';
import { createHallHost, type HallHost } from '../host/hall-host';
import { desktopServePlan, serveDesktopHall } from '../host/web/serve-config';
import type { WebServer } from '../host/web/server';
import { bindIpc } from './ipc';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { isRequestAllowed } from './request-policy';
import { isTrustedFrameUrl } from './trusted-origin';
import { createWindowManager } from './windows';
import { createPrinter } from './print';

function startShell(): void {
  registerAppScheme();
  app.enableSandbox();

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
    const rendererDir = join(import.meta.dirname, '../renderer');
    const preload = join(import.meta.dirname, '../preload/index.cjs');
    // The desktop app is the hall: kuaifan.json gives it the alarm devices and the LAN server, as for `kuaifan serve`.
    const planned = desktopServePlan(dataDir);
    let host: HallHost;
    try {
      host = createHallHost({ dataDir, printer: createPrinter(preload), resourcesDir: app.isPackaged ? process.resourcesPath : undefined, devices: planned.plan?.devices ?? [] });
    } catch (err) {
      // E.g. `kuaifan serve` already holds this data folder: say so rather than leave an app with no window.
      dialog.showErrorBox('Kuaifan', err instanceof Error ? err.message : String(err));
      app.quit();
      return;
    }
    // Nothing leaves the machine: every request that is not our own protocol is refused unless a tile URL is set.
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isRequestAllowed(details.url, host.settings.get().tileUrl) }));
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

    handleAppProtocol(host, rendererDir);
    const windows = createWindowManager({ preload, prefsFile: join(dataDir, 'windows.json'), lang: () => host.settings.get().lang });
    bindIpc(host, (contents) => (windows.roleOfContents(contents.id) === 'console' ? 'admin' : 'display'));
    windows.apply();
    app.on('second-instance', () => windows.focusConsole());

    // LAN screens (squad room, wall controller), the 110 gateway and GPS feeds connect to this server.
    let lanServer: WebServer | null = null;
    const serving = serveDesktopHall(host, planned, rendererDir).then(({ server, lines, problem }) => {
      lanServer = server;
      for (const line of lines) console.log(line);
      if (problem) void dialog.showMessageBox({ type: 'warning', title: 'Kuaifan', message: problem });
    });

    app.on('window-all-closed', () => app.quit());
    app.on('before-quit', () => void serving.then(() => lanServer?.close()).then(() => host.close()));
  });
}

// A second start hands over to the running app ('second-instance' above) and starts nothing of its own.
if (app.requestSingleInstanceLock()) startShell();
else app.quit();
