/**
 * The local inertial scheme (LISFLOOD-FP "ACC"): Bates, Horritt & Fewtrell 2010, J. Hydrol. 387:33,
 * with the optional q-centred θ-weighting of de Almeida et al. 2012, WRR 48.
 *
 * Per face, unit-width flux q (m²/s), η = z + h, hf = max(η0, η1) − max(z0, z1), S = (η1 − η0)/dx:
 *   q¹ = (q⁰ − g·dt·hf·S) / (1 + g·dt·n²·|q| / hf^(7/3))                         (Bates)
 *   q¹ = [θq⁰ + ½(1−θ)(q⁰₋ + q⁰₊) − g·dt·hf·S] / (1 + g·dt·n²·|q| / hf^(7/3))    (de Almeida)
 * with |q| the 2D magnitude √(qx² + q̄y²), q̄y the mean of the four surrounding y-fluxes (as in
 * LISFLOOD-FP), n² the mean of the two cells', and the Bates form wherever the centred result would
 * flow uphill. No flow when hf ≤ the wet/dry threshold. hf^(7/3) comes from `pow73`.
 *
 * Friction "semi-implicit" (the default: Bates 2010, as LISFLOOD-FP) takes |q| from the old fluxes. On steep
 * ground a face that has just wet has q⁰ = 0, so its first step meets no friction at all and
 * can drain a cell several times over (negative depth). Friction "implicit" takes the face-normal
 * part of |q| from this step's own solution of q·(1 + a·|q|) = q* (a = g·dt·n²/hf^(7/3)), i.e.
 * |q| = 2|q*| / (1 + √(1 + 4a|q*|)), which is bounded by Manning's flux for any dt and equals
 * Bates' result at steady state. Either way positivity.ts keeps depths ≥ 0 without losing mass.
 *
 * The functions work on one row at a time (band.ts calls them over its band). They are the
 * JavaScript reference of the WebAssembly kernels (wasm/kernel.ts), which must give the same bits:
 * locals only, no allocation, a fixed order of operations. Fluxes read the OLD q arrays and write
 * the NEW ones.
 */
import { pow73 } from './pow73.ts';
import type { FloodArrays } from './state.ts';

export const G = 9.81;
/** 2⁻²²: two float32 ulps relative to depth */
const ROUNDING = 2.384185791015625e-7;

export interface KernelParams {
  ncols: number;
  nrows: number;
  dx: number;
  dt: number;
  theta: number;
  hThreshold: number;
  maxVelocity: number;
  /** friction magnitude from this step's implicit 1D solution instead of the old flux */
  implicitFriction: boolean;
}

/** Per-step constants of the face update. */
interface FaceConsts {
  gdt: number;
  /** ½·g·dt: the ½ averages n² over the face's two cells */
  gdtHalf: number;
  invDx: number;
  theta: number;
  side: number;
  centred: boolean;
  implicit: boolean;
}

function faceConsts(p: KernelParams): FaceConsts {
  const gdt = G * p.dt;
  return { gdt, gdtHalf: 0.5 * gdt, invDx: 1 / p.dx, theta: p.theta, side: 0.5 * (1 - p.theta), centred: p.theta < 1, implicit: p.implicitFriction };
}

/**
 * The new flux of one face with flow depth hf above the wet/dry threshold, from its old flux q0,
 * the mean of the four perpendicular old fluxes around it, the sum of its two neighbours' old
 * fluxes in the same direction (θ scheme only), the two cells' levels and beds, and n0² + n1².
 * (wasm/kernel.ts repeats exactly these operations, in this order.)
 */
function faceFlux(q0: number, qPerp: number, qSides: number, eta0: number, eta1: number, z0: number, z1: number, hf: number, nSum: number, c: FaceConsts): number {
  // a surface difference below the float32 state's own resolution is rounding, not a slope:
  // without this dead band a lake at rest random-walks by a few ulps a step
  let dEta = eta1 - eta0;
  const tol = (eta0 - z0 + eta1 - z1) * ROUNDING;
  if (dEta < tol && dEta > -tol) dEta = 0;
  const slope = dEta * c.invDx;
  const drive = c.gdt * hf * slope;
  const d73 = pow73(hf);
  const fa = c.gdtHalf * nSum;
  const qs = q0 - drive;
  // |q| in the friction term: the old flux (Bates, semi-implicit), or this step's own 1D
  // implicit solution of q·(1 + a·|q|) = qs, a = fa/d73 (stable where a face first wets on a slope)
  let qm = q0;
  if (c.implicit) {
    const af = fa / d73;
    const aq = af * (qs < 0 ? -qs : qs);
    qm = (2 * qs) / (1 + Math.sqrt(1 + 4 * aq));
  }
  // 1 / (1 + fa·|q| / d73) as d73 / (d73 + fa·|q|): one division
  const inv = d73 / (d73 + fa * Math.sqrt(qm * qm + qPerp * qPerp));
  let q = qs * inv;
  if (c.centred) {
    const qc = (c.theta * q0 + c.side * qSides - drive) * inv;
    if (qc * slope <= 0) q = qc;
  }
  return q;
}

/**
 * Interior x faces of row r (between columns c−1 and c, c = 1 … ncols−1).
 * Returns −1, or the index of a cell where the velocity ran away.
 */
