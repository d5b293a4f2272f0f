/**
 * hf^(7/3) for the friction term, in float32 arithmetic, without Math.cbrt (a slow library call in
 * V8). hf^(7/3) = (hf·r)²·hf with r = hf^(−1/3), found from a table over the float32 exponent and
 * the top 8 mantissa bits (relative error < 7e-4), then one Newton step for the inverse cube root,
 * r ← r·(4 − hf·r³)/3, which squares the error: hf^(7/3) to < 2e-6, far below what Manning's n is
 * known to. Every operation is a float32 one (Math.fround after each: +, −, ×, ÷ and √ in float64
 * then rounded to float32 give the correctly rounded float32 result), so the WebAssembly f32x4
 * kernels (wasm/kernel.ts) compute the same bits, and so does every JavaScript engine.
 */
import { cbrt } from '../../src/core/detMath.ts';

const fr = Math.fround;
const f32 = new Float32Array(1);
const bits32 = new Uint32Array(f32.buffer);

const EXP_LO = 1023 - 16; // 2^-16 m …
const EXP_HI = 1023 + 12; // … 2^12 m
/** the same buckets indexed by float32 bits: (exponent + 16)·256 + top 8 mantissa bits */
const BASE32 = (127 - 16) << 8;
const THIRD32 = fr(1 / 3);
export function buildPow73Table(): Float64Array {
  const table = new Float64Array((EXP_HI - EXP_LO) << 8);
  for (let i = 0; i < table.length; i++) {
    const e = (i >> 8) + EXP_LO - 1023;
    const m = i & 255;
    let p2 = 1;
    for (let k = 0; k < e; k++) p2 *= 2;
    for (let k = 0; k > e; k--) p2 /= 2;
    const x = p2 * (1 + (m + 0.5) / 256);
    // start near 2^(−e/3) (x·r³ in [1, 2)), then Newton r ← r·(4 − x·r³)/3
    const third = Math.floor(e / 3);
    let r = [1, 0.7937005259840998, 0.6299605249474366][e - 3 * third];
    for (let k = 0; k < third; k++) r /= 2;
    for (let k = 0; k > third; k--) r *= 2;
    for (let k = 0; k < 60; k++) {
      const next = (r * (4 - x * r * r * r)) / 3;
      if (next === r) break;
      r = next;
    }
    table[i] = r;
  }
  return table;
}

/** The float32 table the kernels use (the float64 table rounded). */
export function buildPow73Table32(): Float32Array {
  return Float32Array.from(buildPow73Table());
}

const TABLE = buildPow73Table32();

/** hf^(7/3) of a float32 value hf (outside the table's 2^-16 … 2^12 m: detMath's cbrt, as the kernels). */
export function pow73(hf: number): number {
  f32[0] = hf;
  const i = (bits32[0] >>> 15) - BASE32;
  if (i < 0 || i >= TABLE.length) return fr(fr(hf * hf) * fr(cbrt(hf)));
  let r = TABLE[i];
  r = fr(fr(r * fr(4 - fr(fr(fr(hf * r) * r) * r))) * THIRD32);
  const t = fr(hf * r);
  return fr(fr(t * t) * hf);
}
