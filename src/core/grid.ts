/**
 * A regular raster in map units. Row 0 is the NORTH row (as in ESRI ASCII and GeoTIFF files),
 * column 0 the west column. Missing cells (nodata) are NaN in `values`; `nodata` remembers the
 * file's marker so a writer can put it back.
 */
/** Where a grid lies: size, cell size and lower-left corner (row 0 north, as for Grid). */
export interface GridGeometry {
  ncols: number;
  nrows: number;
  cellSize: number;
  xll: number;
  yll: number;
}

export interface Grid {
  ncols: number;
  nrows: number;
  /** square cell size in map units (metres for projected CRSs) */
  cellSize: number;
  /** x of the west edge of column 0 */
  xll: number;
  /** y of the south edge of the last row */
  yll: number;
  values: Float32Array;
  /** the nodata marker used in files (NaN in memory) */
  nodata: number | null;
  crs?: GridCrs;
}

export interface GridCrs {
  /** EPSG code when known, e.g. 32648 for WGS 84 / UTM zone 48N */
  epsg?: number;
  /** a proj4 definition string when the CRS is not a known EPSG code */
  proj4?: string;
}

export function makeGrid(ncols: number, nrows: number, cellSize: number, xll = 0, yll = 0, fill = 0): Grid {
  const values = new Float32Array(ncols * nrows);
  if (fill !== 0) values.fill(fill);
  return { ncols, nrows, cellSize, xll, yll, values, nodata: -9999 };
}

/** Centre of cell (col, row) in map units. */
export function cellCentre(g: GridGeometry, col: number, row: number): [number, number] {
  return [g.xll + (col + 0.5) * g.cellSize, g.yll + (g.nrows - row - 0.5) * g.cellSize];
}

/**
 * The cell holding map point (x, y), or null outside the grid. A point exactly on a cell edge reads
 * the cell to its east or north (the CLI contract for output points).
 */
export function cellAt(g: GridGeometry, x: number, y: number): [number, number] | null {
  const i = cellIndexAt(g, x, y);
  return i < 0 ? null : [i % g.ncols, (i - (i % g.ncols)) / g.ncols];
}

/**
 * Index (row · ncols + col) of the cell holding map point (x, y), or -1 off the grid. Row 0 is the
 * north row; a point on a cell edge belongs to the cell east / north of it.
 * @example cellIndexAt({ ncols: 2, nrows: 2, cellSize: 10, xll: 0, yll: 0 }, 15, 20) // 1 (row 0, col 1)
 */
export function cellIndexAt(g: GridGeometry, x: number, y: number): number {
  const col = Math.floor((x - g.xll) / g.cellSize);
  // distance from the north edge; a point on an edge belongs to the cell north of it
  const top = g.yll + g.nrows * g.cellSize;
  const row = Math.ceil((top - y) / g.cellSize) - 1;
  if (col < 0 || col >= g.ncols || row < 0 || row >= g.nrows) return -1;
  return row * g.ncols + col;
}

export function sameShape(a: Grid, b: Grid): boolean {
  return (
    a.ncols === b.ncols &&
    a.nrows === b.nrows &&
    Math.abs(a.cellSize - b.cellSize) <= 1e-9 * a.cellSize &&
    Math.abs(a.xll - b.xll) <= 1e-6 * a.cellSize &&
    Math.abs(a.yll - b.yll) <= 1e-6 * a.cellSize
  );
}
