// @ts-nocheck — AssemblyScript source, compiled by `npm run build:wasm` (asc), not by tsc.
/**
 * WebAssembly versions of the hot row kernels of the local inertial scheme
 * (workers/flood/localInertial.ts: fluxRowX, fluxRowY, depthRow; positivity.ts: outflowFactors),
 * bit-identical to the JavaScript.
 *
 * Arguments are BYTE offsets into the imported memory (the flood state of createFloodBuffers).
 * The face kernels compute in float32, four faces per f32x4 vector, the same operations in the same
 * order as the JavaScript's Math.fround chain; the depth and factor kernels compute in float64, two
 * cells per f64x2 vector, float32 values promoted on load and demoted (round to nearest) on store
 * like Float32Array. IEEE add, sub, mul, div and sqrt are correctly rounded in both languages. A
 * branch of the JavaScript becomes a per-lane select, and rare events (a runaway velocity, a
 * negative depth, hf outside the pow73 table) drop to the exact scalar code.
 *
 * pow73 uses the float32 table of pow73.ts, written by the loader at TABLE_PTR (in the first 64 KiB
 * of the memory, which the state leaves free) from the same formula in the same JavaScript engine;
 * outside the table's range it calls the imported cbrt (detMath's), as the JavaScript does.
 *
 * No allocation, no static data: an instance keeps only its per-call constants and its depth-update
 * error words in globals, so each worker's own instance can share one memory with the others.
 */

/** detMath.cbrt (src/core/detMath.ts), imported from JavaScript (module "kernel", name "cbrt"). */
declare function cbrt(x: f64): f64;

const G: f64 = 9.81;
/** 2⁻²²: two float32 ulps relative to depth (localInertial.ts ROUNDING, the slope dead band) */
const ROUNDING: f32 = 2.384185791015625e-7;
const THIRD: f32 = <f32>(1.0 / 3.0);
/** pow73's buckets by float32 bits: (exponent + 16)·256 + top 8 mantissa bits, 2^-16 … 2^12 */
const BASE: i32 = (127 - 16) << 8;
const TABLE_LEN: u32 = <u32>(28 << 8);
/** byte offset of the float32 pow73 table (TABLE_LEN float32 = 28 672 bytes, inside the first 64 KiB) */
const TABLE_PTR: usize = 8192;

export function tablePtr(): i32 {
  return <i32>TABLE_PTR;
}

export function tableLength(): i32 {
  return <i32>TABLE_LEN;
}

// ---------------------------------------------------------------------------------------------
// The face fluxes (localInertial.ts faceFlux) in float32 arithmetic: the same operations in the
// same order as the JavaScript's Math.fround chain, four faces per f32x4 vector. A JavaScript
// branch becomes a per-lane select; rare events (a runaway velocity, hf outside the pow73 table)
// drop to the scalar code, which is the JavaScript line by line.

/** scalar pow73 (exactly pow73.ts) */
@inline
function pow73(hf: f32): f32 {
  const i = <u32>(<i32>(reinterpret<u32>(hf) >>> 15) - BASE);
  if (i >= TABLE_LEN) return hf * hf * <f32>cbrt(<f64>hf);
  let r = load<f32>(TABLE_PTR + (<usize>i << 2));
  r = r * (<f32>4.0 - hf * r * r * r) * THIRD;
  const t = hf * r;
  return t * t * hf;
}

export function pow73Export(hf: f32): f32 {
  return pow73(hf);
}

/** float32 element i of p */
@inline
function ld(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

/** float32 elements i … i + 3 of p */
@inline
function ld4(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 2));
}

/** The per-call constants of the face kernels (float32), set by setConsts. */
let sGdt: f32 = 0;
let sGdtHalf: f32 = 0;
let sInvDx: f32 = 0;
let sTheta: f32 = 0;
let sSide: f32 = 0;
let sThr: f32 = 0;
let sVmax2: f32 = 0;
let sCentred: bool = false;
let sImplicit: bool = false;
/**
 * The same as vectors. Module globals rather than locals: V8 has too few vector registers for them
 * all and would otherwise rebuild them inside the loop; a global is one load from the instance.
 */
let vThr: v128 = f32x4.splat(0);
let vGdt: v128 = f32x4.splat(0);
let vGdtHalf: v128 = f32x4.splat(0);
let vInvDx: v128 = f32x4.splat(0);
let vTheta: v128 = f32x4.splat(0);
let vSide: v128 = f32x4.splat(0);
let vVmax2: v128 = f32x4.splat(0);
let vQuarter: v128 = f32x4.splat(0);
let vRounding: v128 = f32x4.splat(0);
let vOne: v128 = f32x4.splat(0);
let vTwo: v128 = f32x4.splat(0);
let vFour: v128 = f32x4.splat(0);
let vThird: v128 = f32x4.splat(0);
let vBase: v128 = i32x4.splat(0);
let vLen: v128 = i32x4.splat(0);

