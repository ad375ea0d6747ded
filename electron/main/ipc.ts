// Binds the contract to Electron IPC: one host connection per window, calls only from our own frames.
import { ipcMain, type WebContents } from 'electron';
import type { Role } from '../../shared/contract/define';
import { ipcChannels } from '../../shared/contract/ipc-channels';
import type { InvokeResult } from '../../shared/contract/wire';
import type { HallHost, HostConnection } from '../host/hall-host';
import { isTrustedFrameUrl } from './trusted-origin';

export function bindIpc(host: HallHost, ceilingOf: (contents: WebContents) => Role): void {
  const connections = new Map<number, HostConnection>();

  function connectionFor(contents: WebContents): HostConnection {
    let conn = connections.get(contents.id);
    if (!conn) {
      conn = host.connect({
        transport: 'ipc',
        ceiling: ceilingOf(contents),
        principal: 'workstation',
        deliver: (event, payload) => {
          if (!contents.isDestroyed()) contents.send(ipcChannels.event, event, payload);
        },
      });
      connections.set(contents.id, conn);
      contents.once('destroyed', () => {
        connections.get(contents.id)?.close();
        connections.delete(contents.id);
      });
    }
    return conn;
  }

  ipcMain.handle(ipcChannels.invoke, async (event, command: unknown, input: unknown): Promise<InvokeResult> => {
    if (!isTrustedFrameUrl(event.senderFrame?.url)) {
      host.log.warn('ipc call from an untrusted frame refused', { url: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Only Kuaifan pages may call the hall host.' } };
    }
    return connectionFor(event.sender).invoke(command, input);
  });
}
