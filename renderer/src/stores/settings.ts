// Hall settings (language, tile source, zone): loaded once, kept current by settings.changed.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { HallSettings } from '@shared/contract/system';
import { useHallClient } from '../client';
import { followHallLanguage } from '../i18n/locale';
import { followHallTimeZone } from '../i18n/time';
import { reportLoadError } from './hall';

export const useSettingsStore = defineStore('settings', () => {
  const client = useHallClient();
  const settings = shallowRef<HallSettings | null>(null);
  const tileUrl = computed(() => settings.value?.tileUrl ?? '');
  /**
   * The page's Content-Security-Policy lets images come only from this host and from the tile server that
   * was configured when the page loaded. A tile server set later is used after this screen reloads.
   */
  const tileUrlAtLoad = shallowRef<string | null>(null);
  const usableTileUrl = computed(() => (tileOriginAllowed(tileUrl.value, tileUrlAtLoad.value) ? tileUrl.value : tileUrlAtLoad.value ?? ''));
  const tileUrlNeedsReload = computed(() => usableTileUrl.value !== tileUrl.value);

  function apply(next: HallSettings, changedNow: boolean): void {
    tileUrlAtLoad.value ??= next.tileUrl;
    settings.value = next;
    followHallLanguage(next.lang, changedNow);
    followHallTimeZone(next.hallZone);
  }

  async function load(): Promise<void> {
    apply(await client.invoke('settings.get', {}), false);
  }

  /** Changes hall settings for every screen; needs a signed-in operator. */
  async function save(patch: Partial<HallSettings>): Promise<void> {
    apply(await client.invoke('settings.set', patch), true);
  }

  client.on('settings.changed', (next) => apply(next, true));
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { settings, tileUrl, usableTileUrl, tileUrlNeedsReload, load, save };
});

function originOf(url: string): string | null {
  try {
    return new URL(url.replace(/\{[a-z]\}/g, '0'), window.location.href).origin;
  } catch {
    return null;
  }
}

/** Whether this page may load images from `url`: empty, this host, or the origin allowed when it loaded. */
export function tileOriginAllowed(url: string, atLoad: string | null): boolean {
  if (!url.trim()) return true;
  const origin = originOf(url);
  return origin !== null && (origin === window.location.origin || (atLoad !== null && origin === originOf(atLoad)));
}