/** localInertial.ts faceConsts */
function setConsts(dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32): void {
  sGdt = <f32>(G * dt);
  sGdtHalf = <f32>0.5 * sGdt;
  sInvDx = <f32>(1.0 / dx);
  sTheta = <f32>theta;
  sSide = <f32>0.5 * (<f32>1.0 - sTheta);
  sCentred = sTheta < <f32>1.0;
  sImplicit = implicit != 0;
  sThr = <f32>hThreshold;
  sVmax2 = <f32>(maxVelocity * maxVelocity);
  vThr = f32x4.splat(sThr);
  vGdt = f32x4.splat(sGdt);
  vGdtHalf = f32x4.splat(sGdtHalf);
  vInvDx = f32x4.splat(sInvDx);
  vTheta = f32x4.splat(sTheta);
  vSide = f32x4.splat(sSide);
  vVmax2 = f32x4.splat(sVmax2);
  vQuarter = f32x4.splat(0.25);
  vRounding = f32x4.splat(ROUNDING);
  vOne = f32x4.splat(1.0);
  vTwo = f32x4.splat(2.0);
  vFour = f32x4.splat(4.0);
  vThird = f32x4.splat(THIRD);
  vBase = i32x4.splat(BASE);
  vLen = i32x4.splat(<i32>TABLE_LEN);
}

/** localInertial.ts flowDepth */
@inline
function flowDepth(h0: f32, h1: f32, z0: f32, z1: f32): f32 {
  const zm = z0 > z1 ? z0 : z1;
  const a0 = h0 + (z0 - zm);
  const a1 = h1 + (z1 - zm);
  return a0 > a1 ? a0 : a1;
}

/** localInertial.ts faceFlux (scalar, float32) */
@inline
function faceFlux(q0: f32, qPerp: f32, qSides: f32, h0: f32, h1: f32, z0: f32, z1: f32, hf: f32, nSum: f32): f32 {
  let dEta = (z1 - z0) + (h1 - h0);
  const tol = (h0 + h1) * ROUNDING;
  if (dEta < tol && dEta > -tol) dEta = 0;
  const slope = dEta * sInvDx;
  const drive = sGdt * hf * slope;
  const d73 = pow73(hf);
  const fa = sGdtHalf * nSum;
  const qs = q0 - drive;
  let qm = q0;
  if (sImplicit) {
    const af = fa / d73;
    const aq = af * (qs < 0 ? -qs : qs);
    qm = (<f32>2.0 * qs) / (<f32>1.0 + sqrt<f32>(<f32>1.0 + <f32>4.0 * aq));
  }
  const inv = d73 / (d73 + fa * sqrt<f32>(qm * qm + qPerp * qPerp));
  let q = qs * inv;
  if (sCentred) {
    const qc = (sTheta * q0 + sSide * qSides - drive) * inv;
    if (qc * slope <= 0) q = qc;
  }
  return q;
}

/**
 * faceFlux for four faces: cells (h0, z0) | (h1, z1), old flux q0, perpendicular mean qPerp, the
 * sum of the two same-direction neighbours qSides, n0² + n1² nSum, flow depth hf, `active` lanes
 * (hf above the threshold), and the pow73 table indices idx (all in range). Inactive lanes give +0.
 */
@inline
function faceFlux4(q0: v128, qPerp: v128, qSides: v128, h0: v128, h1: v128, z0: v128, z1: v128, hf: v128, nSum: v128, active: v128, idx: v128): v128 {
  const dEta = f32x4.add(f32x4.sub(z1, z0), f32x4.sub(h1, h0));
  const tol = f32x4.mul(f32x4.add(h0, h1), vRounding);
  // dead band: −tol < dEta < tol → +0 (|dEta| < tol is the same test, NaN included)
  const slope = f32x4.mul(v128.andnot(dEta, f32x4.lt(f32x4.abs(dEta), tol)), vInvDx);
  const drive = f32x4.mul(f32x4.mul(vGdt, hf), slope);
  // pow73: table (gathered lane by lane), one Newton step, (hf·r)²·hf
  let r = v128.load32_zero(TABLE_PTR + (<usize>i32x4.extract_lane(idx, 0) << 2));
  r = v128.load32_lane(TABLE_PTR + (<usize>i32x4.extract_lane(idx, 1) << 2), r, 1);
  r = v128.load32_lane(TABLE_PTR + (<usize>i32x4.extract_lane(idx, 2) << 2), r, 2);
  r = v128.load32_lane(TABLE_PTR + (<usize>i32x4.extract_lane(idx, 3) << 2), r, 3);
  r = f32x4.mul(f32x4.mul(r, f32x4.sub(vFour, f32x4.mul(f32x4.mul(f32x4.mul(hf, r), r), r))), vThird);
  const t = f32x4.mul(hf, r);
  const d73 = f32x4.mul(f32x4.mul(t, t), hf);
  const fa = f32x4.mul(vGdtHalf, nSum);
  const qs = f32x4.sub(q0, drive);
  let qm = q0;
  if (sImplicit) {
    const af = f32x4.div(fa, d73);
    // qs < 0 ? −qs : qs (not f32x4.abs, which differs for −0 and NaN)
    const aq = f32x4.mul(af, v128.bitselect(f32x4.neg(qs), qs, f32x4.lt(qs, f32x4.splat(0))));
    qm = f32x4.div(f32x4.mul(vTwo, qs), f32x4.add(vOne, f32x4.sqrt(f32x4.add(vOne, f32x4.mul(vFour, aq)))));
  }
  const inv = f32x4.div(d73, f32x4.add(d73, f32x4.mul(fa, f32x4.sqrt(f32x4.add(f32x4.mul(qm, qm), f32x4.mul(qPerp, qPerp))))));
  let q = f32x4.mul(qs, inv);
  if (sCentred) {
    const qc = f32x4.mul(f32x4.sub(f32x4.add(f32x4.mul(vTheta, q0), f32x4.mul(vSide, qSides)), drive), inv);
    q = v128.bitselect(qc, q, f32x4.le(f32x4.mul(qc, slope), f32x4.splat(0)));
  }
  return v128.and(q, active);
}

