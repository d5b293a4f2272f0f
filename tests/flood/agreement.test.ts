/** floodAgreement against counts made by hand on a five-cell pair of runs. */
import { describe, expect, it } from 'vitest';
import { floodAgreement } from '../../workers/flood/agreement.ts';

const f32 = (v: number[]): Float32Array => Float32Array.from(v);

describe('floodAgreement', () => {
  // cell 0 dry in both; 1 within 2 cm; 2 off by 5 cm; 3 wet only in the second run; 4 within
  const ref = { maxDepth: f32([0, 0.5, 1.0, 0.005, 0.3]), arrivalTime: f32([NaN, 100, 200, NaN, 1000]) };
  const other = { maxDepth: f32([0, 0.51, 1.05, 0.2, 0.3]), arrivalTime: f32([NaN, 104, 220, 50, 1000]) };

  it('counts the wet cells of either run and the share within 2 cm', () => {
    const a = floodAgreement(ref, other);
    expect(a.wetCells).toBe(4);
    expect(a.depthShareWithin).toBeCloseTo(2 / 4, 12);
    expect(a.maxDepthDiffM).toBeCloseTo(0.195, 6);
  });

  it('counts arrivals within 5 % of the later time, a one-sided arrival as a miss', () => {
    // 100 vs 104: 4 <= 5.2 yes; 200 vs 220: 20 > 11 no; NaN vs 50: miss; 1000 vs 1000: yes
    const a = floodAgreement(ref, other);
    expect(a.arrivalCells).toBe(4);
    expect(a.arrivalShareWithin).toBeCloseTo(2 / 4, 12);
  });

  it('refuses runs on different grids', () => {
    expect(() => floodAgreement(ref, { maxDepth: f32([0]), arrivalTime: f32([0]) })).toThrow(/different grids/);
  });
});
