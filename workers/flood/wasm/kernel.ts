// @ts-nocheck — AssemblyScript source, compiled by `npm run build:wasm` (asc), not by tsc.
/**
 * WebAssembly versions of the three hot row kernels of the local inertial scheme
 * (workers/flood/localInertial.ts: fluxRowX, fluxRowY, depthRow), bit-identical to the JavaScript.
 *
 * Arguments are BYTE offsets into the imported memory (the flood state of createFloodBuffers).
 * Every face does the same float64 operations in the same order as the JavaScript (IEEE add, sub,
 * mul, div and sqrt are correctly rounded in both), float32 values are promoted on load and demoted
 * (round to nearest) on store like Float32Array. The SIMD kernels handle two faces or cells per
 * f64x2 vector; a branch of the JavaScript becomes a per-lane select, and rare events (a runaway
 * velocity, a negative depth, hf outside the pow73 table) drop to the exact scalar code.
 *
 * pow73 uses the float64 table of pow73.ts, written by the loader at TABLE_PTR (in the first 64 KiB
 * of the memory, which the state leaves free) from the same formula in the same JavaScript engine;
 * outside the table's range it calls the imported Math.cbrt, as the JavaScript does.
 *
 * No allocation, no static data: an instance keeps only its depth-update error words in globals,
 * so each worker's own instance can share one memory with the others.
 */

/** Math.cbrt, imported from JavaScript (module "kernel", name "cbrt"). */
declare function cbrt(x: f64): f64;

const G: f64 = 9.81;
/** 2⁻²²: two float32 ulps relative to depth (localInertial.ts ROUNDING, the slope dead band) */
const ROUNDING: f64 = 2.384185791015625e-7;
const THIRD: f64 = 1.0 / 3.0;
const EXP_LO: i32 = 1023 - 16;
const EXP_HI: i32 = 1023 + 12;
const BASE: i32 = EXP_LO << 8;
const TABLE_LEN: u32 = <u32>((EXP_HI - EXP_LO) << 8);
/** byte offset of the pow73 table (TABLE_LEN float64 = 57 344 bytes, ends at 65 536) */
const TABLE_PTR: usize = 8192;

export function tablePtr(): i32 {
  return <i32>TABLE_PTR;
}

export function tableLength(): i32 {
  return <i32>TABLE_LEN;
}

// ---------------------------------------------------------------------------------------------
// scalar pow73 (exactly pow73.ts)

@inline
function pow73(hf: f64): f64 {
  const i = <u32>(<i32>(reinterpret<u64>(hf) >>> 44) - BASE);
  if (i >= TABLE_LEN) return hf * hf * cbrt(hf);
  let r = load<f64>(TABLE_PTR + (<usize>i << 3));
  r = r * (4.0 - hf * r * r * r) * THIRD;
  return hf * hf * hf * r * r;
}

export function pow73Export(hf: f64): f64 {
  return pow73(hf);
}

/**
 * Table indices of pow73 for both lanes of hf (lanes not `active` get index 0); −1 if an active
 * lane is outside the table (hf < 2⁻¹⁶ or ≥ 2¹²: the scalar pow73 with Math.cbrt must do it).
 * Returned as i64x2 lanes (low 32 bits used).
 */
@inline
function pow73Index(hf: v128, active: v128): v128 {
  return v128.and(i64x2.sub(i64x2.shr_u(hf, 44), i64x2.splat(<i64>BASE)), active);
}

/** pow73 of both lanes from their table indices i0, i1 (the table part of pow73, no call). */
@inline
function pow73x2(hf: v128, i0: u32, i1: u32): v128 {
  let r = v128.load64_lane(TABLE_PTR + (<usize>i1 << 3), v128.load64_zero(TABLE_PTR + (<usize>i0 << 3)), 1);
  r = f64x2.mul(f64x2.mul(r, f64x2.sub(vFour, f64x2.mul(f64x2.mul(f64x2.mul(hf, r), r), r))), vThird);
  return f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(hf, hf), hf), r), r);
}

// ---------------------------------------------------------------------------------------------
// memory access, by element index. z, n2, maxH and arrival are float32; h, qx, qy and fac are
// float32 too, but their access goes through the block below, which the tests swap for a float64
// one to compare every float64 result with the JavaScript's (a float32 store hides most
// differences).