/** flowDepth of four faces */
@inline
function flowDepth4(h0: v128, h1: v128, z0: v128, z1: v128): v128 {
  const zm = f32x4.pmax(z1, z0); // z0 > z1 ? z0 : z1
  return f32x4.pmax(f32x4.add(h1, f32x4.sub(z1, zm)), f32x4.add(h0, f32x4.sub(z0, zm)));
}

/** pow73 table indices of the active lanes (0 elsewhere), or a vector with a lane ≥ TABLE_LEN */
@inline
function tableIndex4(hf: v128, active: v128): v128 {
  return v128.and(i32x4.sub(i32x4.shr_u(hf, 15), vBase), active);
}

/** lanes where the velocity ran away: q² > v_max²·hf² */
@inline
function runaway4(q: v128, hf: v128, active: v128): v128 {
  return v128.and(active, f32x4.gt(f32x4.mul(q, q), f32x4.mul(f32x4.mul(vVmax2, hf), hf)));
}

/** the highest lane set in a runaway mask (JavaScript keeps the last bad face in column order) */
@inline
function lastLane(run: v128): i32 {
  return 31 - clz<i32>(i32x4.bitmask(run));
}

/**
 * The largest |u| + √(g·hf) over the faces deeper than U_DEPTH since resetSpeedMax (the CFL time
 * step's wave speed, localInertial.ts trackSpeed), per instance.
 */
let speedMax: f32 = 0;
/** localInertial.ts SPEED_DEPTH_M */
const U_DEPTH: f32 = 0.1;
const G32: f32 = <f32>9.81;

export function resetSpeedMax(): void {
  speedMax = 0;
}

export function getSpeedMax(): f64 {
  return <f64>speedMax;
}

/** localInertial.ts trackSpeed: |q|/hf + √(g·hf) of a deep face, the running maximum in column order */
@inline
function trackSpeed(q: f32, hf: f32): void {
  if (hf > U_DEPTH) {
    const s = (q < 0 ? -q : q) / hf + sqrt<f32>(G32 * hf);
    if (s > speedMax) speedMax = s;
  }
}

/**
 * trackSpeed for four faces, into a running vector maximum `m` (one lane per column mod 4): the same
 * float32 |q|/hf + √(g·hf) per face as the JavaScript, so the maximum over the lanes at the end of
 * the call (foldSpeed) is the JavaScript's face-by-face maximum exactly: a maximum does not depend
 * on the order. pmax keeps `m` where s is NaN or not larger, as `s > speedMax` does. Computing every
 * lane is cheaper than testing first and dropping to scalar code: that branch made V8 spill the
 * loop's vectors and, on an all-wet grid, cost three quarters of the face kernels' time.
 */
@inline
function trackSpeed4(m: v128, q: v128, hf: v128, active: v128): v128 {
  const deep = v128.and(active, f32x4.gt(hf, f32x4.splat(U_DEPTH)));
  // q < 0 ? −q : q, as the JavaScript writes it
  const aq = v128.bitselect(f32x4.neg(q), q, f32x4.lt(q, f32x4.splat(0)));
  const s = f32x4.add(f32x4.div(aq, hf), f32x4.sqrt(f32x4.mul(f32x4.splat(G32), hf)));
  return f32x4.pmax(m, v128.and(s, deep));
}

/** speedMax = max(speedMax, the lanes of m), as trackSpeed would take them */
@inline
function foldSpeed(m: v128): void {
  const a = f32x4.extract_lane(m, 0);
  const b = f32x4.extract_lane(m, 1);
  const c = f32x4.extract_lane(m, 2);
  const d = f32x4.extract_lane(m, 3);
  if (a > speedMax) speedMax = a;
  if (b > speedMax) speedMax = b;
  if (c > speedMax) speedMax = c;
  if (d > speedMax) speedMax = d;
}

// ---------------------------------------------------------------------------------------------
// x faces

