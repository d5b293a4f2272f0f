/**
 * The local inertial scheme (LISFLOOD-FP "ACC"): Bates, Horritt & Fewtrell 2010, J. Hydrol. 387:33,
 * with the optional q-centred θ-weighting of de Almeida et al. 2012, WRR 48.
 *
 * Per face, unit-width flux q (m²/s), η = z + h, hf = max(η0, η1) − max(z0, z1), S = (η1 − η0)/dx:
 *   q¹ = (q⁰ − g·dt·hf·S) / (1 + g·dt·n²·|q| / hf^(7/3))                         (Bates)
 *   q¹ = [θq⁰ + ½(1−θ)(q⁰₋ + q⁰₊) − g·dt·hf·S] / (1 + g·dt·n²·|q| / hf^(7/3))    (de Almeida)
 * with |q| the 2D magnitude √(qx² + q̄y²), q̄y the mean of the four surrounding y-fluxes (as in
 * LISFLOOD-FP), and the Bates form wherever the centred result would flow uphill.
 * No flow when hf ≤ the wet/dry threshold. hf^(7/3) = hf²·∛hf (cheaper than pow).
 *
 * These loops are the product's hot path: locals only, no allocation, fixed order of operations.
 * Fluxes read the OLD q arrays and write the NEW ones, so bands never race.
 */
import type { FloodArrays } from './state.ts';

export const G = 9.81;

export interface KernelParams {
  ncols: number;
  nrows: number;
  dx: number;
  dt: number;
  theta: number;
  hThreshold: number;
  maxVelocity: number;
}

/**
 * Interior x faces (between columns c−1 and c, c = 1 … ncols−1) of rows [r0, r1).
 * Returns −1, or the index of the first cell where the velocity ran away.
 */
export function fluxX(a: FloodArrays, qxOld: Float32Array, qxNew: Float32Array, qyOld: Float32Array, p: KernelParams, r0: number, r1: number): number {
  const { ncols, dx, dt, theta, hThreshold } = p;
  const z = a.z;
  const h = a.h;
  const n2 = a.n2;
  const nf = ncols + 1;
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt; // ½ from averaging n² over the two cells
  const invDx = 1 / dx;
  const side = 0.5 * (1 - theta);
  const centred = theta < 1;
  const vmax2 = p.maxVelocity * p.maxVelocity;
  for (let r = r0; r < r1; r++) {
    const cb = r * ncols;
    const fb = r * nf;
    const yn = r * ncols; // y faces north of row r
    const ys = yn + ncols; // y faces south of row r
    let z0 = z[cb];
    let eta0 = z0 + h[cb];
    let n20 = n2[cb];
    for (let c = 1; c < ncols; c++) {
      const k = cb + c;
      const z1 = z[k];
      const eta1 = z1 + h[k];
      const n21 = n2[k];
      const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
      let q = 0;
      if (hf > hThreshold) {
        const f = fb + c;
        const q0 = qxOld[f];
        const qy = 0.25 * (qyOld[yn + c - 1] + qyOld[yn + c] + qyOld[ys + c - 1] + qyOld[ys + c]);
        const slope = (eta1 - eta0) * invDx;
        const drive = gdt * hf * slope;
        const friction = 1 + (gdtHalf * (n20 + n21) * Math.sqrt(q0 * q0 + qy * qy)) / (hf * hf * Math.cbrt(hf));
        q = (q0 - drive) / friction;
        if (centred) {
          const qc = (theta * q0 + side * (qxOld[f - 1] + qxOld[f + 1]) - drive) / friction;
          if (qc * slope <= 0) q = qc;
        }
        if (q * q > vmax2 * hf * hf) return k;
      }
      qxNew[fb + c] = q;
      z0 = z1;
      eta0 = eta1;
      n20 = n21;
    }
  }
  return -1;
}

/**
 * Interior y faces j (between rows j−1 and j) for j in [j0, j1), 1 ≤ j ≤ nrows−1.
 * Returns −1, or the index of the first cell where the velocity ran away.
 */
