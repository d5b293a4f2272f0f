/**
 * The cells a polyline crosses, each with its share of the line's length (shares sum to 1).
 * A line inflow spreads its total discharge over these cells. The line is cut into pieces of
 * 1/8 cell and each piece is given to the cell holding its midpoint (edge rule of `cellAt`), which
 * is exact to 1/8 cell and handles lines lying on cell edges and on the grid's outer boundary.
 * Wall cells (NaN bed) get nothing; the remaining shares are renormalised.
 */
import type { Grid } from '../../src/core/grid.ts';

export function lineCells(g: Grid, line: ReadonlyArray<readonly [number, number]>, z: Float32Array): { cells: Int32Array; weights: Float64Array } {
  const share = new Map<number, number>();
  const top = g.yll + g.nrows * g.cellSize;
  const piece = g.cellSize / 8;
  for (let s = 0; s + 1 < line.length; s++) {
    const [x0, y0] = line[s];
    const [x1, y1] = line[s + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    const nPieces = Math.max(1, Math.ceil(len / piece));
    for (let p = 0; p < nPieces; p++) {
      const f = (p + 0.5) / nPieces;
      const x = x0 + f * (x1 - x0);
      const y = y0 + f * (y1 - y0);
      let col = Math.floor((x - g.xll) / g.cellSize);
      let row = Math.ceil((top - y) / g.cellSize) - 1;
      // a line lying on the east or south outer edge belongs to the last column / row
      col = Math.min(Math.max(col, 0), g.ncols - 1);
      row = Math.min(Math.max(row, 0), g.nrows - 1);
      const k = row * g.ncols + col;
      if (Number.isNaN(z[k])) continue;
      share.set(k, (share.get(k) ?? 0) + (len === 0 ? 1 : len / nPieces));
    }
  }
  const keys = [...share.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of keys) total += share.get(k)!;
  const cells = Int32Array.from(keys);
  const weights = Float64Array.from(keys, (k) => share.get(k)! / total);
  return { cells, weights };
}
