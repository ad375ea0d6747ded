// Prints a view to PDF: a hidden window loads the print route, waits for its ready flag, then printToPDF (A4 landscape).
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './trusted-origin';

const READY_TIMEOUT_MS = 20_000;

export function createPrinter(preload: string) {
  return async (hashRoute: string): Promise<Uint8Array> => {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, spellcheck: false },
    });
    try {
      await win.loadURL(`${APP_ORIGIN}/index.html#${hashRoute}`);
      const deadline = Date.now() + READY_TIMEOUT_MS;
      // The print view sets <html data-print-ready="true"> once the sheet is drawn, or "error" if it could not load.
      for (;;) {
        const state = (await win.webContents.executeJavaScript('document.documentElement.dataset.printReady ?? ""')) as string;
        if (state === 'true') break;
        if (state === 'error') throw new Error(`The print view ${hashRoute} could not load its data; see the host log.`);
        if (Date.now() > deadline) throw new Error(`The print view ${hashRoute} was not ready after ${READY_TIMEOUT_MS / 1000} s.`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const pdf = await win.webContents.printToPDF({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return new Uint8Array(pdf);
    } finally {
      win.destroy();
    }
  };
}
