/** Node worker_threads entry: runs one band of a flood run over the shared state. */
import { parentPort, workerData } from 'node:worker_threads';
import { runBand, type BandSink } from './flood/band.ts';
import { bandKernels, type BandInit, type BandMessage } from './flood/bandMessages.ts';
import { checkpointBuffers } from './flood/checkpoint.ts';
import { createCoupler } from './flood/couplers.ts';
import { restoreCoupler } from './flood/runInProcess.ts';
import { floodArrays } from './flood/state.ts';

const init = (workerData as { init: BandInit }).init;
const post = (m: BandMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);

try {
  const { setup, buffers, band, nBands } = init;
  const a = floodArrays(buffers);
  const lead = band === 0;
  const coupler = lead ? await createCoupler(setup) : null;
  if (lead && init.resume) restoreCoupler(coupler, init.couplerState ?? null);
  const sink: BandSink | null = lead
    ? ({
        progress: (p) => post({ type: 'progress', ...p }),
        grid: (t, depth) => post({ type: 'grid', t, depth }, [depth.buffer as ArrayBuffer]),
        frame: (t, depth, speed) =>
          post({ type: 'frame', t, depth, speed }, [depth.buffer as ArrayBuffer, speed.buffer as ArrayBuffer]),
        drainage: (t, sample) => post({ type: 'drainage', t, sample }),
        // handed over (transferred), not copied
        ...(init.checkpoints
          ? { checkpoint: (c) => post({ type: 'checkpoint', checkpoint: c }, checkpointBuffers(c)) }
          : {}),
      } satisfies BandSink)
    : null;
  const result = runBand(setup, a, band, nBands, sink, coupler, await bandKernels(init), init.resume ?? null);
  post({ type: 'done', band, result });
} catch (e) {
  // tell the others to stop waiting at the barrier, then report
  const a = floodArrays(init.buffers);
  Atomics.store(a.ctl, 4, 1);
  post({ type: 'failed', band: init.band, message: (e as Error).stack ?? String(e) });
}
