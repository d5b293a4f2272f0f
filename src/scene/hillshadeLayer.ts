/**
 * Ground imagery made from the DEM itself (offline, no tiles to fetch): hypsometric tint times a
 * hillshade (sun from the north-west, 45° up), resampled into a lon/lat image so it drapes exactly
 * on the terrain despite the grid's UTM rotation. Drawn once into a canvas, handed to Cesium as a
 * single-tile imagery layer.
 */
import type { ImageryLayer, Viewer } from 'cesium';
import { addGridImagery } from './gridImagery.ts';
import type { Grid } from '../core/grid.ts';
import type { TwinFrame } from './twinFrame.ts';
import { demMinMax, sampleDem } from './terrainProvider.ts';

const TINT: [number, [number, number, number]][] = [
  [0, [120, 150, 95]],
  [0.35, [160, 170, 110]],
  [0.7, [175, 150, 115]],
  [1, [205, 200, 190]],
];

function tint(t: number): [number, number, number] {
  for (let i = 1; i < TINT.length; i++) {
    if (t <= TINT[i][0]) {
      const u = (t - TINT[i - 1][0]) / (TINT[i][0] - TINT[i - 1][0]);
      const a = TINT[i - 1][1],
        b = TINT[i][1];
      return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
    }
  }
  return TINT[TINT.length - 1][1];
}

export function addHillshadeLayer(viewer: Viewer, dem: Grid, frame: TwinFrame, maxPx = 1024): ImageryLayer {
  const [lo, hi] = demMinMax(dem);
  const d = dem.cellSize;
  // sun from the north-west, 45° above the horizon
  const az = (315 * Math.PI) / 180,
    alt = Math.PI / 4;
  const lx = Math.sin(az) * Math.cos(alt),
    ly = Math.cos(az) * Math.cos(alt),
    lz = Math.sin(alt);
  const layer = addGridImagery(viewer, dem, frame, Math.min(maxPx, Math.max(dem.ncols, dem.nrows)), (x, y, px, o) => {
    const z = sampleDem(dem, x, y, lo);
    if (z === null) {
      px[o + 3] = 0;
      return;
    }
    const dzdx = ((sampleDem(dem, x + d, y, lo) ?? z) - (sampleDem(dem, x - d, y, lo) ?? z)) / (2 * d);
    const dzdy = ((sampleDem(dem, x, y + d, lo) ?? z) - (sampleDem(dem, x, y - d, lo) ?? z)) / (2 * d);
    const nlen = Math.hypot(dzdx, dzdy, 1);
    const shade = Math.max(0, (-dzdx * lx - dzdy * ly + lz) / nlen);
    const c = tint(hi > lo ? (z - lo) / (hi - lo) : 0);
    const s = 0.45 + 0.75 * shade;
    px[o] = Math.min(255, c[0] * s);
    px[o + 1] = Math.min(255, c[1] * s);
    px[o + 2] = Math.min(255, c[2] * s);
    px[o + 3] = 255;
  });
  return layer;
}
