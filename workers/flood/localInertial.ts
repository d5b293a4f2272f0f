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
 * Why θ < 1 by default (0.9): with θ = 1 the scheme is forward-backward in time, which has no numerical
 * damping. Its grid-scale mode (a checkerboard, k = π/dx in x and y) is stable only while
 * c·dt·√(1/dx² + 1/dy²) ≤ 1, i.e. c·dt/dx ≤ 0.707 on square cells, and α = 0.7 puts the deepest cell 1 %
 * inside that. In still ponds friction (∝ |q|) vanishes too, so the mode, fed by the nonlinear flow
 * depth at wet/dry edges, grows to a standing ±5 cm checkerboard over a day or two (tests/flood/
 * settling.test.ts). The centred term ½(1−θ)(q₋ + q₊) multiplies that mode's flux by 2θ − 1 (0.8 at
 * θ = 0.9) each step, and leaves smooth flow almost untouched.
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
 * the NEW ones. The face arithmetic is float32 (the state is float32 anyway; four faces per f32x4
 * instruction in the kernels, where float64 gave two), written here as Math.fround after every
 * operation; the depth update is float64.
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
  /** running maximum of |u| + √(g·hf) over faces deeper than SPEED_DEPTH_M (trackSpeed); the caller resets it */
  speedMax?: number;
}

/** Per-step constants of the face update, as float32 values. */
interface FaceConsts {
  gdt: number;
  /** ½·g·dt: the ½ averages n² over the face's two cells */
  gdtHalf: number;
  invDx: number;
  theta: number;
  side: number;
  centred: boolean;
  implicit: boolean;
  hThreshold: number;
  vmax2: number;
}

const fr = Math.fround;

function faceConsts(p: KernelParams): FaceConsts {
  const gdt = fr(G * p.dt);
  const theta = fr(p.theta);
  return {
    gdt,
    gdtHalf: fr(0.5 * gdt),
    invDx: fr(1 / p.dx),
    theta,
    side: fr(0.5 * fr(1 - theta)),
    centred: theta < 1,
    implicit: p.implicitFriction,
    hThreshold: fr(p.hThreshold),
    vmax2: fr(p.maxVelocity * p.maxVelocity),
  };
}

/**
 * Flow depth of a face, max(η0, η1) − max(z0, z1), computed as max(h0 − (zm − z0), h1 − (zm − z1)):
 * in float32, z + h would round at the bed's magnitude (2e-6 m at 30 m, 1.5e-5 m at 180 m), while
 * a bed difference is exact (Sterbenz) and the sum rounds at the depth's own magnitude.
 */
function flowDepth(h0: number, h1: number, z0: number, z1: number): number {
  const zm = z0 > z1 ? z0 : z1;
  const a0 = fr(h0 + fr(z0 - zm));
  const a1 = fr(h1 + fr(z1 - zm));
  return a0 > a1 ? a0 : a1;
}

/**
 * The new flux of one face with flow depth hf above the wet/dry threshold, from its old flux q0,
 * the mean of the four perpendicular old fluxes around it, the sum of its two neighbours' old
 * fluxes in the same direction (θ scheme only), the two cells' depths and beds, and n0² + n1².
 * Float32 arithmetic throughout (fr after each operation), as the WebAssembly f32x4 kernels
 * (wasm/kernel.ts) do, in exactly this order: four faces per SIMD instruction there.
 */
