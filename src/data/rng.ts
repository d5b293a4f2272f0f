/**
 * Seeded randomness for the twin generator: a small PRNG (mulberry32), an integer hash for
 * per-feature seeds (so a feature's look depends on where it is, not on how many came before it,
 * which keeps the small twin a true subset of the default one), and smooth value noise.
 */

import { mulberry32 } from '../core/random.ts';

export { mulberry32 };

/** An integer hash of up to three integers and a seed, as a uint32. */
export function hash32(a: number, b: number, c: number, seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (a | 0), 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h ^ (b | 0), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h ^ (c | 0), 0x27d4eb2f) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x165667b1) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** hash32 as a float in [0, 1). */
export function hash01(a: number, b: number, c: number, seed: number): number {
  return hash32(a, b, c, seed) / 4294967296;
}

/** A PRNG seeded from a feature's integer key. */
export function rngFor(a: number, b: number, c: number, seed: number): () => number {
  return mulberry32(hash32(a, b, c, seed));
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Value noise in [-1, 1] on the unit lattice, smoothly interpolated (C1). */
export function valueNoise(x: number, y: number, seed: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const fx = smooth(x - xi);
  const fy = smooth(y - yi);
  const v00 = hash01(xi, yi, 0, seed);
  const v10 = hash01(xi + 1, yi, 0, seed);
  const v01 = hash01(xi, yi + 1, 0, seed);
  const v11 = hash01(xi + 1, yi + 1, 0, seed);
  const a = v00 + (v10 - v00) * fx;
  const b = v01 + (v11 - v01) * fx;
  return 2 * (a + (b - a) * fy) - 1;
}

/** Fractal (fBm) value noise: octaves at doubling frequency and halving amplitude, about [-1, 1]. */
export function fbm(x: number, y: number, seed: number, octaves: number): number {
  let sum = 0;
  let amp = 1;
  let norm = 0;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o * 1013);
    norm += amp;
    amp *= 0.5;
    f *= 2;
  }
  return sum / norm;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Smoothstep of t clamped to [0, 1]. */
export function smoothstep(t: number): number {
  const c = t < 0 ? 0 : t > 1 ? 1 : t;
  return c * c * (3 - 2 * c);
}