/** Scalar x faces c = c0 … c1 − 1 of row r (the JavaScript loop). */
function fluxRowXFrom(zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize, ncols: i32, r: i32, c0: i32, c1: i32): i32 {
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const yn = cb;
  const ys = cb + ncols;
  let bad = -1;
  for (let c = c0; c < c1; c++) {
    const k = cb + c;
    const h0 = ld(hPtr, k - 1);
    const h1 = ld(hPtr, k);
    const z0 = ld(zPtr, k - 1);
    const z1 = ld(zPtr, k);
    const hf = flowDepth(h0, h1, z0, z1);
    let q: f32 = 0;
    const f = fb + c;
    if (hf > sThr) {
      const qy = <f32>0.25 * (ld(qyOldPtr, yn + c - 1) + ld(qyOldPtr, yn + c) + ld(qyOldPtr, ys + c - 1) + ld(qyOldPtr, ys + c));
      const sides: f32 = sCentred ? ld(qxOldPtr, f - 1) + ld(qxOldPtr, f + 1) : 0;
      q = faceFlux(ld(qxOldPtr, f), qy, sides, h0, h1, z0, z1, hf, ld(n2Ptr, k - 1) + ld(n2Ptr, k));
      if (q * q > sVmax2 * hf * hf) bad = k;
      trackSpeed(q, hf);
    }
    store<f32>(qxNewPtr + (<usize>f << 2), q);
  }
  return bad;
}

/** Scalar fluxRowX (the reference port; the SIMD one below is the fast one). */
export function fluxRowXScalar(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, c0: i32, c1: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  setConsts(dx, dt, theta, hThreshold, maxVelocity, implicit);
  return fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, c0 > 1 ? c0 : 1, c1);
}

/**
 * Interior x faces of row r west of cells c0 … c1 − 1 (face c between cells c − 1 and c, c ≥ 1),
 * four faces per step. Returns −1, or the index of the last cell (in column order) where the
 * velocity ran away.
 */
export function fluxRowX(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, c0: i32, c1: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  setConsts(dx, dt, theta, hThreshold, maxVelocity, implicit);
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const zero = f32x4.splat(0);
  let bad = -1;
  let speeds = zero;
  let c = c0 > 1 ? c0 : 1;
  // the loop has no call in it (a call would make V8 keep every vector on the stack): a group with
  // hf outside pow73's table leaves it, the scalar code does that group, and it goes on
  for (;;) {
    for (; c + 3 < c1; c += 4) {
      const k = cb + c; // faces c … c + 3 between cells k − 1 + i and k + i
      const f = fb + c;
      const h0 = ld4(hPtr, k - 1);
      const h1 = ld4(hPtr, k);
      const z0 = ld4(zPtr, k - 1);
      const z1 = ld4(zPtr, k);
      const hf = flowDepth4(h0, h1, z0, z1);
      const active = f32x4.gt(hf, vThr);
      if (!v128.any_true(active)) {
        v128.store(qxNewPtr + (<usize>f << 2), zero);
        continue;
      }
      const idx = tableIndex4(hf, active);
      if (!i32x4.all_true(i32x4.lt_u(idx, vLen))) break;
      const y = cb + c - 1; // y faces north of face c: y, y + 1; south: + ncols
      const qy = f32x4.mul(vQuarter, f32x4.add(f32x4.add(f32x4.add(ld4(qyOldPtr, y), ld4(qyOldPtr, y + 1)), ld4(qyOldPtr, y + ncols)), ld4(qyOldPtr, y + ncols + 1)));
      const sides = sCentred ? f32x4.add(ld4(qxOldPtr, f - 1), ld4(qxOldPtr, f + 1)) : zero;
      const nSum = f32x4.add(ld4(n2Ptr, k - 1), ld4(n2Ptr, k));
      const q = faceFlux4(ld4(qxOldPtr, f), qy, sides, h0, h1, z0, z1, hf, nSum, active, idx);
      const run = runaway4(q, hf, active);
      if (v128.any_true(run)) bad = k + lastLane(run);
      speeds = trackSpeed4(speeds, q, hf, active);
      v128.store(qxNewPtr + (<usize>f << 2), q);
    }
    if (c + 3 >= c1) break;
    const e = fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, c, c + 4);
    if (e >= 0) bad = e;
    c += 4;
  }
  if (c < c1) {
    const e = fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, c, c1);
    if (e >= 0) bad = e;
  }
  foldSpeed(speeds);
  return bad;
}

// ---------------------------------------------------------------------------------------------
// y faces

/** Scalar y faces of face row j, columns c0 … c1 − 1 (the JavaScript loop). */
function fluxRowYFrom(zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize, ncols: i32, j: i32, c0: i32, c1: i32): i32 {
  const nf = ncols + 1;
  const zn = (j - 1) * ncols;
  const zs = j * ncols;
  const xn = (j - 1) * nf;
  const xs = j * nf;
  let bad = -1;
  for (let c = c0; c < c1; c++) {
    const h0 = ld(hNRow, c);
    const h1 = ld(hSRow, c);
    const z0 = ld(zPtr, zn + c);
    const z1 = ld(zPtr, zs + c);
    const hf = flowDepth(h0, h1, z0, z1);
    let q: f32 = 0;
    if (hf > sThr) {
      const f = zs + c;
      const qx = <f32>0.25 * (ld(qxOldPtr, xn + c) + ld(qxOldPtr, xn + c + 1) + ld(qxOldPtr, xs + c) + ld(qxOldPtr, xs + c + 1));
      const sides: f32 = sCentred ? ld(qyOldPtr, f - ncols) + ld(qyOldPtr, f + ncols) : 0;
      q = faceFlux(ld(qyOldPtr, f), qx, sides, h0, h1, z0, z1, hf, ld(n2Ptr, zn + c) + ld(n2Ptr, zs + c));
      if (q * q > sVmax2 * hf * hf) bad = f;
      trackSpeed(q, hf);
    }
    store<f32>(outRow + (<usize>c << 2), q);
  }
  return bad;
}