function faceFlux(
  q0: number,
  qPerp: number,
  qSides: number,
  h0: number,
  h1: number,
  z0: number,
  z1: number,
  hf: number,
  nSum: number,
  c: FaceConsts,
): number {
  // surface difference as (z1 − z0) + (h1 − h0): both differences are exact or nearly, so a lake
  // at rest gives only the depths' own rounding, which the dead band below takes for no slope
  let dEta = fr(fr(z1 - z0) + fr(h1 - h0));
  const tol = fr(fr(h0 + h1) * ROUNDING);
  if (dEta < tol && dEta > -tol) dEta = 0;
  const slope = fr(dEta * c.invDx);
  const drive = fr(fr(c.gdt * hf) * slope);
  const d73 = pow73(hf);
  const fa = fr(c.gdtHalf * nSum);
  const qs = fr(q0 - drive);
  // |q| in the friction term: the old flux (Bates, semi-implicit), or this step's own 1D
  // implicit solution of q·(1 + a·|q|) = qs, a = fa/d73 (stable where a face first wets on a slope)
  let qm = q0;
  if (c.implicit) {
    const af = fr(fa / d73);
    const aq = fr(af * (qs < 0 ? -qs : qs));
    qm = fr(fr(2 * qs) / fr(1 + fr(Math.sqrt(fr(1 + fr(4 * aq))))));
  }
  // 1 / (1 + fa·|q| / d73) as d73 / (d73 + fa·|q|): one division
  const inv = fr(d73 / fr(d73 + fr(fa * fr(Math.sqrt(fr(fr(qm * qm) + fr(qPerp * qPerp)))))));
  let q = fr(qs * inv);
  if (c.centred) {
    const qc = fr(fr(fr(fr(c.theta * q0) + fr(c.side * qSides)) - drive) * inv);
    if (fr(qc * slope) <= 0) q = qc;
  }
  return q;
}

/** q² > v_max²·hf²: the velocity ran away (float32, as the kernels) */
const runaway = (q: number, hf: number, c: FaceConsts): boolean => fr(q * q) > fr(fr(c.vmax2 * hf) * hf);

/**
 * Faces at least this deep count in the time step's wave speed (band.ts): the CFL limit of the
 * shallow water equations is dt ≤ dx/max(|u| + √(g·h)). Bates et al. 2010 keep only √(g·h_max),
 * which is enough where flow is subcritical, but water pouring over a levee crest into a town is
 * fast, and there the scheme then grows a spurious wave (max depth 46 m instead of 18 m in
 * levee-a.json with 60 s outputs). Thin films (wetting fronts, rain on slopes) are friction
 * dominated and held by the semi-implicit friction, so they are left out: their velocities would
 * only cut the step.
 */
export const SPEED_DEPTH_M = 0.1;
const SPEED_DEPTH = fr(SPEED_DEPTH_M);
const G32 = fr(G);

/** max(s, |q|/hf + √(g·hf)) for a face deeper than SPEED_DEPTH_M (float32, as the kernels) */
function trackSpeed(q: number, hf: number, s: number): number {
  if (hf > SPEED_DEPTH) {
    const v = fr(fr((q < 0 ? -q : q) / hf) + fr(Math.sqrt(fr(G32 * hf))));
    if (v > s) return v;
  }
  return s;
}

/** mean of four perpendicular fluxes, ((a + b) + c) + d then × ¼ */
const mean4 = (a: number, b: number, c: number, d: number): number => fr(0.25 * fr(fr(fr(a + b) + c) + d));

/**
 * Interior x faces of row r west of cells c0 … c1 − 1 (face c between columns c−1 and c, c ≥ 1).
 * Returns −1, or the index of a cell where the velocity ran away.
 */
export function fluxRowX(
  a: FloodArrays,
  qxOld: Float32Array,
  qxNew: Float32Array,
  qyOld: Float32Array,
  p: KernelParams,
  r: number,
  c0 = 1,
  c1 = p.ncols,
): number {
  const ncols = p.ncols;
  const z = a.z;
  const h = a.h;
  const n2 = a.n2;
  const fc = faceConsts(p);
  const centred = fc.centred;
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  const yn = cb; // y faces north of row r
  const ys = cb + ncols; // y faces south of row r
  let bad = -1;
  let sMax = p.speedMax ?? 0;
  for (let c = c0 > 1 ? c0 : 1; c < c1; c++) {
    const k = cb + c;
    const hf = flowDepth(h[k - 1], h[k], z[k - 1], z[k]);
    let q = 0;
    if (hf > fc.hThreshold) {
      const f = fb + c;
      const qy = mean4(qyOld[yn + c - 1], qyOld[yn + c], qyOld[ys + c - 1], qyOld[ys + c]);
      q = faceFlux(
        qxOld[f],
        qy,
        centred ? fr(qxOld[f - 1] + qxOld[f + 1]) : 0,
        h[k - 1],
        h[k],
        z[k - 1],
        z[k],
        hf,
        fr(n2[k - 1] + n2[k]),
        fc,
      );
      if (runaway(q, hf, fc)) bad = k;
      sMax = trackSpeed(q, hf, sMax);
    }
    qxNew[fb + c] = q;
  }
  p.speedMax = sMax;
  return bad;
}

