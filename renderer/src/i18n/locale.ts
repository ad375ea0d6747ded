// The screen's language: ?lang= pins it for this screen; otherwise the hall's `settings.lang`; zh-CN by default.
import { computed, shallowRef } from 'vue';
import { pageParam } from '../client/page-params';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export function parseLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v === 'zh-cn' || v.startsWith('zh-hans')) return 'zh-CN';
  return null;
}

const screenChoice = shallowRef<Locale | null>(typeof window === 'undefined' ? null : parseLocale(pageParam('lang')));
const hallLanguage = shallowRef<Locale>('zh-CN');

/** The language this screen shows now. */
export const locale = computed<Locale>(() => screenChoice.value ?? hallLanguage.value);

/**
 * Follows the hall's language setting. `changedNow` is true when somebody just changed the setting (the
 * settings.changed event): that change applies to every screen, also one opened with ?lang=.
 */
export function followHallLanguage(lang: Locale, changedNow: boolean): void {
  if (changedNow && lang !== hallLanguage.value) screenChoice.value = null;
  hallLanguage.value = lang;
}

/** This screen only (the header's 中/EN switch); the hall's setting is unchanged. */
export function chooseScreenLocale(lang: Locale): void {
  screenChoice.value = lang;
}
