/**
 * Engine checkpoint: the complete state of a flood run at an output time, from which a run
 * continues EXACTLY (bit-identical outputs to the uninterrupted run), as a HEC-RAS restart file or
 * LISFLOOD-FP's checkpointing do.
 *
 * What the state at the end of step `steps` (time t) is:
 *  - the per-cell arrays the loop changes: h, z (bed changes), maxH, arrival, maxSpeed, infLeft;
 *  - the fluxes the step just wrote, which are the next step's "old" fluxes (qx1/qx0 alternate by
 *    step parity: takeCheckpoint gets the ones the step wrote; restoreCheckpoint puts them in
 *    qx0/qy0, where a resumed run's first step reads them; every face of the "new" pair is written
 *    each step before it is read, so the other pair needs no copy);
 *  - the per-row ledger, the point rows written so far;
 *  - band 0's float64 sums (rain, sewer exchange), min/max dt, the step count;
 *  - h_max for the next time step (the max over the per-band maxima, sewer cells included): the
 *    loop only ever uses the max over bands, so one number serves any number of workers;
 *  - the sewer coupler's state (drainage solver and exchange memory), if one is coupled;
 *  - the run's initial stored volume (the mass balance starts from it).
 * The output clock is stateless (times are i·interval from t), so t positions it.
 * Constant inputs (n², valid, infiltration rates) come from the setup. Arrays are typed-array
 * copies, each in its own buffer, so a host can transfer them (checkpointBuffers).
 */
import { InputError } from '../../src/core/errors.ts';
import type { CouplerState } from './coupling.ts';
import type { FloodSetup } from './setup.ts';
import type { FloodArrays } from './state.ts';

/** The scalars a band needs to continue from a checkpoint (small: sent to every band). */
export interface ResumePoint {
  t: number;
  steps: number;
  rainM3: number;
  exchangeM3: number;
  /** Infinity before the first step, as in the loop */
  minDt: number;
  maxDt: number;
  /** h_max and the fastest deep face's |u| + √(g·hf), which the next step's dt is computed from */
  hMax: number;
  speedMax: number;
  initialM3: number;
}

export interface FloodCheckpoint extends ResumePoint {
  /** what the checkpoint belongs to: checked against the setup on restore */
  ncols: number;
  nrows: number;
  cellSize: number;
  xll: number;
  yll: number;
  durationS: number;
  h: Float32Array;
  z: Float32Array;
  maxH: Float32Array;
  arrival: Float32Array;
  maxSpeed: Float32Array;
  /** fluxes the next step reads as old: (ncols + 1) × nrows and ncols × (nrows + 1) */
  qxOld: Float32Array;
  qyOld: Float32Array;
  /** infiltration storage left per cell (null without infiltration) */
  infLeft: Float32Array | null;
  ledger: Float64Array;
  points: Float64Array;
  coupler: CouplerState | null;
}

/** Copies the state at the end of a step (band 0, the other bands waiting at the barrier). */
export function takeCheckpoint(
  setup: FloodSetup,
  a: FloodArrays,
  qxOld: Float32Array,
  qyOld: Float32Array,
  clock: ResumePoint,
  coupler: CouplerState | null,
): FloodCheckpoint {
  return {
    t: clock.t,
    steps: clock.steps,
    rainM3: clock.rainM3,
    exchangeM3: clock.exchangeM3,
    minDt: clock.minDt,
    maxDt: clock.maxDt,
    hMax: clock.hMax,
    speedMax: clock.speedMax,
    initialM3: clock.initialM3,
    ncols: setup.ncols,
    nrows: setup.nrows,
    cellSize: setup.cellSize,
    xll: setup.xll,
    yll: setup.yll,
    durationS: setup.durationS,
    h: a.h.slice(),
    z: a.z.slice(),
    maxH: a.maxH.slice(),
    arrival: a.arrival.slice(),
    maxSpeed: a.maxSpeed.slice(),
    qxOld: qxOld.slice(),
    qyOld: qyOld.slice(),
    infLeft: a.infLeft ? a.infLeft.slice() : null,
    ledger: a.ledger.slice(),
    points: a.points.slice(),
    coupler,
  };
}

