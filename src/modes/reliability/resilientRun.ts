/**
 * A flood run that survives its worker: when the engine's run fails (a worker died, an error) or
 * stalls (no progress for `stallS`), the failure is reported and the run restarts, up to
 * `maxRestarts` times; frames keep their scenario times. It restarts from the latest ENGINE
 * checkpoint (workers/flood/checkpoint.ts: the complete state, so the run ends bit-identical to an
 * uninterrupted one; only the latest is kept). Before the first checkpoint it falls back to the
 * last recorded depth frame (checkpoint.ts here: water from rest, not exact; `exact: false`), or
 * to the start when there is no frame either.
 * It never leaves the caller waiting: `done` always settles (resolved, or rejected once the
 * restarts are used up).
 */
import type { FloodCheckpoint } from '../../../workers/flood/checkpoint.ts';
import type { FloodSetup } from '../../../workers/flood/setup.ts';
import type { FrameStore } from '../../sim/frameStore.ts';
import { loadEngine } from '../../sim/runController.ts';
import { restartSetup } from './checkpoint.ts';

export interface Restart {
  attempt: number;
  /** the checkpoint the run restarted from (scenario s) */
  fromS: number;
  error: string;
  /** true: from an engine checkpoint (or the start), the result is the uninterrupted run's;
   *  false: from a depth frame (discharges restart from rest) */
  exact: boolean;
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

type BaseEngine = Awaited<ReturnType<typeof loadEngine>>;
/** startFloodRun (src/sim/floodRun.ts) with its checkpoint options */
export type Engine = (
  setup: FloodSetup,
  opts: Parameters<BaseEngine>[1] & { resume?: FloodCheckpoint; onCheckpoint?(c: FloodCheckpoint): void },
) => ReturnType<BaseEngine>;

/** Where an attempt starts: a setup (the scenario's, or one shifted to a frame's time t0), maybe an engine checkpoint of it. */
interface From {
  run: FloodSetup;
  t0: number;
  resume: FloodCheckpoint | null;
  exact: boolean;
}

export function startResilientRun(
  setup: FloodSetup,
  opts: ResilientOptions,
): { done: Promise<ResilientDone>; cancel(): void } {
  const { frames } = opts;
  const maxRestarts = opts.maxRestarts ?? 3;
  const stallMs = (opts.stallS ?? 20) * 1000;
  const restarts: Restart[] = [];
  let cancelled = false;
  let cancelNow: () => void = () => undefined;
  frames.clear();
  frames.push(0, setup.initialDepth ?? new Float32Array(setup.ncols * setup.nrows));

  /** the latest engine checkpoint, with the setup it belongs to (one kept) */
  let latest: From | null = null;

  /** one engine run from `from`; a failed run's late messages are ignored */
  const attempt = async (from: From): Promise<Record<string, unknown>> => {
    const start: Engine = opts.engine ?? (await loadEngine());
    const { run, t0 } = from;
    let lastSign = performance.now();
    let alive = true;
    const h = start(run, {
      workers: opts.workers ?? Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency || 2) - 1)),
      frameIntervalS:
        setup.outputs.frameIntervalS > 0 ? setup.outputs.frameIntervalS : Math.max(setup.durationS / 60, 1),
      ...(from.resume ? { resume: from.resume } : {}),
      onCheckpoint(c) {
        if (!alive) return;
        lastSign = performance.now();
        latest = { run, t0, resume: c, exact: from.exact };
      },
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
        if (performance.now() - lastSign > stallMs)
          reject(new Error(`no progress for ${stallMs / 1000} s (a worker stopped)`));
      }, 250);
    });
    const stop = new Promise<never>((_, reject) => {
      cancelNow = () => reject(new Error('cancelled'));
    });
    try {
      const r = await Promise.race([h.done, stalled, stop]);
      return { ...r.summary };
    } catch (e) {
      alive = false;
      h.cancel();
      throw e;
    } finally {
      clearInterval(timer);
    }
  };

  const done = (async (): Promise<ResilientDone> => {
    let from: From = { run: setup, t0: 0, resume: null, exact: true };
    let fromS = 0;
    for (;;) {
      try {
        const summary = await attempt(from);
        return { summary: { ...summary, simulatedS: setup.durationS, restartedFromS: fromS }, restarts };
      } catch (e) {
        const error = (e as Error).message;
        if (cancelled || restarts.length >= maxRestarts)
          throw new Error(cancelled ? 'cancelled' : `run failed after ${restarts.length} restarts: ${error}`);
        const last = latest as From | null; // set by the attempts' onCheckpoint
        if (last) {
          // the engine's own state: the run continues exactly
          from = last;
          fromS = last.t0 + last.resume!.t;
        } else if (frames.lastTime > 0) {
          // no engine checkpoint yet: time and depth of the last frame, taken together
          const t0 = frames.lastTime;
          if (t0 >= setup.durationS) return { summary: { simulatedS: setup.durationS, restartedFromS: t0 }, restarts };
          from = { run: restartSetup(setup, t0, frames.frames[frames.length - 1]), t0, resume: null, exact: false };
          fromS = t0;
        } else {
          from = { run: setup, t0: 0, resume: null, exact: true };
          fromS = 0;
        }
        const r = { attempt: restarts.length + 1, fromS, error, exact: from.exact };
        restarts.push(r);
        opts.onRestart?.(r);
      }
    }
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      cancelNow();
    },
  };
}
