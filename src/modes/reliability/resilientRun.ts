/**
 * A flood run that survives its worker: when the engine's run fails (a worker died, an error) or
 * stalls (no progress for `stallS`), the failure is reported and the run restarts from the last
 * recorded frame (checkpoint.ts), up to `maxRestarts` times; frames keep their scenario times.
 * It never leaves the caller waiting: `done` always settles (resolved, or rejected once the
 * restarts are used up).
 */
import type { FloodSetup } from '../../../workers/flood/setup.ts';
import type { FrameStore } from '../../sim/frameStore.ts';
import { loadEngine } from '../../sim/runController.ts';
import { restartSetup } from './checkpoint.ts';

export interface Restart {
  attempt: number;
  /** the checkpoint the run restarted from (scenario s) */
  fromS: number;
  error: string;
}

export interface ResilientDone {
  summary: Record<string, unknown>;
  restarts: Restart[];
}

export interface ResilientOptions {
  frames: FrameStore;
  workers?: number;
  maxRestarts?: number;
  /** wall seconds without progress that count as a dead run */
  stallS?: number;
  onFrame?(t: number): void;
  onProgress?(fraction: number): void;
  onRestart?(r: Restart): void;
  /** the engine (default: src/sim/floodRun.ts through loadEngine; a fake one in unit tests) */
  engine?: Engine;
}

export type Engine = Awaited<ReturnType<typeof loadEngine>>;

export function startResilientRun(setup: FloodSetup, opts: ResilientOptions): { done: Promise<ResilientDone>; cancel(): void } {
  const { frames } = opts;
  const maxRestarts = opts.maxRestarts ?? 3;
  const stallMs = (opts.stallS ?? 20) * 1000;
  const restarts: Restart[] = [];
  let cancelled = false;
  let cancelNow: () => void = () => undefined;
  frames.clear();
  frames.push(0, setup.initialDepth ?? new Float32Array(setup.ncols * setup.nrows));

  /** one engine run from the checkpoint (t0, depth); a failed run's late messages are ignored */
  const attempt = async (t0: number, depth: Float32Array | null): Promise<Record<string, unknown>> => {
    const start = opts.engine ?? (await loadEngine());
    const run = depth ? restartSetup(setup, t0, depth) : setup;
    let lastSign = performance.now();
    let alive = true;
    const h = start(run, {
      workers: opts.workers ?? Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency || 2) - 1)),
      frameIntervalS: setup.outputs.frameIntervalS > 0 ? setup.outputs.frameIntervalS : Math.max(setup.durationS / 60, 1),
      onFrame(f) {
        if (!alive) return;
        lastSign = performance.now();
        const t = f.t + t0;
        if (t < frames.lastTime) return; // a restart's first frame repeats the checkpoint
        frames.push(t, f.depth);
        opts.onFrame?.(t);
      },
      onProgress(p) {
        if (!alive) return;
        lastSign = performance.now();
        opts.onProgress?.(Math.min(1, (p.t + t0) / setup.durationS));
      },
    });
    let timer: ReturnType<typeof setInterval> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        if (performance.now() - lastSign > stallMs) reject(new Error(`no progress for ${stallMs / 1000} s (a worker stopped)`));
      }, 250);
    });
    const stop = new Promise<never>((_, reject) => { cancelNow = () => reject(new Error('cancelled')); });
    try {
      const r = await Promise.race([h.done, stalled, stop]);
      return { ...(r as { summary: Record<string, unknown> }).summary };
    } catch (e) {
      alive = false;
      h.cancel();
      throw e;
    } finally {
      clearInterval(timer);
    }
  };

  const done = (async (): Promise<ResilientDone> => {
    let t0 = 0;
    let depth: Float32Array | null = null;
    for (;;) {
      try {
        const summary = await attempt(t0, depth);
        return { summary: { ...summary, simulatedS: setup.durationS, restartedFromS: t0 }, restarts };
      } catch (e) {
        const error = (e as Error).message;
        if (cancelled || restarts.length >= maxRestarts) throw new Error(cancelled ? 'cancelled' : `run failed after ${restarts.length} restarts: ${error}`);
        // the checkpoint: time and depth of the last frame, taken together
        t0 = frames.lastTime;
        depth = frames.frames[frames.length - 1].slice();
        if (t0 >= setup.durationS) return { summary: { simulatedS: setup.durationS, restartedFromS: t0 }, restarts };
        const r = { attempt: restarts.length + 1, fromS: t0, error };
        restarts.push(r);
        opts.onRestart?.(r);
      }
    }
  })();
  return { done, cancel: () => { cancelled = true; cancelNow(); } };
}
