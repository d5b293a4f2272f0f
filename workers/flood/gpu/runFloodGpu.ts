/// <reference types="@webgpu/types" />
/**
 * The flood time loop on the GPU: the same loop as band.ts (one band), with the step's kernels on
 * the device (stepShader.ts) and on the host what is per step and scalar: the time step from the
 * step's h_max and wave speed (read back each step, 16 bytes), edge stages, rain and inflow
 * volumes, bed changes (scattered into z), the sewer coupler (its manhole cells gathered, changed
 * on the host, scattered back), outputs and checkpoints (arrays read back when due). The result
 * is assembled by result.ts from a host mirror of the state, so summary and files are the CPU's.
 * Agreement with the CPU engine, not bit identity (README "The flood engine on the GPU").
 */
import { SimulationError } from '../../../src/core/errors.ts';
import { seriesIntegral } from '../../../src/core/timeSeries.ts';
import { cellSpeed, type BandResult, type BandSink } from '../band.ts';
import { edgeStages } from '../boundaries.ts';
import { restoreCheckpoint, takeCheckpoint, type FloodCheckpoint } from '../checkpoint.ts';
import type { SurfaceCoupler } from '../coupling.ts';
import { G } from '../localInertial.ts';
import { OutputClock } from '../outputClock.ts';
import { collectResult, storedVolume, type FloodResult } from '../result.ts';
import { restoreCoupler } from '../runInProcess.ts';
import type { FloodSetup } from '../setup.ts';
import { createFloodBuffers, ERROR_CODE, floodArrays, LEDGER, LEDGER_FIELDS, type FloodArrays } from '../state.ts';
import { GpuFloodState } from './gpuFloodState.ts';
import type { GpuDevice } from './openDevice.ts';
import { NO_CELL, RED } from './stepShader.ts';

