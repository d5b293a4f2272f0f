/**
 * Deterministic elementary functions: exp, log, log10, pow, cbrt, sin, cos, atan, atan2, acos,
 * atanh, asinh, sinh, built from IEEE + − × ÷ and sqrt only (each correctly rounded on every host),
 * plus exact bit access for scaling by powers of two. Math.exp / log / pow / cbrt / sin … are not
 * correctly rounded and differ in the last bit between V8 versions (Node 20 against Chromium:
 * Math.cbrt differed in 2,241 of 7,168 table entries), so numbers that must be the same in the page
 * and in the CLI (the drainage solver, rain and river events, ratings, evacuation, metrics) use these.
 * The operations run in a fixed order: every host gets the same bits.
 *
 * Accuracy (tests/unit/detMath.test.ts, against Math.* over wide random ranges): about one ulp.
 * Methods: exp and log carry a double-double (hi + lo) intermediate (Dekker's exact product by
 * Veltkamp splitting, Knuth's two-sum), so pow = exp(y·log x) keeps its accuracy for large y·log x;
 * log from log(1+f) = 2 atanh(f/(2+f)) (the split of fdlibm's e_log.c), exp by Cody–Waite reduction
 * x = k ln2 + r and Taylor series; sin/cos by a three-part Cody–Waite reduction by π/2 (fdlibm
 * e_rem_pio2.c constants; larger |x| exactly through BigInt) and Taylor kernels in fdlibm's form; atan by
 * fdlibm's s_atan.c (its reduction and polynomial coefficients); cbrt by Newton's method from a
 * bit-level start, polished with an exact residual.
 */

// ---------- bits ----------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** index of the high (sign, exponent) word: 1 on little-endian hosts */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** 2^n for an integer n in [−1022, 1023], exactly. */
function pow2(n: number): number {
  U32[HI] = (n + 1023) << 20;
  U32[LO] = 0;
  return F64[0];
}
const TWO54 = 18014398509481984;
const TWO_M1000 = 9.332636185032189e-302; // 2^-1000
const TWO1023 = 8.98846567431158e307;

/** x·2^k for a finite x of modest exponent and any integer k, with one rounding at most. */
function scalb(x: number, k: number): number {
  if (k > 1023) {
    if (k > 2098) return x * Infinity;
    return x * TWO1023 * pow2(Math.min(k - 1023, 1023));
  }
  if (k < -1022) {
    if (k < -2200) return x * 0;
    return x * pow2(Math.max(k + 1000, -1022)) * TWO_M1000;
  }
  return x * pow2(k);
}

// ---------- exact sums and products (results in module scratch: no allocation) ----------

let SH = 0; // high part
let SL = 0; // low part
const SPLIT = 134217729; // 2^27 + 1

/** SH + SL = a·b exactly (|a|, |b| < 2^996). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  SH = p;
  SL = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** SH + SL = a + b exactly. */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  SH = s;
  SL = a - (s - bb) + (b - bb);
}

// ---------- constants ----------

const LN2_HI = 6.9314718036912381649e-1; // fdlibm: 32 significant bits, so k·LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;
const PI = 3.141592653589793;
const PIO2_HI = 1.5707963267948966; // π/2 rounded
const PIO2_LO = 6.123233995736766e-17; // π/2 − PIO2_HI
const PI_LO = 1.2246467991473532e-16; // π − PI
const TWO_OVER_PI = 0.6366197723675814;
// π/2 in three 33-bit parts and a tail (fdlibm e_rem_pio2.c): k·PIO2_1…3 are exact for |k| < 2^20
const PIO2_1 = 1.57079632673412561417;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const IVLN10 = 0.4342944819032518; // 1/ln 10 rounded
const IVLN10_LO = 1.0983196502167651e-17; // 1/ln 10 − IVLN10

/** 1/k! for k = 0…24, by repeated division (the same bits everywhere). */
const INV_FACT = new Float64Array(25);
INV_FACT[0] = 1;
for (let k = 1; k <= 24; k++) INV_FACT[k] = INV_FACT[k - 1] / k;
/** 2/(2j+1), j = 0…13: the series 2 atanh s = Σ 2 s^(2j+1)/(2j+1) */
const ATANH2 = new Float64Array(14);
for (let j = 0; j < 14; j++) ATANH2[j] = 2 / (2 * j + 1);
/** exact powers of ten 10^0 … 10^22 (log10 of them is exact) */
const P10 = new Float64Array(23);
P10[0] = 1;
for (let j = 1; j <= 22; j++) P10[j] = P10[j - 1] * 10;

