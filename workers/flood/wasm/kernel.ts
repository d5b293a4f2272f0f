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
  r = r * (4.0 - hf * r * r * r) * THIRD;
  return hf * hf * hf * r * r;
}

export function pow73Export(hf: f64): f64 {
  return pow73(hf);
}

/**
 * pow73 of both lanes of hf. Lanes that are not `active` give 0 (their result is not used). The
 * fast path needs both lanes inside the table; otherwise each active lane goes through the scalar
 * pow73 (same operations, same bits).
 */
@inline
function pow73x2(hf: v128, active: v128): v128 {
  const idx = i64x2.sub(i64x2.shr_u(hf, 44), i64x2.splat(<i64>BASE));
  const i0 = <u32>i64x2.extract_lane(idx, 0);
  const i1 = <u32>i64x2.extract_lane(idx, 1);
  if ((i0 >= TABLE_LEN) | (i1 >= TABLE_LEN)) {
    const m = i64x2.bitmask(active);
    const a = m & 1 ? pow73(f64x2.extract_lane(hf, 0)) : 0.0;
    const b = m & 2 ? pow73(f64x2.extract_lane(hf, 1)) : 0.0;
    return f64x2.replace_lane(f64x2.splat(a), 1, b);
  }
  let r = v128.load64_lane(TABLE_PTR + (<usize>i1 << 3), v128.load64_zero(TABLE_PTR + (<usize>i0 << 3)), 1);
  const four = f64x2.splat(4.0);
  const third = f64x2.splat(THIRD);
  r = f64x2.mul(f64x2.mul(r, f64x2.sub(four, f64x2.mul(f64x2.mul(f64x2.mul(hf, r), r), r))), third);
  r = f64x2.mul(f64x2.mul(r, f64x2.sub(four, f64x2.mul(f64x2.mul(f64x2.mul(hf, r), r), r))), third);
  return f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(hf, hf), hf), r), r);
}

/** two float32 at p, promoted to float64 */
@inline
function ld2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** both lanes demoted to float32 and stored at p */
@inline
function st2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

// ---------------------------------------------------------------------------------------------
// x faces

/** Scalar x faces c = c0 … ncols − 1 of row r (the JavaScript loop). */
function fluxRowXFrom(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, c0: i32,
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
  let z0 = <f64>load<f32>(zPtr + (<usize>(cb + c0 - 1) << 2));
  let eta0 = z0 + <f64>load<f32>(hPtr + (<usize>(cb + c0 - 1) << 2));
  let n20 = <f64>load<f32>(n2Ptr + (<usize>(cb + c0 - 1) << 2));
  for (let c = c0; c < ncols; c++) {
    const k = cb + c;
    const z1 = <f64>load<f32>(zPtr + (<usize>k << 2));
    const eta1 = z1 + <f64>load<f32>(hPtr + (<usize>k << 2));
    const n21 = <f64>load<f32>(n2Ptr + (<usize>k << 2));
    const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
    let q = 0.0;
    const f = fb + c;
    if (hf > hThreshold) {
      const q0 = <f64>load<f32>(qxOldPtr + (<usize>f << 2));
      const qy = 0.25 * (<f64>load<f32>(qyOldPtr + (<usize>(yn + c - 1) << 2)) + <f64>load<f32>(qyOldPtr + (<usize>(yn + c) << 2)) + <f64>load<f32>(qyOldPtr + (<usize>(ys + c - 1) << 2)) + <f64>load<f32>(qyOldPtr + (<usize>(ys + c) << 2)));
      const slope = (eta1 - eta0) * invDx;
      const drive = gdt * hf * slope;
      const d73 = pow73(hf);
      const inv = d73 / (d73 + gdtHalf * (n20 + n21) * sqrt<f64>(q0 * q0 + qy * qy));
      q = (q0 - drive) * inv;
      if (centred) {
        const qc = (theta * q0 + side * (<f64>load<f32>(qxOldPtr + (<usize>(f - 1) << 2)) + <f64>load<f32>(qxOldPtr + (<usize>(f + 1) << 2))) - drive) * inv;
        if (qc * slope <= 0) q = qc;
      }
      if (q * q > vmax2 * hf * hf) bad = k;
    }
    store<f32>(qxNewPtr + (<usize>f << 2), <f32>q);
    z0 = z1;
    eta0 = eta1;
    n20 = n21;
  }
  return bad;
}