/** float32 element i of p, promoted */
@inline
function ldF(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}

/** float32 elements i, i + 1 of p, promoted to a float64 pair */
@inline
function ldF2(p: usize, i: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}

// BEGIN state element type (h, qx, qy, fac): float32
/** element i of an h/qx/qy array, as float64 */
@inline
function ldS(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}
/** elements i, i + 1 of an h/qx/qy array, as a float64 pair */
@inline
function ldS2(p: usize, i: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}
/** stores x (rounded to float32) as element i */
@inline
function stS(p: usize, i: i32, x: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>x);
}
/** stores both lanes (rounded to float32) as elements i, i + 1 */
@inline
function stS2(p: usize, i: i32, v: v128): void {
  v128.store64_lane(p + (<usize>i << 2), f32x4.demote_f64x2_zero(v), 0);
}
// END state element type

/**
 * The flux kernels' vector constants and parameters, set at each call. Module globals rather than
 * locals: V8 has too few vector registers for them all and would otherwise rebuild them (even
 * 1/dx, a division) inside the loop; a global is one load from the instance.
 */
let vThr: v128 = f64x2.splat(0);
let vGdt: v128 = f64x2.splat(0);
let vGdtHalf: v128 = f64x2.splat(0);
let vInvDx: v128 = f64x2.splat(0);
let vTheta: v128 = f64x2.splat(0);
let vSide: v128 = f64x2.splat(0);
let vVmax2: v128 = f64x2.splat(0);
let vQuarter: v128 = f64x2.splat(0);
let vRounding: v128 = f64x2.splat(0);
let vOne: v128 = f64x2.splat(0);
let vTwo: v128 = f64x2.splat(0);
let vFour: v128 = f64x2.splat(0);
let vThird: v128 = f64x2.splat(0);

// ---------------------------------------------------------------------------------------------
// x faces

/** Scalar x faces c = c0 … c1 − 1 of row r (the JavaScript loop). */
function fluxRowXFrom(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32, c0: i32, c1: i32,
): i32 {
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1.0 / dx;
  const side = 0.5 * (1.0 - theta);
  const centred = theta < 1.0;
  const vmax2 = maxVelocity * maxVelocity;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const yn = cb;
  const ys = cb + ncols;
  let bad = -1;
  let z0 = ldF(zPtr, cb + c0 - 1);
  let eta0 = z0 + ldS(hPtr, cb + c0 - 1);
  let n20 = ldF(n2Ptr, cb + c0 - 1);
  for (let c = c0; c < c1; c++) {
    const k = cb + c;
    const z1 = ldF(zPtr, k);
    const eta1 = z1 + ldS(hPtr, k);
    const n21 = ldF(n2Ptr, k);
    const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
    let q = 0.0;
    const f = fb + c;
    if (hf > hThreshold) {
      const q0 = ldS(qxOldPtr, f);
      const qy = 0.25 * (ldS(qyOldPtr, yn + c - 1) + ldS(qyOldPtr, yn + c) + ldS(qyOldPtr, ys + c - 1) + ldS(qyOldPtr, ys + c));
      // dead band: a surface difference below the float32 state's resolution is no slope
      let dEta = eta1 - eta0;
      const tol = (eta0 - z0 + eta1 - z1) * ROUNDING;
      if (dEta < tol && dEta > -tol) dEta = 0;
      const slope = dEta * invDx;
      const drive = gdt * hf * slope;
      const d73 = pow73(hf);
      const fa = gdtHalf * (n20 + n21);
      const qs = q0 - drive;
      let qm = q0;
      if (implicit) {
        const af = fa / d73;
        const aq = af * (qs < 0 ? -qs : qs);
        qm = (2.0 * qs) / (1.0 + sqrt<f64>(1.0 + 4.0 * aq));
      }
      const inv = d73 / (d73 + fa * sqrt<f64>(qm * qm + qy * qy));
      q = qs * inv;
      if (centred) {
        const qc = (theta * q0 + side * (ldS(qxOldPtr, f - 1) + ldS(qxOldPtr, f + 1)) - drive) * inv;
        if (qc * slope <= 0) q = qc;
      }
      if (q * q > vmax2 * hf * hf) bad = k;
    }
    stS(qxNewPtr, f, q);
    z0 = z1;
    eta0 = eta1;
    n20 = n21;
  }
  return bad;
}

