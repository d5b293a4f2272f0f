/**
 * hf^(7/3) for the friction term, without Math.cbrt (a slow library call in V8: it cost the
 * solver a third of its time). hf^(7/3) = hf³·r² with r = hf^(−1/3), found from a table over the
 * float64 exponent and the top 8 mantissa bits (relative error < 7e-4), then two Newton steps for
 * the inverse cube root, r ← r·(4 − hf·r³)/3, which square the error each time (< 2e-12).
 * Pure IEEE arithmetic, so the result is the same in every JavaScript engine.
 */
const f64 = new Float64Array(1);
const hi32 = new Uint32Array(f64.buffer);
/** index of the high word of a float64 on little-endian machines (all our targets) */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

const EXP_LO = 1023 - 16; // 2^-16 m …
const EXP_HI = 1023 + 12; // … 2^12 m
const BASE = EXP_LO << 8;
const THIRD = 1 / 3;
const TABLE = new Float64Array((EXP_HI - EXP_LO) << 8);
for (let i = 0; i < TABLE.length; i++) {
  // middle of the bucket: exponent e, mantissa 1 + (m + 0.5)/256
  const e = (i >> 8) + EXP_LO - 1023;
  const m = i & 255;
  const x = Math.pow(2, e) * (1 + (m + 0.5) / 256);
  TABLE[i] = 1 / Math.cbrt(x);
}

export function pow73(hf: number): number {
  f64[0] = hf;
  const i = (hi32[HI] >>> 12) - BASE;
  if (i < 0 || i >= TABLE.length) return hf * hf * Math.cbrt(hf);
  let r = TABLE[i];
  r = r * (4 - hf * r * r * r) * THIRD;
  r = r * (4 - hf * r * r * r) * THIRD;
  return hf * hf * hf * r * r;
}
