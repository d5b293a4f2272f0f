/**
 * Friction of a full force main (SWMM FORCE_MAIN sections, FORCE_MAIN_EQUATION H-W or D-W; SWMM User's
 * Manual, "Force Mains"): a force main flowing full takes its friction slope from Hazen-Williams or
 * Darcy-Weisbach instead of Manning's equation. SI units (m, s).
 */
import { log10, pow } from '../../src/core/detMath.ts';
import { G } from './xsection.ts';

/** Kinematic viscosity of water (m²/s, about 20 °C) for the Reynolds number of Darcy-Weisbach. */
export const WATER_VISCOSITY = 1.0e-6;

/**
 * Hazen-Williams friction slope (SI form V = 0.849·C·R^0.63·S^0.54, solved for S) at velocity v (m/s)
 * in a pipe of hydraulic radius r (m) with C-factor c.
 * @example hazenWilliamsSlope(1.415, 0.075, 120) // ≈ 0.00745
 */
export function hazenWilliamsSlope(v: number, r: number, c: number): number {
  return pow(Math.abs(v) / (0.849 * c * pow(r, 0.63)), 1 / 0.54);
}

/**
 * Darcy-Weisbach friction slope f·V²/(2g·D), D = 4R, with f from the Swamee-Jain form of the Colebrook
 * equation (64/Re when laminar, Re < 2000); eps is the roughness height (m).
 * @example darcyWeisbachSlope(1.415, 0.075, 0.00025) // ≈ 0.0067
 */
export function darcyWeisbachSlope(v: number, r: number, eps: number): number {
  const d = 4 * r;
  const av = Math.abs(v);
  const re = (av * d) / WATER_VISCOSITY;
  if (re <= 0) return 0;
  let f: number;
  if (re < 2000) f = 64 / re;
  else {
    const x = log10(eps / (3.7 * d) + 5.74 / pow(re, 0.9));
    f = 0.25 / (x * x);
  }
  return (f * av * av) / (2 * G * d);
}
