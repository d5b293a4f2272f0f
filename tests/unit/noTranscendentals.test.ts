/**
 * No transcendental Math.* call (exp, log, pow, cbrt, sin, atan2, …) and no `**` with a base other
 * than 2 on the path that produces scenario numbers: src/ and workers/ but the UI and scene code.
 * Those functions are not correctly rounded and differ in the last bit between V8 versions (Node 20
 * against Chromium), so the page and the CLI would disagree; src/core/detMath.ts has deterministic
 * ones. Math.sqrt, abs, min, max, floor, ceil, round, trunc, sign, hypot, imul, fround are fine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Code that draws or measures but never makes a number the CLI also makes. */
const ALLOWED: Record<string, string> = {
  'src/scene/': '3D scene (Cesium/three.js drawing)',
  'src/modes/': 'drill and kiosk pages (drawing)',
  'src/ui/': 'page UI',
  'src/data/': 'the default-twin generator: run once in Node, its output is committed as data files',
};

/** Known calls on the simulation path still to replace (none): a file that becomes clean leaves this list. */
const PENDING: Record<string, string> = {};

const FUNCS =
  'exp|expm1|log|log1p|log2|log10|pow|cbrt|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh';
const CALL = new RegExp(`\\bMath\\.(${FUNCS})\\b`, 'g');
/** `a ** b` unless the base is the literal 2 (exact powers of two) */
const STARSTAR = /(?<!\b2\s*)\*\*(?!\/)/g;

/** Source without comments (block, JSDoc and line comments) and with string literals emptied. */
function stripComments(src: string): string {
  return src
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/.*$/gm, '');
}

/** `line: text` of every transcendental call or non-power-of-two `**` in a source text. */
function findTranscendentals(src: string): string[] {
  const lines = stripComments(src).split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    CALL.lastIndex = 0;
    STARSTAR.lastIndex = 0;
    if (CALL.test(line) || STARSTAR.test(line)) out.push(`${i + 1}: ${line.trim()}`);
  });
  return out;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('no transcendental Math on the simulation path', () => {
  it('the scanner finds calls and `**`, and skips comments', () => {
    const src = [
      '/** uses Math.exp in a comment */',
      'const a = Math.exp(x); // Math.log here is a comment',
      'const b = Math.sqrt(x) + Math.hypot(x, y) + Math.abs(x);',
      "const u = 'http://x'; const c = Math.pow(x, 2);",
      "const d = 2 ** 20 + '***'.length;",
      'const e = x ** 3;',
      '/* Math.cbrt',
      '   spans lines */ const f = Math.cbrt(x);',
    ].join('\n');
    expect(findTranscendentals(src)).toEqual([
      '2: const a = Math.exp(x);',
      "4: const u = ''; const c = Math.pow(x, 2);",
      '6: const e = x ** 3;',
      '8: const f = Math.cbrt(x);',
    ]);
  });

  it('src/ and workers/ use src/core/detMath.ts, but for the UI and scene code', () => {
    const found: string[] = [];
    const pendingSeen = new Set<string>();
    for (const top of ['src', 'workers']) {
      for (const file of tsFiles(join(ROOT, top))) {
        const rel = relative(ROOT, file).split('\\').join('/');
        if (Object.keys(ALLOWED).some((a) => rel.startsWith(a))) continue;
        const hits = findTranscendentals(readFileSync(file, 'utf8'));
        if (rel in PENDING) {
          if (hits.length > 0) pendingSeen.add(rel);
          continue;
        }
        for (const h of hits) found.push(`${rel}:${h}`);
      }
    }
    expect(found, 'use src/core/detMath.ts (or add UI-only code to ALLOWED with a reason)').toEqual([]);
    // a pending file that became clean leaves the list
    expect([...pendingSeen].sort()).toEqual(Object.keys(PENDING).sort());
    // the allow-list names paths that exist
    for (const a of Object.keys(ALLOWED)) expect(() => statSync(join(ROOT, a)), a).not.toThrow();
  });
});
