// The HallClient over the Electron preload bridge (window.kuaifan): the hall workstation's own windows.
import { shallowRef } from 'vue';
import { HallError } from '@shared/contract/errors';
import type { CommandName } from '@shared/contract';
import type { InvokeResult } from '@shared/contract/wire';
import { dispatchEvent, subscribe, type ConnectionState, type EventHandlers, type HallClient } from './hall-client';

/** What the preload exposes as window.kuaifan (electron/preload/bridge.ts), and nothing more. */
export interface KuaifanBridge {
  invoke(command: string, input?: unknown): Promise<InvokeResult>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

export function createIpcClient(bridge: KuaifanBridge): HallClient {
  // The host runs in the same app as the window: the link is up for as long as the window exists.
  const state = shallowRef<ConnectionState>('open');
  const handlers: EventHandlers = new Map();
  const unsubscribe = bridge.on((event, payload) => dispatchEvent(handlers, event, payload));

  async function invoke(name: CommandName, input: unknown): Promise<never> {
    let result: InvokeResult;
    try {
      result = await bridge.invoke(name, input);
    } catch (err) {
      throw new HallError('UNAVAILABLE', `${name}: the desktop app's host did not answer (${err instanceof Error ? err.message : String(err)}); restart Kuaifan if this persists.`);
    }
    if (!result.ok) throw new HallError(result.error.code, result.error.message, result.error.issues);
    return result.output as never;
  }

  return {
    transport: 'ipc',
    state,
    problem: shallowRef(null),
    invoke: invoke as HallClient['invoke'],
    on: (event, handler) => subscribe(handlers, event, handler as (payload: unknown) => void),
    onReconnected: () => () => undefined,
    close() {
      unsubscribe();
      state.value = 'closed';
    },
  };
}
