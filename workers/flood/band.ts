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
 * give bit-identical results. Each step computes only the active tiles (activeTiles.ts: dry tiles
 * with no source are skipped, exactly); at output times band 0 re-splits the rows so that every
 * band has about the same active work, which changes the speed and never the results. With local
 * time stepping (stepClasses.ts) the steps come in cycles of 2^Lmax: each tile computes its faces
 * every 2^L steps with dt·2^L and holds them in between, and every band measures its rows' speeds
 * at a cycle's end for the next cycle's classes. The face, factor and depth kernels (kernels.ts) run as WebAssembly
 * (wasm/kernel.ts) when the host loaded it, else as JavaScript (localInertial.ts, positivity.ts):
 * the same bits.
 */
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import { balancedSplit, BandTiles, markSourceTiles, tilesOn } from './activeTiles.ts';
import { barrier } from './barrier.ts';
import { takeCheckpoint, type FloodCheckpoint, type ResumePoint } from './checkpoint.ts';
import { storedVolume } from './storedVolume.ts';
import { bookBoundaryVolumes, edgeStages, northSouthFaces, westEastFaces, type EdgeStages } from './boundaries.ts';
import type { DrainageSample, SurfaceCoupler } from './coupling.ts';
import { JsKernels, kernelParams, WasmFloodKernels, type FloodKernels } from './kernels.ts';
import { G, type KernelParams } from './localInertial.ts';
import type { FloodSetup } from './setup.ts';
import { applyInflows, applyInfiltration } from './sources.ts';
import { applyRainField } from './rainField.ts';
import { bedStepSpeeds, localStepsOn, rowSpeeds, StepCycle } from './stepClasses.ts';
import { bandRows, CTL, ERROR_CODE, type FloodArrays } from './state.ts';
import { OutputClock } from './outputClock.ts';
import type { FloodPointers, WasmKernels } from './wasm/loader.ts';

