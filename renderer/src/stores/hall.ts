// The hall host itself: health (version, sample data, devices) and the hall clock (host time, ticking).
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Health } from '@shared/contract/system';
import { useHallClient } from '../client';

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
    now.value = Date.now() + offsetMs.value;
  }

  /** The host's current instant (ms), corrected for this PC's clock. */
  function hallNow(): number {
    return Date.now() + offsetMs.value;
  }

  function tick(): void {
    now.value = hallNow();
    // Tick on the second boundary so the seconds in every clock change together.
    setTimeout(tick, 1000 - (now.value % 1000) + 5);
  }

  tick();
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { health, sampleData, offsetMs, now, hallNow, load };
});

export function reportLoadError(err: unknown): void {
  console.error('[kuaifan] loading from the hall host failed', err);
}