export interface GpuRunOptions {
  sink?: BandSink;
  coupler?: SurfaceCoupler;
  resume?: FloodCheckpoint;
  /** set by the caller to stop at the next step (the run then reports cancelled) */
  cancelled?: () => boolean;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsToF32 = (b: number): number => {
  u32[0] = b;
  return f32[0];
};

/** Runs a flood setup on an opened device; the result is what runFloodInProcess returns for the CPU engine. */
export async function runFloodGpu(
  opened: GpuDevice,
  setup: FloodSetup,
  opts: GpuRunOptions = {},
): Promise<FloodResult> {
  const device = opened.device;
  const a = floodArrays(createFloodBuffers(setup, 1, false));
  const from = opts.resume ?? null;
  const coupler = opts.coupler ?? null;
  if (from) {
    restoreCheckpoint(setup, a, from);
    restoreCoupler(coupler, from.coupler);
  }
  const initialM3 = from ? from.initialM3 : storedVolume(setup, a.h);
  // the ledger a resumed run started with, by field (added to the GPU's own sums)
  const base = new Float64Array(LEDGER_FIELDS);
  for (let r = 0; r < setup.nrows; r++)
    for (let f = 0; f < LEDGER_FIELDS; f++) base[f] += a.ledger[r * LEDGER_FIELDS + f];
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const gpu = new GpuFloodState(device, setup, a);
  const invalid = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (oom)
    throw new SimulationError(
      `the GPU has not enough memory for ${setup.ncols}×${setup.nrows} cells: ${oom.message} (run with --engine cpu)`,
    );
  if (invalid) throw new SimulationError(`the GPU flood kernels could not be set up: ${invalid.message}`);
  let lost: GPUDeviceLostInfo | null = null;
  void device.lost.then((info) => {
    lost = info;
  });
  try {
    const band = await timeLoop(gpu, setup, a, opts, from, initialM3);
    await readFinal(gpu, a, base);
    return collectResult(setup, a, band, initialM3, 1, band.wallS);
  } catch (err) {
    if (err instanceof SimulationError) throw err;
    const why = lost
      ? `the GPU device was lost (${(lost as GPUDeviceLostInfo).message || (lost as GPUDeviceLostInfo).reason})`
      : `the GPU failed: ${(err as Error).message}`;
    throw new SimulationError(`${why}; the run stopped (run with --engine cpu)`);
  } finally {
    gpu.destroy();
    // the instance and adapter must outlive the device's last use (openDevice.ts keep)
    void opened.keep;
  }
}

async function readFinal(gpu: GpuFloodState, a: FloodArrays, base: Float64Array): Promise<void> {
  const [qx, qy] = gpu.fluxNames;
  const parts: Array<[string, Float32Array]> = [
    ['h', a.h],
    ['maxH', a.maxH],
    ['arrival', a.arrival],
    [qx, a.qx0],
    [qy, a.qy0],
  ];
  if (a.infLeft) parts.push(['infLeft', a.infLeft]);
  await gpu.read(parts);
  const [clamped, infiltration, bIn, bOut, inflow] = await gpu.ledgerTotals();
  a.ledger.fill(0);
  a.ledger[LEDGER.clamped] = base[LEDGER.clamped] + clamped;
  a.ledger[LEDGER.infiltration] = base[LEDGER.infiltration] + infiltration;
  a.ledger[LEDGER.boundaryIn] = base[LEDGER.boundaryIn] + bIn;
  a.ledger[LEDGER.boundaryOut] = base[LEDGER.boundaryOut] + bOut;
  a.ledger[LEDGER.inflow] = base[LEDGER.inflow] + inflow;
}

async function timeLoop(
  gpu: GpuFloodState,
  setup: FloodSetup,
  a: FloodArrays,
  opts: GpuRunOptions,
  from: FloodCheckpoint | null,
  initialM3: number,
): Promise<BandResult> {
  const { cellSize: dx, durationS } = setup;
  const { alpha, maxDtS, depthThresholdM } = setup.solver;
  const withSpeed = setup.solver.velocityInTimeStep !== false;
  const sink = opts.sink ?? null;
  const coupler = opts.coupler ?? null;
  const clock = new OutputClock(setup);
  const stages = { north: NaN, south: NaN, east: NaN, west: NaN };
  const area = dx * dx;
  let validCount = 0;
  for (let k = 0; k < a.valid.length; k++) validCount += a.valid[k];
  let t = from ? from.t : 0;
  let steps = from ? from.steps : 0;
  let rainM3 = from ? from.rainM3 : 0;
  let exchangeM3 = from ? from.exchangeM3 : 0;
  let minDt = from ? from.minDt : Infinity;
  let maxDt = from ? from.maxDt : 0;
  let hMax = 0;
  for (let k = 0; k < a.h.length; k++) if (a.h[k] > hMax) hMax = a.h[k];
  let cMax = 0;
  if (from) {
    hMax = from.hMax;
    cMax = from.speedMax;
  }
  const inflowAdd = inflowBuffer(setup);
  const rainDepths = setup.rainField ? new Float32Array(setup.rainField.stationMmPerHour.length) : null;
  const couplerList = coupler?.cells ? gpu.cellList(coupler.cells) : null;
  const couplerVals = new Float32Array(coupler?.cells?.length ?? 0);
  const beds = setup.bedChanges.map((bc) => ({
    bc,
    list: gpu.cellList(bc.cells),
    z: new Float32Array(bc.cells.length),
  }));
  const started = performance.now();
  let lastProgress = started;
  let error: BandResult['error'] = null;
  let cancelled = false;

  /** points, grids, frames, maximum speed and checkpoints due at t (the step's new fluxes read back) */
  async function outputsAt(tOut: number): Promise<void> {
    const iPoint = clock.pointIndexAt(tOut);
    const frameDue = clock.isFrame(tOut) && sink?.frame !== undefined;
    const gridDue = clock.isGrid(tOut) && sink?.grid !== undefined;
    const ckDue = sink?.checkpoint !== undefined && tOut > 0 && tOut < durationS && clock.isFrame(tOut);
    if (iPoint < 0 && !frameDue && !gridDue && !ckDue) return;
    const [qxName, qyName] = gpu.fluxNames;
    const qx = tOut === 0 && !from ? a.qx0 : a.qx1;
    const qy = tOut === 0 && !from ? a.qy0 : a.qy1;
    const parts: Array<[string, Float32Array]> = [['h', a.h]];
    if (tOut > 0 || from) parts.push([qxName, qx], [qyName, qy]);
    if (ckDue) {
      parts.push(['maxH', a.maxH], ['arrival', a.arrival]);
      if (a.infLeft) parts.push(['infLeft', a.infLeft]);
    }
    await gpu.read(parts);
    const speed = iPoint >= 0 || frameDue ? cellSpeed(setup, a, qx, qy, null) : null;
    if (iPoint >= 0 && speed) {
      const cells = setup.outputs.pointCells;
      for (let i = 0; i < cells.length; i++) a.points[iPoint * cells.length + i] = a.h[cells[i]];
      for (let k = 0; k < speed.length; k++) if (speed[k] > a.maxSpeed[k]) a.maxSpeed[k] = speed[k];
      if (coupler?.sample && sink?.drainage) sink.drainage(tOut, coupler.sample(tOut));
    }
    if (frameDue && speed) sink!.frame!(tOut, a.h.slice(), speed);
    if (gridDue) sink!.grid!(tOut, a.h.slice());
    if (ckDue) {
      const base = a.ledger.slice();
      const sums = await gpu.ledgerTotals();
      const ledger = new Float64Array(a.ledger.length);
      for (let r = 0; r < setup.nrows; r++)
        for (let f = 0; f < LEDGER_FIELDS; f++) ledger[f] += base[r * LEDGER_FIELDS + f];
      ledger[LEDGER.clamped] += sums[0];
      ledger[LEDGER.infiltration] += sums[1];
      ledger[LEDGER.boundaryIn] += sums[2];
      ledger[LEDGER.boundaryOut] += sums[3];
      ledger[LEDGER.inflow] += sums[4];
      a.ledger.set(ledger);
      const c = takeCheckpoint(
        setup,
        a,
        qx,
        qy,
        { t: tOut, steps: steps + 1, rainM3, exchangeM3, minDt, maxDt, initialM3, hMax, speedMax: cMax },
        coupler?.snapshot ? coupler.snapshot() : null,
      );
      a.ledger.set(base);
      sink!.checkpoint!(c);
    }
  }

  if (!from) await outputsAt(0);
  while (t < durationS) {
    if (opts.cancelled?.()) {
      cancelled = true;
      break;
    }
    // 1. time step as band.ts: dt = α·dx/max(√(g·h_max), max(|u| + √(g·hf))), at most maxDt, onto the next output time
    const wave = Math.sqrt(G * hMax);
    const c = withSpeed ? cMax : 0;
    let dt = hMax > depthThresholdM ? (alpha * dx) / (c > wave ? c : wave) : maxDtS;
    if (dt > maxDtS) dt = maxDtS;
    const next = clock.next(t);
    let t1 = t + dt;
    if (t1 >= next - 1e-9 * (1 + next)) {
      t1 = next;
      dt = next - t;
    }
    if (dt < minDt) minDt = dt;
    if (dt > maxDt) maxDt = dt;
    edgeStages(setup, t1, stages);
    const rainDepth = setup.rainMmPerHour ? seriesIntegral(setup.rainMmPerHour, t, t1) / 3.6e6 : 0;
    gpu.params.step({ dt, t1, rainDepth, stages });
    if (inflowAdd) fillInflows(setup, inflowAdd, t, dt, area);
    gpu.submitStep(inflowAdd, rainDepths && stationDepths(setup, rainDepths, t, dt) ? rainDepths : null);
    const red = await gpu.readReductions();
    hMax = bitsToF32(red[RED.hMax]);
    cMax = bitsToF32(red[RED.speed]);
    if (red[RED.runaway] !== NO_CELL) {
      error = { code: ERROR_CODE.runawayVelocity, cell: red[RED.runaway], t };
      break;
    }
    if (red[RED.depthError] !== NO_CELL) {
      const v = red[RED.depthError];
      error = { code: v & 1 ? ERROR_CODE.negativeDepth : ERROR_CODE.nanDepth, cell: v >>> 1, t: t1 };
      break;
    }
    rainM3 += rainDepth * validCount * area;
    for (const b of beds) if (applyBedChange(b.bc, a, t1, b.z)) gpu.scatter(b.list, b.z, 'z');
    if (coupler) {
      try {
        exchangeM3 += await exchange(gpu, coupler, couplerList, couplerVals, a, t, dt);
      } catch (err) {
        error = { code: ERROR_CODE.coupler, cell: -1, t, message: (err as Error).message };
        break;
      }
      if (coupler.cells) for (const k of coupler.cells) if (a.h[k] > hMax) hMax = a.h[k];
    }
    if (clock.isDue(t1)) await outputsAt(t1);
    t = t1;
    steps++;
    if (sink?.progress) {
      const now = performance.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        sink.progress({ t, steps, wallS: (now - started) / 1000, dt });
      }
    }
  }
  const wallS = (performance.now() - started) / 1000;
  return {
    steps,
    t,
    rainM3,
    exchangeM3,
    minDt: minDt === Infinity ? 0 : minDt,
    maxDt,
    wallS,
    waitS: 0,
    error,
    cancelled,
    couplerSummary: coupler?.summary ? coupler.summary() : undefined,
  };
}

