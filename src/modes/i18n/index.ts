/**
 * Translation tables of the drill and kiosk modes and `t(key)`. Every string the modes show goes
 * through `t`, so a language switch re-renders with the other table. Keys are checked at compile
 * time (TKey) and, for the keys used in the sources, by tests/modes/i18n.test.ts.
 */
import { en } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'zh' | 'en';
export type TKey = keyof typeof en;
export const TABLES: Record<Lang, Record<TKey, string>> = { zh, en };

let current: Lang = 'zh';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

export function parseLang(s: string | null | undefined): Lang {
  return s === 'en' ? 'en' : 'zh';
}

/** The string for `key` in the current (or the given) language. */
export function t(key: TKey, lang: Lang = current): string {
  return TABLES[lang][key];
}

/**
 * Keys built from parts (`prefix + id + suffix`), declared where the code builds them so the
 * i18n test can check them: write the call with literal arguments.
 */
export function i18nKeys(prefix: string, ids: readonly string[], suffix: string): TKey[] {
  const keys = ids.map((id) => `${prefix}${id}${suffix}`);
  const missing = keys.filter((k) => !(k in TABLES.en));
  if (missing.length) throw new Error(`missing translations: ${missing.join(', ')}`);
  return keys as TKey[];
}
