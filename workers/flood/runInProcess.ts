/**
 * One band in the calling thread: the reference run used by tests and by small runs. The same
 * `runBand` loop as the parallel hosts, so results are bit-identical to theirs. With `resume` the
 * run continues from an engine checkpoint (checkpoint.ts) and ends as the uninterrupted run would.
 */
import { InputError } from '../../src/core/errors.ts';
import type { BandSink } from './band.ts';
import { runBand } from './band.ts';
import { restoreCheckpoint, resumePoint, type FloodCheckpoint } from './checkpoint.ts';
import type { CouplerState, SurfaceCoupler } from './coupling.ts';
import { collectResult, storedVolume, type FloodResult } from './result.ts';
import type { FloodSetup } from './setup.ts';
import { createFloodBuffers, floodArrays } from './state.ts';
import { floodPointers, instantiateFloodKernels } from './wasm/loader.ts';

/**
 * `kernels`: the compiled WebAssembly kernels for a plain memory (compilePlainFloodKernels), else
 * the JavaScript reference kernels (the same bits, several times slower).
 */
export function runFloodInProcess(
  setup: FloodSetup,
  opts: { sink?: BandSink; coupler?: SurfaceCoupler; resume?: FloodCheckpoint; kernels?: WebAssembly.Module } = {},
): FloodResult {
  const b = createFloodBuffers(setup, 1, false);
  const a = floodArrays(b);
  const fast = opts.kernels ? { K: instantiateFloodKernels(opts.kernels, b.memory), P: floodPointers(b) } : null;
  const from = opts.resume ?? null;
  if (from) {
    restoreCheckpoint(setup, a, from);
    restoreCoupler(opts.coupler ?? null, from.coupler);
  }
  const initialM3 = from ? from.initialM3 : storedVolume(setup, a.h);
  const res = runBand(setup, a, 0, 1, opts.sink ?? null, opts.coupler ?? null, fast, from ? resumePoint(from) : null);
  return collectResult(setup, a, res, initialM3, 1, res.wallS);
}

/** Puts a checkpoint's sewer state back into the run's coupler (a stateful coupler needs one). */
export function restoreCoupler(coupler: SurfaceCoupler | null, state: CouplerState | null): void {
  if (state && coupler?.restore) coupler.restore(state);
  else if (state || coupler?.restore) {
    throw new InputError(
      `the checkpoint ${state ? 'has' : 'has no'} sewer state, the run ${coupler ? 'couples' : 'does not couple'} a sewer network`,
      { file: 'checkpoint', field: 'coupler' },
    );
  }
}
