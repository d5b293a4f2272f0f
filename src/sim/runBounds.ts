/**
 * Sane bounds on a run, checked before anything is allocated: one scenario value must not overflow a
 * buffer (durationS 1e12 over outputs.intervalS 1e-6), hang at t = 0 (solver.maxDtS 1e-300), run for
 * hours (frameIntervalS 1e-6) or fill the memory (100,000 gridTimesS; a 95 M-cell grid). Each refusal
 * is an InputError naming the JSON path and saying what to change.
 *
 * The memory estimate follows the engine's own layout (workers/flood/state.ts arraySpecs): all state
 * lives in one WebAssembly.Memory, which a 32-bit WebAssembly module caps at 4 GiB.
 */
import { InputError } from '../core/errors.ts';
import { arraySpecs, MEMORY_BASE } from '../../workers/flood/state.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

/** a year: longer runs are split into windows (hot starts) */
export const MAX_DURATION_S = 366 * 86400;
/** below a millisecond a step would never finish a run */
export const MIN_MAX_DT_S = 1e-3;
/** samples per output point over the run */
export const MAX_POINT_SAMPLES = 1_000_000;
/** depth frames sent to the page (each one is a full grid) */
export const MAX_FRAMES = 20_000;
/** depth grids written (each one is a full grid file) */
export const MAX_GRID_TIMES = 1000;
/** initial water deeper than this is a datum or unit mistake (the deepest reservoirs hold a few hundred metres) */
export const MAX_INITIAL_DEPTH_M = 1000;
/** steps a run may take at its initial time step (the step shrinks as √(g·h) grows: 1e12 m of water is no flood) */
export const MAX_STEPS = 100_000_000;
/** 65,536 pages of 64 KiB: the most one 32-bit WebAssembly memory can hold */
export const WASM_MAX_BYTES = 65536 * 65536;

const BYTES = { f32: 4, f64: 8, u8: 1, i32: 4 } as const;

/** Bytes of the engine's WebAssembly memory for this setup (as createFloodBuffers lays it out). */
export function engineMemoryBytes(setup: FloodSetup, nBands: number): number {
  let offset = MEMORY_BASE;
  for (const [, type, len] of arraySpecs(setup, nBands)) offset += Math.ceil((len * BYTES[type]) / 16) * 16;
  return Math.ceil(offset / 65536) * 65536;
}