/** Scalar fluxRowY (the reference port). */
export function fluxRowYScalar(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, c0: i32, c1: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  setConsts(dx, dt, theta, hThreshold, maxVelocity, implicit);
  return fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, c0, c1);
}

/**
 * The y faces of face row j (between cell rows j − 1 and j), columns c0 … c1 − 1: depths of the north row at byte
 * offset hNRow, of the south row at hSRow (the state's h or a halo copy), output row at outRow.
 * Returns −1, or the index of the last cell (south row) where the velocity ran away.
 */
export function fluxRowY(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, c0: i32, c1: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  setConsts(dx, dt, theta, hThreshold, maxVelocity, implicit);
  const nf = ncols + 1;
  const zn = (j - 1) * ncols;
  const zs = j * ncols;
  const xn = (j - 1) * nf;
  const xs = j * nf;
  const zero = f32x4.splat(0);
  let bad = -1;
  let speeds = zero;
  let c = c0;
  for (;;) {
    for (; c + 3 < c1; c += 4) {
      const h0 = v128.load(hNRow + (<usize>c << 2));
      const h1 = v128.load(hSRow + (<usize>c << 2));
      const z0 = ld4(zPtr, zn + c);
      const z1 = ld4(zPtr, zs + c);
      const hf = flowDepth4(h0, h1, z0, z1);
      const active = f32x4.gt(hf, vThr);
      if (!v128.any_true(active)) {
        v128.store(outRow + (<usize>c << 2), zero);
        continue;
      }
      const idx = tableIndex4(hf, active);
      if (!i32x4.all_true(i32x4.lt_u(idx, vLen))) break;
      const f = zs + c;
      const qx = f32x4.mul(vQuarter, f32x4.add(f32x4.add(f32x4.add(ld4(qxOldPtr, xn + c), ld4(qxOldPtr, xn + c + 1)), ld4(qxOldPtr, xs + c)), ld4(qxOldPtr, xs + c + 1)));
      const sides = sCentred ? f32x4.add(ld4(qyOldPtr, f - ncols), ld4(qyOldPtr, f + ncols)) : zero;
      const nSum = f32x4.add(ld4(n2Ptr, zn + c), ld4(n2Ptr, zs + c));
      const q = faceFlux4(ld4(qyOldPtr, f), qx, sides, h0, h1, z0, z1, hf, nSum, active, idx);
      const run = runaway4(q, hf, active);
      if (v128.any_true(run)) bad = f + lastLane(run);
      speeds = trackSpeed4(speeds, q, hf, active);
      v128.store(outRow + (<usize>c << 2), q);
    }
    if (c + 3 >= c1) break;
    const e = fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, c, c + 4);
    if (e >= 0) bad = e;
    c += 4;
  }
  if (c < c1) {
    const e = fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, c, c1);
    if (e >= 0) bad = e;
  }
  foldSpeed(speeds);
  return bad;
}

// ---------------------------------------------------------------------------------------------
// depth update

/** depthRow's error words (DEPTH_OUT.errorCell / errorKind of the JavaScript), per instance. */
let errorCell: f64 = -1;
let errorKind: f64 = 0;

export function depthErrorCell(): f64 {
  return errorCell;
}

export function depthErrorKind(): f64 {
  return errorKind;
}

/** Clears the error words (the band loop's `scratch[errorCell] = -1` at the start of a step). */
export function depthResetError(): void {
  errorCell = -1;
  errorKind = 0;
}

/** The new depth of cell k (face f, column c) as the JavaScript computes it, before clamping. */
@inline
function newDepth(hPtr: usize, validPtr: usize, qxPtr: usize, qyNRow: usize, qySRow: usize, k: i32, f: i32, c: i32, dtdx: f32, rain: f32): f32 {
  return ld(hPtr, k) + dtdx * (ld(qxPtr, f) - ld(qxPtr, f + 1) + ld(qyNRow, c) - ld(qySRow, c)) + rain * <f32>load<u8>(validPtr + <usize>k);
}

/**
 * The rest of the JavaScript loop body for cell k with new depth hn: clamping and its error,
 * h, maxH, arrival (the caller books −hn as clamped water when hn is not ≥ 0). Returns the depth
 * after clamping.
 */
@inline
function finishCell(hPtr: usize, maxHPtr: usize, arrivalPtr: usize, k: i32, hn: f32, t1f: f32, arrivalDepth: f32, negativeTolerance: f64): f32 {
  let h = hn;
  if (!(h >= 0)) {
    if (!(<f64>h >= -negativeTolerance) && errorCell < 0) {
      errorCell = <f64>k;
      errorKind = h != h ? 1 : 2;
    }
    h = 0;
  }
  store<f32>(hPtr + (<usize>k << 2), h);
  const m = ld(maxHPtr, k);
  if (h > m) {
    store<f32>(maxHPtr + (<usize>k << 2), h);
    if (h >= arrivalDepth && m < arrivalDepth) store<f32>(arrivalPtr + (<usize>k << 2), t1f);
  }
  return h;
}