/** Scalar fluxRowX (the reference port; the SIMD one below is the fast one). */
export function fluxRowXScalar(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  return fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, dx, dt, theta, hThreshold, maxVelocity, implicit, 1, ncols);
}

/**
 * Interior x faces of row r (c = 1 … ncols − 1), two faces per step. Returns −1, or the index of
 * the last cell (in column order) where the velocity ran away.
 */
export function fluxRowX(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1.0 / dx;
  const side = 0.5 * (1.0 - theta);
  const centred = theta < 1.0;
  const vmax2 = maxVelocity * maxVelocity;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  vThr = f64x2.splat(hThreshold);
  vGdt = f64x2.splat(gdt);
  vGdtHalf = f64x2.splat(gdtHalf);
  vInvDx = f64x2.splat(invDx);
  vTheta = f64x2.splat(theta);
  vSide = f64x2.splat(side);
  vVmax2 = f64x2.splat(vmax2);
  vQuarter = f64x2.splat(0.25);
  vRounding = f64x2.splat(ROUNDING);
  vOne = f64x2.splat(1.0);
  vTwo = f64x2.splat(2.0);
  vFour = f64x2.splat(4.0);
  vThird = f64x2.splat(THIRD);
  const zero = f64x2.splat(0.0);
  let bad = -1;
  let c = 1;
  // the pair loop has no call in it (a call would make V8 keep every vector on the stack): a pair
  // with hf outside pow73's table leaves it, the scalar code does that pair, and it goes on
  for (;;) {
  for (; c + 1 < ncols; c += 2) {
    const k = cb + c; // face c: cells k − 1, k (lane 0); face c + 1: cells k, k + 1 (lane 1)
    const f = fb + c;
    const y = cb + c - 1; // y faces north: y, y + 1 (lane 0), y + 1, y + 2 (lane 1); south: + ncols
    const z0 = ldF2(zPtr, k - 1);
    const z1 = ldF2(zPtr, k);
    const eta0 = f64x2.add(z0, ldS2(hPtr, k - 1));
    const eta1 = f64x2.add(z1, ldS2(hPtr, k));
    // (eta0 > eta1 ? eta0 : eta1) − (z0 > z1 ? z0 : z1); pmax(a, b) = a < b ? b : a
    const hf = f64x2.sub(f64x2.pmax(eta1, eta0), f64x2.pmax(z1, z0));
    const active = f64x2.gt(hf, vThr);
    if (!v128.any_true(active)) {
      stS2(qxNewPtr, f, zero);
      continue;
    }
    const idx = pow73Index(hf, active);
    const i0 = <u32>i64x2.extract_lane(idx, 0);
    const i1 = <u32>i64x2.extract_lane(idx, 1);
    if ((i0 >= TABLE_LEN) | (i1 >= TABLE_LEN)) break;
    const q0 = ldS2(qxOldPtr, f);
    const qy = f64x2.mul(vQuarter, f64x2.add(f64x2.add(f64x2.add(ldS2(qyOldPtr, y), ldS2(qyOldPtr, y + 1)), ldS2(qyOldPtr, y + ncols)), ldS2(qyOldPtr, y + ncols + 1)));
    const dEta = f64x2.sub(eta1, eta0);
    const tol = f64x2.mul(f64x2.sub(f64x2.add(f64x2.sub(eta0, z0), eta1), z1), vRounding);
    // dead band (−tol < dEta < tol → +0)
    const slope = f64x2.mul(v128.andnot(dEta, v128.and(f64x2.lt(dEta, tol), f64x2.gt(dEta, f64x2.neg(tol)))), vInvDx);
    const drive = f64x2.mul(f64x2.mul(vGdt, hf), slope);
    const d73 = pow73x2(hf, i0, i1);
    const n2s = f64x2.add(ldF2(n2Ptr, k - 1), ldF2(n2Ptr, k));
    const fa = f64x2.mul(vGdtHalf, n2s);
    const qs = f64x2.sub(q0, drive);
    let qm = q0;
    if (implicit) {
      const af = f64x2.div(fa, d73);
      // qs < 0 ? −qs : qs (not f64x2.abs, which differs for −0 and NaN)
      const aq = f64x2.mul(af, v128.bitselect(f64x2.neg(qs), qs, f64x2.lt(qs, zero)));
      qm = f64x2.div(f64x2.mul(vTwo, qs), f64x2.add(vOne, f64x2.sqrt(f64x2.add(vOne, f64x2.mul(vFour, aq)))));
    }
    // 1 / (1 + fa·|q| / d73) as d73 / (d73 + fa·|q|): one division
    const inv = f64x2.div(d73, f64x2.add(d73, f64x2.mul(fa, f64x2.sqrt(f64x2.add(f64x2.mul(qm, qm), f64x2.mul(qy, qy))))));
    let q = f64x2.mul(qs, inv);
    if (centred) {
      const nb = f64x2.add(ldS2(qxOldPtr, f - 1), ldS2(qxOldPtr, f + 1));
      const qc = f64x2.mul(f64x2.sub(f64x2.add(f64x2.mul(vTheta, q0), f64x2.mul(vSide, nb)), drive), inv);
      q = v128.bitselect(qc, q, f64x2.le(f64x2.mul(qc, slope), zero));
    }
    const run = v128.and(active, f64x2.gt(f64x2.mul(q, q), f64x2.mul(f64x2.mul(vVmax2, hf), hf)));
    if (v128.any_true(run)) bad = i64x2.bitmask(run) & 2 ? k + 1 : k;
    stS2(qxNewPtr, f, v128.and(q, active));
  }
  if (c + 1 >= ncols) break;
  const e = fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, dx, dt, theta, hThreshold, maxVelocity, implicit, c, c + 2);
  if (e >= 0) bad = e;
  c += 2;
  }
  if (c < ncols) {
    const e = fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, dx, dt, theta, hThreshold, maxVelocity, implicit, c, ncols);
    if (e >= 0) bad = e;
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------
// y faces

