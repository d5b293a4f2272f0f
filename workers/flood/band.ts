/**
 * The time loop of one row band. Every band runs this same loop in its own thread; they meet at
 * barriers between the phases of a step:
 *                                                                         → barrier (stop flags)
 *   1. time step from the global h_max and wave speed (each band computes the same value)
 *   2. one sweep down the band: fluxes of row r, positivity factors of r − 1, scaling of the faces
 *      whose donors' factors are known, depths of r − 2                   → barrier
 *   3. the last row's factors (its south faces are the next band's)       → barrier
 *   4. the faces and depths next to the band's edges; only if some cell anywhere was limited,
 *      a barrier before the last row's depths (its south faces are the next band's); then rain,
 *      inflows, infiltration
 *   5. band 0 alone: sewer exchange, bed changes, outputs                  → barriers before and after
 * With one band there are no barriers and the order of operations is the same, so N = 1 and N = k
 * give bit-identical results. The face, factor and depth kernels run as WebAssembly (wasm/kernel.ts)
 * when the host loaded it, else as JavaScript (localInertial.ts, positivity.ts): the same bits.
 */
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import { barrier } from './barrier.ts';
import { takeCheckpoint, type FloodCheckpoint, type ResumePoint } from './checkpoint.ts';
import { storedVolume } from './result.ts';
import { bookBoundaryVolumes, edgeStages, northSouthFaces, westEastFaces } from './boundaries.ts';
import { outflowFactors, scaleRowsX, scaleRowsY } from './positivity.ts';
import type { SurfaceCoupler } from './coupling.ts';
import { DEPTH_OUT, depthRow, fluxRowX, fluxRowY, G, type KernelParams } from './localInertial.ts';
import type { FloodSetup } from './setup.ts';
import { applyInflows, applyInfiltration } from './sources.ts';
import { applyRainField } from './rainField.ts';
import { bandRows, CTL, ERROR_CODE, LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';
import { OutputClock } from './outputClock.ts';
import type { WasmKernels } from './wasm/loader.ts';

/** What band 0 reports while running (all optional). */
export interface BandSink {
  progress?(p: { t: number; steps: number; wallS: number; dt: number }): void;
  grid?(t: number, depth: Float32Array): void;
  frame?(t: number, depth: Float32Array, speed: Float32Array): void;
  drainage?(t: number, sample: unknown): void;
  /** the complete engine state at each frame time before the end (checkpoint.ts), to resume from */
  checkpoint?(c: FloodCheckpoint): void;
}

/** The loop's counters at an output inside a step, read by outputsAt for a checkpoint (band 0). */
const loopCounters = new WeakMap<BandSink, () => Omit<ResumePoint, 't' | 'hMax' | 'speedMax'>>();

export interface BandResult {
  steps: number;
  t: number;
  /** float64 volume sums band 0 keeps for the whole grid */
  rainM3: number;
  exchangeM3: number;
  minDt: number;
  maxDt: number;
  /** wall time of the time loop (starting the workers excluded) */
  wallS: number;
  /** of which waiting at barriers for the other bands */
  waitS: number;
  error: { code: number; cell: number; t: number; message?: string } | null;
  cancelled: boolean;
  couplerSummary?: Record<string, unknown>;
}

/** A depth below −this is instability, not rounding: the run stops. */
const NEGATIVE_TOLERANCE_M = 0.1;

/** The WebAssembly kernels (wasm/kernel.ts) and the byte offsets of the state's arrays. */
export interface FastKernels {
  K: WasmKernels;
  P: Record<string, number>;
}

/**
 * `resume`: continue from a checkpoint (its arrays already in `a` by restoreCheckpoint, its coupler
 * state in `coupler`): the loop starts at its time and step, with its sums and h_max.
 */
export function runBand(setup: FloodSetup, a: FloodArrays, band: number, nBands: number, sink: BandSink | null, coupler: SurfaceCoupler | null, fast: FastKernels | null = null, resume: ResumePoint | null = null): BandResult {
  const { ncols, nrows, cellSize: dx, durationS } = setup;
  const [r0, r1] = bandRows(nrows, band, nBands);
  const { alpha, maxDtS, theta, depthThresholdM, maxVelocityMS, friction } = setup.solver;
  const withSpeed = setup.solver.velocityInTimeStep !== false;
  const p: KernelParams = { ncols, nrows, dx, dt: 0, theta, hThreshold: depthThresholdM, maxVelocity: maxVelocityMS, implicitFriction: friction === 'implicit' };
  const ctl = a.ctl;
  // time spent waiting at barriers (the parallel overhead, reported by band 0)
  let waitS = 0;
  const seeStop = (): void => {
    Atomics.store(ctl, CTL.stopSeen, (Atomics.load(ctl, CTL.error) !== 0 ? 1 : 0) | (Atomics.load(ctl, CTL.cancel) !== 0 ? 2 : 0));
  };
  const sync = (): void => {
    if (nBands === 1) return;
    const t0 = performance.now();
    barrier(ctl, CTL.barrierCount, CTL.barrierGen, nBands, seeStop);
    waitS += performance.now() - t0;
  };
  const scratch = new Float64Array(3);
  const stages = { north: NaN, south: NaN, east: NaN, west: NaN };
  const clock = new OutputClock(setup);
  const lead = band === 0;
  // every band must take part in the coupler's barriers, though only band 0 holds the coupler
  const coupled = coupler !== null || setup.drainage !== undefined;
  const area = dx * dx;
  let validCount = 0;
  if (lead) for (let k = 0; k < a.valid.length; k++) validCount += a.valid[k];

  let qxOld = a.qx0;
  let qxNew = a.qx1;
  let qyOld = a.qy0;
  let qyNew = a.qy1;
  // the same arrays as byte offsets, for the WebAssembly kernels (bit-identical to the JS ones)
  const K = fast?.K ?? null;
  const P = fast?.P ?? {};
  let qxOldP = P.qx0;
  let qxNewP = P.qx1;
  let qyOldP = P.qy0;
  let qyNewP = P.qy1;
  const rowBytes = 4 * ncols;
  const implicit = p.implicitFriction ? 1 : 0;
  let t = resume ? resume.t : 0;
  let steps = resume ? resume.steps : 0;
  let rainM3 = resume ? resume.rainM3 : 0;
  let exchangeM3 = resume ? resume.exchangeM3 : 0;
  let minDt = resume ? resume.minDt : Infinity;
  let maxDt = resume ? resume.maxDt : 0;
  let cancelled = false;
  if (lead && sink?.checkpoint) {
    // called by outputsAt inside a step, before the step is counted
    const initialM3 = resume ? resume.initialM3 : storedVolume(setup, a.h);
    loopCounters.set(sink, () => ({ steps: steps + 1, rainM3, exchangeM3, minDt, maxDt, initialM3 }));
  }
  // every band is up before the clock starts: solver time excludes starting the workers
  sync();
  const started = performance.now();
  waitS = 0;
  let lastProgress = started;

  // local h_max of the initial state
  let hm = 0;
  for (let k = r0 * ncols; k < r1 * ncols; k++) if (a.h[k] > hm) hm = a.h[k];
  // per-band h_max, double-buffered by step parity: a fast band must not overwrite the value a
  // slower one has yet to read for this step's dt. A resumed run starts from the checkpoint's
  // h_max (the loop only uses the max over bands) and has had its outputs at its start time.
  if (resume) {
    a.bandMax[(steps & 1) * nBands + band] = resume.hMax;
    a.bandSpeed[(1 - (steps & 1)) * nBands + band] = resume.speedMax;
  }
  else a.bandMax[band] = hm;
  const speedScratch = new Float32Array(lead ? ncols * nrows : 0);
  if (lead && !resume) outputsAt(0, setup, a, clock, qxOld, qyOld, sink, coupler, speedScratch);
  const arrivalDepthM = setup.outputs.arrivalDepthM;

  const fail = (code: number, cell: number, at: number): void => {
    if (Atomics.compareExchange(ctl, CTL.error, 0, code) === 0) {
      Atomics.store(ctl, CTL.errorCell, cell);
      a.bandMax[2 * nBands] = at;
    }
  };

  const h = a.h;
  // per-step values the row helpers below read
  let dtStep = 0;
  let t1Step = 0;
  let rainStep = 0;
  const rainFieldDepthM = new Float64Array(setup.rainField ? setup.rainField.stationMmPerHour.length : 0);
  let hmDepth = 0;
  /** positivity scaling of the x faces of rows [ra, rb), of the y face rows [ja, jb) */
  const scaleX = (ra: number, rb: number): void => {
    if (K) K.scaleRowsX(qxNewP, P.fac, P.rowLimited, ncols, ra, rb);
    else scaleRowsX(a, qxNew, p, ra, rb);
  };
  const scaleY = (ja: number, jb: number): void => {
    if (K) K.scaleRowsY(qyNewP, P.fac, P.rowLimited, ncols, nrows, ja, jb);
    else scaleRowsY(a, qyNew, p, ja, jb);
  };
  /** depth update of rows [ra, rb): h, maxH, arrival, the ledger's clamped water, h_max, errors */
  const depth = (ra: number, rb: number): void => {
    for (let r = ra; r < rb; r++) {
      if (K) {
        hmDepth = K.depthRow(P.h, P.valid, P.maxH, P.arrival, P.ledger, qxNewP, qyNewP + r * rowBytes, qyNewP + (r + 1) * rowBytes, ncols, r, dx, dtStep, rainStep, t1Step, arrivalDepthM, NEGATIVE_TOLERANCE_M, r * LEDGER_FIELDS + LEDGER.clamped, hmDepth);
      } else {
        depthRow(a, qxNew, qyNew, r * ncols, qyNew, (r + 1) * ncols, p, r, rainStep, t1Step, arrivalDepthM, NEGATIVE_TOLERANCE_M, r * LEDGER_FIELDS + LEDGER.clamped, scratch);
      }
    }
  };

  while (t < durationS) {
    const parity = steps & 1;
    // everyone has finished the previous step (its depths and h_max are final); stop on an error
    // or a cancel as the barrier saw it, so that every band stops at this same step
    if (nBands === 1) seeStop();
    else sync();
    const stop = Atomics.load(ctl, CTL.stopSeen);
    if (stop & 1) break;
    if (stop & 2) {
      cancelled = true;
      break;
    }

    // 1. time step: dt = α·dx/√(g·h_max), at most maxDt, landing exactly on the next output time
    let hMax = 0;
    const maxBase = parity * nBands;
    for (let b = 0; b < nBands; b++) if (a.bandMax[maxBase + b] > hMax) hMax = a.bandMax[maxBase + b];
    // and the fastest deep face's |u| + √(g·hf) in the previous step (localInertial.ts
    // SPEED_DEPTH_M): dt = α·dx/max(√(g·h_max), max(|u| + √(g·hf))), the shallow water CFL limit
    let cMax = 0;
    const cBase = (1 - parity) * nBands;
    if (withSpeed) for (let b = 0; b < nBands; b++) if (a.bandSpeed[cBase + b] > cMax) cMax = a.bandSpeed[cBase + b];
    const wave = Math.sqrt(G * hMax);
    let dt = hMax > depthThresholdM ? (alpha * dx) / (cMax > wave ? cMax : wave) : maxDtS;
    if (dt > maxDtS) dt = maxDtS;
    const next = clock.next(t);
    let t1 = t + dt;
    if (t1 >= next - 1e-9 * (1 + next)) {
      t1 = next;
      dt = next - t;
    }
    p.dt = dt;
    if (dt < minDt) minDt = dt;
    if (dt > maxDt) maxDt = dt;
    // boundary levels at the end of the step (implicit in time for the boundary)
    edgeStages(setup, t1, stages);
    // rain: exact integral of the piecewise-linear series over the step
    const rainDepth = setup.rainMmPerHour ? seriesIntegral(setup.rainMmPerHour, t, t1) / 3.6e6 : 0;
    dtStep = dt;
    t1Step = t1;
    rainStep = rainDepth;

    // 2. one sweep down the band, each step a few rows behind the last (while their data is still
    //    in cache): the fluxes of row r (x faces of the row, y faces north of it), the positivity
    //    factors of row r − 1 (its four faces now exist), the scaling of the faces whose donors'
    //    factors are known, and the depth update of row r − 2, whose faces are then final. The
    //    rows next to the band's edges need the neighbour bands' faces and factors: they are done
    //    after the barriers below. Each face and cell gets the same operations as in separate
    //    sweeps, so the results do not depend on this order (nor on the number of bands).
    let bad = -1;
    let e = -1;
    let limited = false;
    if (K) K.resetSpeedMax();
    else p.speedMax = 0;
    scratch[DEPTH_OUT.hMax] = 0;
    scratch[DEPTH_OUT.errorCell] = -1;
    if (K) K.depthResetError();
    hmDepth = 0;
    for (let r = r0; r < r1; r++) {
      e = K
        ? K.fluxRowX(P.z, P.h, P.n2, qxOldP, qxNewP, qyOldP, ncols, r, dx, dt, theta, depthThresholdM, maxVelocityMS, implicit)
        : fluxRowX(a, qxOld, qxNew, qyOld, p, r);
      if (e >= 0) bad = e;
      westEastFaces(setup, a, qxOld, qxNew, p, r, stages);
      if (r === 0) northSouthFaces(setup, a, qyOld, qyNew, p, 'north', stages);
      else {
        e = K
          ? K.fluxRowY(P.z, P.n2, P.h + (r - 1) * rowBytes, P.h + r * rowBytes, qyOldP, qxOldP, qyNewP + r * rowBytes, ncols, r, dx, dt, theta, depthThresholdM, maxVelocityMS, implicit)
          : fluxRowY(a, h, (r - 1) * ncols, h, r * ncols, qyOld, qxOld, p, r, qyNew, r * ncols);
        if (e >= 0) bad = e;
      }
      if (r === r0) continue;
      // row r − 1 now has all four of its faces
      if (K ? K.outflowFactors(qxNewP, qyNewP, P.h, P.fac, P.rowLimited, ncols, r - 1, r, dx, dt) === 1 : outflowFactors(a, qxNew, qyNew, p, r - 1, r)) limited = true;
      scaleX(r - 1, r);
      if (r - 1 > r0) scaleY(r - 1, r);
      if (r - 2 > r0) depth(r - 2, r - 1);
    }
    if (r1 === nrows) northSouthFaces(setup, a, qyOld, qyNew, p, 'south', stages);
    a.bandSpeed[parity * nBands + band] = K ? K.getSpeedMax() : (p.speedMax ?? 0);
    if (bad >= 0) fail(ERROR_CODE.runawayVelocity, bad, t);
    sync();

    // 3. the band's last row's factors: its south faces are the next band's, just computed
    if (K ? K.outflowFactors(qxNewP, qyNewP, P.h, P.fac, P.rowLimited, ncols, r1 - 1, r1, dx, dt) === 1 : outflowFactors(a, qxNew, qyNew, p, r1 - 1, r1)) limited = true;
    a.limitFlags[maxBase + band] = limited ? 1 : 0;
    sync();
    let anyLimited = false;
    for (let b = 0; b < nBands; b++) if (a.limitFlags[maxBase + b]) anyLimited = true;
    // the faces left: x faces of the last row, the y faces north of the first row (their north
    // donor is the band above's last row) and north of the last row, and the grid's south edge
    if (anyLimited) {
      scaleX(r1 - 1, r1);
      scaleY(r0, r0 + 1);
      if (r1 - 1 > r0) scaleY(r1 - 1, r1);
      if (r1 === nrows) scaleY(nrows, nrows + 1);
    }
    bookBoundaryVolumes(a, qxNew, qyNew, p, r0, r1);
    // 4. the depths left: the first row and the one before last (their faces are all this band's),
    //    then, once the next band has scaled the faces south of it, the last row
    if (r1 - 1 > r0) depth(r0, r0 + 1);
    if (r1 - 2 > r0) depth(r1 - 2, r1 - 1);
    if (anyLimited) sync();
    depth(r1 - 1, r1);
    if (K) {
      scratch[DEPTH_OUT.hMax] = hmDepth;
      scratch[DEPTH_OUT.errorCell] = K.depthErrorCell();
      scratch[DEPTH_OUT.errorKind] = K.depthErrorKind();
    }
    if (scratch[DEPTH_OUT.errorCell] >= 0) {
      fail(scratch[DEPTH_OUT.errorKind] === 1 ? ERROR_CODE.nanDepth : ERROR_CODE.negativeDepth, scratch[DEPTH_OUT.errorCell], t1);
    }
    let bandH = scratch[DEPTH_OUT.hMax];
    if (setup.rainField) {
      const hi = applyRainField(setup.rainField, ncols, area, arrivalDepthM, a, t, dt, r0, r1, rainFieldDepthM);
      if (hi > bandH) bandH = hi;
    }
    if (setup.inflows.length) {
      const hi = applyInflows(setup, a, t, dt, r0, r1);
      if (hi > bandH) bandH = hi;
    }
    if (a.infRate) applyInfiltration(setup, a, dt, r0, r1);
    const nextMax = (1 - parity) * nBands;
    a.bandMax[nextMax + band] = bandH;
    if (lead) rainM3 += rainDepth * validCount * area;

    // 3. band 0 alone, with the others waiting: sewers, bed changes, outputs
    const outputDue = clock.isDue(t1);
    if (coupled || outputDue || setup.bedChanges.length) {
      sync();
      if (lead && Atomics.load(ctl, CTL.error) === 0) {
        if (setup.bedChanges.length) applyBedChanges(setup, a, t1);
        if (coupler) {
          try {
            exchangeM3 += coupler.exchange(a.h, a.z, t, dt);
          } catch (err) {
            fail(ERROR_CODE.coupler, -1, t);
            (a as { couplerError?: string }).couplerError = (err as Error).message;
          }
          if (coupler.cells) {
            let m = a.bandMax[nextMax];
            for (const k of coupler.cells) if (a.h[k] > m) m = a.h[k];
            a.bandMax[nextMax] = m;
          }
        }
        if (outputDue) outputsAt(t1, setup, a, clock, qxNew, qyNew, sink, coupler, speedScratch);
      }
      sync();
    }

    let swap = qxOld;
    qxOld = qxNew;
    qxNew = swap;
    swap = qyOld;
    qyOld = qyNew;
    qyNew = swap;
    let swapP = qxOldP;
    qxOldP = qxNewP;
    qxNewP = swapP;
    swapP = qyOldP;
    qyOldP = qyNewP;
    qyNewP = swapP;
    t = t1;
    steps++;

    if (lead && sink?.progress) {
      const now = performance.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        sink.progress({ t, steps, wallS: (now - started) / 1000, dt });
      }
    }
  }
  const code = Atomics.load(ctl, CTL.error);
  return {
    steps,
    t,
    rainM3,
    exchangeM3,
    minDt: minDt === Infinity ? 0 : minDt,
    maxDt,
    cancelled,
    wallS: (performance.now() - started) / 1000,
    waitS: waitS / 1000,
    error: code ? { code, cell: Atomics.load(ctl, CTL.errorCell), t: a.bandMax[2 * nBands], message: (a as { couplerError?: string }).couplerError } : null,
    couplerSummary: lead && coupler?.summary ? coupler.summary() : undefined,
  };
}

