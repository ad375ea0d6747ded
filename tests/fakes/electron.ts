// Stand-in for the 'electron' module in Node tests: importing the real one starts a binary download.
export const app = { isPackaged: false, getPath: (): string => '/tmp/kuaifan-fake-electron' };
export const ipcMain = {};
export const ipcRenderer = {};
export const contextBridge = { exposeInMainWorld: (): void => undefined };
export default { app, ipcMain, ipcRenderer, contextBridge };