export function fluxY(a: FloodArrays, qyOld: Float32Array, qyNew: Float32Array, qxOld: Float32Array, p: KernelParams, j0: number, j1: number): number {
  const { ncols, dx, dt, theta, hThreshold } = p;
  const z = a.z;
  const h = a.h;
  const n2 = a.n2;
  const nf = ncols + 1;
  const gdt = G * dt;
  const gdtHalf = 0.5 * gdt;
  const invDx = 1 / dx;
  const side = 0.5 * (1 - theta);
  const centred = theta < 1;
  const vmax2 = p.maxVelocity * p.maxVelocity;
  const jStart = j0 < 1 ? 1 : j0;
  const jEnd = j1 > p.nrows ? p.nrows : j1;
  for (let j = jStart; j < jEnd; j++) {
    const nb = (j - 1) * ncols; // north cell row
    const sb = j * ncols; // south cell row (= y face row j)
    const xn = (j - 1) * nf; // x faces of the north row
    const xs = j * nf;
    for (let c = 0; c < ncols; c++) {
      const k0 = nb + c;
      const k1 = sb + c;
      const z0 = z[k0];
      const z1 = z[k1];
      const eta0 = z0 + h[k0];
      const eta1 = z1 + h[k1];
      const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
      let q = 0;
      const f = sb + c;
      if (hf > hThreshold) {
        const q0 = qyOld[f];
        const qx = 0.25 * (qxOld[xn + c] + qxOld[xn + c + 1] + qxOld[xs + c] + qxOld[xs + c + 1]);
        const slope = (eta1 - eta0) * invDx;
        const drive = gdt * hf * slope;
        const friction = 1 + (gdtHalf * (n2[k0] + n2[k1]) * Math.sqrt(q0 * q0 + qx * qx)) / (hf * hf * Math.cbrt(hf));
        q = (q0 - drive) / friction;
        if (centred) {
          const qc = (theta * q0 + side * (qyOld[f - ncols] + qyOld[f + ncols]) - drive) / friction;
          if (qc * slope <= 0) q = qc;
        }
        if (q * q > vmax2 * hf * hf) return k1;
      }
      qyNew[f] = q;
    }
  }
  return -1;
}

/** Results of a depth update over a band, written into a caller-owned scratch array. */
export const DEPTH_OUT = { hMax: 0, errorCell: 1, errorKind: 2 } as const;

/**
 * h += dt/dx·(flux in − flux out) + rain depth, for rows [r0, r1); keeps running maxima and the
 * arrival time. A depth below 0 (an overdrawn cell) is set to 0 and the water that creates is
 * booked in the ledger's `clamped` column, so the mass balance shows it. NaN or a depth below
 * −negativeTolerance stops the run (errorKind 1 = NaN, 2 = negative).
 */
export function updateDepth(
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  p: KernelParams,
  r0: number,
  r1: number,
  rainDepth: number,
  t1: number,
  arrivalDepth: number,
  negativeTolerance: number,
  ledgerClamped: number,
  ledgerFields: number,
  out: Float64Array,
): void {
  const { ncols, dx, dt } = p;
  const h = a.h;
  const valid = a.valid;
  const maxH = a.maxH;
  const arrival = a.arrival;
  const ledger = a.ledger;
  const nf = ncols + 1;
  const dtdx = dt / dx;
  const area = dx * dx;
  const t1f = Math.fround(t1);
  let hMax = 0;
  for (let r = r0; r < r1; r++) {
    const cb = r * ncols;
    const fb = r * nf;
    let clamped = 0;
    for (let c = 0; c < ncols; c++) {
      const k = cb + c;
      const f = fb + c;
      let hn = h[k] + dtdx * (qx[f] - qx[f + 1] + qy[k] - qy[k + ncols]) + rainDepth * valid[k];
      if (!(hn >= 0)) {
        if (!(hn >= -negativeTolerance)) {
          out[DEPTH_OUT.errorCell] = k;
          out[DEPTH_OUT.errorKind] = Number.isNaN(hn) ? 1 : 2;
          out[DEPTH_OUT.hMax] = hMax;
          return;
        }
        clamped -= hn;
        hn = 0;
      }
      h[k] = hn;
      if (hn > hMax) hMax = hn;
      if (hn > maxH[k]) {
        maxH[k] = hn;
        if (hn >= arrivalDepth && arrival[k] < 0) arrival[k] = t1f;
      }
    }
    if (clamped !== 0) ledger[r * ledgerFields + ledgerClamped] += clamped * area;
  }
  out[DEPTH_OUT.hMax] = hMax;
  out[DEPTH_OUT.errorCell] = -1;
}