/** What band 0 reports while running (all optional). */
export interface BandSink {
  progress?(p: { t: number; steps: number; wallS: number; dt: number }): void;
  grid?(t: number, depth: Float32Array): void;
  frame?(t: number, depth: Float32Array, speed: Float32Array): void;
  drainage?(t: number, sample: DrainageSample): void;
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

/** The kernels a band runs: WebAssembly (wasm/kernel.ts) or the JavaScript reference (kernels.ts). */
export type KernelChoice = { K: WasmKernels; P: FloodPointers } | null;

/** The per-step values of the loop: the time step and what it depends on. */
interface StepPlan {
  dt: number;
  /** the step the stability rule allows, before landing on an output time */
  rule: number;
  t1: number;
  rainDepth: number;
}

/**
 * `resume`: continue from a checkpoint (its arrays already in `a` by restoreCheckpoint, its coupler
 * state in `coupler`): the loop starts at its time and step, with its sums and h_max.
 */
export function runBand(
  setup: FloodSetup,
  a: FloodArrays,
  band: number,
  nBands: number,
  sink: BandSink | null,
  coupler: SurfaceCoupler | null,
  fast: KernelChoice = null,
  resume: ResumePoint | null = null,
): BandResult {
  const { nrows, cellSize: dx, durationS } = setup;
  let [r0, r1] = bandRows(nrows, band, nBands);
  const k: FloodKernels = fast ? new WasmFloodKernels(fast.K, fast.P, a, setup) : new JsKernels(a, setup);
  const p = kernelParams(setup);
  const ctl = a.ctl;
  // time spent waiting at barriers (the parallel overhead, reported by band 0)
  let waitS = 0;
  const seeStop = (): void => {
    Atomics.store(
      ctl,
      CTL.stopSeen,
      (Atomics.load(ctl, CTL.error) !== 0 ? 1 : 0) | (Atomics.load(ctl, CTL.cancel) !== 0 ? 2 : 0),
    );
  };
  const sync = (): void => {
    if (nBands === 1) return;
    const t0 = performance.now();
    barrier(ctl, CTL.barrierCount, CTL.barrierGen, nBands, seeStop);
    waitS += performance.now() - t0;
  };
  const stages = { north: NaN, south: NaN, east: NaN, west: NaN };
  const clock = new OutputClock(setup);
  const lead = band === 0;
  // every band must take part in the coupler's barriers, though only band 0 holds the coupler
  const coupled = coupler !== null || setup.drainage !== undefined;
  const area = dx * dx;
  let validCount = 0;
  if (lead) for (let i = 0; i < a.valid.length; i++) validCount += a.valid[i];

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
  // active tiles: band 0 marks the sources (it alone holds the coupler), every band its rows'
  // wet flags, before the barrier after which they are read
  let tiles = new BandTiles(setup, a, r0, r1);
  // local time stepping (stepClasses.ts): where the loop is in its cycle, the cycle's fastest face
  const local = localStepsOn(setup);
  if (local && a.rowSpeed.length === 0)
    throw new Error(
      'local time stepping: the state was laid out for the global step (createFloodBuffers before solver.timeStepping was set)',
    );
  const cycle = new StepCycle(setup);
  let cycleSpeed = 0;
  const bedSteps = local ? bedStepSpeeds(setup, tiles.g, a) : new Float32Array(0);
  // the speeds the first cycle's classes come from (a resumed run: as the interrupted one had them)
  if (local) rowSpeeds(setup, tiles.g, a, k.q.qxOld, k.q.qyOld, r0, r1, tiles.computedAt);
  const rebalance = nBands > 1 && tilesOn(setup);
  if (lead) {
    markSourceTiles(setup, a, coupler ? (coupler.cells ?? 'all') : null);
    for (let b = 0; b <= nBands; b++) a.bandSplit[b] = b < nBands ? bandRows(nrows, b, nBands)[0] : nrows;
  }
  tiles.markWet(steps & 1);
  // every band is up before the clock starts: solver time excludes starting the workers
  sync();
  const started = performance.now();
  waitS = 0;
  let lastProgress = started;

  // per-band h_max, double-buffered by step parity: a fast band must not overwrite the value a
  // slower one has yet to read for this step's dt. A resumed run starts from the checkpoint's
  // h_max (the loop only uses the max over bands) and has had its outputs at its start time.
  if (resume) {
    a.bandMax[(steps & 1) * nBands + band] = resume.hMax;
    a.bandSpeed[(1 - (steps & 1)) * nBands + band] = resume.speedMax;
  } else a.bandMax[band] = rowsMax(a.h, setup.ncols, r0, r1);
  const speedScratch = new Float32Array(lead ? setup.ncols * nrows : 0);
  if (lead && !resume) outputsAt(0, setup, a, clock, k.q.qxOld, k.q.qyOld, sink, coupler, speedScratch);

  const fail = (code: number, cell: number, at: number): void => {
    if (Atomics.compareExchange(ctl, CTL.error, 0, code) === 0) {
      Atomics.store(ctl, CTL.errorCell, cell);
      a.bandMax[2 * nBands] = at;
    }
  };

  // the rain field's depth per station over the step (rainField.ts)
  const rainFieldDepthM = new Float64Array(setup.rainField ? setup.rainField.stationMmPerHour.length : 0);

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

    // 1. time step, the same in every band, from every band's h_max and wave speed
    const step = planStep(setup, a, nBands, parity, t, clock, cycle.cap);
    const { dt, t1 } = step;
    p.dt = dt;
    if (dt < minDt) minDt = dt;
    if (dt > maxDt) maxDt = dt;
    // boundary levels at the end of the step (implicit in time for the boundary)
    edgeStages(setup, t1, stages);
    k.beginStep(step);
    // any rain, uniform or a field, acts on every tile
    tiles.plan(parity, step.rainDepth !== 0 || !!setup.rainField, band);
    if (local) tiles.planClasses(cycle.s, cycle.s === 0 ? step.rule : null, band, bedSteps);

    // 2. one sweep down the band (sweepBand), then the band's last row's factors: its south
    //    faces are the next band's, just computed
    const sweep = sweepBand(setup, a, k, tiles, p, stages, r0, r1, parity, local);
    // local steps: the fastest face of the cycle so far (each face is computed at its start)
    const speed = k.speedMax();
    cycleSpeed = cycle.s === 0 || speed > cycleSpeed ? speed : cycleSpeed;
    a.bandSpeed[parity * nBands + band] = local ? cycleSpeed : speed;
    if (sweep.bad >= 0) fail(ERROR_CODE.runawayVelocity, sweep.bad, t);
    sync();
    const lastLimited = factorRow(a, k, tiles, r1 - 1);
    const maxBase = parity * nBands;
    a.limitFlags[maxBase + band] = sweep.limited || lastLimited ? 1 : 0;
    sync();

    // 3. the faces and depths next to the band's edges, then sources
    let anyLimited = false;
    for (let b = 0; b < nBands; b++) if (a.limitFlags[maxBase + b]) anyLimited = true;
    let bandH = tiles.bandMax(finishEdges(a, k, tiles, p, r0, r1, parity, anyLimited, sync, sweep.hMax));
    const err = k.depthError();
    if (err) fail(err.kind === 1 ? ERROR_CODE.nanDepth : ERROR_CODE.negativeDepth, err.cell, t1);
    if (setup.rainField) {
      const hi = applyRainField(
        setup.rainField,
        setup.ncols,
        area,
        setup.outputs.arrivalDepthM,
        a,
        t,
        dt,
        r0,
        r1,
        rainFieldDepthM,
      );
      if (hi > bandH) bandH = hi;
    }
    if (setup.inflows.length) {
      const hi = applyInflows(setup, a, t, dt, r0, r1);
      if (hi > bandH) bandH = hi;
    }
    if (a.infRate) applyInfiltration(setup, a, dt, r0, r1);
    const nextMax = (1 - parity) * nBands;
    a.bandMax[nextMax + band] = bandH;
    if (lead) rainM3 += step.rainDepth * validCount * area;

    // 4. band 0 alone, with the others waiting: sewers, bed changes, outputs
    const outputDue = clock.isDue(t1);
    // local steps: a cycle ends after 2^Lmax steps or at an output; the next one's classes come
    // from the speeds now (every band its rows, read by all after the next step's first barrier)
    const cycleEnds = local && cycle.endsHere(outputDue);
    const measure = (): void => rowSpeeds(setup, tiles.g, a, k.q.qxNew, k.q.qyNew, r0, r1, tiles.computedAt);
    if (coupled || outputDue || setup.bedChanges.length) {
      sync();
      if (lead && Atomics.load(ctl, CTL.error) === 0) {
        if (setup.bedChanges.length) applyBedChanges(setup, a, t1);
        if (coupler) {
          try {
            exchangeM3 += coupler.exchange(a.h, a.z, t, dt);
          } catch (e) {
            fail(ERROR_CODE.coupler, -1, t);
            (a as { couplerError?: string }).couplerError = (e as Error).message;
          }
          if (coupler.cells) {
            let m = a.bandMax[nextMax];
            for (const c of coupler.cells) if (a.h[c] > m) m = a.h[c];
            a.bandMax[nextMax] = m;
          }
        }
        if (outputDue) outputsAt(t1, setup, a, clock, k.q.qxNew, k.q.qyNew, sink, coupler, speedScratch);
        if (outputDue && rebalance) a.bandSplit.set(balancedSplit(setup, a, parity, nBands));
      }
      sync();
      if (cycleEnds) measure();
      // every band takes its rows from the split band 0 has just written (same results, other speed)
      if (outputDue && rebalance && (a.bandSplit[band] !== r0 || a.bandSplit[band + 1] !== r1)) {
        r0 = a.bandSplit[band];
        r1 = a.bandSplit[band + 1];
        tiles = tiles.moved(setup, r0, r1);
      }
    } else if (cycleEnds) measure();
    if (local) cycle.advance(step.rule, cycleEnds);

    k.swapFluxes();
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
    error: code
      ? {
          code,
          cell: Atomics.load(ctl, CTL.errorCell),
          t: a.bandMax[2 * nBands],
          message: (a as { couplerError?: string }).couplerError,
        }
      : null,
    couplerSummary: lead && coupler?.summary ? coupler.summary() : undefined,
  };
}

