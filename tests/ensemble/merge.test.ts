/**
 * The merge's probabilities against hand calculations. Three members over four cells:
 *   A: the 10-year event (p 0.1);  B and C: the 100-year event (p 0.01), levee holds (w 0.75) or breaks (w 0.25).
 * Event bands: 0.1 − 0.01 = 0.09 for the 10-year, 0.01 for the 100-year.
 */
import { describe, expect, it } from 'vitest';
import { eventBands, expectedAnnualDamage } from '../../src/ensemble/riskStats.ts';
import { ZoningMerge } from '../../src/ensemble/zoning.ts';

const member = (aep: number, weight: number, depth: number[], damage: number) => ({
  aep,
  weight,
  maxDepth: Float32Array.from(depth),
  hazard: Uint8Array.from(depth.map((d) => (d > 0.01 ? Math.min(3, Math.floor(d)) : 255))),
  buildingDamage: Float64Array.from([damage]),
});
const A = member(0.1, 1, [0.0, 0.2, 0.6, 0.1], 100);
const B = member(0.01, 0.75, [0.0, 0.4, 0.9, 0.3], 1000);
const C = member(0.01, 0.25, [0.3, 0.6, 2.0, 0.1], 3000);

function merged(order = [A, B, C]) {
  const z = new ZoningMerge(4, [0.1, 0.01, 0.01], [0.15, 0.5, 1.5], 1);
  for (const m of order) z.add(m);
  return z;
}
const close = (got: ArrayLike<number>, want: number[]): void => {
  want.forEach((w, i) => {
    expect(got[i]).toBeCloseTo(w, 12);
  });
};

describe('ensemble merge', () => {
  it('bands events from the most frequent', () => {
    const { p, width } = eventBands([0.01, 0.1, 0.01]);
    expect(p).toEqual([0.1, 0.01]);
    close(width, [0.09, 0.01]);
  });

  it('annual exceedance probabilities of 0.15, 0.5 and 1.5 m per cell', () => {
    const z = merged();
    // 0.15 m: cell 0 only C (0.01·0.25); cells 1, 2 every member (0.09 + 0.01); cell 3 only B (0.01·0.75)
    close(z.exceedance.subarray(0, 4), [0.0025, 0.1, 0.1, 0.0075]);
    // 0.5 m: cell 1 only C; cell 2 every member
    close(z.exceedance.subarray(4, 8), [0, 0.0025, 0.1, 0]);
    // 1.5 m: cell 2 only C
    close(z.exceedance.subarray(8, 12), [0, 0, 0.0025, 0]);
  });

  it('max depth and hazard class per return period are the envelopes of the variants', () => {
    const z = merged();
    expect(Array.from(z.maxDepth.subarray(0, 4))).toEqual([0, 0.2, 0.6, 0.1].map(Math.fround));
    expect(Array.from(z.maxDepth.subarray(4, 8))).toEqual([0.3, 0.6, 2.0, 0.3].map(Math.fround));
    expect(Array.from(z.hazard.subarray(4, 8))).toEqual([0, 0, 2, 0]);
    expect(Array.from(z.weightSeen)).toEqual([1, 1]);
  });

  it('expected annual damage by the trapezoid rule over probability', () => {
    const z = merged();
    // D(10-year) = 100, D(100-year) = 0.75·1000 + 0.25·3000 = 1500
    close(z.damageOf(0), [100, 1500]);
    // ½(100 + 1500)·0.09 + 1500·0.01 = 72 + 15
    expect(expectedAnnualDamage(z.p, z.damageOf(0))).toBeCloseTo(87, 10);
  });

  it('does not depend on the order the members arrive in', () => {
    const a = merged([A, B, C]);
    const b = merged([C, A, B]);
    expect(b.maxDepth).toEqual(a.maxDepth);
    close(b.exceedance, Array.from(a.exceedance));
  });
});
