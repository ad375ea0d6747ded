// The window.kuaifan bridge, built over anything shaped like ipcRenderer so it is tested without Electron.
import { ipcChannels } from '../../shared/contract/ipc-channels';
import type { InvokeResult } from '../../shared/contract/wire';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface KuaifanBridge {
  invoke(command: string, input?: unknown): Promise<InvokeResult>;
  /** Subscribes to every contract event; returns the unsubscribe function. */
  on(listener: (event: string, payload: unknown) => void): () => void;
}

export function createBridge(ipc: IpcRendererLike): KuaifanBridge {
  return {
    invoke: (command, input) => ipc.invoke(ipcChannels.invoke, String(command), input ?? {}) as Promise<InvokeResult>,
    on(listener) {
      const wrapped = (_e: unknown, event: unknown, payload: unknown): void => {
        if (typeof event === 'string') listener(event, payload);
      };
      ipc.on(ipcChannels.event, wrapped as (event: unknown, ...args: unknown[]) => void);
      return () => void ipc.removeListener(ipcChannels.event, wrapped as (event: unknown, ...args: unknown[]) => void);
    },
  };
}
