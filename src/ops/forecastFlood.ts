/**
 * The forecast flood as the ops view draws it on the twin: the runner writes the highest water
 * level of each computational cell (ground + max depth; NaN where the cell stays dry), and the page
 * spreads it over the twin's own DEM, which may be finer: each DEM cell under a wet computational
 * cell gets the level less its own ground (water-level downscaling: the surface is flat within a
 * computational cell, the depth follows the fine ground).
 */
import { cellIndexAt, cellCentre, type Grid } from '../core/grid.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

/** The depth (m) from which a computational cell counts as wet for the drawing. */
export const WET_M = 0.01;

/**
 * @example maxLevelGrid({ ncols: 2, nrows: 1, cellSize: 50, xll: 0, yll: 0, z: new Float32Array([10, 12]) }, new Float32Array([0.5, 0])).values // [10.5, NaN]
 */
export function maxLevelGrid(
  setup: Pick<FloodSetup, 'ncols' | 'nrows' | 'cellSize' | 'xll' | 'yll' | 'z'>,
  maxDepth: Float32Array,
): Grid {
  const values = new Float32Array(maxDepth.length);
  for (let k = 0; k < values.length; k++) values[k] = maxDepth[k] >= WET_M ? setup.z[k] + maxDepth[k] : Number.NaN;
  const { ncols, nrows, cellSize, xll, yll } = setup;
  return { ncols, nrows, cellSize, xll, yll, values, nodata: -9999 };
}

/** Depth per DEM cell (row 0 north) under the level grid; 0 where it is dry or off the level grid. */
export function depthOnDem(level: Grid, dem: Grid): Float32Array {
  const depth = new Float32Array(dem.ncols * dem.nrows);
  for (let r = 0; r < dem.nrows; r++) {
    for (let c = 0; c < dem.ncols; c++) {
      const [x, y] = cellCentre(dem, c, r);
      const i = cellIndexAt(level, x, y);
      const k = r * dem.ncols + c;
      const d = i < 0 ? Number.NaN : level.values[i] - dem.values[k];
      depth[k] = d > 0 ? d : 0;
    }
  }
  return depth;
}
