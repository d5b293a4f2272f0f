/**
 * Point and line inflows, and infiltration, applied after the depth update of a band.
 * Volumes are exact integrals of the piecewise-linear hydrographs over [t, t+dt], so the ledger
 * books exactly what the cells receive.
 */
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import type { FloodSetup } from './setup.ts';
import { LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';

/** Adds each inflow's volume over [t, t+dt] to its cells in rows [r0, r1); returns the deepest such cell's depth. */
export function applyInflows(setup: FloodSetup, a: FloodArrays, t: number, dt: number, r0: number, r1: number): number {
  const arrivalDepth = Math.fround(setup.outputs.arrivalDepthM);
  const t1 = Math.fround(t + dt);
  let hMax = 0;
  const ncols = setup.ncols;
  const area = setup.cellSize * setup.cellSize;
  const k0 = r0 * ncols;
  const k1 = r1 * ncols;
  for (const inf of setup.inflows) {
    const volume = seriesIntegral(inf.hydrograph, t, t + dt);
    if (volume === 0) continue;
    const { cells, weights } = inf;
    for (let i = 0; i < cells.length; i++) {
      const k = cells[i];
      if (k < k0 || k >= k1) continue;
      const before = a.h[k];
      a.h[k] = before + (volume * weights[i]) / area;
      // book what the float32 cell really received
      a.ledger[Math.floor(k / ncols) * LEDGER_FIELDS + LEDGER.inflow] += (a.h[k] - before) * area;
      if (a.h[k] > hMax) hMax = a.h[k];
      const m = a.maxH[k];
      if (a.h[k] > m) {
        a.maxH[k] = a.h[k];
        // as depthRow: when the running maximum first reaches the (float32) arrival depth
        if (a.h[k] >= arrivalDepth && m < arrivalDepth) a.arrival[k] = t1;
      }
    }
  }
  return hMax;
}

/** Infiltration at each cell's rate until its storage is used, never more than the water present. */
export function applyInfiltration(setup: FloodSetup, a: FloodArrays, dt: number, r0: number, r1: number): void {
  const rate = a.infRate;
  const left = a.infLeft;
  if (!rate || !left) return;
  const ncols = setup.ncols;
  const area = setup.cellSize * setup.cellSize;
  const h = a.h;
  for (let r = r0; r < r1; r++) {
    let taken = 0;
    for (let k = r * ncols, end = k + ncols; k < end; k++) {
      const cap = rate[k] * dt;
      if (cap === 0) continue;
      const hk = h[k];
      if (hk <= 0) continue;
      let take = cap < hk ? cap : hk;
      if (take > left[k]) take = left[k];
      if (take <= 0) continue;
      const hn = Math.fround(hk - take);
      h[k] = hn;
      const real = hk - hn;
      left[k] -= real;
      taken += real;
    }
    if (taken !== 0) a.ledger[r * LEDGER_FIELDS + LEDGER.infiltration] += taken * area;
  }
}