/** Scalar depthRow (the reference port). Returns the new h_max (hMaxIn and every new depth). */
export function depthRowScalar(
  hPtr: usize, validPtr: usize, maxHPtr: usize, arrivalPtr: usize, ledgerPtr: usize,
  qxPtr: usize, qyNRow: usize, qySRow: usize,
  ncols: i32, r: i32, c0: i32, c1: i32, dx: f64, dt: f64, rainDepth: f64, t1: f64, arrivalDepth: f64, negativeTolerance: f64, ledgerIndex: i32, hMaxIn: f64,
): f64 {
  const dtdx = <f32>(dt / dx);
  const rain = <f32>rainDepth;
  const arr = <f32>arrivalDepth;
  const t1f = <f32>t1;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  let hMax = hMaxIn;
  let clamped = 0.0;
  for (let c = c0; c < c1; c++) {
    const hn = newDepth(hPtr, validPtr, qxPtr, qyNRow, qySRow, cb + c, fb + c, c, dtdx, rain);
    if (!(hn >= 0)) clamped -= <f64>hn;
    const h = <f64>finishCell(hPtr, maxHPtr, arrivalPtr, cb + c, hn, t1f, arr, negativeTolerance);
    if (h > hMax) hMax = h;
  }
  if (clamped != 0 && clamped == clamped) {
    const p = ledgerPtr + (<usize>ledgerIndex << 3);
    store<f64>(p, load<f64>(p) + clamped * dx * dx);
  }
  return hMax;
}

/**
 * Cells c0 … c1 − 1 of row r: h += dt/dx·(flux in − flux out) + rain·valid (float32, as localInertial.ts depthRow);
 * clamps a depth below 0 to 0 and books the water created in ledger[ledgerIndex] (float64); keeps
 * maxH and arrival. Returns max(hMaxIn, new depths); an error (NaN or a depth below
 * −negativeTolerance) goes to depthErrorCell/Kind, first one kept. Four cells per step; a group
 * with a depth that is not ≥ 0 is finished by the scalar code in order.
 */
export function depthRow(
  hPtr: usize, validPtr: usize, maxHPtr: usize, arrivalPtr: usize, ledgerPtr: usize,
  qxPtr: usize, qyNRow: usize, qySRow: usize,
  ncols: i32, r: i32, c0: i32, c1: i32, dx: f64, dt: f64, rainDepth: f64, t1: f64, arrivalDepth: f64, negativeTolerance: f64, ledgerIndex: i32, hMaxIn: f64,
): f64 {
  // the lane-wise maximum equals the sequential one when no value can tie with h_max in a
  // different bit pattern (±0): true when h_max starts at +0 or above
  if (!(hMaxIn > 0) && reinterpret<u64>(hMaxIn) != 0) {
    return depthRowScalar(hPtr, validPtr, maxHPtr, arrivalPtr, ledgerPtr, qxPtr, qyNRow, qySRow, ncols, r, c0, c1, dx, dt, rainDepth, t1, arrivalDepth, negativeTolerance, ledgerIndex, hMaxIn);
  }
  const dtdx = <f32>(dt / dx);
  const rain = <f32>rainDepth;
  const arr = <f32>arrivalDepth;
  const t1f = <f32>t1;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const vDtdx = f32x4.splat(dtdx);
  const vRain = f32x4.splat(rain);
  const vArr = f32x4.splat(arr);
  const vT1f = f32x4.splat(t1f);
  const zero = f32x4.splat(0);
  let vMax = f32x4.splat(<f32>hMaxIn);
  let hMax = hMaxIn;
  let clamped = 0.0;
  const hRow = hPtr + (<usize>cb << 2);
  const mRow = maxHPtr + (<usize>cb << 2);
  const aRow = arrivalPtr + (<usize>cb << 2);
  const vRow = validPtr + <usize>cb;
  let c = c0;
  for (; c + 3 < c1; c += 4) {
    const f = fb + c;
    const o = <usize>c << 2;
    const valid = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(vRow + <usize>c))));
    const div = f32x4.sub(f32x4.add(f32x4.sub(ld4(qxPtr, f), ld4(qxPtr, f + 1)), v128.load(qyNRow + o)), v128.load(qySRow + o));
    const hn = f32x4.add(f32x4.add(v128.load(hRow + o), f32x4.mul(vDtdx, div)), f32x4.mul(vRain, valid));
    if (!i32x4.all_true(f32x4.ge(hn, zero))) {
      // rare: a clamped (or NaN) depth in the group; the scalar steps, in column order
      for (let i = 0; i < 4; i++) {
        const hi = newDepth(hPtr, validPtr, qxPtr, qyNRow, qySRow, cb + c + i, f + i, c + i, dtdx, rain);
        if (!(hi >= 0)) clamped -= <f64>hi;
        const hc = <f64>finishCell(hPtr, maxHPtr, arrivalPtr, cb + c + i, hi, t1f, arr, negativeTolerance);
        if (hc > hMax) hMax = hc;
      }
      continue;
    }
    v128.store(hRow + o, hn);
    vMax = v128.bitselect(hn, vMax, f32x4.gt(hn, vMax));
    // maxH without a branch (whether a cell rises is as good as random to a branch predictor):
    // lanes that do not change are written back with their own bits. Arrival is the step where
    // maxH first reaches the arrival depth, so it is read and written only then (rarely)
    const m = v128.load(mRow + o);
    const up = f32x4.gt(hn, m);
    v128.store(mRow + o, v128.bitselect(hn, m, up));
    const arrive = v128.and(v128.and(up, f32x4.ge(hn, vArr)), f32x4.lt(m, vArr));
    if (v128.any_true(arrive)) {
      const a = v128.load(aRow + o);
      v128.store(aRow + o, v128.bitselect(vT1f, a, arrive));
    }
  }
  for (let i = 0; i < 4; i++) {
    const m = <f64>f32x4.extract_lane(vMax, 0);
    if (m > hMax) hMax = m;
    vMax = i32x4.shuffle(vMax, vMax, 1, 2, 3, 0);
  }
  for (; c < c1; c++) {
    const hn = newDepth(hPtr, validPtr, qxPtr, qyNRow, qySRow, cb + c, fb + c, c, dtdx, rain);
    if (!(hn >= 0)) clamped -= <f64>hn;
    const h = <f64>finishCell(hPtr, maxHPtr, arrivalPtr, cb + c, hn, t1f, arr, negativeTolerance);
    if (h > hMax) hMax = h;
  }
  if (clamped != 0 && clamped == clamped) {
    const p = ledgerPtr + (<usize>ledgerIndex << 3);
    store<f64>(p, load<f64>(p) + clamped * dx * dx);
  }
  return hMax;
}

