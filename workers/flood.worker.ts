/**
 * Browser Web Worker entry (comlink): runs one band of a flood run over the shared state, or, on
 * a page that is not cross-origin isolated, a whole run in this worker with its own memory.
 */
import * as Comlink from 'comlink';
import { runBand, type BandResult, type BandSink } from './flood/band.ts';
import { bandKernels, type BandInit } from './flood/bandMessages.ts';
import { checkpointBuffers, type FloodCheckpoint } from './flood/checkpoint.ts';
import { createCoupler } from './flood/couplers.ts';
import type { FloodResult } from './flood/result.ts';
import { restoreCoupler, runFloodInProcess } from './flood/runInProcess.ts';
import type { FloodSetup } from './flood/setup.ts';
import { floodArrays } from './flood/state.ts';
import { compilePlainFloodKernels } from './flood/wasm/loader.ts';

export interface FloodWorkerApi {
  runBand(init: BandInit, sink: BandSink | null): Promise<BandResult>;
  /** `resume`: continue from an engine checkpoint; `checkpoints`: hand one out at each frame time */
  runAlone(
    setup: FloodSetup,
    sink: BandSink | null,
    resume?: FloodCheckpoint | null,
    checkpoints?: boolean,
  ): Promise<FloodResult>;
}

/**
 * Wraps the comlink proxy so typed arrays are transferred, not copied. Checkpoints only when the
 * page asked (on the proxy every member looks present).
 */
function transferringSink(sink: BandSink | null, checkpoints = false): BandSink | null {
  if (!sink) return null;
  return {
    ...(checkpoints
      ? { checkpoint: (c: FloodCheckpoint) => void sink.checkpoint?.(Comlink.transfer(c, checkpointBuffers(c))) }
      : {}),
    progress: (p) => void sink.progress?.(p),
    grid: (t, depth) => void sink.grid?.(t, Comlink.transfer(depth, [depth.buffer as ArrayBuffer])),
    frame: (t, depth, speed) =>
      void sink.frame?.(
        t,
        Comlink.transfer(depth, [depth.buffer as ArrayBuffer]),
        Comlink.transfer(speed, [speed.buffer as ArrayBuffer]),
      ),
    drainage: (t, sample) => void sink.drainage?.(t, sample),
  };
}

const api: FloodWorkerApi = {
  async runBand(init, sink) {
    const lead = init.band === 0;
    const coupler = lead ? await createCoupler(init.setup) : null;
    if (lead && init.resume) restoreCoupler(coupler, init.couplerState ?? null);
    return runBand(
      init.setup,
      floodArrays(init.buffers),
      init.band,
      init.nBands,
      lead ? transferringSink(sink, init.checkpoints) : null,
      coupler,
      await bandKernels(init),
      init.resume ?? null,
    );
  },
  async runAlone(setup, sink, resume, checkpoints) {
    const coupler = await createCoupler(setup);
    let kernels: WebAssembly.Module | undefined;
    try {
      kernels = await compilePlainFloodKernels();
    } catch (e) {
      console.warn(`flood: WebAssembly kernels unavailable, using JavaScript (${(e as Error).message})`);
    }
    const r = runFloodInProcess(setup, {
      sink: transferringSink(sink, checkpoints) ?? undefined,
      coupler: coupler ?? undefined,
      resume: resume ?? undefined,
      kernels,
    });
    return Comlink.transfer(r, [
      r.depth.buffer,
      r.maxDepth.buffer,
      r.maxSpeed.buffer,
      r.arrivalTime.buffer,
    ] as ArrayBuffer[]);
  },
};

Comlink.expose(api);
