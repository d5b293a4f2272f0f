/**
 * Depth-damage curves: the fraction of a building's value lost at a flood depth, piecewise linear
 * through the given points, from (0, 0) when the first point is above 0, held at the last point.
 * Damage = fraction(depth) × valuePerM2 × footprint area. Curves are configurable per building use
 * (`residential`, `commercial`, …, with `default` as the fallback). The defaults below are
 * illustrative placeholders shaped like published curves (e.g. Huizinga et al. 2017, JRC global
 * flood depth-damage functions, Asia residential), not calibrated values: replace them for a real study.
 */
import { InputError } from '../../src/core/errors.ts';

export interface DepthDamageCurve {
  depthsM: number[];
  /** damage fraction 0–1 at each depth */
  fractions: number[];
  /** replacement value per m² of footprint, in `currency` */
  valuePerM2: number;
  currency?: string;
}

export type DamageCurves = Record<string, DepthDamageCurve>;

/** Placeholder curves (see the header): shape of JRC Asia curves, values per m² in CNY, unverified. */
export const DEFAULT_DAMAGE_CURVES: DamageCurves = {
  residential: {
    depthsM: [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6],
    fractions: [0, 0.33, 0.49, 0.62, 0.72, 0.87, 0.93, 0.98, 1],
    valuePerM2: 3000,
    currency: 'CNY',
  },
  commercial: {
    depthsM: [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6],
    fractions: [0, 0.38, 0.54, 0.66, 0.76, 0.88, 0.94, 0.98, 1],
    valuePerM2: 4000,
    currency: 'CNY',
  },
  industrial: {
    depthsM: [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6],
    fractions: [0, 0.28, 0.48, 0.63, 0.72, 0.86, 0.91, 0.96, 1],
    valuePerM2: 2500,
    currency: 'CNY',
  },
  default: {
    depthsM: [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6],
    fractions: [0, 0.33, 0.49, 0.62, 0.72, 0.87, 0.93, 0.98, 1],
    valuePerM2: 3000,
    currency: 'CNY',
  },
};

export function checkCurve(c: DepthDamageCurve, name: string): void {
  const where = { path: `damageCurves.${name}` };
  if (!Array.isArray(c.depthsM) || c.depthsM.length === 0 || c.depthsM.length !== c.fractions?.length) {
    throw new InputError('depthsM and fractions must be non-empty arrays of the same length', where);
  }
  for (let i = 0; i < c.depthsM.length; i++) {
    if (!Number.isFinite(c.depthsM[i]) || c.depthsM[i] < 0)
      throw new InputError(`depthsM[${i}] must be a number ≥ 0`, where);
    if (i > 0 && !(c.depthsM[i] > c.depthsM[i - 1]))
      throw new InputError(`depthsM must increase (at index ${i})`, where);
    if (!(c.fractions[i] >= 0 && c.fractions[i] <= 1))
      throw new InputError(`fractions[${i}] must be within 0–1`, where);
  }
  if (!(c.valuePerM2 >= 0)) throw new InputError('valuePerM2 must be a number ≥ 0', where);
}

/** Damage fraction at a depth (0 for d ≤ 0 or NaN). */
export function damageFraction(c: DepthDamageCurve, depthM: number): number {
  if (!(depthM > 0)) return 0;
  const xs = c.depthsM;
  const ys = c.fractions;
  const n = xs.length;
  if (depthM >= xs[n - 1]) return ys[n - 1];
  let x0 = 0;
  let y0 = 0;
  for (let i = 0; i < n; i++) {
    if (depthM <= xs[i]) {
      if (xs[i] === x0) return ys[i];
      return y0 + ((ys[i] - y0) * (depthM - x0)) / (xs[i] - x0);
    }
    x0 = xs[i];
    y0 = ys[i];
  }
  return ys[n - 1];
}

/** The curve for a building use (falling back to `default`); null when neither exists. */
function curveFor(curves: DamageCurves, use: string | undefined): DepthDamageCurve | null {
  return (use !== undefined ? curves[use] : undefined) ?? curves.default ?? null;
}

/** Damage of one building: fraction(depth) × valuePerM2 × areaM2. */
export function buildingDamage(curves: DamageCurves, use: string | undefined, depthM: number, areaM2: number): number {
  const c = curveFor(curves, use);
  if (!c) return 0;
  return damageFraction(c, depthM) * c.valuePerM2 * areaM2;
}
