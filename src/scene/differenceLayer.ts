/**
 * The difference map of two runs on the same twin (B − A maximum depth, from `differenceMap`):
 * blue where B has less water than A, red where it has more, transparent where both stayed dry or
 * the change is below `minAbsM`. Like the hillshade, the grid is resampled into a lon/lat image (the
 * nearest cell) and draped on the terrain as a single-tile imagery layer, so it follows the ground
 * and the vertical exaggeration with no geometry of its own.
 */
import { ImageryLayer, Rectangle, SingleTileImageryProvider, type Viewer } from 'cesium';
import { cellAt, type Grid } from '../core/grid.ts';
import type { TwinFrame } from './twinFrame.ts';

/** colour ends of the ramp: less water in B (blue), more water in B (red) */
export const LESS_WATER_RGB: [number, number, number] = [30, 90, 230];
export const MORE_WATER_RGB: [number, number, number] = [225, 40, 35];

export interface DifferenceLayer {
  /** B − A at map point (x, y): NaN where both were dry or off the grid */
  valueAt(x: number, y: number): number;
  show: boolean;
  destroy(): void;
}

/**
 * RGBA of a change of `d` metres: the hue says the sign, the opacity grows with |d| up to `fullAtM`.
 * Returns alpha 0 for NaN and for |d| < minAbsM.
 */
export function differenceColour(d: number, minAbsM = 0.01, fullAtM = 1): [number, number, number, number] {
  if (Number.isNaN(d) || Math.abs(d) < minAbsM) return [0, 0, 0, 0];
  const c = d < 0 ? LESS_WATER_RGB : MORE_WATER_RGB;
  const a = Math.round(255 * Math.min(1, 0.45 + (0.55 * Math.abs(d)) / fullAtM));
  return [c[0], c[1], c[2], a];
}

export function addDifferenceLayer(viewer: Viewer, diff: Grid, frame: TwinFrame, opts: { maxPx?: number; minAbsM?: number } = {}): DifferenceLayer {
  const maxPx = opts.maxPx ?? 1024;
  const W = diff.ncols * diff.cellSize, H = diff.nrows * diff.cellSize;
  let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
  for (const fx of [0, 0.5, 1]) for (const fy of [0, 0.5, 1]) {
    const [lon, lat] = frame.toLonLat(diff.xll + fx * W, diff.yll + fy * H);
    west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
  }
  // a transparent margin (Cesium clamps imagery at its edge texels)
  const mx = 0.03 * (east - west), my = 0.03 * (north - south);
  west -= mx; east += mx; south -= my; north += my;
  const aspect = ((east - west) * Math.cos(((south + north) / 2) * Math.PI / 180)) / (north - south);
  // at least two pixels a cell across so thin strips (a wall's shadow) stay visible
  const side = Math.min(maxPx, 2 * Math.max(diff.ncols, diff.nrows));
  const w = aspect >= 1 ? side : Math.max(2, Math.round(side * aspect));
  const h = aspect >= 1 ? Math.max(2, Math.round(side / aspect)) : side;
  const canvas = document.createElement('canvas');
  canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const valueAt = (x: number, y: number): number => {
    const c = cellAt(diff, x, y);
    return c ? diff.values[c[1] * diff.ncols + c[0]] : NaN;
  };
  for (let j = 0; j < h; j++) {
    const lat = north - ((j + 0.5) / h) * (north - south);
    for (let i = 0; i < w; i++) {
      const lon = west + ((i + 0.5) / w) * (east - west);
      const [x, y] = frame.fromLonLat(lon, lat);
      const rgba = differenceColour(valueAt(x, y), opts.minAbsM);
      const o = (j * w + i) * 4;
      img.data[o] = rgba[0]; img.data[o + 1] = rgba[1]; img.data[o + 2] = rgba[2]; img.data[o + 3] = rgba[3];
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
  viewer.scene.requestRender();
  return {
    valueAt,
    get show() { return layer.show; },
    set show(v: boolean) { layer.show = v; viewer.scene.requestRender(); },
    destroy() {
      viewer.imageryLayers.remove(layer, true);
      viewer.scene.requestRender();
    },
  };
}
