/**
 * Where the twin's grid sits on the globe. Everything the scene draws over the grid is placed in a
 * local east-north-up (ENU) frame at the grid's centre, so float32 vertex positions stay small
 * (metres from the origin) and do not jitter.
 *
 * Cell centres are projected exactly (grid CRS -> lon/lat -> ECEF -> ENU) on a coarse lattice
 * and bilinearly interpolated between lattice nodes: UTM -> ENU is smooth, and over a lattice
 * span of 8 cells the interpolation error of the Earth's curvature term x²/2R stays below a millimetre
 * for cells up to 10 m (checked in tests/unit/web/twinFrame.test.ts).
 */
import { Cartesian3, Matrix4, Transforms } from 'cesium';
import type { Grid, GridCrs } from '../core/grid.ts';
import { makeTransform, type PointTransform } from '../io/crs.ts';

export interface TwinFrame {
  grid: Pick<Grid, 'ncols' | 'nrows' | 'cellSize' | 'xll' | 'yll'>;
  /** ECEF position of the grid centre on the ellipsoid */
  origin: Cartesian3;
  enuToFixed: Matrix4;
  fixedToEnu: Matrix4;
  toLonLat: PointTransform;
  fromLonLat: PointTransform;
  /** map (x, y, height above ellipsoid) -> ECEF */
  toCartesian(x: number, y: number, h: number, result?: Cartesian3): Cartesian3;
  /** map (x, y, h) -> ENU offset from the origin */
  toEnu(x: number, y: number, h: number): [number, number, number];
}

export function makeTwinFrame(grid: TwinFrame['grid'], crs: GridCrs | undefined): TwinFrame {
  const isGeo = crs?.epsg === 4326;
  const toLonLat: PointTransform = isGeo ? (x, y) => [x, y] : makeTransform(crs ?? { epsg: 32648 }, 4326);
  const fromLonLat: PointTransform = isGeo ? (x, y) => [x, y] : makeTransform(4326, crs ?? { epsg: 32648 });
  const cx = grid.xll + (grid.ncols * grid.cellSize) / 2;
  const cy = grid.yll + (grid.nrows * grid.cellSize) / 2;
  const [lon0, lat0] = toLonLat(cx, cy);
  const origin = Cartesian3.fromDegrees(lon0, lat0, 0);
  const enuToFixed = Transforms.eastNorthUpToFixedFrame(origin);
  const fixedToEnu = Matrix4.inverseTransformation(enuToFixed, new Matrix4());
  const scratch = new Cartesian3();
  const toCartesian = (x: number, y: number, h: number, result = new Cartesian3()): Cartesian3 => {
    const [lon, lat] = toLonLat(x, y);
    return Cartesian3.fromDegrees(lon, lat, h, undefined, result);
  };
  const toEnu = (x: number, y: number, h: number): [number, number, number] => {
    toCartesian(x, y, h, scratch);
    Matrix4.multiplyByPoint(fixedToEnu, scratch, scratch);
    return [scratch.x, scratch.y, scratch.z];
  };
  return { grid, origin, enuToFixed, fixedToEnu, toLonLat, fromLonLat, toCartesian, toEnu };
}

/**
 * ENU offsets (x, y, z per cell, row-major from the north row) of every cell centre at height 0
 * on the ellipsoid, plus the ENU "up" of the ellipsoid there (needed to raise a point by a height).
 */
export function cellCentresEnu(frame: TwinFrame, step = 8): { pos: Float32Array; up: Float32Array } {
  const { ncols, nrows, cellSize, xll, yll } = frame.grid;
  const top = yll + nrows * cellSize;
  const lc = Math.ceil((ncols - 1) / step) + 1;
  const lr = Math.ceil((nrows - 1) / step) + 1;
  // exact positions and normals on the lattice (cell indices clamped to the last cell)
  const lp = new Float64Array(lc * lr * 3);
  const lu = new Float64Array(lc * lr * 3);
  const up = new Cartesian3();
  const c = new Cartesian3();
  for (let j = 0; j < lr; j++) {
    const row = Math.min(j * step, nrows - 1);
    for (let i = 0; i < lc; i++) {
      const col = Math.min(i * step, ncols - 1);
      frame.toCartesian(xll + (col + 0.5) * cellSize, top - (row + 0.5) * cellSize, 0, c);
      const n = geodeticNormal(c, up); // WGS 84 ellipsoid normal
      Matrix4.multiplyByPoint(frame.fixedToEnu, c, c);
      const k = (j * lc + i) * 3;
      lp[k] = c.x;
      lp[k + 1] = c.y;
      lp[k + 2] = c.z;
      const nn = Matrix4.multiplyByPointAsVector(frame.fixedToEnu, n, n);
      lu[k] = nn.x;
      lu[k + 1] = nn.y;
      lu[k + 2] = nn.z;
    }
  }
  const pos = new Float32Array(ncols * nrows * 3);
  const upOut = new Float32Array(ncols * nrows * 3);
  for (let row = 0; row < nrows; row++) {
    const j = Math.min(Math.floor(row / step), lr - 2 < 0 ? 0 : lr - 2);
    const r0 = Math.min(j * step, nrows - 1),
      r1 = Math.min((j + 1) * step, nrows - 1);
    const fy = r1 > r0 ? (row - r0) / (r1 - r0) : 0;
    for (let col = 0; col < ncols; col++) {
      const i = Math.min(Math.floor(col / step), lc - 2 < 0 ? 0 : lc - 2);
      const c0 = Math.min(i * step, ncols - 1),
        c1 = Math.min((i + 1) * step, ncols - 1);
      const fx = c1 > c0 ? (col - c0) / (c1 - c0) : 0;
      const i1 = Math.min(i + 1, lc - 1),
        j1 = Math.min(j + 1, lr - 1);
      const k00 = (j * lc + i) * 3,
        k10 = (j * lc + i1) * 3,
        k01 = (j1 * lc + i) * 3,
        k11 = (j1 * lc + i1) * 3;
      const o = (row * ncols + col) * 3;
      for (let d = 0; d < 3; d++) {
        const a = lp[k00 + d] + (lp[k10 + d] - lp[k00 + d]) * fx;
        const b = lp[k01 + d] + (lp[k11 + d] - lp[k01 + d]) * fx;
        pos[o + d] = a + (b - a) * fy;
        const ua = lu[k00 + d] + (lu[k10 + d] - lu[k00 + d]) * fx;
        const ub = lu[k01 + d] + (lu[k11 + d] - lu[k01 + d]) * fx;
        upOut[o + d] = ua + (ub - ua) * fy;
      }
    }
  }
  return { pos, up: upOut };
}

function geodeticNormal(p: Cartesian3, result: Cartesian3): Cartesian3 {
  // WGS 84: normal ∝ (x/a², y/a², z/b²)
  const a2 = 6378137.0 * 6378137.0;
  const b2 = 6356752.3142451793 * 6356752.3142451793;
  result.x = p.x / a2;
  result.y = p.y / a2;
  result.z = p.z / b2;
  return Cartesian3.normalize(result, result);
}
