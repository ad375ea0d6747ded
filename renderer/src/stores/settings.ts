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

  function apply(next: HallSettings, changedNow: boolean): void {
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
  return { settings, tileUrl, load, save };
});
