// Stand-in for the 'electron' module in Node tests (importing the real one starts a binary download):
// an in-memory ipcMain/ipcRenderer pair that behaves like Electron's for invoke/handle and send/on.
type Listener = (event: unknown, ...args: unknown[]) => void;
type Handler = (event: FakeIpcMainEvent, ...args: unknown[]) => unknown;

export interface FakeIpcMainEvent {
  sender: FakeWebContents;
  senderFrame: { url: string } | null;
}

export class FakeWebContents {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  private destroyedFlag = false;
  private readonly onceDestroyed: (() => void)[] = [];
  readonly rendererListeners = new Map<string, Set<Listener>>();
  constructor(public url: string) {}
  isDestroyed(): boolean {
    return this.destroyedFlag;
  }
  once(event: 'destroyed', fn: () => void): void {
    if (event === 'destroyed') this.onceDestroyed.push(fn);
  }
  send(channel: string, ...args: unknown[]): void {
    for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: null }, ...args);
  }
  destroy(): void {
    this.destroyedFlag = true;
    for (const fn of this.onceDestroyed.splice(0)) fn();
  }
}

const handlers = new Map<string, Handler>();

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
};

/** The renderer side of one window: what the preload's ipcRenderer would be inside it. */
export function fakeIpcRendererFor(contents: FakeWebContents, frameUrl: string | null = contents.url) {
  return {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      // Electron clones arguments and results across the process boundary.
      const cloned = structuredClone(args);
      return structuredClone(await h({ sender: contents, senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...cloned));
    },
    on(channel: string, listener: Listener): void {
      let set = contents.rendererListeners.get(channel);
      if (!set) contents.rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
    },
    removeListener(channel: string, listener: Listener): void {
      contents.rendererListeners.get(channel)?.delete(listener);
    },
  };
}

export const ipcRenderer = fakeIpcRendererFor(new FakeWebContents('app://kuaifan/index.html'));
export const app = { isPackaged: false, getPath: (): string => '/tmp/kuaifan-fake-electron' };
export const contextBridge = { exposeInMainWorld: (): void => undefined };
export default { app, ipcMain, ipcRenderer, contextBridge };
