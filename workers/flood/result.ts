/**
 * Turns the shared state at the end of a run into results: maxima, arrival times, point series and
 * the mass balance. Sums run over rows in order, so they do not depend on the number of workers.
 */
import { SimulationError } from '../../src/core/errors.ts';
import { cellCentre } from '../../src/core/grid.ts';
import type { BandResult } from './band.ts';
import type { FloodSetup } from './setup.ts';
import { ERROR_CODE, LEDGER, LEDGER_FIELDS, outputCount, type FloodArrays } from './state.ts';
import { storedVolume } from './storedVolume.ts';

export { storedVolume };

export interface MassBalance {
  initialM3: number;
  rainM3: number;
  /** point and line inflow hydrographs */
  inflowM3: number;
  /** in through stage boundaries */
  boundaryInflowM3: number;
  /** out through free and stage boundaries */
  outflowM3: number;
  infiltrationM3: number;
  /** net volume from the sewers onto the surface (negative = captured) */
  exchangeM3: number;
  storedM3: number;
  /** water created by setting overdrawn (negative) depths to zero; part of errorM3 */
  clampedM3: number;
  /** stored − (initial + rain + inflow + boundary in − outflow − infiltration + exchange) */
  errorM3: number;
  /** |error| / (initial + everything that came in) */
  relativeError: number;
}

export interface FloodSummary {
  cells: number;
  wetCells: number;
  steps: number;
  simulatedS: number;
  solverWallS: number;
  cellUpdatesPerS: number;
  workers: number;
  /** band 0's time waiting at barriers for the other bands (the parallel overhead), s */
  barrierWaitS: number;
  minDtS: number;
  maxDtS: number;
  maxDepthM: number;
  /** share of tile-steps computed (activeTiles.ts); 1 with active tiles off */
  activeTileShare: number;
  /** local time stepping only: the share of computed tile-steps that computed their faces (the rest held them) */
  faceStepShare?: number;
  massBalance: MassBalance;
  cancelled: boolean;
  drainage?: Record<string, unknown>;
}

export interface FloodResult {
  summary: FloodSummary;
  depth: Float32Array;
  maxDepth: Float32Array;
  maxSpeed: Float32Array;
  /** seconds until depth first reached arrivalDepthM, NaN if never */
  arrivalTime: Float32Array;
  /** rows of [t, depth per point] */
  pointTimes: Float64Array;
  pointDepths: Float64Array;
}

export function errorMessage(setup: FloodSetup, err: NonNullable<BandResult['error']>): string {
  if (err.code === ERROR_CODE.coupler)
    return `the sewer coupling failed at t = ${err.t.toFixed(2)} s: ${err.message ?? 'unknown error'}`;
  const col = err.cell % setup.ncols;
  const row = Math.floor(err.cell / setup.ncols);
  const [x, y] = cellCentre(setup, col, row);
  const what =
    err.code === ERROR_CODE.nanDepth
      ? 'depth became NaN'
      : err.code === ERROR_CODE.negativeDepth
        ? `depth went strongly negative (the scheme is unstable here${setup.solver.friction === 'implicit' ? '' : ': set solver.friction to "implicit" for steep or newly wetting ground,'} or lower solver.alpha / solver.maxDtS)`
        : `velocity ran away (over ${setup.solver.maxVelocityMS} m/s: the scheme is unstable, lower solver.alpha)`;
  return `${what} at cell (col ${col}, row ${row}), x = ${x.toFixed(1)}, y = ${y.toFixed(1)}, t = ${err.t.toFixed(2)} s`;
}

/** local time stepping: tile-steps whose faces were computed / tile-steps computed, over every band */
function faceShare(a: FloodArrays): number {
  const nBands = a.tileSteps.length / 3;
  let faces = 0;
  let done = 0;
  for (let b = 0; b < nBands; b++) {
    faces += a.tileSteps[2 * nBands + b];
    done += a.tileSteps[2 * b];
  }
  return done > 0 ? faces / done : 1;
}

