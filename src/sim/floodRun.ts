/**
 * Runs a flood in the browser: N Web Workers (comlink) share one WebAssembly.Memory, each owning a
 * band of rows, exactly as the Node CLI does with worker_threads, so the page and the CLI give the
 * same numbers. On a page that is not cross-origin isolated (no SharedArrayBuffer) the whole run
 * happens in one worker. A worker that dies is reported and the run rejects: the page never hangs.
 */
import * as Comlink from 'comlink';
import type { BandResult, BandSink } from '../../workers/flood/band.ts';
import { liteSetup, type BandInit } from '../../workers/flood/bandMessages.ts';
import { restoreCheckpoint, resumePoint, type FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import type { FloodWorkerApi } from '../../workers/flood.worker.ts';
import { collectResult, storedVolume, type FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { DrainageSample } from '../../workers/flood/coupling.ts';
import { createFloodBuffers, CTL, floodArrays } from '../../workers/flood/state.ts';
import * as gpuRunner from './floodRunGpu.ts';

export interface FloodRunOptions {
  workers: number;
  /** depth frames for the scene every so many simulated seconds (overrides the scenario's) */
  frameIntervalS?: number;
  onFrame?(f: { t: number; depth: Float32Array; speed: Float32Array }): void;
  onProgress?(p: { t: number; durationS: number; steps: number; wallS: number }): void;
  onDrainage?(t: number, sample: DrainageSample): void;
  /** depth at each of the scenario's grid times */
  onGrid?(t: number, depth: Float32Array): void;
  /** 'wasm' (default) or the JavaScript reference kernels */
  kernel?: 'wasm' | 'js';
  /** continue from an engine checkpoint of this setup (the result is the uninterrupted run's) */
  resume?: FloodCheckpoint;
  /** the engine state at each frame time before the end, handed over (transferred) */
  onCheckpoint?(c: FloodCheckpoint): void;
  /** 'cpu' (default), 'gpu' (WebGPU, a software adapter accepted) or 'auto' (a hardware GPU if present) */
  engine?: 'cpu' | 'gpu' | 'auto';
  /** which engine runs; `note` says why the GPU was not used when it was asked for */
  onEngine?(e: { engine: 'cpu' | 'gpu'; adapter: string | null; note?: string }): void;
}

export interface FloodRunHandle {
  done: Promise<FloodResult>;
  cancel(): void;
}

function spawn(): Worker {
  return new Worker(new URL('../../workers/flood.worker.ts', import.meta.url), { type: 'module', name: 'flood' });
}

/**
 * The GPU engine (workers/flood/gpu) when asked for and usable, else the CPU workers: a GPU that
 * is missing or fails hands the same scenario to the CPU workers and says so (onEngine).
 */
export function startFloodRun(setup: FloodSetup, opts: FloodRunOptions): FloodRunHandle {
  if (!opts.engine || opts.engine === 'cpu' || opts.resume || opts.onCheckpoint) {
    opts.onEngine?.({ engine: 'cpu', adapter: null });
    return startCpuRun(setup, opts);
  }
  const { startGpuRun } = gpuRunner;
  let cpu: FloodRunHandle | null = null;
  let cancelled = false;
  const gpu = startGpuRun(setup, opts, opts.engine === 'gpu');
  const done = gpu.done.catch((err: Error) => {
    if (cancelled) throw err;
    opts.onEngine?.({ engine: 'cpu', adapter: null, note: `GPU engine not used: ${err.message}` });
    cpu = startCpuRun(setup, opts);
    return cpu.done;
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      gpu.cancel();
      cpu?.cancel();
    },
  };
}

function startCpuRun(setup: FloodSetup, opts: FloodRunOptions): FloodRunHandle {
  const run: FloodSetup =
    opts.frameIntervalS !== undefined
      ? { ...setup, outputs: { ...setup.outputs, frameIntervalS: opts.frameIntervalS } }
      : setup;
  const sink: BandSink = {
    progress: (p) => opts.onProgress?.({ t: p.t, durationS: run.durationS, steps: p.steps, wallS: p.wallS }),
    frame: (t, depth, speed) => opts.onFrame?.({ t, depth, speed }),
    // every method must exist: over comlink the sink is a proxy on which any member looks present
    grid: (t, depth) => opts.onGrid?.(t, depth),
    drainage: (t, sample) => opts.onDrainage?.(t, sample),
    checkpoint: (c) => opts.onCheckpoint?.(c),
  };
  const checkpoints = opts.onCheckpoint !== undefined;
  const threads: Worker[] = [];
  const stopAll = (): void =>
    threads.forEach((w) => {
      w.terminate();
    });
  const watch = (w: Worker, band: number, reject: (e: Error) => void): void => {
    w.addEventListener('error', (e) => reject(new Error(`flood worker ${band} died: ${e.message || 'unknown error'}`)));
  };

  if (!globalThis.crossOriginIsolated) {
    // no shared memory: one worker does the whole run with its own state
    const w = spawn();
    threads.push(w);
    const done = new Promise<FloodResult>((resolve, reject) => {
      watch(w, 0, reject);
      // the checkpoint is copied in (the caller keeps it, should this run die too)
      Comlink.wrap<FloodWorkerApi>(w)
        .runAlone(run, Comlink.proxy(sink), opts.resume ?? null, checkpoints)
        .then(resolve, reject);
    }).finally(stopAll);
    return { done, cancel: stopAll };
  }

  const nBands = Math.max(1, Math.min(opts.workers, run.nrows));
  const buffers = createFloodBuffers(run, nBands, true);
  const a = floodArrays(buffers);
  if (opts.resume) restoreCheckpoint(run, a, opts.resume);
  const initialM3 = opts.resume ? opts.resume.initialM3 : storedVolume(run, a.h);
  const lite = liteSetup(run);
  const done = new Promise<FloodResult>((resolve, reject) => {
    const results: Promise<BandResult>[] = [];
    for (let band = 0; band < nBands; band++) {
      const w = spawn();
      threads.push(w);
      watch(w, band, (e) => {
        Atomics.store(a.ctl, CTL.cancel, 1);
        reject(e);
      });
      const init: BandInit = { setup: lite, buffers, band, nBands, kernel: opts.kernel ?? 'wasm' };
      if (opts.resume) init.resume = resumePoint(opts.resume);
      if (band === 0) {
        init.couplerState = opts.resume?.coupler ?? null;
        init.checkpoints = checkpoints;
      }
      results.push(Comlink.wrap<FloodWorkerApi>(w).runBand(init, band === 0 ? Comlink.proxy(sink) : null));
    }
    Promise.all(results).then(
      (res) => {
        try {
          resolve(collectResult(run, a, res[0], initialM3, nBands, res[0].wallS));
        } catch (e) {
          reject(e);
        }
      },
      (e) => {
        Atomics.store(a.ctl, CTL.cancel, 1);
        reject(e);
      },
    );
  }).finally(stopAll);
  return {
    done,
    cancel: () => Atomics.store(a.ctl, CTL.cancel, 1),
  };
}
