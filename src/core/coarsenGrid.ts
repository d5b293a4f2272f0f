/**
 * A grid's cells gathered into blocks of `factor` × `factor` (a coarser computational resolution of
 * the same ground): each block takes the mean or the maximum of its valid (non-NaN) cells; a block
 * with none is NaN. Partial blocks at the east and south edges keep the cells they have. The corner
 * (xll, yll) of the north-west block stays where it was, so the coarse grid covers the fine one.
 * `max` keeps thin barriers (a levee crest narrower than a block) at their height; `mean` keeps
 * volumes (ground, roughness).
 * @example coarsenGrid(makeGrid(4, 2, 5), 2, 'mean').ncols // 2 (cellSize 10, nrows 1)
 */
import type { Grid } from './grid.ts';

export type CoarsenRule = 'mean' | 'max';

export function coarsenGrid(g: Grid, factor: number, rule: CoarsenRule): Grid {
  if (!Number.isInteger(factor) || factor < 1)
    throw new RangeError(`coarsening factor must be a whole number >= 1, got ${factor}`);
  const ncols = Math.ceil(g.ncols / factor);
  const nrows = Math.ceil(g.nrows / factor);
  const sum = new Float64Array(ncols * nrows);
  const count = new Uint32Array(ncols * nrows);
  const top = new Float64Array(ncols * nrows).fill(-Infinity);
  for (let r = 0; r < g.nrows; r++) {
    const rowBase = Math.floor(r / factor) * ncols;
    for (let c = 0; c < g.ncols; c++) {
      const v = g.values[r * g.ncols + c];
      if (Number.isNaN(v)) continue;
      const k = rowBase + Math.floor(c / factor);
      sum[k] += v;
      count[k]++;
      if (v > top[k]) top[k] = v;
    }
  }
  const values = new Float32Array(ncols * nrows);
  for (let k = 0; k < values.length; k++) {
    values[k] = count[k] === 0 ? Number.NaN : rule === 'max' ? top[k] : sum[k] / count[k];
  }
  // the north edge stays put: the south edge moves down by the rows a partial block adds
  const yll = g.yll + g.nrows * g.cellSize - nrows * factor * g.cellSize;
  return { ...g, ncols, nrows, cellSize: g.cellSize * factor, xll: g.xll, yll, values };
}
