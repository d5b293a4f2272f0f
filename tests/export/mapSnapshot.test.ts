/**
 * The report's map snapshot, checked cell by cell against hand calculations:
 * DEM: 6 × 4 cells of 10 m rising 1 m a cell to the east (dz/dx = 0.1), one nodata cell.
 * Sun from the north-west 45° up: unit vector (−0.5, 0.5, √½).
 *   interior dry cell: shade = (0.1·0.5 + √½)/√1.01 = 0.75335 → grey round(255·(0.2 + 0.8·0.75335)) = round(204.68) = 205
 *   west / east edge (one-sided: dz/dx = 1/20 = 0.05): shade = (0.025 + √½)/√1.0025 = 0.73119 → round(200.16) = 200
 *   flat ground: shade = √½ → round(195.25) = 195
 * Wet cells, ramp (colorRamp.ts): 0.75 m is half-way from 0.5 m [35,115,210] to 1 m [25,75,175] → [30, 95, 193];
 * 3 m half-way from 2 m [20,40,130] to 4 m [30,15,85] → [25, 28, 108]; 10 m holds the deepest [30,15,85].
 */
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../src/core/grid.ts';
import { cellColours, mapSnapshot } from '../../src/export/mapSnapshot.ts';
import { depthColor } from '../../src/export/colorRamp.ts';

const NC = 6,
  NR = 4;
function dem(): Grid {
  const values = new Float32Array(NC * NR);
  for (let r = 0; r < NR; r++) for (let c = 0; c < NC; c++) values[r * NC + c] = 100 + c;
  values[3 * NC + 5] = NaN; // south-east corner: nodata
  return { ncols: NC, nrows: NR, cellSize: 10, xll: 500000, yll: 3270000, values, nodata: -9999 };
}
const depth = (): Float32Array => {
  const d = new Float32Array(NC * NR); // all dry
  d[1 * NC + 2] = 0.75; // row 1 (second from the north), column 2
  d[2 * NC + 3] = 3;
  d[0 * NC + 4] = 10;
  d[2 * NC + 1] = 0.01; // below the 0.02 m drawn-wet threshold: ground
  d[1 * NC + 1] = NaN; // a wall cell: ground
  return d;
};
const px = (rgba: Uint8Array, width: number, i: number, j: number) =>
  Array.from(rgba.subarray((j * width + i) * 4, (j * width + i) * 4 + 4));

describe('map snapshot', () => {
  it('wet cells take the depth ramp colour, dry ones the hillshade grey, nodata is transparent', () => {
    const c = cellColours(dem(), depth());
    const at = (r: number, col: number) => px(c, NC, col, r);
    expect(at(1, 2)).toEqual([30, 95, 193, 255]);
    expect(at(2, 3)).toEqual([25, 28, 108, 255]);
    expect(at(0, 4)).toEqual([30, 15, 85, 255]);
    // the same as the 3D view's ramp function
    expect(at(1, 2).slice(0, 3)).toEqual(depthColor(0.75));
    expect(at(2, 3).slice(0, 3)).toEqual(depthColor(3));
    expect(at(0, 2)).toEqual([205, 205, 205, 255]); // interior dry
    expect(at(2, 1)).toEqual([205, 205, 205, 255]); // 1 cm: dry
    expect(at(1, 1)).toEqual([205, 205, 205, 255]); // NaN depth on ground: dry
    expect(at(0, 0)).toEqual([200, 200, 200, 255]); // west edge
    expect(at(0, 5)).toEqual([200, 200, 200, 255]); // east edge
    expect(at(3, 5)).toEqual([255, 255, 255, 0]); // nodata
    // (3, 4): east neighbour is nodata → counts as the cell itself: (104 − 103)/20 = 0.05
    expect(at(3, 4)).toEqual([200, 200, 200, 255]);
  });

  it('flat ground is round(255·(0.2 + 0.8·√½)) = 195 grey', () => {
    const g = dem();
    g.values.fill(50);
    const c = cellColours(g, new Float32Array(NC * NR));
    for (let k = 0; k < NC * NR; k++) expect(Array.from(c.subarray(k * 4, k * 4 + 4))).toEqual([195, 195, 195, 255]);
  });

  it('small grids are enlarged by whole pixels a cell (north row on top)', () => {
    const s = mapSnapshot(dem(), depth(), { maxSidePx: 26 }); // 26 / 6 → 4 pixels a cell
    expect([s.width, s.height, s.pxPerCell, s.metresPerPx]).toEqual([24, 16, 4, 2.5]);
    expect(px(s.rgba, s.width, 2 * 4, 1 * 4)).toEqual([30, 95, 193, 255]); // first pixel of cell (row 1, col 2)
    expect(px(s.rgba, s.width, 2 * 4 + 3, 1 * 4 + 3)).toEqual([30, 95, 193, 255]); // its last pixel
    expect(px(s.rgba, s.width, 2 * 4 + 4, 1 * 4)).toEqual([205, 205, 205, 255]); // next cell east: dry
    expect(px(s.rgba, s.width, 23, 15)).toEqual([255, 255, 255, 0]);
  });

  it('large grids take the cell under each pixel centre', () => {
    const d = depth();
    d[3 * NC + 1] = 0.75;
    const s = mapSnapshot(dem(), d, { maxSidePx: 3 }); // 2 cells a pixel → 3 × 2; pixel (i, j) shows cell (row 2j + 1, col 2i + 1)
    expect([s.width, s.height, s.pxPerCell, s.metresPerPx]).toEqual([3, 2, 0.5, 20]);
    expect(px(s.rgba, 3, 1, 0)).toEqual([205, 205, 205, 255]); // cell (1, 3): dry interior
    expect(px(s.rgba, 3, 0, 1)).toEqual([30, 95, 193, 255]); // cell (3, 1): 0.75 m
    expect(px(s.rgba, 3, 2, 1)).toEqual([255, 255, 255, 0]); // cell (3, 5): nodata
    expect(px(s.rgba, 3, 2, 0)).toEqual([200, 200, 200, 255]); // cell (1, 5): east edge
  });
});
