/**
 * The report's map: maximum depth over a hillshade of the DEM, as RGBA pixels (row 0 north). One
 * pure function for every host: the CLI encodes it with `encodePng` (src/export/png.ts), the page
 * does the same (and may also put it on a canvas). North is up (grid north of the DEM's CRS).
 *  - a cell with maximum depth ≥ `dryM` takes the depth ramp colour of src/export/colorRamp.ts
 *    (`depthColor`, the colours of the 3D view and its legend), opaque;
 *  - a dry cell takes a grey hillshade: sun from the north-west 45° above the horizon (as the 3D
 *    ground imagery, src/scene/hillshadeLayer.ts), gradient by central differences (a missing
 *    neighbour counts as the cell itself), grey = round(255·(0.2 + 0.8·shade));
 *  - a nodata DEM cell is transparent white.
 * Small grids are enlarged by a whole number of pixels a cell; large ones take every m-th cell
 * (the one under each pixel's centre), so the longer side stays within `maxSidePx`.
 */
import type { Grid } from '../core/grid.ts';
import { cos, sin } from '../core/detMath.ts';
import { DEPTH_RAMP, DRY_DEPTH_M } from './colorRamp.ts';

export interface MapSnapshot {
  width: number;
  height: number;
  /** width × height × 4 bytes, row 0 north */
  rgba: Uint8Array;
  /** ground metres a pixel covers */
  metresPerPx: number;
  /** pixels a cell takes along a side (< 1 when cells are skipped) */
  pxPerCell: number;
}

export interface MapSnapshotOptions {
  /** the longer side at most this many pixels (default 1600: the default twin, 1200 × 800 cells, one pixel a cell) */
  maxSidePx?: number;
  /** depth (m) from which a cell is drawn wet (default DRY_DEPTH_M, as the 3D view) */
  dryM?: number;
}

/** sun from the north-west (azimuth 315°), 45° up: the unit vector towards it (x east, y north, z up) */
const SUN_AZ = (315 * Math.PI) / 180;
const SUN_ALT = Math.PI / 4;
// detMath's sin/cos: the same bits in the page and the CLI (Math.sin/cos may differ in the last bit)
export const SUN: readonly [number, number, number] = [
  sin(SUN_AZ) * cos(SUN_ALT),
  cos(SUN_AZ) * cos(SUN_ALT),
  sin(SUN_ALT),
];

/** Grey level (0–255) of a hillshade value in [0, 1]. */
export function shadeGrey(shade: number): number {
  return Math.round(255 * (0.2 + 0.8 * shade));
}

/** Lambertian shade in [0, 1] of a surface with gradient (dz/dx east, dz/dy north). */
export function hillshade(dzdx: number, dzdy: number): number {
  const s = (-dzdx * SUN[0] - dzdy * SUN[1] + SUN[2]) / Math.hypot(dzdx, dzdy, 1);
  return s > 0 ? s : 0;
}

/** The ramp colour of depth `d` into out[o..o+2]: as `depthColor`, without allocating. */
function rampInto(d: number, out: Uint8Array, o: number): void {
  const s = DEPTH_RAMP;
  let a = s[s.length - 1].rgb,
    b = a,
    t = 0;
  if (d <= s[0].depthM) {
    a = b = s[0].rgb;
  } else {
    for (let i = 1; i < s.length; i++) {
      if (d <= s[i].depthM) {
        t = (d - s[i - 1].depthM) / (s[i].depthM - s[i - 1].depthM);
        a = s[i - 1].rgb;
        b = s[i].rgb;
        break;
      }
    }
  }
  out[o] = Math.round(a[0] + (b[0] - a[0]) * t);
  out[o + 1] = Math.round(a[1] + (b[1] - a[1]) * t);
  out[o + 2] = Math.round(a[2] + (b[2] - a[2]) * t);
}

/** RGBA of each cell (row 0 north), before any enlarging. */
export function cellColours(dem: Grid, maxDepth: ArrayLike<number>, dryM = DRY_DEPTH_M): Uint8Array {
  const { ncols, nrows, cellSize } = dem;
  const z = dem.values;
  const out = new Uint8Array(ncols * nrows * 4);
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const k = r * ncols + c;
      const o = k * 4;
      const zc = z[k];
      if (Number.isNaN(zc)) {
        out[o] = out[o + 1] = out[o + 2] = 255;
        out[o + 3] = 0;
        continue;
      }
      const d = maxDepth[k];
      if (d >= dryM) {
        rampInto(d, out, o);
        out[o + 3] = 255;
        continue;
      }
      let ze = c + 1 < ncols ? z[k + 1] : NaN,
        zw = c > 0 ? z[k - 1] : NaN;
      let zn = r > 0 ? z[k - ncols] : NaN,
        zs = r + 1 < nrows ? z[k + ncols] : NaN;
      if (Number.isNaN(ze)) ze = zc;
      if (Number.isNaN(zw)) zw = zc;
      if (Number.isNaN(zn)) zn = zc;
      if (Number.isNaN(zs)) zs = zc;
      const g = shadeGrey(hillshade((ze - zw) / (2 * cellSize), (zn - zs) / (2 * cellSize)));
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The snapshot of maximum depth `maxDepth` (one value a DEM cell, NaN = none) over the DEM's hillshade. */
export function mapSnapshot(dem: Grid, maxDepth: ArrayLike<number>, options: MapSnapshotOptions = {}): MapSnapshot {
  const maxSide = Math.max(1, Math.floor(options.maxSidePx ?? 1600));
  const { ncols, nrows } = dem;
  if (maxDepth.length !== ncols * nrows)
    throw new RangeError(`maxDepth has ${maxDepth.length} values for ${ncols} × ${nrows} cells`);
  const cells = cellColours(dem, maxDepth, options.dryM ?? DRY_DEPTH_M);
  const long = Math.max(ncols, nrows);
  const k = long <= maxSide ? Math.floor(maxSide / long) : 1; // pixels a cell
  const m = long <= maxSide ? 1 : Math.ceil(long / maxSide); // cells a pixel
  const width = k > 1 ? ncols * k : Math.ceil(ncols / m);
  const height = k > 1 ? nrows * k : Math.ceil(nrows / m);
  const rgba = new Uint8Array(width * height * 4);
  const half = m >> 1;
  for (let j = 0; j < height; j++) {
    const r = k > 1 ? Math.floor(j / k) : Math.min(nrows - 1, j * m + half);
    for (let i = 0; i < width; i++) {
      const c = k > 1 ? Math.floor(i / k) : Math.min(ncols - 1, i * m + half);
      const s = (r * ncols + c) * 4,
        o = (j * width + i) * 4;
      rgba[o] = cells[s];
      rgba[o + 1] = cells[s + 1];
      rgba[o + 2] = cells[s + 2];
      rgba[o + 3] = cells[s + 3];
    }
  }
  return {
    width,
    height,
    rgba,
    metresPerPx: k > 1 ? dem.cellSize / k : dem.cellSize * m,
    pxPerCell: k > 1 ? k : 1 / m,
  };
}
