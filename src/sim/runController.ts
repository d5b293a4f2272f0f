/**
 * Runs a flood setup through the engine's `startFloodRun` (src/sim/floodRun.ts: Web Workers via
 * comlink, shared memory), recording frames into a FrameStore and reporting progress with an
 * estimate of the time left. The main thread only receives callbacks; it never computes physics.
 */
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { DrainageSample } from '../../workers/flood/coupling.ts';
import type { startFloodRun } from './floodRun.ts';
import { FrameStore } from './frameStore.ts';

export interface RunProgress {
  t: number;
  durationS: number;
  steps: number;
  wallS: number;
  /** 0..1 */
  fraction: number;
  /** wall seconds left, from the simulated-time rate so far (null until measurable) */
  etaS: number | null;
}

/** what a finished run gives: the engine's own result type, typed across the worker boundary */
export type RunDone = FloodResult;

type StartFloodRun = typeof startFloodRun;

// floodRun.ts is the engine team's; found at build time if present
const engines = import.meta.glob('./floodRun.ts');

export async function loadEngine(): Promise<StartFloodRun> {
  const load = engines['./floodRun.ts'];
  if (!load) throw new Error('the flood engine (src/sim/floodRun.ts) is not part of this build');
  const mod = (await load()) as { startFloodRun: StartFloodRun };
  return mod.startFloodRun;
}

export function eta(p: { t: number; durationS: number; wallS: number }): number | null {
  if (!(p.t > 0) || !(p.wallS > 0.2)) return null;
  return Math.max(0, (p.durationS - p.t) * (p.wallS / p.t));
}

/**
 * The progress a frame at simulated time `t` implies, when it is ahead of the engine's last progress
 * message (those can lag far behind the frames on a slow step), else null. The page's progress text
 * then follows the run as the timeline does.
 *
 * @example
 * progressAtFrame({ t: 300, durationS: 3600, steps: 10, wallS: 30 }, 1800, 60) // { t: 1800, durationS: 3600, steps: 10, wallS: 60 }
 */
export function progressAtFrame(
  last: { t: number; durationS: number; steps: number; wallS: number },
  t: number,
  wallS: number,
): typeof last | null {
  return t > last.t ? { t: Math.min(t, last.durationS), durationS: last.durationS, steps: last.steps, wallS } : null;
}

export interface RunHandle {
  frames: FrameStore;
  done: Promise<RunDone>;
  cancel(): void;
}

export async function startRun(
  setup: FloodSetup,
  opts: {
    workers?: number;
    frameIntervalS?: number;
    frames?: FrameStore;
    onFrame?(t: number, index: number): void;
    /** every frame as the engine gives it, with speed (the evacuation takes these; copy to keep) */
    onFlood?(t: number, depth: Float32Array, speed: Float32Array | null): void;
    onProgress?(p: RunProgress): void;
    /** sewer state samples when the scenario couples the drainage network */
    onDrainage?(t: number, sample: DrainageSample): void;
    /** the flood engine: CPU workers (default), the GPU, or the GPU when a hardware one is present */
    engine?: 'cpu' | 'gpu' | 'auto';
    /** which engine runs, and why the GPU was not used when asked for */
    onEngine?(e: { engine: 'cpu' | 'gpu'; adapter: string | null; note?: string }): void;
  },
): Promise<RunHandle> {
  const start = await loadEngine();
  const frames = opts.frames ?? new FrameStore();
  frames.clear();
  // the initial state is frame 0, so the timeline starts dry (or at the initial water)
  frames.push(0, setup.initialDepth ?? new Float32Array(setup.ncols * setup.nrows));
  opts.onFrame?.(0, 0);
  const workers = opts.workers ?? Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  const frameIntervalS =
    opts.frameIntervalS ??
    (setup.outputs.frameIntervalS > 0 ? setup.outputs.frameIntervalS : Math.max(setup.durationS / 60, 1));
  const t0 = performance.now();
  let last = { t: 0, durationS: setup.durationS, steps: 0, wallS: 0 };
  const progress = (p: typeof last): void => {
    last = p;
    opts.onProgress?.({ ...p, fraction: Math.min(1, p.t / p.durationS), etaS: eta(p) });
  };
  const h = start(setup, {
    workers,
    frameIntervalS,
    engine: opts.engine,
    onEngine: opts.onEngine,
    onFrame(f) {
      opts.onFlood?.(f.t, f.depth, f.speed ?? null);
      frames.push(f.t, f.depth, f.speed ?? null);
      opts.onFrame?.(f.t, frames.length - 1);
      const p = progressAtFrame(last, f.t, (performance.now() - t0) / 1000);
      if (p) progress(p);
    },
    onProgress(p) {
      if (p.t >= last.t) progress(p);
    },
    onDrainage(t, sample) {
      opts.onDrainage?.(t, sample);
    },
  });
  return { frames, done: h.done, cancel: () => h.cancel() };
}