/** Scalar y faces of face row j, columns c0 … c1 − 1 (the JavaScript loop). */
function fluxRowYFrom(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32, c0: i32, c1: i32,
): i32 {
  const nf = ncols + 1;
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1.0 / dx;
  const side = 0.5 * (1.0 - theta);
  const centred = theta < 1.0;
  const vmax2 = maxVelocity * maxVelocity;
  const zn = (j - 1) * ncols;
  const zs = j * ncols;
  const xn = (j - 1) * nf;
  const xs = j * nf;
  let bad = -1;
  for (let c = c0; c < c1; c++) {
    const z0 = ldF(zPtr, zn + c);
    const z1 = ldF(zPtr, zs + c);
    const eta0 = z0 + ldS(hNRow, c);
    const eta1 = z1 + ldS(hSRow, c);
    const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
    let q = 0.0;
    if (hf > hThreshold) {
      const f = zs + c;
      const q0 = ldS(qyOldPtr, f);
      const qx = 0.25 * (ldS(qxOldPtr, xn + c) + ldS(qxOldPtr, xn + c + 1) + ldS(qxOldPtr, xs + c) + ldS(qxOldPtr, xs + c + 1));
      // dead band: a surface difference below the float32 state's resolution is no slope
      let dEta = eta1 - eta0;
      const tol = (eta0 - z0 + eta1 - z1) * ROUNDING;
      if (dEta < tol && dEta > -tol) dEta = 0;
      const slope = dEta * invDx;
      const drive = gdt * hf * slope;
      const d73 = pow73(hf);
      const fa = gdtHalf * (ldF(n2Ptr, zn + c) + ldF(n2Ptr, zs + c));
      const qs = q0 - drive;
      let qm = q0;
      if (implicit) {
        const af = fa / d73;
        const aq = af * (qs < 0 ? -qs : qs);
        qm = (2.0 * qs) / (1.0 + sqrt<f64>(1.0 + 4.0 * aq));
      }
      const inv = d73 / (d73 + fa * sqrt<f64>(qm * qm + qx * qx));
      q = qs * inv;
      if (centred) {
        const qc = (theta * q0 + side * (ldS(qyOldPtr, f - ncols) + ldS(qyOldPtr, f + ncols)) - drive) * inv;
        if (qc * slope <= 0) q = qc;
      }
      if (q * q > vmax2 * hf * hf) bad = zs + c;
    }
    stS(outRow, c, q);
  }
  return bad;
}