/**
 * The y faces of face row j (between cell rows j−1 and j, 1 ≤ j ≤ nrows−1), columns c0 … c1 − 1. The depths of the two
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
  c0 = 0,
  c1 = p.ncols,
): number {
  const ncols = p.ncols;
  const z = a.z;
  const n2 = a.n2;
  const nf = ncols + 1;
  const fc = faceConsts(p);
  const centred = fc.centred;
  const zn = (j - 1) * ncols; // north cell row in z, n2
  const zs = j * ncols; // south cell row (= y face row j)
  const xn = (j - 1) * nf; // x faces of the north row
  const xs = j * nf;
  let bad = -1;
  let sMax = p.speedMax ?? 0;
  for (let c = c0; c < c1; c++) {
    const h0 = hN[nBase + c];
    const h1 = hS[sBase + c];
    const hf = flowDepth(h0, h1, z[zn + c], z[zs + c]);
    let q = 0;
    if (hf > fc.hThreshold) {
      const f = zs + c;
      const qx = mean4(qxOld[xn + c], qxOld[xn + c + 1], qxOld[xs + c], qxOld[xs + c + 1]);
      q = faceFlux(
        qyOld[f],
        qx,
        centred ? fr(qyOld[f - ncols] + qyOld[f + ncols]) : 0,
        h0,
        h1,
        z[zn + c],
        z[zs + c],
        hf,
        fr(n2[zn + c] + n2[zs + c]),
        fc,
      );
      if (runaway(q, hf, fc)) bad = zs + c;
      sMax = trackSpeed(q, hf, sMax);
    }
    out[outBase + c] = q;
  }
  p.speedMax = sMax;
  return bad;
}

/** Results of depth updates over a band, in a caller-owned scratch array. */
export const DEPTH_OUT = { hMax: 0, errorCell: 1, errorKind: 2 } as const;

/**
 * Cells c0 … c1 − 1 of row r: h += dt/dx·(flux in − flux out) + rain depth (float32 arithmetic, as the f32x4 kernel);
 * keeps the running maximum and the arrival
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
  c0 = 0,
  c1 = p.ncols,
): void {
  const ncols = p.ncols;
  const h = a.h;
  const valid = a.valid;
  const maxH = a.maxH;
  const arrival = a.arrival;
  const dx = p.dx;
  const dtdx = fr(p.dt / dx);
  const rain = fr(rainDepth);
  const arr = fr(arrivalDepth);
  const t1f = fr(t1);
  const cb = r * ncols;
  const fb = r * (ncols + 1);
  let hMax = out[DEPTH_OUT.hMax];
  let clamped = 0;
  for (let c = c0; c < c1; c++) {
    const k = cb + c;
    const f = fb + c;
    let hn = fr(
      fr(h[k] + fr(dtdx * fr(fr(fr(qx[f] - qx[f + 1]) + qyN[nBase + c]) - qyS[sBase + c]))) + fr(rain * valid[k]),
    );
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
    // arrival: the step where the running maximum first reaches the arrival depth
    const m = maxH[k];
    if (hn > m) {
      maxH[k] = hn;
      if (hn >= arr && m < arr) arrival[k] = t1f;
    }
  }
  if (clamped !== 0 && clamped === clamped) a.ledger[ledgerIndex] += clamped * dx * dx;
  out[DEPTH_OUT.hMax] = hMax;
}