// ---------- log ----------

/** SH + SL = log x for a finite x > 0, to ~2^-100 relative beyond the leading double. */
function logDD(x: number): void {
  let k = 0;
  F64[0] = x;
  if (U32[HI] < 0x00100000) {
    F64[0] = x * TWO54; // subnormal: exact scaling into the normal range
    k = -54;
  }
  const hx = U32[HI];
  k += (hx >>> 20) - 1023;
  U32[HI] = (hx & 0x000fffff) | 0x3ff00000; // m in [1, 2)
  let m = F64[0];
  if (m > SQRT2) {
    m *= 0.5;
    k++;
  }
  const f = m - 1; // exact (Sterbenz)
  // s = f/(2+f) as s + sl
  const u = 2 + f;
  const ul = f - (u - 2);
  const s = f / u;
  twoProd(s, u);
  const sl = (f - SH - SL - s * ul) / u;
  // 2 atanh s = 2s + 2s³/3 + Σ_{j≥2} 2 s^(2j+1)/(2j+1): 2s³/3 in double-double (pow multiplies
  // the log by up to ~700, so its absolute error must stay near 2^-60)
  twoProd(s, s);
  const z = SH;
  const ze = SL;
  twoProd(s, z);
  const c = SH;
  const ce = SL + s * ze;
  const h3 = (2 * c) / 3;
  twoProd(3, h3);
  const l3 = (2 * c - SH - SL + 2 * ce) / 3;
  let p = ATANH2[13];
  for (let j = 12; j >= 2; j--) p = ATANH2[j] + z * p;
  const tail = c * z * p;
  twoSum(2 * s, h3);
  const a = SH;
  const ae = SL;
  twoSum(k * LN2_HI, a);
  const h = SH;
  // 2(s + sl) + 2(s + sl)³/3 …: sl enters the cube as 2 s² sl
  const l = SL + (ae + (2 * sl + 2 * z * sl + l3 + tail + k * LN2_LO));
  SH = h + l;
  SL = l - (SH - h);
}

/** Natural logarithm, as Math.log: NaN below 0, −∞ at ±0, +∞ at +∞. */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  logDD(x);
  return SH;
}

/** Base-10 logarithm, exact for the powers of ten 1 … 1e22. */
export function log10(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  logDD(x);
  const h = SH;
  const l = SL;
  twoProd(h, IVLN10);
  const r = SH + (SL + (l * IVLN10 + h * IVLN10_LO));
  const j = Math.round(r);
  if (j >= 0 && j <= 22 && x === P10[j]) return j;
  return r;
}

// ---------- exp ----------

/** e^(zh + zl), |zl| ≤ ulp(zh). */
function expDD(zh: number, zl: number): number {
  if (zh > 709.79) return Infinity;
  if (zh < -745.2) return 0;
  const k = Math.round(zh * INV_LN2);
  const rh = zh - k * LN2_HI; // exact
  const rl = zl - k * LN2_LO;
  twoSum(rh, rl);
  const r = SH;
  const re = SL;
  let p = INV_FACT[15];
  for (let j = 14; j >= 2; j--) p = INV_FACT[j] + r * p;
  twoSum(1, r);
  const v = SH + (SL + (r * r * p + re * (1 + r))); // e^r = 1 + r + r²/2 + …
  return scalb(v, k);
}

/** e^x, as Math.exp (0 below −745.2, ∞ above 709.79). */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x === 0) return 1;
  return expDD(x, 0);
}

// ---------- pow ----------

/** a^n for a > 0 and an integer 2 ≤ n ≤ 64 with a^n far from over/underflow, as SH + SL. */
function powIntDD(a: number, n: number): void {
  let rh = 1,
    rl = 0;
  let bh = a,
    bl = 0;
  for (;;) {
    if (n & 1) {
      twoProd(rh, bh);
      const e = SL + (rh * bl + rl * bh);
      rh = SH + e;
      rl = e - (rh - SH);
    }
    n >>>= 1;
    if (n === 0) break;
    twoProd(bh, bh);
    const e = SL + 2 * bh * bl;
    bh = SH + e;
    bl = e - (bh - SH);
  }
  SH = rh;
  SL = rl;
}

