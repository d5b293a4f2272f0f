import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, t, setLang, getLang, parseLang } from '../../src/modes/i18n/index.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) && !p.includes('/i18n/') ? [p] : [];
  });
}

describe('translation tables', () => {
  it('zh and en have the same keys, none empty, and the two languages differ', () => {
    const zh = Object.keys(TABLES.zh).sort(),
      en = Object.keys(TABLES.en).sort();
    expect(zh).toEqual(en);
    expect(zh.length).toBeGreaterThan(40);
    for (const k of zh) {
      expect(TABLES.zh[k as keyof typeof TABLES.zh].trim(), k).not.toBe('');
      expect(TABLES.en[k as keyof typeof TABLES.en].trim(), k).not.toBe('');
      // every visible string changes with the language (a language switch test relies on it)
      expect(TABLES.zh[k as keyof typeof TABLES.zh], k).not.toBe(TABLES.en[k as keyof typeof TABLES.en]);
    }
  });

  it('every key used in src/modes (t(\'…\') and data-i18n="…") exists in both tables', () => {
    const files = sources('src/modes');
    expect(files.length).toBeGreaterThan(5);
    const used = new Set<string>();
    for (const f of files) {
      const s = readFileSync(f, 'utf8');
      for (const m of s.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]);
      for (const m of s.matchAll(/\bt\(\s*`([^`$]+)`/g)) used.add(m[1]);
      for (const m of s.matchAll(/data-i18n="([^"$]+)"/g)) used.add(m[1]);
      // keys built from a prefix: 'warn.' + colour, 'inject.' + kind, 'kiosk.card.' + id + '.title'
      for (const m of s.matchAll(/i18nKeys\(\s*'([^']+)'\s*,\s*\[([^\]]*)\]\s*,\s*'([^']*)'\s*\)/g)) {
        for (const id of m[2]
          .split(',')
          .map((x) => x.trim().replace(/'/g, ''))
          .filter(Boolean))
          used.add(m[1] + id + m[3]);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !(k in TABLES.en) || !(k in TABLES.zh));
    expect(missing).toEqual([]);
  });

  it('t follows the current language; parseLang defaults to zh', () => {
    setLang('en');
    expect(getLang()).toBe('en');
    expect(t('drill.start')).toBe('Start');
    setLang('zh');
    expect(t('drill.start')).toBe('开始');
    expect(t('drill.start', 'en')).toBe('Start');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBe('zh');
    expect(parseLang(null)).toBe('zh');
  });
});
