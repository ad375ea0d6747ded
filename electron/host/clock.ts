// The host's source of time: real in production, a fake one in tests so timers never sleep.

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since the Unix epoch (UTC). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export function createSystemClock(): Clock {
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = nextId++;
      live.set(id, setTimeout(() => { live.delete(id); fn(); }, ms));
      return { id };
    },
    clearTimeout(handle) {
      const t = live.get(handle.id);
      if (t !== undefined) clearTimeout(t);
      live.delete(handle.id);
    },
  };
}

export interface FakeClock extends Clock {
  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createFakeClock(startEpochMs: number): FakeClock {
  let now = startEpochMs;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void }>();
  const runDue = (until: number): void => {
    for (;;) {
      let nextKey = -1;
      let nextDue = Infinity;
      for (const [id, t] of timers) if (t.due <= until && t.due < nextDue) { nextDue = t.due; nextKey = id; }
      if (nextKey < 0) break;
      const t = timers.get(nextKey)!;
      timers.delete(nextKey);
      now = Math.max(now, t.due);
      t.fn();
    }
    now = until;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { due: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle) { timers.delete(handle.id); },
    advance(ms) { runDue(now + ms); },
    set(epochMs) { runDue(epochMs); },
  };
}
