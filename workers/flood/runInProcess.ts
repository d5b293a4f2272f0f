/**
 * One band in the calling thread: the reference run used by tests and by small runs. The same
 * `runBand` loop as the parallel hosts, so results are bit-identical to theirs.
 */
import type { BandSink } from './band.ts';
import { runBand } from './band.ts';
import type { SurfaceCoupler } from './coupling.ts';
import { collectResult, storedVolume, type FloodResult } from './result.ts';
import type { FloodSetup } from './setup.ts';
import { createFloodBuffers, floodArrays } from './state.ts';

export function runFloodInProcess(setup: FloodSetup, opts: { sink?: BandSink; coupler?: SurfaceCoupler } = {}): FloodResult {
  const a = floodArrays(createFloodBuffers(setup, 1, false));
  const initialM3 = storedVolume(setup, a.h);
  const res = runBand(setup, a, 0, 1, opts.sink ?? null, opts.coupler ?? null);
  return collectResult(setup, a, res, initialM3, 1, res.wallS);
}
