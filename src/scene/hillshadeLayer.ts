/**
 * Ground imagery made from the DEM itself (offline, no tiles to fetch): hypsometric tint times a
 * hillshade (sun from the north-west, 45° up), resampled into a lon/lat image so it drapes exactly
 * on the terrain despite the grid's UTM rotation. Drawn once into a canvas, handed to Cesium as a
 * single-tile imagery layer.
 */
import { ImageryLayer, Rectangle, SingleTileImageryProvider, type Viewer } from 'cesium';
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
      const a = TINT[i - 1][1], b = TINT[i][1];
      return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
    }
  }
  return TINT[TINT.length - 1][1];
}

export function addHillshadeLayer(viewer: Viewer, dem: Grid, frame: TwinFrame, maxPx = 1024): ImageryLayer {
  const W = dem.ncols * dem.cellSize, H = dem.nrows * dem.cellSize;
  let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
  for (const fx of [0, 0.5, 1]) for (const fy of [0, 0.5, 1]) {
    const [lon, lat] = frame.toLonLat(dem.xll + fx * W, dem.yll + fy * H);
    west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
  }
  // a transparent margin: Cesium clamps imagery at its edge texels, which would smear the DEM's
  // colours across terrain tiles that reach past the image
  const mx = 0.03 * (east - west), my = 0.03 * (north - south);
  west -= mx; east += mx; south -= my; north += my;
  const aspect = ((east - west) * Math.cos(((south + north) / 2) * Math.PI / 180)) / (north - south);
  const side = Math.min(maxPx, Math.max(dem.ncols, dem.nrows));
  const w = aspect >= 1 ? side : Math.max(2, Math.round(side * aspect));
  const h = aspect >= 1 ? Math.max(2, Math.round(side / aspect)) : side;
  const [lo, hi] = demMinMax(dem);
  const canvas = document.createElement('canvas');
  canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const d = dem.cellSize;
  // sun from the north-west, 45° above the horizon
  const az = (315 * Math.PI) / 180, alt = Math.PI / 4;
  const lx = Math.sin(az) * Math.cos(alt), ly = Math.cos(az) * Math.cos(alt), lz = Math.sin(alt);
  for (let j = 0; j < h; j++) {
    const lat = north - ((j + 0.5) / h) * (north - south);
    for (let i = 0; i < w; i++) {
      const lon = west + ((i + 0.5) / w) * (east - west);
      const [x, y] = frame.fromLonLat(lon, lat);
      const z = sampleDem(dem, x, y, lo);
      const o = (j * w + i) * 4;
      if (z === null) { img.data[o + 3] = 0; continue; }
      const dzdx = ((sampleDem(dem, x + d, y, lo) ?? z) - (sampleDem(dem, x - d, y, lo) ?? z)) / (2 * d);
      const dzdy = ((sampleDem(dem, x, y + d, lo) ?? z) - (sampleDem(dem, x, y - d, lo) ?? z)) / (2 * d);
      const nlen = Math.hypot(dzdx, dzdy, 1);
      const shade = Math.max(0, (-dzdx * lx - dzdy * ly + lz) / nlen);
      const c = tint(hi > lo ? (z - lo) / (hi - lo) : 0);
      const s = 0.45 + 0.75 * shade;
      img.data[o] = Math.min(255, c[0] * s); img.data[o + 1] = Math.min(255, c[1] * s); img.data[o + 2] = Math.min(255, c[2] * s);
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  const provider = new SingleTileImageryProvider({
    url: canvas.toDataURL('image/png'),
    rectangle: Rectangle.fromDegrees(west, south, east, north),
    tileWidth: w,
    tileHeight: h,
  });
  const layer = new ImageryLayer(provider, {});
  viewer.imageryLayers.add(layer);
  return layer;
}