// ---------------------------------------------------------------------------------------------
// positivity factors (positivity.ts outflowFactors)

/**
 * Cells c0 … c1 − 1 of row r: fac[k] = h / outflow for a cell whose outflow over the step (dt/dx ·
 * the sum of its outgoing face fluxes) exceeds its depth, else 1. Returns 1 if a cell was limited
 * (the caller marks the row in rowLimited). Float32 arithmetic (as positivity.ts), four cells per
 * step; the division only for a group with a limited cell.
 */
export function outflowFactors(qxPtr: usize, qyPtr: usize, hPtr: usize, facPtr: usize, ncols: i32, r: i32, c0: i32, c1: i32, dx: f64, dt: f64): i32 {
  const nf = ncols + 1;
  const dtdx = <f32>(dt / dx);
  const vDtdx = f32x4.splat(dtdx);
  const zero = f32x4.splat(0);
  const ones = f32x4.splat(1);
  const cb = r * ncols;
  const fb = r * nf;
  let limited = 0;
  let c = c0;
  for (; c + 3 < c1; c += 4) {
    const k = cb + c;
    const e = ld4(qxPtr, fb + c + 1);
    const w = ld4(qxPtr, fb + c);
    const s = ld4(qyPtr, k + ncols);
    const n = ld4(qyPtr, k);
    // (e > 0 ? e : 0) − (w < 0 ? w : 0) + (s > 0 ? s : 0) − (n < 0 ? n : 0)
    const sum = f32x4.sub(
      f32x4.add(f32x4.sub(v128.and(e, f32x4.gt(e, zero)), v128.and(w, f32x4.lt(w, zero))), v128.and(s, f32x4.gt(s, zero))),
      v128.and(n, f32x4.lt(n, zero)),
    );
    const out = f32x4.mul(vDtdx, sum);
    const hk = ld4(hPtr, k);
    const lim = f32x4.gt(out, hk);
    if (v128.any_true(lim)) {
      limited = 1;
      v128.store(facPtr + (<usize>k << 2), v128.bitselect(f32x4.div(hk, out), ones, lim));
    } else {
      v128.store(facPtr + (<usize>k << 2), ones);
    }
  }
  for (; c < c1; c++) {
    const k = cb + c;
    const e = ld(qxPtr, fb + c + 1);
    const w = ld(qxPtr, fb + c);
    const s = ld(qyPtr, k + ncols);
    const n = ld(qyPtr, k);
    const out = dtdx * ((e > 0 ? e : <f32>0) - (w < 0 ? w : <f32>0) + (s > 0 ? s : <f32>0) - (n < 0 ? n : <f32>0));
    const hk = ld(hPtr, k);
    if (out > hk) {
      store<f32>(facPtr + (<usize>k << 2), hk / out);
      limited = 1;
    } else store<f32>(facPtr + (<usize>k << 2), 1);
  }
  return limited;
}

/** q·fac of the donor: fac of cell `west` where q > 0, of `east` where q < 0 (positivity.ts scaleOutflows) */
@inline
function scaled4(q: v128, facWest: v128, facEast: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.bitselect(f32x4.mul(q, facWest), v128.bitselect(f32x4.mul(q, facEast), q, f32x4.lt(q, zero)), f32x4.gt(q, zero));
}