/** The largest depth in rows [r0, r1). */
function rowsMax(h: Float32Array, ncols: number, r0: number, r1: number): number {
  let m = 0;
  for (let i = r0 * ncols; i < r1 * ncols; i++) if (h[i] > m) m = h[i];
  return m;
}

/**
 * The step from time t: dt = α·dx/max(√(g·h_max), max(|u| + √(g·hf))) over every band's h_max and
 * the fastest deep face of the previous step (localInertial.ts SPEED_DEPTH_M; the shallow water
 * CFL limit), at most maxDt, landing exactly on the next output time; and the rain over it, the
 * exact integral of the piecewise-linear series.
 */
function planStep(
  setup: FloodSetup,
  a: FloodArrays,
  nBands: number,
  parity: number,
  t: number,
  clock: OutputClock,
  cap: number,
): StepPlan {
  const { alpha, maxDtS, depthThresholdM } = setup.solver;
  let hMax = 0;
  const maxBase = parity * nBands;
  for (let b = 0; b < nBands; b++) if (a.bandMax[maxBase + b] > hMax) hMax = a.bandMax[maxBase + b];
  let cMax = 0;
  const cBase = (1 - parity) * nBands;
  if (setup.solver.velocityInTimeStep !== false)
    for (let b = 0; b < nBands; b++) if (a.bandSpeed[cBase + b] > cMax) cMax = a.bandSpeed[cBase + b];
  const wave = Math.sqrt(G * hMax);
  let dt = hMax > depthThresholdM ? (alpha * setup.cellSize) / (cMax > wave ? cMax : wave) : maxDtS;
  if (dt > maxDtS) dt = maxDtS;
  if (dt > cap) dt = cap;
  const rule = dt;
  const next = clock.next(t);
  let t1 = t + dt;
  if (t1 >= next - 1e-9 * (1 + next)) {
    t1 = next;
    dt = next - t;
  }
  const rainDepth = setup.rainMmPerHour ? seriesIntegral(setup.rainMmPerHour, t, t1) / 3.6e6 : 0;
  return { dt, rule, t1, rainDepth };
}

