/**
 * A grid painted onto the globe as one image layer: the grid's lon/lat box (plus a 3 % transparent
 * margin, because Cesium clamps imagery at its edge texels and would smear the edge colours over
 * terrain tiles reaching past the image), a canvas of about `sidePx` pixels on its longer side,
 * and a colour for each pixel's map point. Used by the hillshade, the A/B difference and the swipe.
 */
import { ImageryLayer, Rectangle, SingleTileImageryProvider, type Viewer } from 'cesium';
import type { Grid } from '../core/grid.ts';
import type { TwinFrame } from './twinFrame.ts';

/** RGBA 0–255 for the map point (x, y), written into `out`. */
export type PixelColour = (x: number, y: number, out: Uint8ClampedArray, offset: number) => void;

export function addGridImagery(
  viewer: Viewer,
  g: Grid,
  frame: TwinFrame,
  sidePx: number,
  colour: PixelColour,
): ImageryLayer {
  const W = g.ncols * g.cellSize;
  const H = g.nrows * g.cellSize;
  let west = Infinity,
    east = -Infinity,
    south = Infinity,
    north = -Infinity;
  for (const fx of [0, 0.5, 1])
    for (const fy of [0, 0.5, 1]) {
      const [lon, lat] = frame.toLonLat(g.xll + fx * W, g.yll + fy * H);
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  const mx = 0.03 * (east - west),
    my = 0.03 * (north - south);
  west -= mx;
  east += mx;
  south -= my;
  north += my;
  const aspect = ((east - west) * Math.cos((((south + north) / 2) * Math.PI) / 180)) / (north - south);
  const w = aspect >= 1 ? sidePx : Math.max(2, Math.round(sidePx * aspect));
  const h = aspect >= 1 ? Math.max(2, Math.round(sidePx / aspect)) : sidePx;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  for (let j = 0; j < h; j++) {
    const lat = north - ((j + 0.5) / h) * (north - south);
    for (let i = 0; i < w; i++) {
      const [x, y] = frame.fromLonLat(west + ((i + 0.5) / w) * (east - west), lat);
      colour(x, y, img.data, (j * w + i) * 4);
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
