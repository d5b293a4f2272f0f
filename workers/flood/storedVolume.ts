/**
 * The water stored on the grid (m³): depths summed per row, then rows, in a fixed order, so every
 * worker count and the browser give the same bits. Its own module because both the band loop
 * (band.ts, for checkpoints) and the result (result.ts) need it.
 */
import type { FloodSetup } from './setup.ts';

export function storedVolume(setup: FloodSetup, h: Float32Array): number {
  const { ncols, nrows } = setup;
  const area = setup.cellSize * setup.cellSize;
  let total = 0;
  for (let r = 0; r < nrows; r++) {
    let row = 0;
    for (let k = r * ncols, end = k + ncols; k < end; k++) row += h[k];
    total += row * area;
  }
  return total;
}
