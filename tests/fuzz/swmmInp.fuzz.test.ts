/**
 * Fuzz: randomly corrupted variants of the test networks (bytes flipped, characters inserted,
 * lines cut, dropped, duplicated or swapped, numbers replaced, file truncated) must each end in a
 * model or an InputError, never another exception. A variant that reads must also write and read
 * back to an equal model (the writer never produces a file its reader rejects).
 * Seeded PRNG (mulberry32): the same variants on every run.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { readSwmmInp, writeSwmmInp, toSI } from '../../src/io/swmmInp.ts';
import { SI_NETWORK, US_NETWORK } from '../io/swmmInpSamples.ts';
import { mulberry32 } from '../../src/core/random.ts';

const SPECIAL = [
  ' ',
  '\t',
  '\n',
  '\r',
  ';',
  '"',
  '[',
  ']',
  '*',
  '-',
  '.',
  ':',
  '/',
  'e',
  'E',
  '0',
  '9',
  'x',
  '\u00a0',
  '\u0000',
];
const NUMBERS = [
  '',
  '-1',
  '0',
  '1e999',
  '-1e-999',
  'NaN',
  'Infinity',
  'abc',
  '1.2.3',
  '99999999999',
  '1e5',
  '""',
  '*',
  '0:00',
  '25:99',
  '01/32/2024',
];

function corrupt(text: string, rnd: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  let s = text;
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n; k++) {
    const op = Math.floor(rnd() * 8);
    const lines = s.split('\n');
    const li = Math.floor(rnd() * lines.length);
    switch (op) {
      case 0: {
        // flip one byte's bits
        if (s.length === 0) break;
        const i = Math.floor(rnd() * s.length);
        s = s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << Math.floor(rnd() * 7))) + s.slice(i + 1);
        break;
      }
      case 1: {
        // overwrite or insert a special character
        const i = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, i) + pick(SPECIAL) + s.slice(i + (rnd() < 0.5 ? 1 : 0));
        break;
      }
      case 2: // cut a line somewhere
        lines[li] = lines[li].slice(0, Math.floor(rnd() * (lines[li].length + 1)));
        s = lines.join('\n');
        break;
      case 3: // drop a line
        lines.splice(li, 1);
        s = lines.join('\n');
        break;
      case 4: // duplicate a line
        lines.splice(li, 0, lines[li]);
        s = lines.join('\n');
        break;
      case 5: {
        // swap two lines
        const lj = Math.floor(rnd() * lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        s = lines.join('\n');
        break;
      }
      case 6: {
        // replace a number with something else
        const nums = [...s.matchAll(/-?\d+(\.\d+)?/g)];
        if (nums.length === 0) break;
        const m = pick(nums);
        s = s.slice(0, m.index) + pick(NUMBERS) + s.slice(m.index! + m[0].length);
        break;
      }
      case 7: // truncate the file
        s = s.slice(0, Math.floor(rnd() * s.length));
        break;
    }
  }
  return s;
}

describe('readSwmmInp fuzz', () => {
  for (const [label, sample, seed] of [
    ['US', US_NETWORK, 1234],
    ['SI', SI_NETWORK, 98765],
  ] as const) {
    it(`${label} network: 1500 corrupted variants end in a model or an InputError`, () => {
      const rnd = mulberry32(seed);
      let ok = 0;
      let rejected = 0;
      for (let i = 0; i < 1500; i++) {
        const text = corrupt(sample, rnd);
        let model: ReturnType<typeof readSwmmInp>;
        try {
          model = readSwmmInp(text, 'fuzz.inp');
        } catch (e) {
          if (!(e instanceof InputError)) throw new Error(`variant ${i} threw ${String(e)}\n--- variant ---\n${text}`);
          // every message names the file and the line
          expect(e.where.file).toBe('fuzz.inp');
          expect(e.where.line).toBeGreaterThan(0);
          rejected++;
          continue;
        }
        ok++;
        const again = readSwmmInp(writeSwmmInp(model), 'again.inp');
        expect(again, `variant ${i}`).toEqual(model);
        try {
          toSI(model);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }
      // both outcomes occur, so the variants exercise the parser and the writer alike
      expect(ok).toBeGreaterThan(100);
      expect(rejected).toBeGreaterThan(100);
    });
  }
});
