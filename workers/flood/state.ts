/**
 * The flood state as flat typed arrays over (Shared)ArrayBuffers, so N band workers can share it.
 * Layout (index = row * ncols + col, row 0 = north):
 *   z, h, n2 (n²), valid       per cell
 *   qx0/qx1                    unit-width flux on x faces, (ncols + 1) per row, + toward east
 *   qy0/qy1                    flux on y faces, (nrows + 1) rows of ncols, + toward south (row + 1)
 *   maxH, arrival              running maximum depth and first time depth ≥ arrivalDepthM (-1 = never)
 *   ledger                     per-row float64 volume sums (see LEDGER), summed in row order at the end,
 *                              so totals do not depend on how rows are split over workers
 * qx/qy come in pairs: each step reads the old and writes the new, then they swap.
 */
import type { FloodSetup } from './setup.ts';

/** Bed value of a wall cell: makes every face next to it dry (hf ≤ 0) with no test in the hot loop. */
export const WALL_Z = 1e30;

export const LEDGER = {
  boundaryIn: 0,
  boundaryOut: 1,
  inflow: 2,
  clamped: 3,
  infiltration: 4,
} as const;
export const LEDGER_FIELDS = 5;

/** Control words (Int32) shared by the workers. */
export const CTL = {
  barrierCount: 0,
  barrierGen: 1,
  error: 2, // 0 = none, else an ErrorCode
  errorCell: 3,
  cancel: 4,
  doneBands: 5,
} as const;
export const CTL_WORDS = 8;

export const ERROR_CODE = { nanDepth: 1, negativeDepth: 2, runawayVelocity: 3, coupler: 4 } as const;

export interface FloodBuffers {
  z: ArrayBufferLike;
  h: ArrayBufferLike;
  n2: ArrayBufferLike;
  valid: ArrayBufferLike;
  qx0: ArrayBufferLike;
  qx1: ArrayBufferLike;
  qy0: ArrayBufferLike;
  qy1: ArrayBufferLike;
  maxH: ArrayBufferLike;
  arrival: ArrayBufferLike;
  /** running maximum of the cell speed, sampled at each output interval */
  maxSpeed: ArrayBufferLike;
  infRate: ArrayBufferLike | null;
  infLeft: ArrayBufferLike | null;
  ledger: ArrayBufferLike;
  ctl: ArrayBufferLike;
  /** per band: local h_max (float64), then the error time */
  bandMax: ArrayBufferLike;
  /** point depths: (number of output intervals + 1) × points */
  points: ArrayBufferLike;
}

export interface FloodArrays {
  z: Float32Array;
  h: Float32Array;
  n2: Float32Array;
  valid: Uint8Array;
  qx0: Float32Array;
  qx1: Float32Array;
  qy0: Float32Array;
  qy1: Float32Array;
  maxH: Float32Array;
  arrival: Float32Array;
  maxSpeed: Float32Array;
  infRate: Float32Array | null;
  infLeft: Float32Array | null;
  ledger: Float64Array;
  ctl: Int32Array;
  bandMax: Float64Array;
  points: Float64Array;
}

export function outputCount(setup: FloodSetup): number {
  return Math.floor(setup.durationS / setup.outputs.intervalS + 1e-9) + 1;
}

/** Allocates and fills the state. `shared` uses SharedArrayBuffer (needed for N > 1 workers). */
export function createFloodBuffers(setup: FloodSetup, nBands: number, shared: boolean): FloodBuffers {
  const n = setup.ncols * setup.nrows;
  const alloc = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const nx = (setup.ncols + 1) * setup.nrows;
  const ny = setup.ncols * (setup.nrows + 1);
  const b: FloodBuffers = {
    z: alloc(4 * n),
    h: alloc(4 * n),
    n2: alloc(4 * n),
    valid: alloc(n),
    qx0: alloc(4 * nx),
    qx1: alloc(4 * nx),
    qy0: alloc(4 * ny),
    qy1: alloc(4 * ny),
    maxH: alloc(4 * n),
    arrival: alloc(4 * n),
    maxSpeed: alloc(4 * n),
    infRate: setup.infiltration ? alloc(4 * n) : null,
    infLeft: setup.infiltration ? alloc(4 * n) : null,
    ledger: alloc(8 * LEDGER_FIELDS * setup.nrows),
    ctl: alloc(4 * CTL_WORDS),
    bandMax: alloc(8 * 2 * nBands),
    points: alloc(8 * Math.max(1, outputCount(setup) * setup.outputs.pointCells.length)),
  };
  const a = floodArrays(b);
  for (let k = 0; k < n; k++) {
    const zk = setup.z[k];
    const wall = Number.isNaN(zk);
    a.z[k] = wall ? WALL_Z : zk;
    a.valid[k] = wall ? 0 : 1;
    const d = !wall && setup.initialDepth ? setup.initialDepth[k] : 0;
    a.h[k] = d;
    a.maxH[k] = d;
    const nk = setup.manning[k];
    a.n2[k] = wall ? 0 : nk * nk;
  }
  a.arrival.fill(-1);
  const arrD = setup.outputs.arrivalDepthM;
  for (let k = 0; k < n; k++) if (a.h[k] >= arrD) a.arrival[k] = 0;
  if (setup.infiltration && a.infRate && a.infLeft) {
    for (let k = 0; k < n; k++) {
      a.infRate[k] = a.valid[k] ? setup.infiltration.rateMmPerHour[k] / 3.6e6 : 0; // m/s
      a.infLeft[k] = a.valid[k] ? setup.infiltration.capacityM[k] : 0;
    }
  }
  return b;
}

export function floodArrays(b: FloodBuffers): FloodArrays {
  return {
    z: new Float32Array(b.z),
    h: new Float32Array(b.h),
    n2: new Float32Array(b.n2),
    valid: new Uint8Array(b.valid),
    qx0: new Float32Array(b.qx0),
    qx1: new Float32Array(b.qx1),
    qy0: new Float32Array(b.qy0),
    qy1: new Float32Array(b.qy1),
    maxH: new Float32Array(b.maxH),
    arrival: new Float32Array(b.arrival),
    maxSpeed: new Float32Array(b.maxSpeed),
    infRate: b.infRate ? new Float32Array(b.infRate) : null,
    infLeft: b.infLeft ? new Float32Array(b.infLeft) : null,
    ledger: new Float64Array(b.ledger),
    ctl: new Int32Array(b.ctl),
    bandMax: new Float64Array(b.bandMax),
    points: new Float64Array(b.points),
  };
}

/** Rows [r0, r1) of band `band` out of `nBands`: contiguous, as even as possible. */
export function bandRows(nrows: number, band: number, nBands: number): [number, number] {
  return [Math.floor((band * nrows) / nBands), Math.floor(((band + 1) * nrows) / nBands)];
}
