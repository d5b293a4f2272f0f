/**
 * Fluxes on the grid's outer faces. Per edge:
 *  - closed: q = 0;
 *  - free {slope S}: normal-depth outflow, the local-inertial update with the given bed slope as the
 *    driving slope, q = (q⁰ + g·dt·h·S) / (1 + g·dt·n²·|q⁰| / h^(7/3)), outward only; at steady state
 *    this is Manning's q = h^(5/3)·S^(1/2)/n (LISFLOOD-FP's FREE boundary);
 *  - stage: a ghost cell outside with water level η_g(t) over the edge cell's bed; the ordinary
 *    face update between the two, so water flows in or out (LISFLOOD-FP's HVAR).
 * Index-space sign: + toward higher column (east) or higher row (south). Volumes through each edge
 * go into the per-row ledger (boundaryIn / boundaryOut) with the float32 value the depth update uses.
 */
import type { EdgeSpec, FloodSetup } from './setup.ts';
import { G, type KernelParams } from './localInertial.ts';
import { LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';
import { seriesAt } from '../../src/core/timeSeries.ts';

export type Edge = 'north' | 'south' | 'east' | 'west';

/** One face between an edge cell and the outside. `outward` = +1 when + index is out of the grid. */
function edgeFlux(spec: EdgeSpec, stage: number, q0: number, zc: number, hc: number, n2: number, p: KernelParams, outward: 1 | -1): number {
  if (spec.kind === 'closed') return 0;
  const gdt = G * p.dt;
  if (spec.kind === 'free') {
    if (!(hc > p.hThreshold)) return 0;
    const qOut0 = q0 * outward; // outward-positive
    const qOut = (qOut0 + gdt * hc * spec.slope) / (1 + (gdt * n2 * Math.abs(qOut0)) / (hc * hc * Math.cbrt(hc)));
    return qOut > 0 ? qOut * outward : 0;
  }
  // stage: ghost cell with level `stage` and the edge cell's bed
  const etaC = zc + hc;
  const hf = (stage > etaC ? stage : etaC) - zc;
  if (!(hf > p.hThreshold)) return 0;
  // slope along the outward direction: (η_outside − η_inside)/dx
  const slopeOut = (stage - etaC) / p.dx;
  const qOut0 = q0 * outward;
  const qOut = (qOut0 - gdt * hf * slopeOut) / (1 + (gdt * n2 * Math.abs(qOut0)) / (hf * hf * Math.cbrt(hf)));
  return qOut * outward;
}

/**
 * Edge faces of rows [r0, r1): west and east faces of every row, the north edge when r0 = 0 and
 * the south edge when r1 = nrows. `stages` holds each edge's level at this step (NaN if not a stage edge).
 */
export function boundaryFluxes(
  setup: FloodSetup,
  a: FloodArrays,
  qxOld: Float32Array,
  qxNew: Float32Array,
  qyOld: Float32Array,
  qyNew: Float32Array,
  p: KernelParams,
  r0: number,
  r1: number,
  stages: { north: number; south: number; east: number; west: number },
): void {
  const { ncols, nrows, dx, dt } = p;
  const nf = ncols + 1;
  const { z, h, n2, ledger } = a;
  const e = setup.edges;
  const vol = dt * dx;
  for (let r = r0; r < r1; r++) {
    const lb = r * LEDGER_FIELDS;
    // west face: index-space + is inward
    let k = r * ncols;
    let f = r * nf;
    let q = Math.fround(edgeFlux(e.west, stages.west, qxOld[f], z[k], h[k], n2[k], p, -1));
    qxNew[f] = q;
    if (q > 0) ledger[lb + LEDGER.boundaryIn] += q * vol;
    else if (q < 0) ledger[lb + LEDGER.boundaryOut] -= q * vol;
    // east face: + is outward
    k = r * ncols + ncols - 1;
    f = r * nf + ncols;
    q = Math.fround(edgeFlux(e.east, stages.east, qxOld[f], z[k], h[k], n2[k], p, 1));
    qxNew[f] = q;
    if (q > 0) ledger[lb + LEDGER.boundaryOut] += q * vol;
    else if (q < 0) ledger[lb + LEDGER.boundaryIn] -= q * vol;
  }
  if (r0 === 0) {
    const lb = 0;
    for (let c = 0; c < ncols; c++) {
      const q = Math.fround(edgeFlux(e.north, stages.north, qyOld[c], z[c], h[c], n2[c], p, -1));
      qyNew[c] = q;
      if (q > 0) ledger[lb + LEDGER.boundaryIn] += q * vol;
      else if (q < 0) ledger[lb + LEDGER.boundaryOut] -= q * vol;
    }
  }
  if (r1 === nrows) {
    const lb = (nrows - 1) * LEDGER_FIELDS;
    const fb = nrows * ncols;
    const cb = (nrows - 1) * ncols;
    for (let c = 0; c < ncols; c++) {
      const k = cb + c;
      const q = Math.fround(edgeFlux(e.south, stages.south, qyOld[fb + c], z[k], h[k], n2[k], p, 1));
      qyNew[fb + c] = q;
      if (q > 0) ledger[lb + LEDGER.boundaryOut] += q * vol;
      else if (q < 0) ledger[lb + LEDGER.boundaryIn] -= q * vol;
    }
  }
}

/** Each edge's stage at time t (NaN where the edge is not a stage boundary). */
export function edgeStages(setup: FloodSetup, t: number, out: { north: number; south: number; east: number; west: number }): void {
  const e = setup.edges;
  out.north = e.north.kind === 'stage' ? seriesAt(e.north.series, t) : NaN;
  out.south = e.south.kind === 'stage' ? seriesAt(e.south.series, t) : NaN;
  out.east = e.east.kind === 'stage' ? seriesAt(e.east.series, t) : NaN;
  out.west = e.west.kind === 'stage' ? seriesAt(e.west.series, t) : NaN;
}
