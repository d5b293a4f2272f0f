/**
 * Keeps depths non-negative without losing mass. The local inertial update can take more water out
 * of a cell in one step than it holds: a lone wet cell among dry ones drains through four faces
 * (4α² > 1 for α = 0.7), and so does a point inflow's first wet cell. Instead of clamping the
 * result to zero (which creates water, as LISFLOOD-FP does), each cell whose outflow over the step
 * exceeds its depth gets a factor h / outflow, and every face it feeds is scaled by it. The flux is
 * then the same on both sides of the face, so volume is conserved exactly.
 * Two passes with a barrier between them: factors (each band its own cells), then scaling (each
 * band the faces it owns, reading the donors' factors, which may belong to a neighbour band).
 */
import type { KernelParams } from './localInertial.ts';
import type { FloodArrays } from './state.ts';

const fr = Math.fround;

/**
 * Factors for cells c0 … c1 − 1 of row r; true if one was limited (the caller marks the row in
 * rowLimited). Float32 arithmetic (fr after each operation), as the f32x4 kernel in wasm/kernel.ts.
 */
export function outflowFactors(
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  p: KernelParams,
  r: number,
  c0 = 0,
  c1 = p.ncols,
): boolean {
  const ncols = p.ncols;
  const dtdx = fr(p.dt / p.dx);
  const h = a.h;
  const fac = a.fac;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  let limited = false;
  for (let c = c0; c < c1; c++) {
    const k = cb + c;
    const e = qx[fb + c + 1];
    const w = qx[fb + c];
    const s = qy[k + ncols];
    const n = qy[k];
    const out = fr(dtdx * fr(fr(fr((e > 0 ? e : 0) - (w < 0 ? w : 0)) + (s > 0 ? s : 0)) - (n < 0 ? n : 0)));
    const hk = h[k];
    if (out > hk) {
      fac[k] = hk / out;
      limited = true;
    } else fac[k] = 1;
  }
  return limited;
}

/** outflowFactors of whole rows [r0, r1), marking rowLimited; true if any cell was limited. */
export function outflowFactorRows(
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  p: KernelParams,
  r0: number,
  r1: number,
): boolean {
  let any = false;
  for (let r = r0; r < r1; r++) {
    const limited = outflowFactors(a, qx, qy, p, r);
    a.rowLimited[r] = limited ? 1 : 0;
    if (limited) any = true;
  }
  return any;
}

/** Scales the faces owned by rows [r0, r1) (x faces of those rows, y faces north of them, and the south edge for the last band) by their donor cell's factor. */
export function scaleOutflows(
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  p: KernelParams,
  r0: number,
  r1: number,
): void {
  scaleRowsX(a, qx, p, r0, r1);
  scaleRowsY(a, qy, p, r0, r1 === p.nrows ? p.nrows + 1 : r1);
}

/** The x faces of the limited rows among [r0, r1), each by its donor cell's factor. */
export function scaleRowsX(a: FloodArrays, qx: Float32Array, p: KernelParams, r0: number, r1: number): void {
  const { ncols } = p;
  const nf = ncols + 1;
  const fac = a.fac;
  const rowLimited = a.rowLimited;
  for (let r = r0; r < r1; r++) {
    if (!rowLimited[r]) continue;
    const cb = r * ncols;
    const fb = r * nf;
    for (let c = 0; c <= ncols; c++) {
      const q = qx[fb + c];
      if (q > 0 && c > 0) qx[fb + c] = q * fac[cb + c - 1];
      else if (q < 0 && c < ncols) qx[fb + c] = q * fac[cb + c];
    }
  }
}

/** The y face rows j0 … j1 − 1 (face row j between cell rows j − 1 and j) next to a limited row. */
export function scaleRowsY(a: FloodArrays, qy: Float32Array, p: KernelParams, j0: number, j1: number): void {
  const { ncols, nrows } = p;
  const fac = a.fac;
  const rowLimited = a.rowLimited;
  for (let j = j0; j < j1; j++) {
    const north = j > 0 && rowLimited[j - 1] === 1;
    const south = j < nrows && rowLimited[j] === 1;
    if (!north && !south) continue;
    const fb = j * ncols;
    for (let c = 0; c < ncols; c++) {
      const q = qy[fb + c];
      if (q > 0 && north) qy[fb + c] = q * fac[fb - ncols + c];
      else if (q < 0 && south) qy[fb + c] = q * fac[fb + c];
    }
  }
}