/** computed / all tile-steps, over every band */
function tileShare(a: FloodArrays): number {
  let done = 0;
  let all = 0;
  for (let i = 0; i < (2 * a.tileSteps.length) / 3; i += 2) {
    done += a.tileSteps[i];
    all += a.tileSteps[i + 1];
  }
  return all > 0 ? done / all : 1;
}

export function collectResult(
  setup: FloodSetup,
  a: FloodArrays,
  lead: BandResult,
  initialM3: number,
  workers: number,
  wallS: number,
): FloodResult {
  if (lead.error) throw new SimulationError(errorMessage(setup, lead.error));
  const { nrows } = setup;
  const sum = (field: number): number => {
    let s = 0;
    for (let r = 0; r < nrows; r++) s += a.ledger[r * LEDGER_FIELDS + field];
    return s;
  };
  const storedM3 = storedVolume(setup, a.h);
  const inflowM3 = sum(LEDGER.inflow);
  const boundaryInflowM3 = sum(LEDGER.boundaryIn);
  const outflowM3 = sum(LEDGER.boundaryOut);
  const infiltrationM3 = sum(LEDGER.infiltration);
  const clampedM3 = sum(LEDGER.clamped);
  const expected = initialM3 + lead.rainM3 + inflowM3 + boundaryInflowM3 - outflowM3 - infiltrationM3 + lead.exchangeM3;
  const errorM3 = storedM3 - expected;
  const scale = initialM3 + lead.rainM3 + inflowM3 + boundaryInflowM3 + Math.abs(lead.exchangeM3);
  const n = setup.ncols * setup.nrows;
  let wetCells = 0;
  let maxDepthM = 0;
  const arrivalTime = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    if (a.maxH[k] > setup.solver.depthThresholdM) wetCells++;
    if (a.maxH[k] > maxDepthM) maxDepthM = a.maxH[k];
    arrivalTime[k] = a.arrival[k] < 0 || a.valid[k] === 0 ? NaN : a.arrival[k];
  }
  const maxDepth = a.maxH.slice();
  for (let k = 0; k < n; k++) if (a.valid[k] === 0) maxDepth[k] = NaN;
  const rows = Math.min(outputCount(setup), Math.floor(lead.t / setup.outputs.intervalS + 1e-9) + 1);
  const np = setup.outputs.pointCells.length;
  const pointTimes = new Float64Array(rows);
  for (let i = 0; i < rows; i++) pointTimes[i] = i * setup.outputs.intervalS;
  return {
    summary: {
      cells: n,
      wetCells,
      steps: lead.steps,
      simulatedS: lead.t,
      solverWallS: wallS,
      cellUpdatesPerS: wallS > 0 ? (n * lead.steps) / wallS : 0,
      workers,
      barrierWaitS: lead.waitS ?? 0,
      minDtS: lead.minDt,
      maxDtS: lead.maxDt,
      maxDepthM,
      activeTileShare: tileShare(a),
      ...(setup.solver.timeStepping === 'local' ? { faceStepShare: faceShare(a) } : {}),
      massBalance: {
        initialM3,
        rainM3: lead.rainM3,
        inflowM3,
        boundaryInflowM3,
        outflowM3,
        infiltrationM3,
        exchangeM3: lead.exchangeM3,
        storedM3,
        clampedM3,
        errorM3,
        relativeError: scale > 0 ? Math.abs(errorM3) / scale : 0,
      },
      cancelled: lead.cancelled,
      ...(lead.couplerSummary ? { drainage: lead.couplerSummary } : {}),
    },
    depth: a.h.slice(),
    maxDepth,
    maxSpeed: a.maxSpeed.slice(),
    arrivalTime,
    pointTimes,
    pointDepths: a.points.slice(0, rows * np),
  };
}
