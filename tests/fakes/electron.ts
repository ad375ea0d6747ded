// Stand-in for the 'electron' module in Node tests (importing the real one starts a binary download):
// an in-memory ipcMain/ipcRenderer pair that behaves like Electron's for invoke/handle and send/on, and
// BrowserWindow and screen enough to drive the window manager through monitors coming and going.
import { EventEmitter } from 'node:events';

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
  /** True until the page of the last loadURL finished loading (the fake finishes it at once unless told). */
  loading = false;
  isLoading(): boolean {
    return this.loading;
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

interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A window without pixels: records what main asked of it; close() emits 'closed' a tick later, as Electron does. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents('');
  readonly loadedUrls: string[] = [];
  bounds: Rectangle = { x: 0, y: 0, width: 800, height: 600 };
  fullScreen = false;
  minimized = false;
  visible = false;
  focused = false;
  closed = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => {
      this.webContents.destroy();
      this.emit('closed');
    });
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  setFullScreen(on: boolean): void {
    this.fullScreen = on;
  }
  setBounds(bounds: Rectangle): void {
    this.bounds = { ...bounds };
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  maximize(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
}

export interface FakeDisplay {
  id: number;
  bounds: Rectangle;
}

/** The monitors: tests plug and unplug them with setDisplays, which emits what Electron's screen would. */
class FakeScreen extends EventEmitter {
  private displays: FakeDisplay[] = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
  getAllDisplays(): FakeDisplay[] {
    return this.displays.map((d) => ({ ...d, bounds: { ...d.bounds } }));
  }
  getPrimaryDisplay(): FakeDisplay {
    return this.getAllDisplays()[0]!;
  }
  getDisplayMatching(rect: Rectangle): FakeDisplay {
    return this.getAllDisplays().find((d) => rect.x >= d.bounds.x && rect.x < d.bounds.x + d.bounds.width) ?? this.getPrimaryDisplay();
  }
  /** The first display is the primary one. */
  setDisplays(next: FakeDisplay[]): void {
    const before = new Set(this.displays.map((d) => d.id));
    const after = new Set(next.map((d) => d.id));
    const removed = this.displays.filter((d) => !after.has(d.id));
    const added = next.filter((d) => !before.has(d.id));
    this.displays = next.map((d) => ({ ...d, bounds: { ...d.bounds } }));
    for (const d of removed) this.emit('display-removed', {}, d);
    for (const d of added) this.emit('display-added', {}, d);
  }
}

export const screen = new FakeScreen();
export const BrowserWindow = FakeBrowserWindow;
export const ipcRenderer = fakeIpcRendererFor(new FakeWebContents('app://kuaifan/index.html'));
export const app = { isPackaged: false, getPath: (): string => '/tmp/kuaifan-fake-electron' };
export const contextBridge = { exposeInMainWorld: (): void => undefined };
export default { app, ipcMain, ipcRenderer, contextBridge, BrowserWindow, screen };
