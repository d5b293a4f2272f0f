import { describe, expect, it } from 'vitest';
import { makeTwinFrame, cellCentresEnu } from '../../../src/scene/twinFrame.ts';
import { sampleDem } from '../../../src/scene/terrainProvider.ts';
import { makeGrid } from '../../../src/core/grid.ts';

describe('twin frame', () => {
  it('interpolated cell-centre ENU offsets match exact projection to a millimetre', () => {
    const g = { ncols: 301, nrows: 257, cellSize: 10, xll: 620000, yll: 3270000 };
    const frame = makeTwinFrame(g, { epsg: 32648 });
    const { pos, up } = cellCentresEnu(frame);
    let worst = 0;
    for (const [col, row] of [
      [0, 0],
      [17, 5],
      [150, 128],
      [300, 256],
      [299, 1],
      [45, 200],
    ]) {
      const x = g.xll + (col + 0.5) * g.cellSize,
        y = g.yll + g.nrows * g.cellSize - (row + 0.5) * g.cellSize;
      const e = frame.toEnu(x, y, 0);
      const k = (row * g.ncols + col) * 3;
      worst = Math.max(worst, Math.hypot(pos[k] - e[0], pos[k + 1] - e[1], pos[k + 2] - e[2]));
      // "up" is a unit vector close to the ENU z axis
      expect(Math.hypot(up[k], up[k + 1], up[k + 2])).toBeCloseTo(1, 5);
      expect(up[k + 2]).toBeGreaterThan(0.9999);
    }
    expect(worst).toBeLessThan(0.001); // float32 offsets up to ~2 km: under 1 mm
    // the centre of the grid is the origin
    const c = frame.toEnu(g.xll + (g.ncols * g.cellSize) / 2, g.yll + (g.nrows * g.cellSize) / 2, 0);
    expect(Math.hypot(...c)).toBeLessThan(1e-6);
    // Earth curvature: a point 1.5 km east lies ~0.18 m below the tangent plane (x²/2R)
    const east = frame.toEnu(g.xll + (g.ncols * g.cellSize) / 2 + 1500, g.yll + (g.nrows * g.cellSize) / 2, 0);
    expect(east[2]).toBeCloseTo(-(1500 ** 2) / (2 * 6.378e6), 2);
  });

  it('samples the DEM bilinearly between cell centres', () => {
    const g = makeGrid(2, 2, 10, 0, 0);
    g.values.set([0, 10, 20, 30]); // north row 0, 10; south row 20, 30
    expect(sampleDem(g, 5, 15, 0)).toBeCloseTo(0, 9); // NW centre
    expect(sampleDem(g, 10, 10, 0)).toBeCloseTo(15, 9); // middle
    expect(sampleDem(g, 15, 5, 0)).toBeCloseTo(30, 9); // SE centre
    expect(sampleDem(g, 25, 5, 0)).toBeNull();
  });
});
