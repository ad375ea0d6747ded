// The HallClient over WebSocket (/ws): screens in a browser. Reconnects by itself and tells stores to refetch.
import { shallowRef } from 'vue';
import { HallError } from '@shared/contract/errors';
import type { HallErrorBody } from '@shared/contract/errors';
import type { CommandName } from '@shared/contract';
import type { InvokeFrame } from '@shared/contract/wire';
import { PositionFrameError, positionFrameReader, type PositionFrameReader, type UnitPositionColumns } from '@shared/contract/position-frame';
import { dispatchEvent, subscribe, type ConnectionState, type EventHandlers, type HallClient } from './hall-client';
import type { LinkProblem } from './hall-client';

/** The part of the WebSocket API the client uses; the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  /** Binary frames (GPS batches) are read as ArrayBuffers. */
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface WsClientOptions {
  /** ws:// or wss:// URL of the host's /ws endpoint, with ?token= when the page has one. */
  url: string;
  createSocket?: (url: string) => WebSocketLike;
  /** Delay before the first retry, doubled on each failure up to maxMs. Defaults: 500 ms doubling to 5 s. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * A link that carried nothing for intervalMs is probed with a cheap call; no frame within timeoutMs
   * more means it is dead (a pulled cable never sends a close), so the client drops it and reconnects.
   */
  heartbeat?: { intervalMs: number; timeoutMs: number } | false;
  /** A call with no reply after this long is rejected (the link is probed and dropped separately). */
  callTimeoutMs?: number;
  /** An attempt that is not open after this long is abandoned and retried (a host gone from the LAN never refuses). */
  connectTimeoutMs?: number;
  /** Asked after an attempt failed, to tell "host away" (null) from a refused token. */
  checkLink?: () => Promise<LinkProblem>;
}

export interface WsHallClient extends HallClient {
  /** Drops the link now (e.g. the browser went offline); the client then reconnects as usual. */
  drop(reason: string): void;
  /** Skips the backoff wait and tries at once (e.g. the browser came back online). */
  reconnectNow(): void;
}

interface Pending {
  command: string;
  resolve(output: unknown): void;
  reject(err: HallError): void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/** Wait before retry number `failures` (0-based): initialMs doubled each time, at most maxMs. */
export function retryDelayMs(failures: number, backoff: { initialMs: number; maxMs: number }): number {
  return Math.min(backoff.initialMs * 2 ** failures, backoff.maxMs);
}

export function createWsClient(opts: WsClientOptions): WsHallClient {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const backoff = opts.backoff ?? { initialMs: 500, maxMs: 5_000 };
  const heartbeat = opts.heartbeat === undefined ? { intervalMs: 5_000, timeoutMs: 5_000 } : opts.heartbeat;
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;

  const state = shallowRef<ConnectionState>('connecting');
  const problem = shallowRef<LinkProblem>(null);
  let opened = false;
  const handlers: EventHandlers = new Map();
  const reconnectedHandlers = new Set<() => void>();
  const pending = new Map<number, Pending>();
  /** Calls made before the very first link is up wait for it instead of failing. */
  const queued: InvokeFrame[] = [];
  let socket: WebSocketLike | null = null;
  /** The unit id table of the link there is now (GPS batch frames name units by slot), new with each connection. */
  let positions: PositionFrameReader = positionFrameReader();
  let nextId = 1;
  let failures = 0;
  let lostOnce = false;
  let lastFrameAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let probing = false;

  function connect(): void {
    retryTimer = null;
    const ws = createSocket(opts.url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    positions = positionFrameReader();
    connectTimer = setTimeout(() => {
      if (socket === ws) lost(`no answer from the hall host within ${Math.round(connectTimeoutMs / 1000)} s`);
    }, connectTimeoutMs);
    ws.onopen = () => {
      if (socket !== ws) return;
      clearConnectTimer();
      opened = true;
      problem.value = null;
      failures = 0;
      lastFrameAt = Date.now();
      state.value = 'open';
      for (const frame of queued.splice(0)) ws.send(JSON.stringify(frame));
      startHeartbeat();
      if (lostOnce) {
        for (const h of [...reconnectedHandlers]) {
          try {
            h();
          } catch (err) {
            console.error('[kuaifan] reconnected handler failed', err);
          }
        }
      }
    };
    ws.onmessage = (ev) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      onFrame(ev.data);
    };
    ws.onerror = () => undefined; // a close event always follows, and carries the handling
    ws.onclose = () => {
      if (socket === ws) lost('the hall host closed the connection');
    };
  }

  function onFrame(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      onBinaryFrame(data);
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      console.error('[kuaifan] the host sent a frame that is not JSON', String(data).slice(0, 200));
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as { type?: unknown; id?: unknown; ok?: unknown; output?: unknown; error?: HallErrorBody; event?: unknown; payload?: unknown };
    if (f.type === 'event' && typeof f.event === 'string') {
      dispatchEvent(handlers, f.event, f.payload);
    } else if (f.type === 'reply' && typeof f.id === 'number') {
      const call = pending.get(f.id);
      if (!call) return;
      pending.delete(f.id);
      clearTimeout(call.timer);
      if (f.ok === true) call.resolve(f.output);
      else call.reject(new HallError(f.error?.code ?? 'INTERNAL', f.error?.message ?? `${call.command} failed with no message`, f.error?.issues));
    } else if (f.type === 'reply') {
      console.error('[kuaifan] the host could not read a frame we sent', f.error);
    }
  }

  /** The one binary frame the host sends: a GPS batch, handed on as units.moved in columns. */
  function onBinaryFrame(data: ArrayBuffer): void {
    let batch: UnitPositionColumns;
    try {
      batch = positions.read(data);
    } catch (err) {
      console.error('[kuaifan] the host sent a binary frame this screen cannot read:', err instanceof Error ? err.message : err);
      // The link's id tables disagree (a frame went missing): a new link starts both afresh, and the reconnect
      // reloads the units, so no position is lost. A frame of another format is only dropped.
      if (err instanceof PositionFrameError && err.kind === 'table') lost('a GPS batch named a unit this screen was never told about');
      return;
    }
    dispatchEvent(handlers, 'units.moved', batch);
  }

  /** The link is gone: fail what was in flight, then retry after the backoff. */
  function lost(reason: string): void {
    const ws = socket;
    const neverOpened = !opened;
    opened = false;
    socket = null;
    stopHeartbeat();
    clearConnectTimer();
    if (ws) {
      ws.onopen = ws.onclose = ws.onerror = null;
      ws.onmessage = null;
      try {
        ws.close();
      } catch {
        // closing a socket that never opened may throw in some implementations; it is gone either way
      }
    }
    failAll(
      (command) =>
        `Lost the connection to the hall host (${reason}) before ${command} was answered; ` +
        'it may or may not have been carried out. Check once the indicator is green again, then retry if needed.',
    );
    if (state.value === 'closed') return;
    lostOnce = true;
    state.value = 'reconnecting';
    retryTimer = setTimeout(connect, retryDelayMs(failures, backoff));
    failures += 1;
    // A socket refused at the handshake may be a wrong token rather than a host away: find out which.
    if (neverOpened && opts.checkLink) void opts.checkLink().then((p) => (problem.value = state.value === 'open' ? null : p));
  }

  function failAll(message: (command: string) => string): void {
    for (const [id, call] of pending) {
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new HallError('UNAVAILABLE', message(call.command)));
    }
    queued.length = 0; // every queued call was also pending, so it was rejected above
  }

