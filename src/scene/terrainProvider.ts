/**
 * Terrain from the scenario's DEM: Cesium asks for heightmap tiles in its geographic tiling scheme,
 * and each sample (lon, lat) is projected into the grid's CRS and read bilinearly from the DEM.
 * Outside the DEM the terrain is a flat rim at the DEM's lowest height, so the twin stands on a
 * plinth rather than on the ellipsoid (no ion world terrain: offline).
 */
import { CustomHeightmapTerrainProvider, GeographicTilingScheme, Math as CMath } from 'cesium';
import type { Grid } from '../core/grid.ts';
import type { TwinFrame } from './twinFrame.ts';

export const TILE_SAMPLES = 65;

/** Bilinear height at map point (x, y) between cell centres; null outside the grid. */
export function sampleDem(g: Grid, x: number, y: number, fill: number): number | null {
  const fc = (x - g.xll) / g.cellSize - 0.5;
  const fr = (g.yll + g.nrows * g.cellSize - y) / g.cellSize - 0.5;
  if (fc < -0.5 || fr < -0.5 || fc > g.ncols - 0.5 || fr > g.nrows - 0.5) return null;
  const c0 = Math.max(0, Math.min(g.ncols - 1, Math.floor(fc)));
  const r0 = Math.max(0, Math.min(g.nrows - 1, Math.floor(fr)));
  const c1 = Math.min(g.ncols - 1, c0 + 1);
  const r1 = Math.min(g.nrows - 1, r0 + 1);
  const tx = Math.max(0, Math.min(1, fc - c0));
  const ty = Math.max(0, Math.min(1, fr - r0));
  const v = g.values;
  const at = (c: number, r: number) => {
    const h = v[r * g.ncols + c];
    return Number.isNaN(h) ? fill : h;
  };
  const a = at(c0, r0) + (at(c1, r0) - at(c0, r0)) * tx;
  const b = at(c0, r1) + (at(c1, r1) - at(c0, r1)) * tx;
  return a + (b - a) * ty;
}

export function demMinMax(g: Grid): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < g.values.length; i++) {
    const h = g.values[i];
    if (h < lo) lo = h;
    if (h > hi) hi = h;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

export function makeDemTerrainProvider(dem: Grid, frame: TwinFrame): CustomHeightmapTerrainProvider {
  const tilingScheme = new GeographicTilingScheme();
  const [rim] = demMinMax(dem);
  // lon/lat bounding box of the grid (corners and edge midpoints), with a small margin
  let west = Infinity,
    east = -Infinity,
    south = Infinity,
    north = -Infinity;
  const W = dem.ncols * dem.cellSize,
    H = dem.nrows * dem.cellSize;
  for (const fx of [0, 0.5, 1]) {
    for (const fy of [0, 0.5, 1]) {
      const [lon, lat] = frame.toLonLat(dem.xll + fx * W, dem.yll + fy * H);
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  const n = TILE_SAMPLES;
  return new CustomHeightmapTerrainProvider({
    width: n,
    height: n,
    tilingScheme,
    callback(x: number, y: number, level: number) {
      const rect = tilingScheme.tileXYToRectangle(x, y, level);
      const tw = CMath.toDegrees(rect.west),
        te = CMath.toDegrees(rect.east);
      const ts = CMath.toDegrees(rect.south),
        tn = CMath.toDegrees(rect.north);
      const out = new Float32Array(n * n).fill(rim);
      if (te < west || tw > east || tn < south || ts > north) return out;
      // a coarse tile would smear the DEM's edge into kilometre-long ramps: show the twin only
      // once at least ~16 samples span it (Cesium refines the tiles near the camera first)
      if ((te - tw) / (n - 1) > (east - west) / 16) return out;
      for (let j = 0; j < n; j++) {
        const lat = tn - ((tn - ts) * j) / (n - 1);
        if (lat < south || lat > north) continue;
        for (let i = 0; i < n; i++) {
          const lon = tw + ((te - tw) * i) / (n - 1);
          if (lon < west || lon > east) continue;
          const [mx, my] = frame.fromLonLat(lon, lat);
          const h = sampleDem(dem, mx, my, rim);
          if (h !== null) out[j * n + i] = h;
        }
      }
      return out;
    },
  });
}