/** Levee breaches and barriers: the bed moves linearly from its start value to finalZ over [startS, endS]. */
function applyBedChanges(setup: FloodSetup, a: FloodArrays, t: number): void {
  for (const bc of setup.bedChanges) {
    if (t < bc.startS) continue;
    const f = bc.endS > bc.startS ? Math.min(1, (t - bc.startS) / (bc.endS - bc.startS)) : 1;
    for (let i = 0; i < bc.cells.length; i++) {
      const k = bc.cells[i];
      if (a.valid[k] === 0) continue;
      a.z[k] = bc.fromZ[i] + f * (bc.finalZ[i] - bc.fromZ[i]);
    }
  }
}

/** Points, grids, frames and sewer samples due at time t (band 0, the others wait). */
function outputsAt(t: number, setup: FloodSetup, a: FloodArrays, clock: OutputClock, qx: Float32Array, qy: Float32Array, sink: BandSink | null, coupler: SurfaceCoupler | null, scratch: Float32Array): void {
  const iPoint = clock.pointIndexAt(t);
  const frameDue = clock.isFrame(t) && sink?.frame !== undefined;
  // a frame's speed array is handed over (transferred), so it gets its own; else the scratch one
  const speed = iPoint >= 0 || frameDue ? cellSpeed(setup, a, qx, qy, frameDue ? null : scratch) : null;
  if (iPoint >= 0 && speed) {
    const cells = setup.outputs.pointCells;
    const base = iPoint * cells.length;
    for (let i = 0; i < cells.length; i++) a.points[base + i] = a.h[cells[i]];
    const ms = a.maxSpeed;
    for (let k = 0; k < speed.length; k++) if (speed[k] > ms[k]) ms[k] = speed[k];
    if (coupler?.sample && sink?.drainage) sink.drainage(t, coupler.sample(t));
  }
  if (frameDue && speed) sink!.frame!(t, a.h.slice(), speed);
  if (clock.isGrid(t) && sink?.grid) sink.grid(t, a.h.slice());
  // a checkpoint at each frame time inside the run, after every output of that time: qx, qy are
  // the fluxes this step wrote (the next step's old ones); h_max for the next dt from the per-band
  // maxima the bands have written for the next step parity (sewer cells included)
  const counters = sink?.checkpoint && t > 0 && t < setup.durationS && clock.isFrame(t) ? loopCounters.get(sink) : undefined;
  if (counters) {
    const c = counters();
    const nBands = (a.bandMax.length - 2) / 2;
    const base = (c.steps & 1) * nBands;
    let hMax = 0;
    for (let b = 0; b < nBands; b++) if (a.bandMax[base + b] > hMax) hMax = a.bandMax[base + b];
    // the wave speed of the step that has just ended, for the next step's dt
    let speedMax = 0;
    const sBase = (1 - (c.steps & 1)) * nBands;
    for (let b = 0; b < nBands; b++) if (a.bandSpeed[sBase + b] > speedMax) speedMax = a.bandSpeed[sBase + b];
    sink!.checkpoint!(takeCheckpoint(setup, a, qx, qy, { ...c, t, hMax, speedMax }, coupler?.snapshot ? coupler.snapshot() : null));
  }
}

/** Speed at cell centres from the mean of the two face fluxes in each direction, over depth. */
export function cellSpeed(setup: FloodSetup, a: FloodArrays, qx: Float32Array, qy: Float32Array, out: Float32Array | null): Float32Array {
  const { ncols, nrows } = setup;
  const thr = setup.solver.depthThresholdM;
  const s = out ?? new Float32Array(ncols * nrows);
  const nf = ncols + 1;
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const k = r * ncols + c;
      const hk = a.h[k];
      if (hk <= thr) {
        s[k] = 0;
        continue;
      }
      const f = r * nf + c;
      const u = (0.5 * (qx[f] + qx[f + 1])) / hk;
      const v = (0.5 * (qy[k] + qy[k + ncols])) / hk;
      s[k] = Math.sqrt(u * u + v * v);
    }
  }
  return s;
}
