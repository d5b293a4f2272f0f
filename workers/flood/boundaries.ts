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
 * h^(7/3) comes from pow73 (IEEE arithmetic only), not Math.cbrt, whose last bit differs between
 * JavaScript engines: the browser and the CLI must give the same numbers.
 */
import type { EdgeSpec, FloodSetup } from './setup.ts';
import { G, type KernelParams } from './localInertial.ts';
import { pow73 } from './pow73.ts';
import { LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';
import { seriesAt } from '../../src/core/timeSeries.ts';

/** One face between an edge cell and the outside. `outward` = +1 when + index is out of the grid. */
function edgeFlux(
  spec: EdgeSpec,
  stage: number,
  q0: number,
  zc: number,
  hc: number,
  n2: number,
  p: KernelParams,
  outward: 1 | -1,
): number {
  if (spec.kind === 'closed') return 0;
  const gdt = G * p.dt;
  if (spec.kind === 'free') {
    if (!(hc > p.hThreshold)) return 0;
    const qOut0 = q0 * outward; // outward-positive
    const qOut = (qOut0 + gdt * hc * spec.slope) / (1 + (gdt * n2 * Math.abs(qOut0)) / pow73(hc));
    return qOut > 0 ? qOut * outward : 0;
  }
  // stage: ghost cell with level `stage` and the edge cell's bed
  const etaC = zc + hc;
  const hf = (stage > etaC ? stage : etaC) - zc;
  if (!(hf > p.hThreshold)) return 0;
  // slope along the outward direction: (η_outside − η_inside)/dx
  const slopeOut = (stage - etaC) / p.dx;
  const qOut0 = q0 * outward;
  const qOut = (qOut0 - gdt * hf * slopeOut) / (1 + (gdt * n2 * Math.abs(qOut0)) / pow73(Math.fround(hf)));
  return qOut * outward;
}

export interface EdgeStages {
  north: number;
  south: number;
  east: number;
  west: number;
}

/** West and east edge faces of row r. */
export function westEastFaces(
  setup: FloodSetup,
  a: FloodArrays,
  qxOld: Float32Array,
  qxNew: Float32Array,
  p: KernelParams,
  r: number,
  stages: EdgeStages,
): void {
  const ncols = p.ncols;
  const { z, h, n2 } = a;
  // west face: index-space + is inward
  let k = r * ncols;
  let f = r * (ncols + 1);
  qxNew[f] = edgeFlux(setup.edges.west, stages.west, qxOld[f], z[k], h[k], n2[k], p, -1);
  // east face: + is outward
  k += ncols - 1;
  f += ncols;
  qxNew[f] = edgeFlux(setup.edges.east, stages.east, qxOld[f], z[k], h[k], n2[k], p, 1);
}

/** The north edge faces (face row 0) or the south edge faces (face row nrows). */
export function northSouthFaces(
  setup: FloodSetup,
  a: FloodArrays,
  qyOld: Float32Array,
  qyNew: Float32Array,
  p: KernelParams,
  edge: 'north' | 'south',
  stages: EdgeStages,
): void {
  const { ncols, nrows } = p;
  const { z, h, n2 } = a;
  const south = edge === 'south';
  const spec = south ? setup.edges.south : setup.edges.north;
  const stage = south ? stages.south : stages.north;
  const outward = south ? 1 : -1;
  const fb = south ? nrows * ncols : 0;
  const cb = south ? (nrows - 1) * ncols : 0;
  for (let c = 0; c < ncols; c++) {
    const k = cb + c;
    qyNew[fb + c] = edgeFlux(spec, stage, qyOld[fb + c], z[k], h[k], n2[k], p, outward);
  }
}

/**
 * Books the volumes through the edge faces of rows [r0, r1) (after any limiting), with the
 * float32 values the depth update uses.
 */
export function bookBoundaryVolumes(
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  p: KernelParams,
  r0: number,
  r1: number,
): void {
  const { ncols, nrows, dx, dt } = p;
  const ledger = a.ledger;
  const vol = dt * dx;
  const book = (row: number, qOut: number): void => {
    const lb = row * LEDGER_FIELDS;
    if (qOut > 0) ledger[lb + LEDGER.boundaryOut] += qOut * vol;
    else if (qOut < 0) ledger[lb + LEDGER.boundaryIn] -= qOut * vol;
  };
  for (let r = r0; r < r1; r++) {
    const f = r * (ncols + 1);
    book(r, -qx[f]);
    book(r, qx[f + ncols]);
  }
  if (r0 === 0) for (let c = 0; c < ncols; c++) book(0, -qy[c]);
  if (r1 === nrows) for (let c = 0, fb = nrows * ncols; c < ncols; c++) book(nrows - 1, qy[fb + c]);
}

/** Each edge's stage at time t (NaN where the edge is not a stage boundary). */
export function edgeStages(setup: FloodSetup, t: number, out: EdgeStages): void {
  const e = setup.edges;
  out.north = e.north.kind === 'stage' ? seriesAt(e.north.series, t) : NaN;
  out.south = e.south.kind === 'stage' ? seriesAt(e.south.series, t) : NaN;
  out.east = e.east.kind === 'stage' ? seriesAt(e.east.series, t) : NaN;
  out.west = e.west.kind === 'stage' ? seriesAt(e.west.series, t) : NaN;
}
