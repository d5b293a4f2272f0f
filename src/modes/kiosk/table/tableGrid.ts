/**
 * The sand table's frame: map coordinates (metres, the twin's CRS) to table units, and the grid of
 * cell centres shared by the terrain and the water mesh. One table unit is `UNIT_M` metres across;
 * heights are exaggerated by `EXAGGERATION` above the lowest ground so the river bend reads as a
 * valley. North is −z (three.js looks down −z with +y up).
 */
import type { GridGeometry } from '../../../core/grid.ts';

export const UNIT_M = 10;
export const EXAGGERATION = 2;

export interface TableFrame extends GridGeometry {
  /** map centre (m) */
  cx: number;
  cy: number;
  /** ground level that sits on the plinth top (m) */
  baseZ: number;
}

export function tableFrame(g: GridGeometry, dem: Float32Array): TableFrame {
  let baseZ = Infinity;
  for (const v of dem) if (v < baseZ) baseZ = v;
  if (!Number.isFinite(baseZ)) baseZ = 0;
  return {
    ncols: g.ncols,
    nrows: g.nrows,
    cellSize: g.cellSize,
    xll: g.xll,
    yll: g.yll,
    cx: g.xll + (g.ncols * g.cellSize) / 2,
    cy: g.yll + (g.nrows * g.cellSize) / 2,
    baseZ,
  };
}

/** table x of map x */
export const tx = (f: TableFrame, x: number): number => (x - f.cx) / UNIT_M;
/** table z of map y (north is −z) */
export const tz = (f: TableFrame, y: number): number => -(y - f.cy) / UNIT_M;
/** table height of a ground or water level (m) */
export const ty = (f: TableFrame, level: number): number => ((level - f.baseZ) * EXAGGERATION) / UNIT_M;

/**
 * x, z of every cell centre (grid order, row 0 north) and the triangles of the cell-centre grid.
 * @example cellGrid(frame).index.length === (ncols - 1) * (nrows - 1) * 6
 */
export function cellGrid(f: TableFrame): { xz: Float32Array; index: Uint32Array } {
  const { ncols, nrows, cellSize } = f;
  const xz = new Float32Array(ncols * nrows * 2);
  for (let r = 0; r < nrows; r++)
    for (let c = 0; c < ncols; c++) {
      const k = r * ncols + c;
      xz[2 * k] = tx(f, f.xll + (c + 0.5) * cellSize);
      xz[2 * k + 1] = tz(f, f.yll + (nrows - r - 0.5) * cellSize);
    }
  const index = new Uint32Array((ncols - 1) * (nrows - 1) * 6);
  let i = 0;
  for (let r = 0; r < nrows - 1; r++)
    for (let c = 0; c < ncols - 1; c++) {
      const a = r * ncols + c;
      // counter-clockwise seen from above (+y): a, a+ncols (south), a+1 (east)
      index[i++] = a;
      index[i++] = a + ncols;
      index[i++] = a + 1;
      index[i++] = a + 1;
      index[i++] = a + ncols;
      index[i++] = a + ncols + 1;
    }
  return { xz, index };
}

/** the ground with nodata cells set to the lowest ground (they sit flat on the plinth) */
export function filledGround(f: TableFrame, dem: Float32Array): Float32Array {
  return Float32Array.from(dem, (v) => (Number.isNaN(v) ? f.baseZ : v));
}