export function fluxRowX(a: FloodArrays, qxOld: Float32Array, qxNew: Float32Array, qyOld: Float32Array, p: KernelParams, r: number): number {
  const ncols = p.ncols;
  const z = a.z;
  const h = a.h;
  const n2 = a.n2;
  const fc = faceConsts(p);
  const centred = fc.centred;
  const hThreshold = p.hThreshold;
  const vmax2 = p.maxVelocity * p.maxVelocity;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const yn = cb; // y faces north of row r
  const ys = cb + ncols; // y faces south of row r
  let bad = -1;
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
      q = faceFlux(q0, qy, centred ? qxOld[f - 1] + qxOld[f + 1] : 0, eta0, eta1, z0, z1, hf, n20 + n21, fc);
      if (q * q > vmax2 * hf * hf) bad = k;
    }
    qxNew[fb + c] = q;
    z0 = z1;
    eta0 = eta1;
    n20 = n21;
  }
  return bad;
}

/**
 * The y faces of face row j (between cell rows j−1 and j, 1 ≤ j ≤ nrows−1). The depths of the two
 * rows are read from `hN` at `nBase` and `hS` at `sBase` and the fluxes written to `out` at
 * `outBase` (the band loop passes the state's own arrays). Returns −1, or the index of a cell
 * where the velocity ran away.
 */
export function fluxRowY(
  a: FloodArrays,
  hN: Float32Array,
  nBase: number,
  hS: Float32Array,
  sBase: number,
  qyOld: Float32Array,
  qxOld: Float32Array,
  p: KernelParams,
  j: number,
  out: Float32Array,
  outBase: number,
): number {
  const ncols = p.ncols;
  const z = a.z;
  const n2 = a.n2;
  const nf = ncols + 1;
  const fc = faceConsts(p);
  const centred = fc.centred;
  const hThreshold = p.hThreshold;
  const vmax2 = p.maxVelocity * p.maxVelocity;
  const zn = (j - 1) * ncols; // north cell row in z, n2
  const zs = j * ncols; // south cell row (= y face row j)
  const xn = (j - 1) * nf; // x faces of the north row
  const xs = j * nf;
  let bad = -1;
  for (let c = 0; c < ncols; c++) {
    const z0 = z[zn + c];
    const z1 = z[zs + c];
    const eta0 = z0 + hN[nBase + c];
    const eta1 = z1 + hS[sBase + c];
    const hf = (eta0 > eta1 ? eta0 : eta1) - (z0 > z1 ? z0 : z1);
    let q = 0;
    if (hf > hThreshold) {
      const f = zs + c;
      const q0 = qyOld[f];
      const qx = 0.25 * (qxOld[xn + c] + qxOld[xn + c + 1] + qxOld[xs + c] + qxOld[xs + c + 1]);
      q = faceFlux(q0, qx, centred ? qyOld[f - ncols] + qyOld[f + ncols] : 0, eta0, eta1, z0, z1, hf, n2[zn + c] + n2[zs + c], fc);
      if (q * q > vmax2 * hf * hf) bad = zs + c;
    }
    out[outBase + c] = q;
  }
  return bad;
}

/** Results of depth updates over a band, in a caller-owned scratch array. */
export const DEPTH_OUT = { hMax: 0, errorCell: 1, errorKind: 2 } as const;

/**
 * Row r: h += dt/dx·(flux in − flux out) + rain depth; keeps the running maximum and the arrival
 * time. The row's north fluxes are `qyN` at `nBase`, its south fluxes `qyS` at `sBase`. A depth
 * below 0 (an overdrawn cell) is set to 0 and the water that creates is booked in the ledger's
 * `clamped` column, so the mass balance shows it. NaN or a depth below −negativeTolerance is
 * reported in `out` (errorKind 1 = NaN, 2 = negative) for the caller to stop the run.
 */
export function depthRow(
  a: FloodArrays,
  qx: Float32Array,
  qyN: Float32Array,
  nBase: number,
  qyS: Float32Array,
  sBase: number,
  p: KernelParams,
  r: number,
  rainDepth: number,
  t1: number,
  arrivalDepth: number,
  negativeTolerance: number,
  ledgerIndex: number,
  out: Float64Array,
): void {
  const ncols = p.ncols;
  const h = a.h;
  const valid = a.valid;
  const maxH = a.maxH;
  const arrival = a.arrival;
  const dx = p.dx;
  const dtdx = p.dt / dx;
  const t1f = Math.fround(t1);
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  let hMax = out[DEPTH_OUT.hMax];
  let clamped = 0;
  for (let c = 0; c < ncols; c++) {
    const k = cb + c;
    const f = fb + c;
    let hn = h[k] + dtdx * (qx[f] - qx[f + 1] + qyN[nBase + c] - qyS[sBase + c]) + rainDepth * valid[k];
    if (!(hn >= 0)) {
      if (!(hn >= -negativeTolerance) && out[DEPTH_OUT.errorCell] < 0) {
        out[DEPTH_OUT.errorCell] = k;
        out[DEPTH_OUT.errorKind] = Number.isNaN(hn) ? 1 : 2;
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
  if (clamped !== 0 && clamped === clamped) a.ledger[ledgerIndex] += clamped * dx * dx;
  out[DEPTH_OUT.hMax] = hMax;
}
