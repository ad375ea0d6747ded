// The hall host itself: health (version, sample data, devices) and the hall clock (host time, ticking).
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Health } from '@shared/contract/system';
import { useHallClient } from '../client';

// One shared 1 s beat on the hall clock's second boundary. Everything that changes on screen once a second (the
// header clock, the queue's countdowns, the unit canvas's buffered positions) runs in this one task, so Chromium
// styles, paints and commits ONE frame a second for all of it rather than one frame per timer and per batch.
let beatOffsetMs = 0;
let beatTimer: ReturnType<typeof setTimeout> | null = null;
const beatListeners = new Set<(now: number) => void>();

function beat(): void {
  beatTimer = null;
  const now = Date.now() + beatOffsetMs;
  for (const fn of [...beatListeners]) {
    try {
      fn(now);
    } catch (err) {
      console.error('[kuaifan] a once-a-second update failed', err);
    }
  }
  if (beatListeners.size) beatTimer = setTimeout(beat, 1000 - (now % 1000) + 5);
}

/**
 * Calls `fn(hallNow)` once a second on the hall clock's second boundary, in the same task as the hall clock's own
 * tick (so whatever `fn` changes, or schedules with requestAnimationFrame, lands in the same frame as the clock and
 * the countdowns). Returns the function that stops it.
 */
export function onHallSecond(fn: (now: number) => void): () => void {
  beatListeners.add(fn);
  if (!beatTimer) beatTimer = setTimeout(beat, 1000 - ((Date.now() + beatOffsetMs) % 1000) + 5);
  return () => {
    beatListeners.delete(fn);
    if (!beatListeners.size && beatTimer) {
      clearTimeout(beatTimer);
      beatTimer = null;
    }
  };
}

export const useHallStore = defineStore('hall', () => {
  const client = useHallClient();
  const health = shallowRef<Health | null>(null);
  /** Host clock minus this PC's clock: every screen shows (and counts down with) the host's time. */
  const offsetMs = shallowRef(0);
  const now = shallowRef(Date.now());
  const sampleData = computed(() => health.value?.sampleData ?? false);

  async function load(): Promise<void> {
    const sentAt = Date.now();
    const h = await client.invoke('system.health', {});
    const receivedAt = Date.now();
    health.value = h;
    offsetMs.value = Date.parse(h.now) - (sentAt + receivedAt) / 2;
    beatOffsetMs = offsetMs.value;
    now.value = Date.now() + offsetMs.value;
    // Re-align the shared beat to the host's second boundary.
    if (beatTimer) {
      clearTimeout(beatTimer);
      beatTimer = setTimeout(beat, 1000 - (now.value % 1000) + 5);
    }
  }

  /** The host's current instant (ms), corrected for this PC's clock. */
  function hallNow(): number {
    return Date.now() + offsetMs.value;
  }

  // Tick on the second boundary so the seconds in every clock change together (and with the unit canvas).
  onHallSecond((t) => {
    now.value = t;
  });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { health, sampleData, offsetMs, now, hallNow, load };
});

export function reportLoadError(err: unknown): void {
  console.error('[kuaifan] loading from the hall host failed', err);
}
