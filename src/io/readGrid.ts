/**
 * One entry point for raster files: GeoTIFF (by its magic bytes or a .tif/.tiff name) or ESRI
 * ASCII grid (.asc and anything else that is text). Writers pick the format by extension.
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import { readAsciiGrid, writeAsciiGrid } from './asciiGrid.ts';
import { isTiff, readGeoTiff, writeGeoTiff } from './geotiff.ts';

export type GridFormat = 'geotiff' | 'ascii';

function extension(file: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(file);
  return m ? m[1].toLowerCase() : '';
}

/** The format a file holds, from its first bytes, else its name. */
export function detectGridFormat(data: Uint8Array, file: string): GridFormat {
  if (isTiff(data)) return 'geotiff';
  const ext = extension(file);
  if (ext === 'tif' || ext === 'tiff' || ext === 'gtiff') return 'geotiff';
  return 'ascii';
}

/** Reads a GeoTIFF or ESRI ASCII grid. Bad bytes throw InputError naming `file`. */
export async function readGrid(data: Uint8Array, file: string): Promise<Grid> {
  if (detectGridFormat(data, file) === 'geotiff') return readGeoTiff(data, file);
  // a binary file that is not a TIFF: say so rather than parse garbage as text
  const head = data.subarray(0, Math.min(data.length, 512));
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) throw new InputError('not a grid file: binary data that is not a TIFF', { file });
  }
  return readAsciiGrid(data, file); // line by line: a city's grid is past V8's longest string
}

/** Encodes a grid for `file`: .tif/.tiff → deflate GeoTIFF, .asc → ESRI ASCII grid. */
export function writeGridFile(grid: Grid, file: string): Uint8Array {
  const ext = extension(file);
  if (ext === 'tif' || ext === 'tiff') return writeGeoTiff(grid, { compress: true });
  if (ext === 'asc') return new TextEncoder().encode(writeAsciiGrid(grid));
  throw new InputError(`cannot tell the grid format from the name (use .tif, .tiff or .asc)`, { file });
}
