// What every screen uses to talk to the hall host: typed calls, typed events, and the state of the link.
import type { Ref } from 'vue';
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from '@shared/contract';
import type { UnitPositionColumns } from '@shared/contract/position-frame';

/**
 * 'connecting' until the first link is up, 'open' while it is, 'reconnecting' after it dropped (the client
 * retries by itself), 'closed' only after close() was called.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Why the link is down when it is not just the host being away: the host refuses this screen's token. */
export type LinkProblem = { kind: 'token'; message: string } | null;

/**
 * What an event handler is given: the contract's payload, except that a GPS batch (units.moved) may come as
 * typed columns from a binary frame (shared/contract/position-frame.ts), with NaN for a missing speed or heading.
 */
export type ScreenEventPayload<E extends EventName> = E extends 'units.moved' ? UnitPositionColumns : EventPayload<E>;

export interface HallClient {
  /** Runs one contract command; rejects with a HallError (code, message, issues) when the host refuses it. */
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Subscribes to one contract event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: ScreenEventPayload<E>) => void): () => void;
  /**
   * Called each time the link comes back after a loss (not on the first connection). Events sent while the
   * link was down are lost, so a store refetches its state here.
   */
  onReconnected(handler: () => void): () => void;
  readonly state: Readonly<Ref<ConnectionState>>;
  /** Set while the host refuses this screen's token; retrying goes on, in case the hall restores it. */
  readonly problem: Readonly<Ref<LinkProblem>>;
  readonly transport: 'ipc' | 'ws';
  close(): void;
}

export type EventHandlers = Map<string, Set<(payload: unknown) => void>>;

/** Adds a handler to a per-event registry; shared by both transports. */
export function subscribe(registry: EventHandlers, event: string, handler: (payload: unknown) => void): () => void {
  let set = registry.get(event);
  if (!set) registry.set(event, (set = new Set()));
  set.add(handler);
  return () => void set.delete(handler);
}

/** Hands an event to its handlers; one failing handler does not keep the others from running. */
export function dispatchEvent(registry: EventHandlers, event: string, payload: unknown): void {
  for (const handler of [...(registry.get(event) ?? [])]) {
    try {
      handler(payload);
    } catch (err) {
      console.error(`[kuaifan] handler for event ${event} failed`, err);
    }
  }
}
