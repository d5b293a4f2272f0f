import { describe, expect, it } from 'vitest';
import { cellAt, cellIndexAt } from '../../src/core/grid.ts';
import { ringCentroid } from '../../src/core/ringCentroid.ts';

describe('ringCentroid', () => {
  it('an L-shaped ring: the area-weighted centre, flat and closed or as open points, same bits', () => {
    // 2×1 block [0,2]×[0,1] (area 2, centre (1, 0.5)) plus 1×1 block [0,1]×[1,2] (area 1, centre (0.5, 1.5)):
    // centroid ((2·1 + 0.5)/3, (2·0.5 + 1.5)/3) = (5/6, 5/6)
    const pts: [number, number][] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]];
    const flat = Float64Array.from([...pts.flat(), 0, 0]);
    const c = ringCentroid(flat);
    expect(c[0]).toBeCloseTo(5 / 6, 14);
    expect(c[1]).toBeCloseTo(5 / 6, 14);
    expect(ringCentroid(pts)).toEqual(c);
  });

  it('a ring with no area gives the mean of its vertices', () => {
    expect(ringCentroid([[0, 0], [2, 0], [4, 0]])).toEqual([2, 0]);
  });
});

describe('cellIndexAt', () => {
  it('row 0 north, edges read east / north, -1 off the grid, as cellAt', () => {
    const g = { ncols: 3, nrows: 2, cellSize: 10, xll: 100, yll: 200 };
    expect(cellIndexAt(g, 105, 215)).toBe(0);
    expect(cellIndexAt(g, 110, 210)).toBe(1); // on the corner of cells 0, 1, 3, 4: east and north
    expect(cellIndexAt(g, 125, 201)).toBe(5);
    expect(cellIndexAt(g, 130, 205)).toBe(-1);
    expect(cellAt(g, 125, 201)).toEqual([2, 1]);
    expect(cellAt(g, 99, 205)).toBeNull();
  });
});