/** Bytes the host holds besides the engine: the setup's grids, one grid per pending output, the frames kept. */
export function hostMemoryBytes(setup: FloodSetup, framesKept: number): number {
  const n = setup.ncols * setup.nrows;
  let bytes = 0;
  for (const v of Object.values(setup)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
  // the result grids (max depth, speed, arrival) copied out, and the grids waiting to be written
  bytes += (3 + Math.min(setup.outputs.gridTimesS.length, 8)) * 4 * n;
  return bytes + framesKept * 8 * n;
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

/**
 * Throws an InputError unless the run's durations, intervals and grids are within bounds and its
 * engine fits one WebAssembly memory. `hostBytesAvailable` (when known) bounds the host's share too.
 */
export function checkRunBounds(
  setup: FloodSetup,
  file: string,
  opts: { nBands?: number; hostBytesAvailable?: number; framesKept?: number } = {},
): void {
  const fail = (path: string, msg: string): never => {
    throw new InputError(msg, { file, path });
  };
  const { durationS, solver, outputs } = setup;
  if (!(durationS > 0 && durationS <= MAX_DURATION_S)) {
    fail(
      'durationS',
      `${durationS} s is outside 0 … ${MAX_DURATION_S} s (a year); run a long event as windows with hot starts`,
    );
  }
  if (!(solver.maxDtS >= MIN_MAX_DT_S)) {
    fail(
      'solver.maxDtS',
      `${solver.maxDtS} s is below ${MIN_MAX_DT_S} s: the run would never end; leave it out (the CFL limit sets the step) or give at least ${MIN_MAX_DT_S} s`,
    );
  }
  const samples = durationS / outputs.intervalS;
  if (!(samples <= MAX_POINT_SAMPLES)) {
    fail(
      'outputs.intervalS',
      `${outputs.intervalS} s over ${durationS} s gives ${samples.toExponential(2)} samples per point, more than ${MAX_POINT_SAMPLES}; give an interval of at least ${Math.ceil(durationS / MAX_POINT_SAMPLES)} s`,
    );
  }
  // frameIntervalS 0: no frames asked for (the page picks its own interval)
  const frames = outputs.frameIntervalS > 0 ? durationS / outputs.frameIntervalS : 0;
  if (!(frames <= MAX_FRAMES)) {
    fail(
      'outputs.frameIntervalS',
      `${outputs.frameIntervalS} s over ${durationS} s gives ${frames.toExponential(2)} frames, more than ${MAX_FRAMES}; give at least ${Math.ceil(durationS / MAX_FRAMES)} s`,
    );
  }
  checkGridTimes(outputs.gridTimesS, fail);
  checkInitialStep(setup, fail);
  const n = setup.ncols * setup.nrows;
  const wasm = engineMemoryBytes(setup, opts.nBands ?? 1);
  if (wasm > WASM_MAX_BYTES) {
    fail(
      'dem',
      `${setup.ncols}×${setup.nrows} = ${(n / 1e6).toFixed(1)} M cells need ${mib(wasm)} of engine memory, past WebAssembly's 4 GiB (4096 MiB) limit; use coarser cells (×${Math.ceil(Math.sqrt(wasm / WASM_MAX_BYTES) * 10) / 10} the cell size) or split the area into tiles run as an ensemble`,
    );
  }
  const host = hostMemoryBytes(setup, opts.framesKept ?? 0);
  if (opts.hostBytesAvailable !== undefined && wasm + host > opts.hostBytesAvailable) {
    fail(
      'dem',
      `the run needs about ${mib(wasm + host)} (engine ${mib(wasm)}, grids and outputs ${mib(host)}), more than the ${mib(opts.hostBytesAvailable)} this machine has; use coarser cells, fewer gridTimesS or tiles`,
    );
  }
}

/**
 * The first step from the deepest initial water (Bates et al. 2010: dt = α·Δx/√(g·h)); a run that would
 * need more than MAX_STEPS such steps is refused rather than left running for days.
 */
function checkInitialStep(setup: FloodSetup, fail: (path: string, msg: string) => never): void {
  let hMax = 0;
  const h = setup.initialDepth;
  if (h) for (let k = 0; k < h.length; k++) if (h[k] > hMax) hMax = h[k];
  if (!(hMax > 0)) return;
  if (hMax > MAX_INITIAL_DEPTH_M) {
    fail(
      'initialWaterLevel',
      `the initial water is up to ${hMax.toPrecision(3)} m deep, more than ${MAX_INITIAL_DEPTH_M} m: check the initial level's datum and units`,
    );
  }
  const dt = Math.min(setup.solver.maxDtS, (setup.solver.alpha * setup.cellSize) / Math.sqrt(9.81 * hMax));
  const steps = setup.durationS / dt;
  if (!(steps <= MAX_STEPS)) {
    fail(
      'initialWaterLevel',
      `the deepest initial water is ${hMax.toPrecision(3)} m: the step would be ${dt.toPrecision(2)} s and the run ${steps.toExponential(1)} steps (at most ${MAX_STEPS}); check the initial level's datum and units`,
    );
  }
}

/** at most MAX_GRID_TIMES grids, each with its own file name (depth_<rounded t>.asc) */
function checkGridTimes(times: readonly number[], fail: (path: string, msg: string) => never): void {
  if (times.length > MAX_GRID_TIMES) {
    fail(
      'outputs.gridTimesS',
      `${times.length} grid times, more than ${MAX_GRID_TIMES}; each writes a full grid: give fewer (frames and max_depth cover the rest)`,
    );
  }
  const byName = new Map<number, number>();
  for (const t of times) {
    const name = Math.round(t);
    const other = byName.get(name);
    if (other !== undefined)
      fail(
        'outputs.gridTimesS',
        `${other} and ${t} both round to depth_${name}.asc (one grid would be lost); give times at least a second apart`,
      );
    byName.set(name, t);
  }
}
