// How the renderer gets its HallClient: chosen once at boot, provided to the app, injected where needed.
import { inject, type App, type InjectionKey } from 'vue';
import type { HallClient } from './hall-client';
import { createIpcClient, type KuaifanBridge } from './ipc-client';
import { createWsClient } from './ws-client';
import { takeScreenToken, wsUrlFor } from './page-params';
import { checkLink } from './link-check';

export type { ConnectionState, HallClient, LinkProblem } from './hall-client';

declare global {
  interface Window {
    /** Present only in the Electron shell's windows (electron/preload). */
    kuaifan?: KuaifanBridge;
  }
}

/** True in the desktop app's windows, where the shell can print to PDF; false in a browser. */
export function isDesktop(win: Window = window): boolean {
  return win.kuaifan !== undefined;
}

/** Electron window: the preload bridge. Browser: WebSocket back to the host that served the page. */
export function createHallClient(win: Window = window): HallClient {
  if (win.kuaifan) return createIpcClient(win.kuaifan);
  const token = takeScreenToken(win);
  const client = createWsClient({ url: wsUrlFor(win.location, token), checkLink: () => checkLink(token) });
  // The browser knows before the heartbeat does when the network goes away, and when it comes back.
  win.addEventListener('offline', () => client.drop('this computer went offline'));
  win.addEventListener('online', () => client.reconnectNow());
  return client;
}

const hallClientKey: InjectionKey<HallClient> = Symbol('HallClient');

export function provideHallClient(app: App, client: HallClient): void {
  app.provide(hallClientKey, client);
}

/** The HallClient, in a component's setup or a Pinia setup store. */
export function useHallClient(): HallClient {
  const client = inject(hallClientKey, null);
  if (!client) throw new Error('useHallClient() found no HallClient: call it inside a component or store setup, after provideHallClient(app, client) in main.ts.');
  return client;
}
