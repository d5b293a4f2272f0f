/**
 * Runs a flood in Node over N worker_threads sharing one WebAssembly.Memory (row bands, one
 * barrier per step). Used by the CLI, batch runs and the benchmarks. A worker that fails or dies
 * stops the whole run with its message: the others are terminated, never left waiting.
 */
import { Worker } from 'node:worker_threads';
import { SimulationError } from '../core/errors.ts';
import type { BandResult } from '../../workers/flood/band.ts';
import type { DrainageSample } from '../../workers/flood/coupling.ts';
import { liteSetup, type BandInit, type BandMessage } from '../../workers/flood/bandMessages.ts';
import { restoreCheckpoint, resumePoint, type FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import { collectResult, storedVolume, type FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { createFloodBuffers, CTL, floodArrays } from '../../workers/flood/state.ts';

export interface RunObserver {
  onProgress?(p: { t: number; durationS: number; steps: number; wallS: number; dt: number }): void;
  onGrid?(t: number, depth: Float32Array): void;
  onFrame?(t: number, depth: Float32Array, speed: Float32Array): void;
  onDrainage?(t: number, sample: DrainageSample): void;
  /** the engine state at each frame time (workers/flood/checkpoint.ts), to resume from */
  onCheckpoint?(c: FloodCheckpoint): void;
}

const bootUrl = new URL('../../workers/nodeBoot.mjs', import.meta.url);
const entryUrl = new URL('../../workers/flood.node-worker.ts', import.meta.url).href;

/** `resume`: continue from an engine checkpoint of this setup; the result is the uninterrupted run's. */
export async function runFloodNode(
  setup: FloodSetup,
  workers: number,
  observer: RunObserver = {},
  kernel: 'wasm' | 'js' = 'wasm',
  resume?: FloodCheckpoint,
): Promise<FloodResult> {
  const nBands = Math.max(1, Math.min(workers, setup.nrows));
  const buffers = createFloodBuffers(setup, nBands, true);
  const a = floodArrays(buffers);
  if (resume) restoreCheckpoint(setup, a, resume);
  const initialM3 = resume ? resume.initialM3 : storedVolume(setup, a.h);
  const lite = liteSetup(setup);
  const threads: Worker[] = [];
  const results: BandResult[] = new Array(nBands);
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      let failed = false;
      const fail = (err: Error): void => {
        if (failed) return;
        failed = true;
        Atomics.store(a.ctl, CTL.cancel, 1);
        reject(err);
      };
      for (let band = 0; band < nBands; band++) {
        const init: BandInit = { setup: lite, buffers, band, nBands, kernel };
        if (resume) init.resume = resumePoint(resume);
        if (band === 0) {
          if (resume) init.couplerState = resume.coupler;
          init.checkpoints = observer.onCheckpoint !== undefined;
        }
        const w = new Worker(bootUrl, { workerData: { entry: entryUrl, init } });
        threads.push(w);
        w.on('message', (m: BandMessage) => {
          switch (m.type) {
            case 'progress':
              observer.onProgress?.({ t: m.t, durationS: setup.durationS, steps: m.steps, wallS: m.wallS, dt: m.dt });
              break;
            case 'grid':
              observer.onGrid?.(m.t, m.depth);
              break;
            case 'frame':
              observer.onFrame?.(m.t, m.depth, m.speed);
              break;
            case 'drainage':
              observer.onDrainage?.(m.t, m.sample);
              break;
            case 'checkpoint':
              observer.onCheckpoint?.(m.checkpoint);
              break;
            case 'failed':
              fail(new Error(`flood worker ${m.band} failed: ${m.message}`));
              break;
            case 'done':
              results[m.band] = m.result;
              if (++done === nBands) resolve();
              break;
          }
        });
        w.on('error', (e: Error) => fail(new Error(`flood worker ${band} died: ${e.message}`)));
        w.on('exit', (code) => {
          if (code !== 0 && results[band] === undefined)
            fail(new Error(`flood worker ${band} exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  const lead = results[0];
  if (!lead) throw new SimulationError('the flood run produced no result');
  return collectResult(setup, a, lead, initialM3, nBands, lead.wallS);
}
