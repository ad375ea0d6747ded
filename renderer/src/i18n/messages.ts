// Typed message dictionaries: each domain defines its own (zh-CN and English, same keys, checked by TypeScript).
import { locale, type Locale } from './locale';

/** A message is text, or a function of typed parameters for counts and names. */
export type MessageValue = string | ((params: never) => string);
export type Dictionary = Record<string, MessageValue>;

/** English must have exactly the keys of the Chinese, with the same parameters. */
export type Messages<Z extends Dictionary> = { 'zh-CN': Z; en: { [K in keyof Z]: Z[K] extends string ? string : Z[K] } };

export function defineMessages<Z extends Dictionary>(messages: Messages<Z>): Messages<Z> {
  return messages;
}

type ParamsOf<V> = V extends (params: infer P) => string ? [params: P] : [];

export type Translate<Z extends Dictionary> = <K extends keyof Z & string>(key: K, ...params: ParamsOf<Z[K]>) => string;

/**
 * The translator for one dictionary, in the screen's current language. Reading it in a template or a
 * computed tracks the language, so text changes when the language does.
 */
export function useMessages<Z extends Dictionary>(messages: Messages<Z>): Translate<Z> {
  return ((key: string, params?: unknown) => translate(messages as unknown as Record<Locale, Dictionary>, locale.value, key, params)) as Translate<Z>;
}

function translate(messages: Record<Locale, Dictionary>, lang: Locale, key: string, params: unknown): string {
  const value = messages[lang][key] ?? messages['zh-CN'][key];
  if (value === undefined) return key;
  return typeof value === 'function' ? (value as (p: unknown) => string)(params) : value;
}

/** Picks the text for the current language from a `{ zh, en }` pair (the contract's kind and status labels). */
export function localized(label: { zh: string; en: string }, lang: Locale = locale.value): string {
  return lang === 'en' ? label.en : label.zh;
}

/** A feature's name in the current language: nameEn in English when the data has it. */
export function featureName(props: { name: string; nameEn?: string }, lang: Locale = locale.value): string {
  return lang === 'en' && props.nameEn ? props.nameEn : props.name;
}
