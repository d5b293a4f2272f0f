/**
 * The self-hosted CJK font: a subset of Noto Sans SC (@fontsource/noto-sans-sc, weight 400) holding
 * only the non-ASCII characters the app can show, so every Chinese string renders on a machine with
 * no CJK font installed. The characters are collected from the sources, scenarios and the twins'
 * metadata; fontsource splits the font into chunks by unicode-range, so each chunk that holds some
 * of them is cut down with `subset-font` (HarfBuzz hb-subset) and gets its own @font-face.
 *
 * Output (git-ignored, cached by a hash of the characters): `.fonts/cjk.css` and `.fonts/*.woff2`,
 * imported by src/main.ts. Run by Vite (the `cjkFontPlugin` in vite.config.ts) at `npm run build`,
 * the dev server and the e2e build; by hand: `node --import tsx tools/subsetFont.ts`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import subsetFont from 'subset-font';

/** the family name the CSS uses (placed before the generic fallback in the page fonts) */
export const CJK_FAMILY = 'FloodTwin Noto Sans SC';
export const FONT_DIR = '.fonts';
const SOURCE_DIRS = ['src', 'scenarios', 'data', 'index.html'];
const SOURCE_EXT = /\.(ts|tsx|css|html|json|geojson)$/;
const FONTSOURCE = 'node_modules/@fontsource/noto-sans-sc';

function* sourceFiles(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    if (SOURCE_EXT.test(path)) yield path;
    return;
  }
  for (const e of readdirSync(path)) yield* sourceFiles(join(path, e));
}

/**
 * The non-ASCII characters in `texts`, sorted by code point, without controls and private use.
 * @example appChars(['Home 首页', '首']) // ['页', '首'] sorted by code point: ['页', '首'].sort()
 */
export function appChars(texts: Iterable<string>): string[] {
  const set = new Set<number>();
  for (const s of texts)
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (c > 0x7f && c !== 0xfeff && !(c >= 0xe000 && c <= 0xf8ff)) set.add(c);
    }
  return [...set].sort((a, b) => a - b).map((c) => String.fromCodePoint(c));
}

export interface FontChunk {
  file: string;
  ranges: [number, number][];
}

/** The chunks of a fontsource CSS file: woff2 file name and unicode ranges (`U+4e00-4e0f,U+3000`). */
export function parseFontsourceCss(css: string): FontChunk[] {
  const out: FontChunk[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a, 16), parseInt(b ?? a, 16)];
    });
    out.push({ file, ranges });
  }
  return out;
}

const inChunk = (c: number, k: FontChunk) => k.ranges.some(([a, b]) => c >= a && c <= b);
/** CJK radicals to Yi, compatibility ideographs, full-width forms: the blocks the subset must cover */
const isCjk = (c: number) =>
  (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
const hex = (c: number) => `U+${c.toString(16)}`;

/** Builds (or reuses) the subset in `root/.fonts`; returns the CSS path and what it holds. */
export async function buildCjkFont(
  root = process.cwd(),
): Promise<{ css: string; chars: number; missing: string[]; bytes: number }> {
  const texts = SOURCE_DIRS.flatMap((d) => [...sourceFiles(resolve(root, d))]).map((f) => readFileSync(f, 'utf8'));
  const chars = appChars(texts);
  const outDir = resolve(root, FONT_DIR);
  const cssPath = join(outDir, 'cjk.css');
  const hash = createHash('sha256').update(chars.join('')).update(CJK_FAMILY).digest('hex').slice(0, 16);
  if (existsSync(cssPath) && readFileSync(cssPath, 'utf8').includes(`hash ${hash}`)) {
    const m = /chars (\d+), bytes (\d+), missing (.*) \*\//.exec(readFileSync(cssPath, 'utf8'));
    return {
      css: cssPath,
      chars: chars.length,
      bytes: Number(m?.[2] ?? 0),
      missing: m && m[3] !== '-' ? [...m[3]] : [],
    };
  }
  const chunks = parseFontsourceCss(readFileSync(resolve(root, FONTSOURCE, '400.css'), 'utf8'));
  const byChunk = new Map<FontChunk, number[]>();
  const missing: string[] = [];
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    const k = chunks.find((x) => inChunk(c, x));
    if (!k) {
      if (isCjk(c)) missing.push(ch); // Greek, arrows and the like come from the system's own fonts
      continue;
    }
    byChunk.set(k, [...(byChunk.get(k) ?? []), c]);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const faces: string[] = [];
  let bytes = 0,
    i = 0;
  for (const [k, cps] of byChunk) {
    const woff2 = await subsetFont(
      readFileSync(resolve(root, FONTSOURCE, 'files', k.file)),
      String.fromCodePoint(...cps),
      { targetFormat: 'woff2' },
    );
    const name = `cjk-${i++}.woff2`;
    writeFileSync(join(outDir, name), woff2);
    bytes += woff2.length;
    faces.push(
      `@font-face { font-family: '${CJK_FAMILY}'; font-style: normal; font-weight: 100 900; font-display: block; ` +
        `src: url(./${name}) format('woff2'); unicode-range: ${cps.map(hex).join(',')}; }`,
    );
  }
  const css = [
    `/* generated by tools/subsetFont.ts from @fontsource/noto-sans-sc (SIL OFL 1.1): do not edit */`,
    ...faces,
    // the subset FIRST: its faces cover only the app's non-ASCII characters, so Latin text still
    // comes from system-ui; behind system-ui, Chrome on Linux takes fontconfig's pick for CJK (which
    // on a machine without a CJK font draws boxes) and never asks for the subset (modes.css: same stack)
    `html, body { font-family: '${CJK_FAMILY}', system-ui, sans-serif; }`,
    // form controls do not inherit the page font by default: they would fall back to a system CJK font
    `button, input, select, textarea, optgroup { font-family: inherit; }`,
    `/* hash ${hash}, chars ${chars.length}, bytes ${bytes}, missing ${missing.join('') || '-'} */`,
  ].join('\n');
  writeFileSync(cssPath, `${css}\n`);
  return { css: cssPath, chars: chars.length, missing, bytes };
}

/** Vite plugin: the subset is (re)built when a build or the dev server starts. */
export function cjkFontPlugin() {
  return {
    name: 'floodtwin-cjk-font',
    async buildStart() {
      const r = await buildCjkFont();
      if (r.missing.length) console.warn(`cjk font: no glyph chunk for ${r.missing.join(' ')}`);
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('tools/subsetFont.ts')) {
  const r = await buildCjkFont();
  console.log(
    `${r.css}: ${r.chars} characters, ${(r.bytes / 1024).toFixed(0)} KiB woff2${r.missing.length ? `, no glyph chunk for: ${r.missing.join(' ')}` : ''}`,
  );
}
