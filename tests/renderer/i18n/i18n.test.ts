// Messages in the screen's language, the language rules (?lang, setting, live change), and China time.
import { describe, expect, it } from 'vitest';
import { defineMessages, featureName, localized, useMessages } from '../../../renderer/src/i18n/messages';
import { chooseScreenLocale, followHallLanguage, locale, parseLocale } from '../../../renderer/src/i18n/locale';
import { formatDate, formatDateTime, formatTime, zoneLabel } from '../../../renderer/src/i18n/time';
import { shellText } from '../../../renderer/src/i18n/shell';

const text = defineMessages({
  'zh-CN': { title: '值班表', crew: (p: { crew: string }) => `${p.crew}班在岗` },
  en: { title: 'Duty roster', crew: (p: { crew: string }) => `Crew ${p.crew} on duty` },
});

describe('i18n', () => {
  it('translates in the current language, with typed parameters', () => {
    const t = useMessages(text);
    followHallLanguage('zh-CN', false);
    chooseScreenLocale('zh-CN');
    expect(t('title')).toBe('值班表');
    expect(t('crew', { crew: '甲' })).toBe('甲班在岗');
    chooseScreenLocale('en');
    expect(t('crew', { crew: 'A' })).toBe('Crew A on duty');
    expect(localized({ zh: '巡逻', en: 'Patrolling' })).toBe('Patrolling');
    expect(featureName({ name: '米易县人民医院', nameEn: 'Miyi County Hospital' })).toBe('Miyi County Hospital');
    expect(featureName({ name: '米易县人民医院' })).toBe('米易县人民医院');
  });

  it('a screen choice holds until the hall setting changes, which then applies everywhere', () => {
    chooseScreenLocale('en');
    followHallLanguage('zh-CN', false); // loading the setting does not override ?lang=en
    expect(locale.value).toBe('en');
    followHallLanguage('zh-CN', true); // the same value again is no change
    expect(locale.value).toBe('en');
    chooseScreenLocale('zh-CN');
    followHallLanguage('en', true); // somebody switched the hall to English
    expect(locale.value).toBe('en');
    expect(parseLocale('EN-us')).toBe('en');
    expect(parseLocale('zh')).toBe('zh-CN');
    expect(parseLocale('fr')).toBeNull();
  });

  it('every shell message exists in both languages', () => {
    expect(Object.keys(shellText.en).sort()).toEqual(Object.keys(shellText['zh-CN']).sort());
  });

  it('shows instants in China time whatever the zone of this machine', () => {
    const instant = Date.UTC(2026, 11, 23, 23, 5, 9); // 2026-12-24 07:05:09 in Beijing
    expect(formatTime(instant, 'zh-CN')).toBe('07:05:09');
    expect(formatDate(instant, 'zh-CN')).toContain('2026/12/24');
    expect(formatDateTime(instant, 'en')).toContain('07:05:09');
    expect(zoneLabel(instant)).toBe('UTC+8');
  });
});