/** Scalar fluxRowY (the reference port). */
export function fluxRowYScalar(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  return fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, dx, dt, theta, hThreshold, maxVelocity, implicit, 0, ncols);
}

/**
 * The y faces of face row j (between cell rows j − 1 and j): depths of the north row at byte
 * offset hNRow, of the south row at hSRow (the state's h or a halo copy), output row at outRow.
 * Returns −1, or the index of the last cell (south row) where the velocity ran away.
 */
export function fluxRowY(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, implicit: i32,
): i32 {
  const nf = ncols + 1;
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1.0 / dx;
  const side = 0.5 * (1.0 - theta);
  const centred = theta < 1.0;
  const vmax2 = maxVelocity * maxVelocity;
  const zn = (j - 1) * ncols;
  const zs = j * ncols;
  const xn = (j - 1) * nf;
  const xs = j * nf;
  vThr = f64x2.splat(hThreshold);
  vGdt = f64x2.splat(gdt);
  vGdtHalf = f64x2.splat(gdtHalf);
  vInvDx = f64x2.splat(invDx);
  vTheta = f64x2.splat(theta);
  vSide = f64x2.splat(side);
  vVmax2 = f64x2.splat(vmax2);
  vQuarter = f64x2.splat(0.25);
  vRounding = f64x2.splat(ROUNDING);
  vOne = f64x2.splat(1.0);
  vTwo = f64x2.splat(2.0);
  vFour = f64x2.splat(4.0);
  vThird = f64x2.splat(THIRD);
  const zero = f64x2.splat(0.0);
  let bad = -1;
  let c = 0;
  // the pair loop has no call in it (a call would make V8 keep every vector on the stack): a pair
  // with hf outside pow73's table leaves it, the scalar code does that pair, and it goes on
  for (;;) {
  for (; c + 1 < ncols; c += 2) {
    const z0 = ldF2(zPtr, zn + c);
    const z1 = ldF2(zPtr, zs + c);
    const eta0 = f64x2.add(z0, ldS2(hNRow, c));
    const eta1 = f64x2.add(z1, ldS2(hSRow, c));
    const hf = f64x2.sub(f64x2.pmax(eta1, eta0), f64x2.pmax(z1, z0));
    const active = f64x2.gt(hf, vThr);
    if (!v128.any_true(active)) {
      stS2(outRow, c, zero);
      continue;
    }
    const idx = pow73Index(hf, active);
    const i0 = <u32>i64x2.extract_lane(idx, 0);
    const i1 = <u32>i64x2.extract_lane(idx, 1);
    if ((i0 >= TABLE_LEN) | (i1 >= TABLE_LEN)) break;
    const f = zs + c;
    const q0 = ldS2(qyOldPtr, f);
    const qx = f64x2.mul(vQuarter, f64x2.add(f64x2.add(f64x2.add(ldS2(qxOldPtr, xn + c), ldS2(qxOldPtr, xn + c + 1)), ldS2(qxOldPtr, xs + c)), ldS2(qxOldPtr, xs + c + 1)));
    const dEta = f64x2.sub(eta1, eta0);
    const tol = f64x2.mul(f64x2.sub(f64x2.add(f64x2.sub(eta0, z0), eta1), z1), vRounding);
    // dead band (−tol < dEta < tol → +0)
    const slope = f64x2.mul(v128.andnot(dEta, v128.and(f64x2.lt(dEta, tol), f64x2.gt(dEta, f64x2.neg(tol)))), vInvDx);
    const drive = f64x2.mul(f64x2.mul(vGdt, hf), slope);
    const d73 = pow73x2(hf, i0, i1);
    const n2s = f64x2.add(ldF2(n2Ptr, zn + c), ldF2(n2Ptr, zs + c));
    const fa = f64x2.mul(vGdtHalf, n2s);
    const qs = f64x2.sub(q0, drive);
    let qm = q0;
    if (implicit) {
      const af = f64x2.div(fa, d73);
      // qs < 0 ? −qs : qs (not f64x2.abs, which differs for −0 and NaN)
      const aq = f64x2.mul(af, v128.bitselect(f64x2.neg(qs), qs, f64x2.lt(qs, zero)));
      qm = f64x2.div(f64x2.mul(vTwo, qs), f64x2.add(vOne, f64x2.sqrt(f64x2.add(vOne, f64x2.mul(vFour, aq)))));
    }
    // 1 / (1 + fa·|q| / d73) as d73 / (d73 + fa·|q|): one division
    const inv = f64x2.div(d73, f64x2.add(d73, f64x2.mul(fa, f64x2.sqrt(f64x2.add(f64x2.mul(qm, qm), f64x2.mul(qx, qx))))));
    let q = f64x2.mul(qs, inv);
    if (centred) {
      const nb = f64x2.add(ldS2(qyOldPtr, f - ncols), ldS2(qyOldPtr, f + ncols));
      const qc = f64x2.mul(f64x2.sub(f64x2.add(f64x2.mul(vTheta, q0), f64x2.mul(vSide, nb)), drive), inv);
      q = v128.bitselect(qc, q, f64x2.le(f64x2.mul(qc, slope), zero));
    }
    const run = v128.and(active, f64x2.gt(f64x2.mul(q, q), f64x2.mul(f64x2.mul(vVmax2, hf), hf)));
    if (v128.any_true(run)) bad = i64x2.bitmask(run) & 2 ? f + 1 : f;
    stS2(outRow, c, v128.and(q, active));
  }
  if (c + 1 >= ncols) break;
  const e = fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, dx, dt, theta, hThreshold, maxVelocity, implicit, c, c + 2);
  if (e >= 0) bad = e;
  c += 2;
  }
  if (c < ncols) {
    const e = fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, dx, dt, theta, hThreshold, maxVelocity, implicit, c, ncols);
    if (e >= 0) bad = e;
  }
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
function newDepth(hPtr: usize, validPtr: usize, qxPtr: usize, qyNRow: usize, qySRow: usize, k: i32, f: i32, c: i32, dtdx: f64, rainDepth: f64): f64 {
  return ldS(hPtr, k) + dtdx * (ldS(qxPtr, f) - ldS(qxPtr, f + 1) + ldS(qyNRow, c) - ldS(qySRow, c)) + rainDepth * <f64>load<u8>(validPtr + <usize>k);
}

