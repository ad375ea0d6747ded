// Opens one window per planned monitor and re-plans when monitors come and go; remembers where the user put them.
import { BrowserWindow, screen, type Display } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDisplays, rememberPlacement, type DisplayInfo, type DisplayPreferences, type WindowRole } from '../../shared/domain/displays/plan';
import { ipcChannels } from '../../shared/contract/ipc-channels';
import { TabbedScreen, type WindowTabs } from '../../shared/contract/shell';
import { APP_ORIGIN } from './trusted-origin';

export interface WindowManagerOptions {
  preload: string;
  prefsFile: string;
  lang: () => string;
}

const toInfo = (d: Display, primaryId: number): DisplayInfo => ({ id: d.id, bounds: d.bounds, primary: d.id === primaryId });

function loadPrefs(file: string): DisplayPreferences {
  try {
    if (existsSync(file)) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as DisplayPreferences;
      if (raw && typeof raw.assignments === 'object') return raw;
    }
  } catch {
    // A damaged preferences file only loses the saved placement; the default plan still works.
  }
  return { assignments: {} };
}

/** The screens the console holds as tabs, in the plan's order; the console itself is never its own tab. */
const tabsOf = (roles: readonly WindowRole[]): WindowTabs['tabs'] => roles.flatMap((r) => (TabbedScreen.safeParse(r).success ? [r as WindowTabs['tabs'][number]] : []));

export function createWindowManager(opts: WindowManagerOptions) {
  const windows = new Map<WindowRole, BrowserWindow>();
  const roleOf = new Map<number, WindowRole>();
  let prefs = loadPrefs(opts.prefsFile);
  /** The tabs the open console window holds, so a re-plan tells it only when they change. */
  let consoleTabs: WindowTabs['tabs'] = [];

  const urlFor = (role: WindowRole, tabs: WindowTabs['tabs']): string => {
    const query = new URLSearchParams({ lang: opts.lang() });
    if (tabs.length) query.set('tabs', tabs.join(','));
    return `${APP_ORIGIN}/index.html?${query.toString()}#/${role}`;
  };

  function open(role: WindowRole, tabs: WindowTabs['tabs']): BrowserWindow {
    const win = new BrowserWindow({
      show: false,
      backgroundColor: '#0b1420',
      title: 'Kuaifan 快反',
      webPreferences: {
        preload: opts.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // The alarm and the 30 % deadline warning must sound without waiting for a click.
        autoplayPolicy: 'no-user-gesture-required',
      },
    });
    const contentsId = win.webContents.id;
    roleOf.set(contentsId, role);
    void win.loadURL(urlFor(role, tabs));
    win.once('ready-to-show', () => win.show());
    win.on('moved', () => {
      const d = screen.getDisplayMatching(win.getBounds());
      prefs = rememberPlacement(prefs, role, d.id);
      writeFileSync(opts.prefsFile, JSON.stringify(prefs, null, 2));
    });
    win.on('closed', () => {
      if (windows.get(role) === win) windows.delete(role);
      roleOf.delete(contentsId);
    });
    windows.set(role, win);
    return win;
  }

  /** Tells the open console which screens it now holds as tabs, without reloading it (typed input and the map view stay). */
  function retab(consoleWin: BrowserWindow, tabs: WindowTabs['tabs']): void {
    if (tabs.join(',') === consoleTabs.join(',')) return;
    consoleTabs = tabs;
    if (consoleWin.webContents.isDestroyed()) return;
    // A page still loading may not listen yet, and has nothing to lose: it loads again with the new tabs.
    if (consoleWin.webContents.isLoading()) void consoleWin.loadURL(urlFor('console', tabs));
    else consoleWin.webContents.send(ipcChannels.event, 'window.tabs', { tabs } satisfies WindowTabs);
  }

  function apply(): void {
    const primaryId = screen.getPrimaryDisplay().id;
    const plan = planDisplays(screen.getAllDisplays().map((d) => toInfo(d, primaryId)), prefs);
    const planned = new Set(plan.windows.map((w) => w.role));
    for (const [role, win] of [...windows]) {
      if (planned.has(role)) continue;
      // Forget it now: close() is asynchronous, and a plan made before 'closed' must open a new one.
      windows.delete(role);
      win.close();
    }
    const tabs = tabsOf(plan.tabbedInConsole);
    for (const w of plan.windows) {
      let win = windows.get(w.role);
      if (!win) {
        win = open(w.role, w.role === 'console' ? tabs : []);
        if (w.role === 'console') consoleTabs = tabs;
      } else if (w.role === 'console') retab(win, tabs);
      if (win.isFullScreen() && !w.fullscreen) win.setFullScreen(false);
      win.setBounds(w.bounds);
      if (w.fullscreen) win.setFullScreen(true);
      else win.maximize();
    }
  }

  /** A second start of the app brings the running console to the front instead. */
  function focusConsole(): void {
    const win = windows.get('console');
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  screen.on('display-added', apply);
  screen.on('display-removed', apply);
  screen.on('display-metrics-changed', apply);

  return {
    apply,
    focusConsole,
    roleOfContents: (id: number): WindowRole | undefined => roleOf.get(id),
    prefsPath: join(opts.prefsFile),
  };
}