/** positivity.ts scaleRowsX: the x faces of the limited rows among [r0, r1). Four faces per step. */
export function scaleRowsX(qxPtr: usize, facPtr: usize, rowLimitedPtr: usize, ncols: i32, r0: i32, r1: i32): void {
  const nf = ncols + 1;
  for (let r = r0; r < r1; r++) {
    if (load<u8>(rowLimitedPtr + <usize>r) == 0) continue;
    const cb = r * ncols;
    const fb = r * nf;
    // face 0 (west edge) can only be scaled from the east; face ncols only from the west
    let q = ld(qxPtr, fb);
    if (q < 0) store<f32>(qxPtr + (<usize>fb << 2), q * ld(facPtr, cb));
    let c = 1;
    for (; c + 3 < ncols; c += 4) {
      v128.store(qxPtr + (<usize>(fb + c) << 2), scaled4(ld4(qxPtr, fb + c), ld4(facPtr, cb + c - 1), ld4(facPtr, cb + c)));
    }
    for (; c < ncols; c++) {
      q = ld(qxPtr, fb + c);
      if (q > 0) store<f32>(qxPtr + (<usize>(fb + c) << 2), q * ld(facPtr, cb + c - 1));
      else if (q < 0) store<f32>(qxPtr + (<usize>(fb + c) << 2), q * ld(facPtr, cb + c));
    }
    q = ld(qxPtr, fb + ncols);
    if (q > 0) store<f32>(qxPtr + (<usize>(fb + ncols) << 2), q * ld(facPtr, cb + ncols - 1));
  }
}

/** positivity.ts scaleRowsY: the y face rows j0 … j1 − 1 next to a limited row. Four faces per step. */
export function scaleRowsY(qyPtr: usize, facPtr: usize, rowLimitedPtr: usize, ncols: i32, nrows: i32, j0: i32, j1: i32): void {
  for (let j = j0; j < j1; j++) {
    const north = j > 0 && load<u8>(rowLimitedPtr + <usize>(j - 1)) == 1;
    const south = j < nrows && load<u8>(rowLimitedPtr + <usize>j) == 1;
    if (!north && !south) continue;
    const fb = j * ncols;
    if (north && south) {
      let c = 0;
      for (; c + 3 < ncols; c += 4) v128.store(qyPtr + (<usize>(fb + c) << 2), scaled4(ld4(qyPtr, fb + c), ld4(facPtr, fb - ncols + c), ld4(facPtr, fb + c)));
      for (; c < ncols; c++) {
        const q = ld(qyPtr, fb + c);
        if (q > 0) store<f32>(qyPtr + (<usize>(fb + c) << 2), q * ld(facPtr, fb - ncols + c));
        else if (q < 0) store<f32>(qyPtr + (<usize>(fb + c) << 2), q * ld(facPtr, fb + c));
      }
    } else {
      for (let c = 0; c < ncols; c++) {
        const q = ld(qyPtr, fb + c);
        if (q > 0 && north) store<f32>(qyPtr + (<usize>(fb + c) << 2), q * ld(facPtr, fb - ncols + c));
        else if (q < 0 && south) store<f32>(qyPtr + (<usize>(fb + c) << 2), q * ld(facPtr, fb + c));
      }
    }
  }
}

/**
 * kernels.ts holdFaces (local time stepping): the x faces west of cells c0 … c1 − 1 of row r (c ≥ 1)
 * and, for r ≥ 1, the y faces north of them keep their old flux in the new array, except that a
 * face between two cells at or below `dry` gets 0. Copies, no arithmetic. Four faces per step.
 */
export function holdFaces(hPtr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize, qyNewPtr: usize, ncols: i32, r: i32, c0: i32, c1: i32, dry: f32): void {
  const cb = r * ncols;
  const fb = cb + r;
  const vDry = f32x4.splat(dry);
  let c = c0 > 1 ? c0 : 1;
  for (; c + 3 < c1; c += 4) {
    const wet = v128.or(f32x4.gt(ld4(hPtr, cb + c - 1), vDry), f32x4.gt(ld4(hPtr, cb + c), vDry));
    v128.store(qxNewPtr + (<usize>(fb + c) << 2), v128.and(ld4(qxOldPtr, fb + c), wet));
  }
  for (; c < c1; c++) {
    const wet = ld(hPtr, cb + c - 1) > dry || ld(hPtr, cb + c) > dry;
    store<f32>(qxNewPtr + (<usize>(fb + c) << 2), wet ? ld(qxOldPtr, fb + c) : <f32>0);
  }
  if (r == 0) return;
  c = c0;
  for (; c + 3 < c1; c += 4) {
    const wet = v128.or(f32x4.gt(ld4(hPtr, cb - ncols + c), vDry), f32x4.gt(ld4(hPtr, cb + c), vDry));
    v128.store(qyNewPtr + (<usize>(cb + c) << 2), v128.and(ld4(qyOldPtr, cb + c), wet));
  }
  for (; c < c1; c++) {
    const wet = ld(hPtr, cb - ncols + c) > dry || ld(hPtr, cb + c) > dry;
    store<f32>(qyNewPtr + (<usize>(cb + c) << 2), wet ? ld(qyOldPtr, cb + c) : <f32>0);
  }
}