/** The scalars of a checkpoint (what each band is sent; the arrays go into the shared state once). */
export function resumePoint(c: FloodCheckpoint): ResumePoint {
  return {
    t: c.t,
    steps: c.steps,
    rainM3: c.rainM3,
    exchangeM3: c.exchangeM3,
    minDt: c.minDt,
    maxDt: c.maxDt,
    hMax: c.hMax,
    speedMax: c.speedMax,
    initialM3: c.initialM3,
  };
}

function same(what: string, got: number, want: number): void {
  if (got !== want)
    throw new InputError(`the checkpoint does not belong to this run: ${what} is ${got}, the run's ${want}`, {
      file: 'checkpoint',
      field: what,
    });
}

function fill(
  dst: Float32Array | Float64Array,
  src: Float32Array | Float64Array | null | undefined,
  what: string,
): void {
  if (!src || src.length !== dst.length)
    throw new InputError(`the checkpoint's ${what} has ${src?.length ?? 0} values, the run needs ${dst.length}`, {
      file: 'checkpoint',
      field: what,
    });
  dst.set(src);
}

/**
 * Writes a checkpoint into freshly created state (createFloodBuffers of the SAME setup): the
 * resumed run then starts its loop at the checkpoint's time and step (runBand's `resume`).
 * Throws InputError when the checkpoint belongs to another grid or run.
 */
export function restoreCheckpoint(setup: FloodSetup, a: FloodArrays, c: FloodCheckpoint): void {
  same('ncols', c.ncols, setup.ncols);
  same('nrows', c.nrows, setup.nrows);
  same('cellSize', c.cellSize, setup.cellSize);
  same('xll', c.xll, setup.xll);
  same('yll', c.yll, setup.yll);
  same('durationS', c.durationS, setup.durationS);
  if (!(c.t > 0 && c.t < setup.durationS) || !(c.steps > 0) || !Number.isInteger(c.steps)) {
    throw new InputError(
      `the checkpoint's time ${c.t} s (step ${c.steps}) is not inside the run (0 to ${setup.durationS} s)`,
      { file: 'checkpoint', field: 't' },
    );
  }
  fill(a.h, c.h, 'h');
  fill(a.z, c.z, 'z');
  fill(a.maxH, c.maxH, 'maxH');
  fill(a.arrival, c.arrival, 'arrival');
  fill(a.maxSpeed, c.maxSpeed, 'maxSpeed');
  // a resumed run starts with qx0/qy0 as its old fluxes (runBand)
  fill(a.qx0, c.qxOld, 'qxOld');
  fill(a.qy0, c.qyOld, 'qyOld');
  if (a.infLeft) fill(a.infLeft, c.infLeft, 'infLeft');
  else if (c.infLeft)
    throw new InputError('the checkpoint has infiltration, the run has none', { file: 'checkpoint', field: 'infLeft' });
  fill(a.ledger, c.ledger, 'ledger');
  fill(a.points, c.points, 'points');
}

/** The buffers of a checkpoint's arrays, for a transfer list (each array has its own buffer). */
export function checkpointBuffers(c: FloodCheckpoint): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of [c.h, c.z, c.maxH, c.arrival, c.maxSpeed, c.qxOld, c.qyOld, c.infLeft, c.ledger, c.points]) {
    if (v && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  }
  if (c.coupler)
    for (const v of Object.values(c.coupler.arrays)) if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}

/** Bytes held by a checkpoint's arrays. */
export function checkpointBytes(c: FloodCheckpoint): number {
  let n = 0;
  for (const v of [c.h, c.z, c.maxH, c.arrival, c.maxSpeed, c.qxOld, c.qyOld, c.infLeft, c.ledger, c.points])
    if (v) n += v.byteLength;
  if (c.coupler) for (const v of Object.values(c.coupler.arrays)) n += v.byteLength;
  return n;
}
