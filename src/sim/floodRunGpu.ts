/**
 * The GPU flood engine in the page: one Web Worker (workers/flood/gpu/gpu.worker.ts) opens WebGPU
 * and runs the whole flood; frames and progress come back as from the CPU workers. The run rejects
 * (and floodRun.ts falls back to the CPU workers) when the GPU cannot be used.
 */
import * as Comlink from 'comlink';
import type { GpuWorkerApi } from '../../workers/flood/gpu/gpu.worker.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { DrainageSample } from '../../workers/flood/coupling.ts';

/** What startGpuRun reads of floodRun.ts's FloodRunOptions (declared here: no import cycle). */
export interface GpuRunOptions {
  frameIntervalS?: number;
  onFrame?(f: { t: number; depth: Float32Array; speed: Float32Array }): void;
  onProgress?(p: { t: number; durationS: number; steps: number; wallS: number }): void;
  onDrainage?(t: number, sample: DrainageSample): void;
  onGrid?(t: number, depth: Float32Array): void;
  onEngine?(e: { engine: 'cpu' | 'gpu'; adapter: string | null; note?: string }): void;
}

export function startGpuRun(
  setup: FloodSetup,
  opts: GpuRunOptions,
  forced: boolean,
): { done: Promise<FloodResult>; cancel(): void } {
  const run: FloodSetup =
    opts.frameIntervalS !== undefined
      ? { ...setup, outputs: { ...setup.outputs, frameIntervalS: opts.frameIntervalS } }
      : setup;
  const w = new Worker(new URL('../../workers/flood/gpu/gpu.worker.ts', import.meta.url), {
    type: 'module',
    name: 'flood-gpu',
  });
  const api = Comlink.wrap<GpuWorkerApi>(w);
  const sink = {
    progress: (p: { t: number; steps: number; wallS: number }) =>
      opts.onProgress?.({ t: p.t, durationS: run.durationS, steps: p.steps, wallS: p.wallS }),
    frame: (t: number, depth: Float32Array, speed: Float32Array) => opts.onFrame?.({ t, depth, speed }),
    grid: (t: number, depth: Float32Array) => opts.onGrid?.(t, depth),
    drainage: (t: number, sample: DrainageSample) => opts.onDrainage?.(t, sample),
  };
  const onAdapter = (adapter: string): void => opts.onEngine?.({ engine: 'gpu', adapter });
  const done = new Promise<FloodResult>((resolve, reject) => {
    w.addEventListener('error', (e) => reject(new Error(`the GPU flood worker died: ${e.message || 'unknown error'}`)));
    api.run(run, Comlink.proxy(sink), Comlink.proxy(onAdapter), forced).then(resolve, reject);
  }).finally(() => w.terminate());
  return { done, cancel: () => void api.cancel() };
}