/** Positivity factors of row r's active tiles; marks the row in rowLimited; true if a cell was limited. */
function factorRow(a: FloodArrays, k: FloodKernels, tiles: BandTiles, r: number): boolean {
  const spans = tiles.spansOf(r);
  let limited = false;
  for (let i = 0; spans[i] >= 0; i += 2) if (k.factors(r, spans[i], spans[i + 1])) limited = true;
  a.rowLimited[r] = limited ? 1 : 0;
  return limited;
}

/**
 * Local time stepping: the fluxes of row r's active tiles, each span with its class's step
 * dt·2^L (stepClasses.ts), or held; −1 or a runaway cell.
 */
function fluxRowLocal(k: FloodKernels, tiles: BandTiles, r: number, dt: number): number {
  const spans = tiles.faceSpansOf(r);
  let bad = -1;
  for (let i = 0; spans[i] >= 0; i += 3) {
    const L = spans[i + 2];
    if (L < 0) {
      k.hold(r, spans[i], spans[i + 1]);
      continue;
    }
    const dtL = dt * (1 << L);
    let e = k.fluxX(r, spans[i], spans[i + 1], dtL);
    if (e >= 0) bad = e;
    if (r === 0) continue;
    e = k.fluxY(r, spans[i], spans[i + 1], dtL);
    if (e >= 0) bad = e;
  }
  return bad;
}

/** The fluxes of row r's active tiles: x faces of the row, y faces north of it (r ≥ 1); −1 or a runaway cell. */
function fluxRow(k: FloodKernels, tiles: BandTiles, r: number): number {
  const spans = tiles.spansOf(r);
  let bad = -1;
  for (let i = 0; spans[i] >= 0; i += 2) {
    let e = k.fluxX(r, spans[i], spans[i + 1]);
    if (e >= 0) bad = e;
    if (r === 0) continue;
    e = k.fluxY(r, spans[i], spans[i + 1]);
    if (e >= 0) bad = e;
  }
  return bad;
}

/** What the sweep down a band found. */
interface SweepResult {
  /** −1, or a cell where the velocity ran away */
  bad: number;
  /** a cell of rows [r0, r1 − 1) was limited */
  limited: boolean;
  /** the largest new depth of the rows the sweep updated */
  hMax: number;
}