/** One depth per inflow entry, filled each step with volume × share / area (sources.ts). */
function inflowBuffer(setup: FloodSetup): Float32Array | null {
  const n = setup.inflows.reduce((s, f) => s + f.cells.length, 0);
  return n ? new Float32Array(n) : null;
}

function fillInflows(setup: FloodSetup, out: Float32Array, t: number, dt: number, area: number): void {
  let i = 0;
  for (const inf of setup.inflows) {
    const volume = seriesIntegral(inf.hydrograph, t, t + dt);
    for (let j = 0; j < inf.cells.length; j++) out[i++] = (volume * inf.weights[j]) / area;
  }
}

/** rainField.ts: each station's depth over [t, t + dt]; false when no station rains (the kernel is skipped). */
function stationDepths(setup: FloodSetup, out: Float32Array, t: number, dt: number): boolean {
  const series = setup.rainField!.stationMmPerHour;
  let any = false;
  for (let s = 0; s < series.length; s++) {
    out[s] = seriesIntegral(series[s], t, t + dt) / 3.6e6;
    if (out[s] !== 0) any = true;
  }
  return any;
}

/** band.ts applyBedChanges for one change on the host mirror; true if its cells are to be sent. */
function applyBedChange(bc: FloodSetup['bedChanges'][number], a: FloodArrays, t: number, out: Float32Array): boolean {
  if (t < bc.startS) return false;
  const f = bc.endS > bc.startS ? Math.min(1, (t - bc.startS) / (bc.endS - bc.startS)) : 1;
  for (let i = 0; i < bc.cells.length; i++) {
    const k = bc.cells[i];
    if (a.valid[k] !== 0) a.z[k] = bc.fromZ[i] + f * (bc.finalZ[i] - bc.fromZ[i]);
    out[i] = a.z[k];
  }
  return true;
}

/** The sewer exchange: only the coupler's cells travel (all of h if it names none). */
async function exchange(
  gpu: GpuFloodState,
  coupler: SurfaceCoupler,
  list: ReturnType<GpuFloodState['cellList']> | null,
  vals: Float32Array,
  a: FloodArrays,
  t: number,
  dt: number,
): Promise<number> {
  if (!list || !coupler.cells) {
    await gpu.read([['h', a.h]]);
    const v = coupler.exchange(a.h, a.z, t, dt);
    gpu.writeAll('h', a.h);
    return v;
  }
  const cells = coupler.cells;
  await gpu.gather(list, vals);
  for (let i = 0; i < cells.length; i++) a.h[cells[i]] = vals[i];
  const v = coupler.exchange(a.h, a.z, t, dt);
  for (let i = 0; i < cells.length; i++) vals[i] = a.h[cells[i]];
  gpu.scatter(list, vals, 'h');
  return v;
}
