/**
 * Seeded corruption of sample files for the fuzz tests: bytes flipped, lines cut or repeated,
 * numbers replaced, files truncated. The same seed gives the same variants.
 */
import { InputError } from '../../src/core/errors.ts';
import { prng } from '../io/helpers.ts';

export { prng };

const NASTY_NUMBERS = [
  '',
  '-',
  'NaN',
  'nan',
  'Infinity',
  '-1',
  '0',
  '-0',
  '1e308',
  '-1e308',
  '1e-320',
  '4294967296',
  '65535',
  '2147483648',
  '999999999999',
  'abc',
  '0x1F',
  '1.5.2',
  '1e',
  '+',
  ' ',
  '"',
  '1,5',
];
const NASTY_WORDS = [
  '',
  '"',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '&',
  '\t',
  ',',
  ';',
  '\u0000',
  '\ufeff',
  '名',
  'null',
  'true',
  '#',
];

function pick<T>(rng: () => number, a: readonly T[]): T {
  return a[Math.floor(rng() * a.length)];
}

export function mutateBytes(rng: () => number, src: Uint8Array): Uint8Array {
  let b = src.slice();
  const ops = 1 + Math.floor(rng() * 3);
  for (let o = 0; o < ops; o++) {
    const r = rng();
    const pos = Math.floor(rng() * b.length);
    if (r < 0.3) {
      // flip a few bits
      for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) b[Math.floor(rng() * b.length)] ^= 1 << Math.floor(rng() * 8);
    } else if (r < 0.45) {
      b[pos] = Math.floor(rng() * 256);
    } else if (r < 0.6) {
      // an extreme 16/32-bit value (sizes, offsets, counts)
      const v = pick(rng, [0, 1, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x80000000, 3, 12, 16]);
      for (let k = 0; k < 4 && pos + k < b.length; k++) b[pos + k] = (v >>> (8 * k)) & 0xff;
    } else if (r < 0.75) {
      b = b.slice(0, pos); // truncate
    } else if (r < 0.87) {
      // delete a slice
      const end = Math.min(b.length, pos + 1 + Math.floor(rng() * 64));
      const out = new Uint8Array(b.length - (end - pos));
      out.set(b.subarray(0, pos));
      out.set(b.subarray(end), pos);
      b = out;
    } else {
      const len = 1 + Math.floor(rng() * 32);
      const out = new Uint8Array(b.length + len);
      out.set(b.subarray(0, pos));
      for (let k = 0; k < len; k++) out[pos + k] = Math.floor(rng() * 256);
      out.set(b.subarray(pos), pos + len);
      b = out;
    }
    if (b.length === 0) break;
  }
  return b;
}

export function mutateText(rng: () => number, src: string): string {
  let s = src;
  const ops = 1 + Math.floor(rng() * 3);
  for (let o = 0; o < ops; o++) {
    const r = rng();
    if (r < 0.25) {
      // replace a number
      const nums = [...s.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
      if (nums.length) {
        const m = pick(rng, nums);
        s = s.slice(0, m.index) + pick(rng, NASTY_NUMBERS) + s.slice(m.index! + m[0].length);
      }
    } else if (r < 0.4) {
      // cut a line
      const lines = s.split('\n');
      lines.splice(Math.floor(rng() * lines.length), 1);
      s = lines.join('\n');
    } else if (r < 0.5) {
      // repeat or swap lines
      const lines = s.split('\n');
      const i = Math.floor(rng() * lines.length);
      const j = Math.floor(rng() * lines.length);
      if (rng() < 0.5) lines.splice(i, 0, lines[j]);
      else [lines[i], lines[j]] = [lines[j], lines[i]];
      s = lines.join('\n');
    } else if (r < 0.62) {
      s = s.slice(0, Math.floor(rng() * s.length)); // truncate
    } else if (r < 0.75) {
      const p = Math.floor(rng() * s.length);
      s = s.slice(0, p) + pick(rng, NASTY_WORDS) + s.slice(p);
    } else if (r < 0.87) {
      const p = Math.floor(rng() * s.length);
      s = s.slice(0, p) + s.slice(p + 1 + Math.floor(rng() * 8));
    } else {
      // flip a character
      const p = Math.floor(rng() * s.length);
      s = s.slice(0, p) + String.fromCharCode(s.charCodeAt(p) ^ (1 << Math.floor(rng() * 7)) || 32) + s.slice(p + 1);
    }
  }
  return s;
}

export interface FuzzTally {
  values: number;
  inputErrors: number;
}

/**
 * Runs `read` on `n` corrupted variants of a sample; every variant must end in a value (checked by
 * `check`) or an InputError (naming `file` when given). Anything else is rethrown with the seed and variant number.
 */
export async function fuzz<S, T>(
  n: number,
  seed: number,
  sample: S,
  mutate: (rng: () => number, s: S) => S,
  read: (s: S) => T | Promise<T>,
  check: (v: T) => void = () => {},
  file?: string,
): Promise<FuzzTally> {
  const rng = prng(seed);
  const tally: FuzzTally = { values: 0, inputErrors: 0 };
  for (let i = 0; i < n; i++) {
    const variant = mutate(rng, sample);
    let value: T;
    try {
      value = await read(variant);
    } catch (e) {
      if (e instanceof InputError) {
        if (file !== undefined && !e.message.includes(file)) {
          throw new Error(`variant ${i} (seed ${seed}): InputError does not name the file ${file}: ${e.message}`);
        }
        tally.inputErrors++;
        continue;
      }
      const err = new Error(`variant ${i} (seed ${seed}) threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      (err as Error & { variant: S }).variant = variant;
      throw err;
    }
    check(value);
    tally.values++;
  }
  return tally;
}