  function clearConnectTimer(): void {
    if (connectTimer) clearTimeout(connectTimer);
    connectTimer = null;
  }

  function startHeartbeat(): void {
    if (!heartbeat) return;
    stopHeartbeat();
    heartbeatTimer = setInterval(() => {
      const quiet = Date.now() - lastFrameAt;
      if (quiet > heartbeat.intervalMs + heartbeat.timeoutMs) {
        lost(`no answer for ${Math.round(quiet / 1000)} s`);
      } else if (quiet >= heartbeat.intervalMs && !probing) {
        probing = true;
        invoke('session.status', {})
          .catch(() => undefined)
          .finally(() => (probing = false));
      }
    }, Math.max(50, Math.min(heartbeat.intervalMs, heartbeat.timeoutMs) / 2));
  }

  function stopHeartbeat(): void {
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    heartbeatTimer = null;
  }

  function invoke(name: CommandName, input: unknown): Promise<never> {
    return new Promise((resolve, reject) => {
      if (state.value === 'closed') {
        return reject(new HallError('UNAVAILABLE', `${name}: this screen's connection to the hall host was closed; reload the page.`));
      }
      if (state.value === 'reconnecting' || (state.value === 'open' && socket?.readyState !== OPEN)) {
        return reject(new HallError('UNAVAILABLE', `${name}: not connected to the hall host (reconnecting…); try again when the indicator is green.`));
      }
      const frame: InvokeFrame = { type: 'invoke', id: nextId++, command: name, input };
      const timer = setTimeout(() => {
        pending.delete(frame.id);
        const at = queued.indexOf(frame);
        if (at >= 0) queued.splice(at, 1);
        reject(new HallError('UNAVAILABLE', `${name}: the hall host did not answer within ${Math.round(callTimeoutMs / 1000)} s; it may or may not have been carried out.`));
      }, callTimeoutMs);
      pending.set(frame.id, { command: name, resolve: resolve as (o: unknown) => void, reject, timer });
      if (state.value === 'connecting') queued.push(frame);
      else socket!.send(JSON.stringify(frame));
    });
  }

  connect();

  return {
    transport: 'ws',
    state,
    problem,
    invoke: invoke as HallClient['invoke'],
    on: (event, handler) => subscribe(handlers, event, handler as (payload: unknown) => void),
    onReconnected(handler) {
      reconnectedHandlers.add(handler);
      return () => void reconnectedHandlers.delete(handler);
    },
    drop(reason) {
      if (socket) lost(reason);
    },
    reconnectNow() {
      if (state.value !== 'reconnecting' || !retryTimer) return;
      clearTimeout(retryTimer);
      failures = 0;
      connect();
    },
    close() {
      state.value = 'closed';
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      if (socket) lost('this screen closed it');
      failAll((command) => `${command}: this screen closed its connection to the hall host.`);
    },
  };
}
