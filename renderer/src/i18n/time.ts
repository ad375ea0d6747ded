// Dates and times in the hall's zone (China time, Asia/Shanghai) whatever zone the PC itself is set to.
import { shallowRef } from 'vue';
import { locale, type Locale } from './locale';

export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** The hall's zone, from `settings.hallZone`; China time unless the hall says otherwise. */
export const hallTimeZone = shallowRef<string>(CHINA_TIME_ZONE);

export function followHallTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    hallTimeZone.value = zone;
  } catch {
    console.error(`[kuaifan] settings.hallZone ${JSON.stringify(zone)} is not a time zone this browser knows; showing ${CHINA_TIME_ZONE}.`);
    hallTimeZone.value = CHINA_TIME_ZONE;
  }
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Locale, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${zone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, { ...options, timeZone: zone })));
  return f;
}

const timeOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
const dateOptions: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' };

/** 14:05:09 */
export function formatTime(instant: number | Date, lang: Locale = locale.value, zone = hallTimeZone.value): string {
  return formatter(lang, zone, timeOptions).format(instant);
}

/** 14:05 */
export function formatHourMinute(instant: number | Date, lang: Locale = locale.value, zone = hallTimeZone.value): string {
  return formatter(lang, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** 2026/12/24 周四 (zh-CN), Thu, 12/24/2026 (en) */
export function formatDate(instant: number | Date, lang: Locale = locale.value, zone = hallTimeZone.value): string {
  return formatter(lang, zone, dateOptions).format(instant);
}

/** 2026/12/24 14:05:09 */
export function formatDateTime(instant: number | Date, lang: Locale = locale.value, zone = hallTimeZone.value): string {
  return formatter(lang, zone, { year: 'numeric', month: '2-digit', day: '2-digit', ...timeOptions }).format(instant);
}

/** "UTC+8" for the zone label next to the clock. */
export function zoneLabel(instant: number | Date, zone = hallTimeZone.value): string {
  const part = formatter('en', zone, { timeZoneName: 'shortOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName');
  return part ? part.value.replace('GMT', 'UTC') : zone;
}