/** The unbiased binary exponent of a finite x > 0 (normal or not). */
function ilogb(x: number): number {
  F64[0] = x;
  const e = U32[HI] >>> 20;
  if (e === 0) {
    F64[0] = x * TWO54;
    return (U32[HI] >>> 20) - 1023 - 54;
  }
  return e - 1023;
}

/** |x|^y for x ≠ 0 finite, y finite ≠ 0, 1. */
function powAbs(a: number, y: number, yInt: boolean): number {
  if (a === 1) return 1;
  if (y === 2) return a * a;
  if (y === 0.5) return Math.sqrt(a);
  if (y === -1) return 1 / a;
  if (yInt && y >= -64 && y <= 64) {
    const n = y < 0 ? -y : y;
    const e = ilogb(a);
    if (n * ((e < 0 ? -e : e) + 1) < 900) {
      powIntDD(a, n);
      if (y > 0) return SH;
      const h = SH,
        l = SL;
      const q = 1 / h;
      twoProd(q, h);
      return q + (1 - SH - SL - q * l) * q;
    }
  }
  logDD(a);
  const lh = SH,
    ll = SL;
  const t = y * lh;
  if (t > 746) return Infinity;
  if (t < -746) return 0;
  twoProd(y, lh);
  const zh = SH;
  const zl = SL + y * ll;
  const h = zh + zl;
  return expDD(h, zl - (h - zh));
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && (y < 0 ? -y : y) < 9007199254740992 && y % 2 !== 0;
}

/**
 * x^y with Math.pow's special cases (ECMAScript Number::exponentiate): y = 0 → 1; NaN in → NaN;
 * 1^±∞ → NaN; ±0, ±∞ bases with signs by the parity of y; a negative x with a non-integer y → NaN.
 * Exact paths: y = 2 (x·x), 0.5 (sqrt), −1, and integers up to 64 by double-double powering (exact
 * whenever x^y is a double); otherwise exp(y·log x) in double-double.
 */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x !== x || y !== y) return NaN;
  if (y === 1) return x;
  const ax = x < 0 ? -x : x;
  if (y === Infinity || y === -Infinity) {
    if (ax === 1) return NaN;
    return ax > 1 === y > 0 ? Infinity : 0;
  }
  if (x === 0) {
    const neg = isOddInteger(y) && Object.is(x, -0);
    if (y > 0) return neg ? -0 : 0;
    return neg ? -Infinity : Infinity;
  }
  if (ax === Infinity) {
    const neg = x < 0 && isOddInteger(y);
    if (y > 0) return neg ? -Infinity : Infinity;
    return neg ? -0 : 0;
  }
  const yInt = Number.isInteger(y);
  if (x < 0) {
    if (!yInt) return NaN;
    const r = powAbs(ax, y, true);
    return isOddInteger(y) ? -r : r;
  }
  return powAbs(x, y, yInt);
}

// ---------- cbrt ----------

/** Cube root, as Math.cbrt (odd; ±0, ±∞, NaN returned as given). */
export function cbrt(x: number): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  const neg = x < 0;
  let a = neg ? -x : x;
  let sub = 0;
  if (a < 2.2250738585072014e-308) {
    a *= TWO54; // exact; cbrt(2^54) = 2^18
    sub = 18;
  }
  // a = m · 2^e, e = 3q + rem, rem ∈ {0, 1, 2}: the root is cbrt(m·2^rem) · 2^q
  F64[0] = a;
  const hx = U32[HI];
  const e = (hx >>> 20) - 1023;
  const q = Math.floor(e / 3);
  const rem = e - 3 * q;
  U32[HI] = (hx & 0x000fffff) | ((rem + 1023) << 20);
  const b = F64[0]; // in [1, 8), exact
  // start: a quadratic of m^(1/3) on [1, 2) (max error 8e-4) times 2^(rem/3)
  const m = rem === 0 ? b : rem === 1 ? b * 0.5 : b * 0.25;
  let y =
    (0.6242899948772124 + m * (0.43550826960939487 - 0.05900409201738729 * m)) *
    (rem === 0 ? 1 : rem === 1 ? 1.2599210498948732 : 1.5874010519681994);
  // Newton: 8e-4 → 6e-7 → 4e-13
  y = y - (y - b / (y * y)) / 3;
  y = y - (y - b / (y * y)) / 3;
  // a last Newton step on the exact residual b − y³ (→ 2e-25 before rounding)
  twoProd(y, y);
  const y2h = SH,
    y2l = SL;
  twoProd(y, y2h);
  const res = b - SH - SL - y * y2l;
  y = y + res / (3 * y2h);
  const r = scalb(y, q - sub);
  return neg ? -r : r;
}

