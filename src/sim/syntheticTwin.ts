/**
 * A made-up valley (DEM) and a rising-water depth frame over it, for measuring the scene at a
 * chosen size (e.g. one million cells) independently of the data files and the flood engine.
 * Labelled synthetic wherever shown; never used as a flood result.
 */
import type { Grid } from '../core/grid.ts';

/** A valley running north-south with hills either side, in UTM 48N near Chongqing. */
export function syntheticDem(ncols: number, nrows: number, cellSize: number): Grid {
  const values = new Float32Array(ncols * nrows);
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const u = c / (ncols - 1) - 0.5 - 0.08 * Math.sin((r / nrows) * Math.PI * 2);
      const v = r / (nrows - 1);
      values[r * ncols + c] = 180 + 400 * u * u + 8 * v + 6 * Math.sin(c * 0.05) * Math.cos(r * 0.04);
    }
  }
  return { ncols, nrows, cellSize, xll: 620000, yll: 3270000, values, nodata: -9999, crs: { epsg: 32648 } };
}

/** Depth of a flat water level over the DEM: max(0, level − ground), written into `out`. */
export function levelDepth(dem: Grid, level: number, out: Float32Array): Float32Array {
  const v = dem.values;
  for (let i = 0; i < v.length; i++) {
    const d = level - v[i];
    out[i] = d > 0 ? d : 0;
  }
  return out;
}
