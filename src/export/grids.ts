/**
 * Result grids as files: maximum depth and arrival time (seconds from the start; NaN where the
 * water never arrived) as ESRI ASCII grid or GeoTIFF, through the project's grid writers. A
 * compressed GeoTIFF is deflated by src/export/deflate.ts (not Node's zlib), so the CLI and the
 * page write the same bytes.
 */
import type { Grid } from '../core/grid.ts';
import { asciiGridBytes, writeAsciiGrid } from '../io/asciiGrid.ts';
import { writeGeoTiff, type TiffBlockCodec } from '../io/geotiff.ts';
import { zlibDeflate } from './deflate.ts';

/** TIFF Compression 8 (zlib deflate) by the project's own encoder. */
export const DEFLATE_CODEC: TiffBlockCodec = { code: 8, encode: zlibDeflate };

export type GridFormat = 'asc' | 'tif';

/** A Grid of `values` on the geometry of `like` (values are not copied). */
export function gridOf(like: Grid, values: Float32Array): Grid {
  return {
    ncols: like.ncols,
    nrows: like.nrows,
    cellSize: like.cellSize,
    xll: like.xll,
    yll: like.yll,
    values,
    nodata: like.nodata ?? -9999,
    crs: like.crs,
  };
}

/**
 * Above this many cells an ASCII grid is given as bytes: its text (up to ~18 characters a cell) could pass
 * V8's longest string (~512 MiB: "Invalid string length" at 36 M cells).
 */
export const ASCII_TEXT_MAX_CELLS = 10_000_000;

/**
 * The grid as file content: text for ASCII grid (its UTF-8 bytes past `ASCII_TEXT_MAX_CELLS`), bytes for
 * GeoTIFF (deflate with the float predictor when `compress`).
 */
export function exportGrid(
  grid: Grid,
  format: GridFormat,
  options: { compress?: boolean; asciiTextMaxCells?: number } = {},
): string | Uint8Array {
  if (format === 'tif') return writeGeoTiff(grid, { compress: options.compress ? DEFLATE_CODEC : false });
  return grid.ncols * grid.nrows > (options.asciiTextMaxCells ?? ASCII_TEXT_MAX_CELLS)
    ? asciiGridBytes(grid)
    : writeAsciiGrid(grid);
}

/** Max depth with cells below `dryM` written as 0 (dry), NaN kept as nodata. */
export function maxDepthGrid(like: Grid, maxDepth: Float32Array, dryM = 0): Grid {
  const v = new Float32Array(maxDepth.length);
  for (let i = 0; i < v.length; i++) {
    const d = maxDepth[i];
    v[i] = Number.isNaN(d) ? NaN : d < dryM ? 0 : d;
  }
  return gridOf(like, v);
}

/** Arrival time in seconds; cells never reached (Infinity, negative or NaN) become nodata. */
export function arrivalTimeGrid(like: Grid, arrivalS: Float32Array | Float64Array): Grid {
  const v = new Float32Array(arrivalS.length);
  for (let i = 0; i < v.length; i++) {
    const t = arrivalS[i];
    v[i] = Number.isFinite(t) && t >= 0 ? t : NaN;
  }
  return gridOf(like, v);
}

/** File name for a result grid: "<scenario>-<what>.<ext>", safe for every file system. */
export function gridFileName(
  scenario: string,
  what: 'max-depth' | 'arrival-time' | 'depth-change',
  format: GridFormat,
): string {
  const safe = scenario.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'scenario';
  return `${safe}-${what}.${format}`;
}