// ---------- sin, cos ----------

let RH = 0; // reduced argument, high and low parts
let RL = 0;

// 2/π to 1280 fractional bits (BigInt), computed once on demand from Machin's formula, for the
// exact reduction of huge arguments (Payne–Hanek in spirit; never met on the simulation path)
const PBITS = 1280n;
let twoOverPiBig = 0n;
function atanInvBig(n: bigint, one: bigint): bigint {
  let term = one / n;
  let sum = term;
  const n2 = n * n;
  for (let k = 1n; term !== 0n; k++) {
    term /= n2;
    const t = term / (2n * k + 1n);
    sum += k % 2n === 1n ? -t : t;
  }
  return sum;
}
function twoOverPi(): bigint {
  if (twoOverPiBig === 0n) {
    const one = 1n << (PBITS + 64n);
    const pi = 16n * atanInvBig(5n, one) - 4n * atanInvBig(239n, one);
    twoOverPiBig = (2n << (2n * PBITS + 64n)) / pi;
  }
  return twoOverPiBig;
}
const TWO_M120 = 7.52316384526264e-37; // 2^-120

/** Reduction of |x| ≥ 2^19·π/2 through exact integer arithmetic; returns k mod 4. */
function reduceHuge(x: number): number {
  const neg = x < 0;
  F64[0] = neg ? -x : x;
  const hx = U32[HI];
  const e = BigInt((hx >>> 20) - 1075); // |x| = M·2^e
  const M = (BigInt((hx & 0x000fffff) | 0x00100000) << 32n) | BigInt(U32[LO]);
  const fracBits = PBITS - e; // v = M·(2/π)·2^e has fracBits fractional bits
  const v = M * twoOverPi();
  let k = Number((v >> fracBits) & 3n);
  let frac = v & ((1n << fracBits) - 1n);
  if (frac >= 1n << (fracBits - 1n)) {
    frac -= 1n << fracBits;
    k = (k + 1) & 3;
  }
  const f120 = frac >> (fracBits - 120n);
  const fh = Number(f120);
  const fl = Number(f120 - BigInt(fh));
  twoProd(fh * TWO_M120, PIO2_HI);
  const h = SH;
  const l = SL + (fh * TWO_M120 * PIO2_LO + fl * TWO_M120 * PIO2_HI);
  RH = h + l;
  RL = l - (RH - h);
  if (neg) {
    RH = -RH;
    RL = -RL;
    k = (4 - k) & 3;
  }
  return k;
}

/** x = k·π/2 + (RH + RL), |RH| ≤ π/4 + a little; returns k mod 4. */
function reducePio2(x: number): number {
  if (x > -0.7853981633974483 && x < 0.7853981633974483) {
    RH = x;
    RL = 0;
    return 0;
  }
  if (x > 823549.6588 || x < -823549.6588) return reduceHuge(x); // 2^19·π/2: k·PIO2_n stay exact below
  const k = Math.round(x * TWO_OVER_PI);
  const t = x - k * PIO2_1; // exact
  twoSum(t, -k * PIO2_2); // k·PIO2_2 exact
  const h = SH;
  const l = SL - k * PIO2_3 - k * PIO2_3T;
  RH = h + l;
  RL = l - (RH - h);
  return ((k % 4) + 4) % 4;
}

