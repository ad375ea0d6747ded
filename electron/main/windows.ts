// Opens one window per planned monitor and re-plans when monitors come and go; remembers where the user put them.
import { BrowserWindow, screen, type Display } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDisplays, rememberPlacement, type DisplayInfo, type DisplayPreferences, type WindowRole } from '../../shared/domain/displays/plan';
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

export function createWindowManager(opts: WindowManagerOptions) {
  const windows = new Map<WindowRole, BrowserWindow>();
  const roleOf = new Map<number, WindowRole>();
  let prefs = loadPrefs(opts.prefsFile);

  function open(role: WindowRole, tabs: WindowRole[]): BrowserWindow {
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
    roleOf.set(win.webContents.id, role);
    const query = new URLSearchParams({ lang: opts.lang() });
    if (tabs.length) query.set('tabs', tabs.join(','));
    void win.loadURL(`${APP_ORIGIN}/index.html?${query.toString()}#/${role}`);
    win.once('ready-to-show', () => win.show());
    win.on('moved', () => {
      const d = screen.getDisplayMatching(win.getBounds());
      prefs = rememberPlacement(prefs, role, d.id);
      writeFileSync(opts.prefsFile, JSON.stringify(prefs, null, 2));
    });
    win.on('closed', () => windows.delete(role));
    windows.set(role, win);
    return win;
  }

  function apply(): void {
    const primaryId = screen.getPrimaryDisplay().id;
    const plan = planDisplays(screen.getAllDisplays().map((d) => toInfo(d, primaryId)), prefs);
    const planned = new Set(plan.windows.map((w) => w.role));
    for (const [role, win] of windows) if (!planned.has(role)) win.close();
    for (const w of plan.windows) {
      const win = windows.get(w.role) ?? open(w.role, w.role === 'console' ? plan.tabbedInConsole : []);
      if (win.isFullScreen() && !w.fullscreen) win.setFullScreen(false);
      win.setBounds(w.bounds);
      if (w.fullscreen) win.setFullScreen(true);
      else win.maximize();
    }
  }

  screen.on('display-added', apply);
  screen.on('display-removed', apply);
  screen.on('display-metrics-changed', apply);

  return {
    apply,
    roleOfContents: (id: number): WindowRole | undefined => roleOf.get(id),
    prefsPath: join(opts.prefsFile),
  };
}