/**
 * The rest of the JavaScript loop body for cell k with new depth hn: clamping and its error,
 * h, maxH, arrival (the caller books −hn as clamped water when hn is not ≥ 0). Returns the depth
 * after clamping.
 */
@inline
function finishCell(hPtr: usize, maxHPtr: usize, arrivalPtr: usize, k: i32, hn: f64, t1f: f32, arrivalDepth: f64, negativeTolerance: f64): f64 {
  let h = hn;
  if (!(h >= 0)) {
    if (!(h >= -negativeTolerance) && errorCell < 0) {
      errorCell = <f64>k;
      errorKind = h != h ? 1 : 2;
    }
    h = 0;
  }
  stS(hPtr, k, h);
  if (h > ldF(maxHPtr, k)) {
    store<f32>(maxHPtr + (<usize>k << 2), <f32>h);
    if (h >= arrivalDepth && load<f32>(arrivalPtr + (<usize>k << 2)) < 0) store<f32>(arrivalPtr + (<usize>k << 2), t1f);
  }
  return h;
}

/** Scalar depthRow (the reference port). Returns the new h_max (hMaxIn and every new depth). */
export function depthRowScalar(
  hPtr: usize, validPtr: usize, maxHPtr: usize, arrivalPtr: usize, ledgerPtr: usize,
  qxPtr: usize, qyNRow: usize, qySRow: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, rainDepth: f64, t1: f64, arrivalDepth: f64, negativeTolerance: f64, ledgerIndex: i32, hMaxIn: f64,
): f64 {
  const dtdx = dt / dx;
  const t1f = <f32>t1;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  let hMax = hMaxIn;
  let clamped = 0.0;
  for (let c = 0; c < ncols; c++) {
    const hn = newDepth(hPtr, validPtr, qxPtr, qyNRow, qySRow, cb + c, fb + c, c, dtdx, rainDepth);
    if (!(hn >= 0)) clamped -= hn;
    const h = finishCell(hPtr, maxHPtr, arrivalPtr, cb + c, hn, t1f, arrivalDepth, negativeTolerance);
    if (h > hMax) hMax = h;
  }
  if (clamped != 0 && clamped == clamped) {
    const p = ledgerPtr + (<usize>ledgerIndex << 3);
    store<f64>(p, load<f64>(p) + clamped * dx * dx);
  }
  return hMax;
}

