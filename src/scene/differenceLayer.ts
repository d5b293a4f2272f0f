/**
 * The difference map of two runs on the same twin (B − A maximum depth, from `differenceMap`):
 * blue where B has less water than A, red where it has more, transparent where both stayed dry or
 * the change is below `minAbsM`. Like the hillshade, the grid is resampled into a lon/lat image (the
 * nearest cell) and draped on the terrain as a single-tile imagery layer, so it follows the ground
 * and the vertical exaggeration with no geometry of its own.
 */
import type { Viewer } from 'cesium';
import { addGridImagery } from './gridImagery.ts';
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

export function addDifferenceLayer(
  viewer: Viewer,
  diff: Grid,
  frame: TwinFrame,
  opts: { maxPx?: number; minAbsM?: number } = {},
): DifferenceLayer {
  const valueAt = (x: number, y: number): number => {
    const c = cellAt(diff, x, y);
    return c ? diff.values[c[1] * diff.ncols + c[0]] : NaN;
  };
  // at least two pixels a cell across so thin strips (a wall's shadow) stay visible
  const side = Math.min(opts.maxPx ?? 1024, 2 * Math.max(diff.ncols, diff.nrows));
  const layer = addGridImagery(viewer, diff, frame, side, (x, y, px, o) => {
    const rgba = differenceColour(valueAt(x, y), opts.minAbsM);
    px[o] = rgba[0];
    px[o + 1] = rgba[1];
    px[o + 2] = rgba[2];
    px[o + 3] = rgba[3];
  });
  viewer.scene.requestRender();
  return {
    valueAt,
    get show() {
      return layer.show;
    },
    set show(v: boolean) {
      layer.show = v;
      viewer.scene.requestRender();
    },
    destroy() {
      viewer.imageryLayers.remove(layer, true);
      viewer.scene.requestRender();
    },
  };
}