/**
 * One sweep down the band, each row a few rows behind the last (while their data is still in
 * cache): the fluxes of row r (x faces of the row, y faces north of it), the positivity factors
 * of row r − 1 (its four faces now exist), the scaling of the faces whose donors' factors are
 * known, and the depth update of row r − 2, whose faces are then final. The rows next to the
 * band's edges need the neighbour bands' faces and factors: finishEdges does them after the
 * barriers. Each face and cell gets the same operations as in separate sweeps, so the results do
 * not depend on this order (nor on the number of bands).
 */
function sweepBand(
  setup: FloodSetup,
  a: FloodArrays,
  k: FloodKernels,
  tiles: BandTiles,
  p: KernelParams,
  stages: EdgeStages,
  r0: number,
  r1: number,
  parity: number,
  local: boolean,
): SweepResult {
  const nrows = setup.nrows;
  const q = k.q;
  let bad = -1;
  let limited = false;
  let hMax = 0;
  for (let r = r0; r < r1; r++) {
    const e = local ? fluxRowLocal(k, tiles, r, p.dt) : fluxRow(k, tiles, r);
    if (e >= 0) bad = e;
    westEastFaces(setup, a, q.qxOld, q.qxNew, p, r, stages);
    if (r === 0) northSouthFaces(setup, a, q.qyOld, q.qyNew, p, 'north', stages);
    if (r === r0) continue;
    if (factorRow(a, k, tiles, r - 1)) limited = true;
    k.scaleX(r - 1, r);
    if (r - 1 > r0) k.scaleY(r - 1, r);
    if (r - 2 > r0) hMax = tiles.depthRow(k, r - 2, parity, hMax);
  }
  if (r1 === nrows) northSouthFaces(setup, a, q.qyOld, q.qyNew, p, 'south', stages);
  return { bad, limited, hMax };
}

/**
 * The faces and depths the sweep left: the x faces of the band's last row, the y faces north of
 * its first row (their north donor is the band above's last row) and north of its last row, and
 * the grid's south edge (scaled only if some cell anywhere was limited); the boundary volumes;
 * the depths of the first row and the one before last (their faces are all this band's), then,
 * once the next band has scaled the faces south of it, the last row. Returns the band's h_max.
 */
function finishEdges(
  a: FloodArrays,
  k: FloodKernels,
  tiles: BandTiles,
  p: KernelParams,
  r0: number,
  r1: number,
  parity: number,
  anyLimited: boolean,
  sync: () => void,
  hMaxIn: number,
): number {
  const nrows = p.nrows;
  if (anyLimited) {
    k.scaleX(r1 - 1, r1);
    k.scaleY(r0, r0 + 1);
    if (r1 - 1 > r0) k.scaleY(r1 - 1, r1);
    if (r1 === nrows) k.scaleY(nrows, nrows + 1);
  }
  bookBoundaryVolumes(a, k.q.qxNew, k.q.qyNew, p, r0, r1);
  let hMax = hMaxIn;
  if (r1 - 1 > r0) hMax = tiles.depthRow(k, r0, parity, hMax);
  if (r1 - 2 > r0) hMax = tiles.depthRow(k, r1 - 2, parity, hMax);
  if (anyLimited) sync();
  return tiles.depthRow(k, r1 - 1, parity, hMax);
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
function outputsAt(
  t: number,
  setup: FloodSetup,
  a: FloodArrays,
  clock: OutputClock,
  qx: Float32Array,
  qy: Float32Array,
  sink: BandSink | null,
  coupler: SurfaceCoupler | null,
  scratch: Float32Array,
): void {
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
  const counters =
    sink?.checkpoint && t > 0 && t < setup.durationS && clock.isFrame(t) ? loopCounters.get(sink) : undefined;
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
    sink!.checkpoint!(
      takeCheckpoint(setup, a, qx, qy, { ...c, t, hMax, speedMax }, coupler?.snapshot ? coupler.snapshot() : null),
    );
  }
}

/** Speed at cell centres from the mean of the two face fluxes in each direction, over depth. */
export function cellSpeed(
  setup: FloodSetup,
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  out: Float32Array | null,
): Float32Array {
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