/** sin(r + rl), |r| ≤ π/4: Taylor to r¹⁹ in fdlibm's kernel form. */
function kSin(r: number, rl: number): number {
  const z = r * r;
  let p = -INV_FACT[19];
  for (let k = 17; k >= 5; k -= 2) p = (k % 4 === 1 ? INV_FACT[k] : -INV_FACT[k]) + z * p;
  // p = 1/5! − z/7! + …; sin = r − r³/6 + r⁵·p + rl·(1 − z/2)
  const v = z * r;
  return r + (v * (z * p) + rl * (1 - 0.5 * z) - v * INV_FACT[3]);
}
/** cos(r + rl), |r| ≤ π/4: Taylor to r²⁰, fdlibm's compensated 1 − z/2. */
function kCos(r: number, rl: number): number {
  const z = r * r;
  let p = INV_FACT[20];
  for (let k = 18; k >= 4; k -= 2) p = (k % 4 === 0 ? INV_FACT[k] : -INV_FACT[k]) + z * p;
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + (z * z * p - r * rl));
}

export function sin(x: number): number {
  if (x === 0 || x !== x) return x; // ±0 kept, NaN
  if (x === Infinity || x === -Infinity) return NaN;
  switch (reducePio2(x)) {
    case 0:
      return kSin(RH, RL);
    case 1:
      return kCos(RH, RL);
    case 2:
      return -kSin(RH, RL);
    default:
      return -kCos(RH, RL);
  }
}

export function cos(x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return NaN;
  switch (reducePio2(x)) {
    case 0:
      return kCos(RH, RL);
    case 1:
      return -kSin(RH, RL);
    case 2:
      return -kCos(RH, RL);
    default:
      return kSin(RH, RL);
  }
}

/** [sin x, cos x] from one reduction. */
export function sinCos(x: number): [number, number] {
  if (x !== x || x === Infinity || x === -Infinity) return [NaN, NaN];
  if (x === 0) return [x, 1];
  const q = reducePio2(x);
  const s = kSin(RH, RL);
  const c = kCos(RH, RL);
  switch (q) {
    case 0:
      return [s, c];
    case 1:
      return [c, -s];
    case 2:
      return [-s, -c];
    default:
      return [-c, s];
  }
}

// ---------- atan, atan2, acos ----------

// fdlibm s_atan.c: atan of 0.5, 1, 1.5, ∞ as hi + lo, and its polynomial on |t| < 7/16
const ATANHI = [4.63647609000806093515e-1, 7.85398163397448278999e-1, 9.82793723247329054082e-1, 1.570796326794896558];
const ATANLO = [
  2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17,
];
const AT0 = 3.33333333333329318027e-1,
  AT1 = -1.99999999998764832476e-1,
  AT2 = 1.42857142725034663711e-1;
const AT3 = -1.1111110405462355788e-1,
  AT4 = 9.09088713343650656196e-2,
  AT5 = -7.69187620504482999495e-2;
const AT6 = 6.66107313738753120669e-2,
  AT7 = -5.83357013379057348645e-2,
  AT8 = 4.97687799461593236017e-2;
const AT9 = -3.6531572744216915527e-2,
  AT10 = 1.62858201153657823623e-2;

/** Arctangent, as Math.atan (odd, ±π/2 at ±∞). */
export function atan(x: number): number {
  if (x !== x) return NaN;
  const neg = x < 0;
  let a = neg ? -x : x;
  if (a >= 7.205759403792794e16) {
    // 2^56: atan = π/2 to the last bit
    const r = ATANHI[3] + ATANLO[3];
    return neg ? -r : r;
  }
  if (a < 7.450580596923828e-9) return x; // 2^-27: atan x = x to the last bit (keeps −0)
  let id: number;
  if (a < 0.4375) id = -1;
  else if (a < 0.6875) {
    id = 0;
    a = (2 * a - 1) / (2 + a);
  } else if (a < 1.1875) {
    id = 1;
    a = (a - 1) / (a + 1);
  } else if (a < 2.4375) {
    id = 2;
    a = (a - 1.5) / (1 + 1.5 * a);
  } else {
    id = 3;
    a = -1 / a;
  }
  const z = a * a;
  const w = z * z;
  const s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
  const s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
  let r: number;
  if (id < 0) r = a - a * (s1 + s2);
  else r = ATANHI[id] - (a * (s1 + s2) - ATANLO[id] - a);
  return neg ? -r : r;
}

