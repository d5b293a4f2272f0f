/**
 * Culvert inlet control by the FHWA HDS-5 equations (Hydraulic Design of Highway Culverts, 3rd ed. 2012,
 * Appendix A), for a conduit with a culvert code on its [XSECTIONS] line. In US units (Ku = 1), with
 * x = Q / (A·D^0.5) (Q cfs, A ft², D ft) and S the barrel slope:
 *   unsubmerged (x ≤ 3.5), form 1:  HW/D = Hc/D + K·x^M − 0.5·S     (Hc: specific head at critical depth)
 *                          form 2:  HW/D = K·x^M
 *   submerged   (x ≥ 4.0):          HW/D = c·x² + Y − 0.5·S         (+0.7·S for mitered inlets)
 * and linear in between. The inlet passes the flow whose headwater is the upstream water depth above the
 * culvert's invert; the barrel's own (outlet-control) flow is capped by it.
 */
import { pow } from '../../src/core/detMath.ts';
import { G, SEC, section, criticalDepth } from './xsection.ts';

export interface CulvertCoefficients {
  form: 1 | 2;
  k: number;
  m: number;
  c: number;
  y: number;
  mitered?: boolean;
}

/** HDS-5 Table A.3 constants by SWMM's culvert code (the inlets of circular, box and elliptical barrels). */
export const HDS5: Readonly<Record<number, CulvertCoefficients>> = {
  1: { form: 1, k: 0.0098, m: 2, c: 0.0398, y: 0.67 }, // concrete pipe, square edge with headwall
  2: { form: 1, k: 0.0018, m: 2, c: 0.0292, y: 0.74 }, // concrete pipe, groove end with headwall
  3: { form: 1, k: 0.0045, m: 2, c: 0.0317, y: 0.69 }, // concrete pipe, groove end projecting
  4: { form: 1, k: 0.0078, m: 2, c: 0.0379, y: 0.69 }, // corrugated metal pipe, headwall
  5: { form: 1, k: 0.021, m: 1.33, c: 0.0463, y: 0.75, mitered: true }, // CMP mitered to slope
  6: { form: 1, k: 0.034, m: 1.5, c: 0.0553, y: 0.54 }, // CMP projecting
  9: { form: 1, k: 0.026, m: 1, c: 0.0347, y: 0.81 }, // box, 30–75° wingwall flares
  10: { form: 1, k: 0.061, m: 0.75, c: 0.04, y: 0.8 }, // box, 90° or 15° wingwall flares
  11: { form: 1, k: 0.061, m: 0.75, c: 0.0423, y: 0.82 }, // box, 0° wingwall flares
};

const FT = 0.3048;
const CFS = FT * FT * FT;

/** The barrel a culvert's inlet sees: section (as the solver codes it), full depth D (m), area A (m²), slope. */
export interface CulvertBarrel {
  shape: number;
  g: [number, number, number, number];
  d: number;
  a: number;
  slope: number;
}

/** Headwater depth (m above the inlet invert) that passes q (m³/s, one barrel) under inlet control. */
export function inletHeadwater(q: number, b: CulvertBarrel, k: CulvertCoefficients): number {
  if (q <= 0) return 0;
  const dFt = b.d / FT;
  const x = q / CFS / ((b.a / (FT * FT)) * Math.sqrt(dFt));
  const sub = (xx: number) => k.c * xx * xx + k.y + (k.mitered ? 0.7 : -0.5) * b.slope;
  const unsub = (xx: number) => {
    if (k.form === 2) return k.k * pow(xx, k.m);
    const qq = xx * (b.a / (FT * FT)) * Math.sqrt(dFt) * CFS;
    const yc = criticalDepth(b.shape, b.g[0], b.g[1], b.g[2], b.g[3], qq);
    section(b.shape, b.g[0], b.g[1], b.g[2], b.g[3], yc);
    const hc = SEC.t > 0 ? yc + SEC.a / (2 * SEC.t) : yc; // dc + Vc²/2g, with Vc² = g·A/T
    return hc / b.d + k.k * pow(xx, k.m) - 0.5 * b.slope;
  };
  let hwd: number;
  if (x <= 3.5) hwd = unsub(x);
  else if (x >= 4) hwd = sub(x);
  else {
    const h1 = unsub(3.5);
    hwd = h1 + ((sub(4) - h1) * (x - 3.5)) / 0.5;
  }
  return hwd * b.d;
}

/** Flow (m³/s, one barrel) that the inlet passes at headwater hw (m), by bisection on `inletHeadwater`. */
export function inletControlFlow(hw: number, b: CulvertBarrel, k: CulvertCoefficients): number {
  if (hw <= 0) return 0;
  let lo = 0;
  let hi = b.a * Math.sqrt(2 * G * hw) * 2; // above any inlet's capacity
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    if (inletHeadwater(mid, b, k) < hw) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