/**
 * Row r: h += dt/dx·(flux in − flux out) + rain·valid; clamps a depth below 0 to 0 and books the
 * water created in ledger[ledgerIndex]; keeps maxH and arrival. Returns max(hMaxIn, new depths);
 * an error (NaN or a depth below −negativeTolerance) goes to depthErrorCell/Kind, first one kept.
 * Two cells per step; a pair with a depth that is not ≥ 0 is finished by the scalar code in order.
 */
export function depthRow(
  hPtr: usize, validPtr: usize, maxHPtr: usize, arrivalPtr: usize, ledgerPtr: usize,
  qxPtr: usize, qyNRow: usize, qySRow: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, rainDepth: f64, t1: f64, arrivalDepth: f64, negativeTolerance: f64, ledgerIndex: i32, hMaxIn: f64,
): f64 {
  // the two-lane maximum equals the sequential one when no value can tie with h_max in a
  // different bit pattern (±0): true when h_max starts at +0 or above
  if (!(hMaxIn > 0) && reinterpret<u64>(hMaxIn) != 0) {
    return depthRowScalar(hPtr, validPtr, maxHPtr, arrivalPtr, ledgerPtr, qxPtr, qyNRow, qySRow, ncols, r, dx, dt, rainDepth, t1, arrivalDepth, negativeTolerance, ledgerIndex, hMaxIn);
  }
  const dtdx = dt / dx;
  const t1f = <f32>t1;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const vDtdx = f64x2.splat(dtdx);
  const vRain = f64x2.splat(rainDepth);
  const vArr = f64x2.splat(arrivalDepth);
  const vT1f = f32x4.splat(t1f);
  const vZero32 = f32x4.splat(0);
  const zero = f64x2.splat(0.0);
  let vMax = f64x2.splat(hMaxIn);
  let hMax = hMaxIn;
  let clamped = 0.0;
  const mRow = maxHPtr + (<usize>cb << 2);
  const aRow = arrivalPtr + (<usize>cb << 2);
  const vRow = validPtr + <usize>cb;
  let c = 0;
  for (; c + 1 < ncols; c += 2) {
    const f = fb + c;
    const valid = f64x2.convert_low_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load16_splat(vRow + <usize>c))));
    const div = f64x2.sub(f64x2.add(f64x2.sub(ldS2(qxPtr, f), ldS2(qxPtr, f + 1)), ldS2(qyNRow, c)), ldS2(qySRow, c));
    const hn = f64x2.add(f64x2.add(ldS2(hPtr, cb + c), f64x2.mul(vDtdx, div)), f64x2.mul(vRain, valid));
    if (!i64x2.all_true(f64x2.ge(hn, zero))) {
      // rare: a clamped (or NaN) depth in the pair; the scalar steps, in column order
      const h0 = f64x2.extract_lane(hn, 0);
      if (!(h0 >= 0)) clamped -= h0;
      const a = finishCell(hPtr, maxHPtr, arrivalPtr, cb + c, h0, t1f, arrivalDepth, negativeTolerance);
      if (a > hMax) hMax = a;
      const h1 = f64x2.extract_lane(hn, 1);
      if (!(h1 >= 0)) clamped -= h1;
      const b = finishCell(hPtr, maxHPtr, arrivalPtr, cb + c + 1, h1, t1f, arrivalDepth, negativeTolerance);
      if (b > hMax) hMax = b;
      continue;
    }
    stS2(hPtr, cb + c, hn);
    vMax = v128.bitselect(hn, vMax, f64x2.gt(hn, vMax));
    // maxH and arrival without branches (whether a cell rises is as good as random to a branch
    // predictor): lanes that do not change are written back with their own bits
    const o = <usize>c << 2;
    const m32 = v128.load64_zero(mRow + o);
    const up = f64x2.gt(hn, f64x2.promote_low_f32x4(m32));
    // 64-bit lane masks → 32-bit lane masks for the float32 rows
    const up32 = i32x4.shuffle(up, up, 0, 2, 0, 2);
    v128.store64_lane(mRow + o, v128.bitselect(f32x4.demote_f64x2_zero(hn), m32, up32), 0);
    const a32 = v128.load64_zero(aRow + o);
    const arrive = v128.and(v128.and(up32, i32x4.shuffle(f64x2.ge(hn, vArr), zero, 0, 2, 0, 2)), f32x4.lt(a32, vZero32));
    v128.store64_lane(aRow + o, v128.bitselect(vT1f, a32, arrive), 0);
  }
  const m0 = f64x2.extract_lane(vMax, 0);
  const m1 = f64x2.extract_lane(vMax, 1);
  if (m0 > hMax) hMax = m0;
  if (m1 > hMax) hMax = m1;
  for (; c < ncols; c++) {
    const hn = newDepth(hPtr, validPtr, qxPtr, qyNRow, qySRow, cb + c, fb + c, c, dtdx, rainDepth);
    if (!(hn >= 0)) clamped -= hn;
    const h = finishCell(hPtr, maxHPtr, arrivalPtr, cb + c, hn, t1f, arrivalDepth, negativeTolerance);
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
 * Rows [r0, r1): fac[k] = h / outflow for a cell whose outflow over the step (dt/dx · the sum of
 * its outgoing face fluxes) exceeds its depth, else 1; rowLimited[r] = 1 for a row with such a
 * cell, else 0. Returns 1 if any cell was limited. Two cells per step; the division only for a
 * pair with a limited cell.
 */
export function outflowFactors(qxPtr: usize, qyPtr: usize, hPtr: usize, facPtr: usize, rowLimitedPtr: usize, ncols: i32, r0: i32, r1: i32, dx: f64, dt: f64): i32 {
  const nf = ncols + 1;
  const dtdx = dt / dx;
  const vDtdx = f64x2.splat(dtdx);
  const zero = f64x2.splat(0.0);
  const ones = f64x2.splat(1.0);
  let any = 0;
  for (let r = r0; r < r1; r++) {
    const cb = r * ncols;
    const fb = r * nf;
    let limited = 0;
    let c = 0;
    for (; c + 1 < ncols; c += 2) {
      const k = cb + c;
      const e = ldS2(qxPtr, fb + c + 1);
      const w = ldS2(qxPtr, fb + c);
      const s = ldS2(qyPtr, k + ncols);
      const n = ldS2(qyPtr, k);
      // (e > 0 ? e : 0) − (w < 0 ? w : 0) + (s > 0 ? s : 0) − (n < 0 ? n : 0)
      const sum = f64x2.sub(
        f64x2.add(f64x2.sub(v128.and(e, f64x2.gt(e, zero)), v128.and(w, f64x2.lt(w, zero))), v128.and(s, f64x2.gt(s, zero))),
        v128.and(n, f64x2.lt(n, zero)),
      );
      const out = f64x2.mul(vDtdx, sum);
      const hk = ldS2(hPtr, k);
      const lim = f64x2.gt(out, hk);
      if (v128.any_true(lim)) {
        limited = 1;
        stS2(facPtr, k, v128.bitselect(f64x2.div(hk, out), ones, lim));
      } else {
        stS2(facPtr, k, ones);
      }
    }
    for (; c < ncols; c++) {
      const k = cb + c;
      const e = ldS(qxPtr, fb + c + 1);
      const w = ldS(qxPtr, fb + c);
      const s = ldS(qyPtr, k + ncols);
      const n = ldS(qyPtr, k);
      const out = dtdx * ((e > 0 ? e : 0) - (w < 0 ? w : 0) + (s > 0 ? s : 0) - (n < 0 ? n : 0));
      const hk = ldS(hPtr, k);
      if (out > hk) {
        stS(facPtr, k, hk / out);
        limited = 1;
      } else stS(facPtr, k, 1);
    }
    store<u8>(rowLimitedPtr + <usize>r, <u8>limited);
    if (limited) any = 1;
  }
  return any;
}