/** Scalar fluxRowX (the reference port; the SIMD one below is the fast one). */
export function fluxRowXScalar(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64,
): i32 {
  return fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, dx, dt, theta, hThreshold, maxVelocity, 1);
}

/**
 * Interior x faces of row r (c = 1 … ncols − 1), two faces per step. Returns −1, or the index of
 * the last cell (in column order) where the velocity ran away.
 */
export function fluxRowX(
  zPtr: usize, hPtr: usize, n2Ptr: usize, qxOldPtr: usize, qxNewPtr: usize, qyOldPtr: usize,
  ncols: i32, r: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64,
): i32 {
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1.0 / dx;
  const side = 0.5 * (1.0 - theta);
  const centred = theta < 1.0;
  const vmax2 = maxVelocity * maxVelocity;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const vThr = f64x2.splat(hThreshold);
  const vGdt = f64x2.splat(gdt);
  const vGdtHalf = f64x2.splat(gdtHalf);
  const vInvDx = f64x2.splat(invDx);
  const vTheta = f64x2.splat(theta);
  const vSide = f64x2.splat(side);
  const vVmax2 = f64x2.splat(vmax2);
  const vQuarter = f64x2.splat(0.25);
  const zero = f64x2.splat(0.0);
  let bad = -1;
  let c = 1;
  for (; c + 1 < ncols; c += 2) {
    const k = cb + c; // cells k − 1, k (lane 0) and k, k + 1 (lane 1)
    const pk = <usize>(k - 1) << 2;
    const f = fb + c;
    const pf = qxNewPtr + (<usize>f << 2);
    const z0 = ld2(zPtr + pk);
    const z1 = ld2(zPtr + pk + 4);
    const eta0 = f64x2.add(z0, ld2(hPtr + pk));
    const eta1 = f64x2.add(z1, ld2(hPtr + pk + 4));
    // (eta0 > eta1 ? eta0 : eta1) − (z0 > z1 ? z0 : z1); pmax(a, b) = a < b ? b : a
    const hf = f64x2.sub(f64x2.pmax(eta1, eta0), f64x2.pmax(z1, z0));
    const active = f64x2.gt(hf, vThr);
    if (!v128.any_true(active)) {
      v128.store64_lane(pf, zero, 0);
      continue;
    }
    const q0 = ld2(qxOldPtr + (<usize>f << 2));
    const py = qyOldPtr + (<usize>(cb + c - 1) << 2);
    const pys = py + (<usize>ncols << 2);
    const qy = f64x2.mul(vQuarter, f64x2.add(f64x2.add(f64x2.add(ld2(py), ld2(py + 4)), ld2(pys)), ld2(pys + 4)));
    const slope = f64x2.mul(f64x2.sub(eta1, eta0), vInvDx);
    const drive = f64x2.mul(f64x2.mul(vGdt, hf), slope);
    const d73 = pow73x2(hf, active);
    const n2s = f64x2.add(ld2(n2Ptr + pk), ld2(n2Ptr + pk + 4));
    const mag = f64x2.sqrt(f64x2.add(f64x2.mul(q0, q0), f64x2.mul(qy, qy)));
    const inv = f64x2.div(d73, f64x2.add(d73, f64x2.mul(f64x2.mul(vGdtHalf, n2s), mag)));
    let q = f64x2.mul(f64x2.sub(q0, drive), inv);
    if (centred) {
      const pq = qxOldPtr + (<usize>(f - 1) << 2);
      const nb = f64x2.add(ld2(pq), ld2(pq + 8));
      const qc = f64x2.mul(f64x2.sub(f64x2.add(f64x2.mul(vTheta, q0), f64x2.mul(vSide, nb)), drive), inv);
      q = v128.bitselect(qc, q, f64x2.le(f64x2.mul(qc, slope), zero));
    }
    const run = v128.and(active, f64x2.gt(f64x2.mul(q, q), f64x2.mul(f64x2.mul(vVmax2, hf), hf)));
    if (v128.any_true(run)) bad = i64x2.bitmask(run) & 2 ? k + 1 : k;
    st2(pf, v128.and(q, active));
  }
  if (c < ncols) {
    const e = fluxRowXFrom(zPtr, hPtr, n2Ptr, qxOldPtr, qxNewPtr, qyOldPtr, ncols, r, dx, dt, theta, hThreshold, maxVelocity, c);
    if (e >= 0) bad = e;
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------
// y faces

/** Scalar y faces of face row j, columns c0 … ncols − 1 (the JavaScript loop). */
function fluxRowYFrom(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64, c0: i32,
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
  for (let c = c0; c < ncols; c++) {
    const z0 = <f64>load<f32>(zPtr + (<usize>(zn + c) << 2));
    const z1 = <f64>load<f32>(zPtr + (<usize>(zs + c) << 2));
    const eta0 = z0 + <f64>load<f32>(hNRow + (<usize>c << 2));
    const eta1 = z1 + <f64>load<f32>(hSRow + (<usize>c << 2));
    const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
    let q = 0.0;
    if (hf > hThreshold) {
      const f = zs + c;
      const q0 = <f64>load<f32>(qyOldPtr + (<usize>f << 2));
      const qx = 0.25 * (<f64>load<f32>(qxOldPtr + (<usize>(xn + c) << 2)) + <f64>load<f32>(qxOldPtr + (<usize>(xn + c + 1) << 2)) + <f64>load<f32>(qxOldPtr + (<usize>(xs + c) << 2)) + <f64>load<f32>(qxOldPtr + (<usize>(xs + c + 1) << 2)));
      const slope = (eta1 - eta0) * invDx;
      const drive = gdt * hf * slope;
      const d73 = pow73(hf);
      const inv = d73 / (d73 + gdtHalf * (<f64>load<f32>(n2Ptr + (<usize>(zn + c) << 2)) + <f64>load<f32>(n2Ptr + (<usize>(zs + c) << 2))) * sqrt<f64>(q0 * q0 + qx * qx));
      q = (q0 - drive) * inv;
      if (centred) {
        const qc = (theta * q0 + side * (<f64>load<f32>(qyOldPtr + (<usize>(f - ncols) << 2)) + <f64>load<f32>(qyOldPtr + (<usize>(f + ncols) << 2))) - drive) * inv;
        if (qc * slope <= 0) q = qc;
      }
      if (q * q > vmax2 * hf * hf) bad = zs + c;
    }
    store<f32>(outRow + (<usize>c << 2), <f32>q);
  }
  return bad;
}

/** Scalar fluxRowY (the reference port). */
export function fluxRowYScalar(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64,
): i32 {
  return fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, dx, dt, theta, hThreshold, maxVelocity, 0);
}

/**
 * The y faces of face row j (between cell rows j − 1 and j): depths of the north row at byte
 * offset hNRow, of the south row at hSRow (the state's h or a halo copy), output row at outRow.
 * Returns −1, or the index of the last cell (south row) where the velocity ran away.
 */
export function fluxRowY(
  zPtr: usize, n2Ptr: usize, hNRow: usize, hSRow: usize, qyOldPtr: usize, qxOldPtr: usize, outRow: usize,
  ncols: i32, j: i32, dx: f64, dt: f64, theta: f64, hThreshold: f64, maxVelocity: f64,
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
  const vThr = f64x2.splat(hThreshold);
  const vGdt = f64x2.splat(gdt);
  const vGdtHalf = f64x2.splat(gdtHalf);
  const vInvDx = f64x2.splat(invDx);
  const vTheta = f64x2.splat(theta);
  const vSide = f64x2.splat(side);
  const vVmax2 = f64x2.splat(vmax2);
  const vQuarter = f64x2.splat(0.25);
  const zero = f64x2.splat(0.0);
  const zN = zPtr + (<usize>zn << 2);
  const zS = zPtr + (<usize>zs << 2);
  const nN = n2Ptr + (<usize>zn << 2);
  const nS = n2Ptr + (<usize>zs << 2);
  const xN = qxOldPtr + (<usize>((j - 1) * nf) << 2);
  const xS = qxOldPtr + (<usize>(j * nf) << 2);
  const yF = qyOldPtr + (<usize>zs << 2);
  const rowBytes = <usize>ncols << 2;
  let bad = -1;
  let c = 0;
  for (; c + 1 < ncols; c += 2) {
    const o = <usize>c << 2;
    const z0 = ld2(zN + o);
    const z1 = ld2(zS + o);
    const eta0 = f64x2.add(z0, ld2(hNRow + o));
    const eta1 = f64x2.add(z1, ld2(hSRow + o));
    const hf = f64x2.sub(f64x2.pmax(eta1, eta0), f64x2.pmax(z1, z0));
    const active = f64x2.gt(hf, vThr);
    if (!v128.any_true(active)) {
      v128.store64_lane(outRow + o, zero, 0);
      continue;
    }
    const q0 = ld2(yF + o);
    const qx = f64x2.mul(vQuarter, f64x2.add(f64x2.add(f64x2.add(ld2(xN + o), ld2(xN + o + 4)), ld2(xS + o)), ld2(xS + o + 4)));
    const slope = f64x2.mul(f64x2.sub(eta1, eta0), vInvDx);
    const drive = f64x2.mul(f64x2.mul(vGdt, hf), slope);
    const d73 = pow73x2(hf, active);
    const n2s = f64x2.add(ld2(nN + o), ld2(nS + o));
    const mag = f64x2.sqrt(f64x2.add(f64x2.mul(q0, q0), f64x2.mul(qx, qx)));
    const inv = f64x2.div(d73, f64x2.add(d73, f64x2.mul(f64x2.mul(vGdtHalf, n2s), mag)));
    let q = f64x2.mul(f64x2.sub(q0, drive), inv);
    if (centred) {
      const nb = f64x2.add(ld2(yF + o - rowBytes), ld2(yF + o + rowBytes));
      const qc = f64x2.mul(f64x2.sub(f64x2.add(f64x2.mul(vTheta, q0), f64x2.mul(vSide, nb)), drive), inv);
      q = v128.bitselect(qc, q, f64x2.le(f64x2.mul(qc, slope), zero));
    }
    const run = v128.and(active, f64x2.gt(f64x2.mul(q, q), f64x2.mul(f64x2.mul(vVmax2, hf), hf)));
    if (v128.any_true(run)) bad = zs + c + (i64x2.bitmask(run) & 2 ? 1 : 0);
    st2(outRow + o, v128.and(q, active));
  }
  if (c < ncols) {
    const e = fluxRowYFrom(zPtr, n2Ptr, hNRow, hSRow, qyOldPtr, qxOldPtr, outRow, ncols, j, dx, dt, theta, hThreshold, maxVelocity, c);
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
    const k = cb + c;
    const f = fb + c;
    const pk = <usize>k << 2;
    let hn = <f64>load<f32>(hPtr + pk) + dtdx * (<f64>load<f32>(qxPtr + (<usize>f << 2)) - <f64>load<f32>(qxPtr + (<usize>(f + 1) << 2)) + <f64>load<f32>(qyNRow + (<usize>c << 2)) - <f64>load<f32>(qySRow + (<usize>c << 2))) + rainDepth * <f64>load<u8>(validPtr + <usize>k);
    if (!(hn >= 0)) {
      if (!(hn >= -negativeTolerance) && errorCell < 0) {
        errorCell = <f64>k;
        errorKind = hn != hn ? 1 : 2;
      }
      clamped -= hn;
      hn = 0;
    }
    store<f32>(hPtr + pk, <f32>hn);
    if (hn > hMax) hMax = hn;
    if (hn > <f64>load<f32>(maxHPtr + pk)) {
      store<f32>(maxHPtr + pk, <f32>hn);
      if (hn >= arrivalDepth && load<f32>(arrivalPtr + pk) < 0) store<f32>(arrivalPtr + pk, t1f);
    }
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
  const hRow = hPtr + (<usize>cb << 2);
  const mRow = maxHPtr + (<usize>cb << 2);
  const aRow = arrivalPtr + (<usize>cb << 2);
  const vRow = validPtr + <usize>cb;
  const xRow = qxPtr + (<usize>fb << 2);
  let c = 0;
  for (; c + 1 < ncols; c += 2) {
    const o = <usize>c << 2;
    const valid = f64x2.convert_low_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load16_splat(vRow + <usize>c))));
    const div = f64x2.sub(f64x2.add(f64x2.sub(ld2(xRow + o), ld2(xRow + o + 4)), ld2(qyNRow + o)), ld2(qySRow + o));
    const hn = f64x2.add(f64x2.add(ld2(hRow + o), f64x2.mul(vDtdx, div)), f64x2.mul(vRain, valid));
    if (!i64x2.all_true(f64x2.ge(hn, zero))) {
      // rare: a clamped (or NaN) depth in the pair; the scalar steps, in column order
      for (let l = 0; l < 2; l++) {
        const k = cb + c + l;
        const pk = <usize>k << 2;
        let h = l ? f64x2.extract_lane(hn, 1) : f64x2.extract_lane(hn, 0);
        if (!(h >= 0)) {
          if (!(h >= -negativeTolerance) && errorCell < 0) {
            errorCell = <f64>k;
            errorKind = h != h ? 1 : 2;
          }
          clamped -= h;
          h = 0;
        }
        store<f32>(hPtr + pk, <f32>h);
        if (h > hMax) hMax = h;
        if (h > <f64>load<f32>(maxHPtr + pk)) {
          store<f32>(maxHPtr + pk, <f32>h);
          if (h >= arrivalDepth && load<f32>(arrivalPtr + pk) < 0) store<f32>(arrivalPtr + pk, t1f);
        }
      }
      continue;
    }
    st2(hRow + o, hn);
    vMax = v128.bitselect(hn, vMax, f64x2.gt(hn, vMax));
    // maxH and arrival without branches (whether a cell rises is as good as random to a branch
    // predictor): lanes that do not change are written back with their own bits
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
    const k = cb + c;
    const f = fb + c;
    const pk = <usize>k << 2;
    let hn = <f64>load<f32>(hPtr + pk) + dtdx * (<f64>load<f32>(qxPtr + (<usize>f << 2)) - <f64>load<f32>(qxPtr + (<usize>(f + 1) << 2)) + <f64>load<f32>(qyNRow + (<usize>c << 2)) - <f64>load<f32>(qySRow + (<usize>c << 2))) + rainDepth * <f64>load<u8>(validPtr + <usize>k);
    if (!(hn >= 0)) {
      if (!(hn >= -negativeTolerance) && errorCell < 0) {
        errorCell = <f64>k;
        errorKind = hn != hn ? 1 : 2;
      }
      clamped -= hn;
      hn = 0;
    }
    store<f32>(hPtr + pk, <f32>hn);
    if (hn > hMax) hMax = hn;
    if (hn > <f64>load<f32>(maxHPtr + pk)) {
      store<f32>(maxHPtr + pk, <f32>hn);
      if (hn >= arrivalDepth && load<f32>(arrivalPtr + pk) < 0) store<f32>(arrivalPtr + pk, t1f);
    }
  }
  if (clamped != 0 && clamped == clamped) {
    const p = ledgerPtr + (<usize>ledgerIndex << 3);
    store<f64>(p, load<f64>(p) + clamped * dx * dx);
  }
  return hMax;
}