/** atan2(y, x) in [−π, π], as Math.atan2 with its signed zeros and infinities. */
export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return NaN;
  const yNeg = y < 0 || Object.is(y, -0);
  if (y === Infinity || y === -Infinity) {
    let r: number;
    if (x === Infinity)
      r = PIO2_HI / 2; // π/4
    else if (x === -Infinity)
      r = 3 * (PIO2_HI / 2); // 3π/4: 3·(π/4 rounded) rounds as Math gives it
    else r = PIO2_HI;
    return yNeg ? -r : r;
  }
  if (x === Infinity) return yNeg ? -0 : 0;
  if (x === -Infinity) return yNeg ? -PI : PI;
  if (y === 0) {
    if (x > 0 || Object.is(x, 0)) return y; // ±0
    return yNeg ? -PI : PI;
  }
  if (x === 0) return yNeg ? -PIO2_HI : PIO2_HI;
  if (x > 0) return atan(y / x);
  // x < 0: π − atan(|y/x|), with π's low part kept
  const t = atan((yNeg ? -y : y) / -x);
  const r = PI - (t - PI_LO);
  return yNeg ? -r : r;
}

/** Arccosine, as Math.acos: acos x = atan2(√((1−x)(1+x)), x); NaN outside [−1, 1]. */
export function acos(x: number): number {
  if (!(x >= -1 && x <= 1)) return NaN;
  return atan2(Math.sqrt((1 - x) * (1 + x)), x);
}

// ---------- hyperbolic ----------

/** Σ z^(2k+1)/(2k+1), k = 0…terms−1 (atanh z for small |z|). */
function atanhSeries(z: number, terms: number): number {
  const z2 = z * z;
  let p = 1 / (2 * terms - 1);
  for (let k = terms - 2; k >= 1; k--) p = 1 / (2 * k + 1) + z2 * p;
  return z + z * (z2 * p);
}
/** Terms of the atanh series for |z| ≤ 0.5 so the first one left out is below 1e-17 relative. */
function atanhTerms(a: number): number {
  return a <= 0.015625 ? 5 : a <= 0.0625 ? 8 : a <= 0.125 ? 10 : a <= 0.25 ? 15 : 28;
}

/** atanh: series for |x| ≤ 0.5, else ½ log((1+x)/(1−x)); ±∞ at ±1, NaN beyond. */
export function atanh(x: number): number {
  if (x === 0 || x !== x) return x;
  const a = x < 0 ? -x : x;
  if (a > 1) return NaN;
  const r = a <= 0.5 ? atanhSeries(a, atanhTerms(a)) : a === 1 ? Infinity : 0.5 * log((1 + a) / (1 - a));
  return x < 0 ? -r : r;
}

/** asinh = atanh(x/√(1+x²)) for |x| ≤ 0.5 (no cancellation), else log(x + √(1+x²)) in double-double. */
export function asinh(x: number): number {
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return x;
  const a = x < 0 ? -x : x;
  let r: number;
  if (a <= 0.5) {
    const z = a / Math.sqrt(1 + a * a);
    r = atanhSeries(z, atanhTerms(z));
  } else if (a > 268435456)
    r = log(a) + (LN2_HI + LN2_LO); // 2^28: √(1+x²) = x to the last bit
  else {
    // w = a + √(1 + a²) carried as hi + lo, then log w = log(w_hi) + w_lo/w_hi
    twoProd(a, a);
    const a2l = SL;
    twoSum(1, SH);
    const th = SH;
    const tl = SL + a2l;
    const q = Math.sqrt(th);
    twoProd(q, q);
    const ql = (th - SH - SL + tl) / (2 * q);
    twoSum(a, q);
    const wh = SH;
    const wl = SL + ql;
    logDD(wh);
    r = SH + (SL + wl / wh);
  }
  return x < 0 ? -r : r;
}

/** sinh: Taylor for |x| ≤ 1, else (eˣ − e⁻ˣ)/2. */
export function sinh(x: number): number {
  if (x === 0 || x !== x) return x;
  const a = x < 0 ? -x : x;
  let r: number;
  if (a <= 1) {
    const z = a * a;
    let p = INV_FACT[21];
    for (let k = 19; k >= 3; k -= 2) p = INV_FACT[k] + z * p;
    r = a + a * z * p;
  } else if (a > 709) {
    const e = exp(0.5 * a); // e^a overflows before sinh does
    r = 0.5 * e * e;
  } else {
    const e = exp(a);
    r = 0.5 * (e - 1 / e);
  }
  return x < 0 ? -r : r;
}
