/**
 * Replaying a drill log: the injects applied after the same frames (and steps) as in the live drill, so the
 * frames and the board numbers come out byte for byte the same (liveEngine.ts). Used by the
 * after-action review, by a restarted engine screen catching up, and by the replay test.
 */
import type { LogEntry } from './injects.ts';
import type { LiveDrillEngine, LiveFrame } from './liveEngine.ts';

/**
 * Runs `engine` through `entries` up to frame `toFrame` (default: the end), calling `onFrame` with
 * its current frame and each new frame after its injects are applied. The engine is fresh (frame 0)
 * or restored from a checkpoint (LiveDrillEngine.restore) whose log is the start of `entries`: the
 * entries it already applied are skipped.
 * @example replayLog(engine, log.entries, (f) => frames.push(f))
 */
export function replayLog(
  engine: LiveDrillEngine,
  entries: readonly LogEntry[],
  onFrame: (f: LiveFrame) => void,
  toFrame = Infinity,
): void {
  const sorted = entries.slice().sort((p, q) => p.frame - q.frame || (p.step ?? 0) - (q.step ?? 0));
  const done = engine.log.length;
  if (JSON.stringify(sorted.slice(0, done)) !== JSON.stringify(engine.log))
    throw new Error('the engine was restored from a checkpoint of another drill log');
  let k = done;
  /** the entries due where the engine stands (after frame `frame` and `step` steps of the next) */
  const applyDue = (): void => {
    const { frame, step } = engine.position();
    for (; k < sorted.length; k++) {
      const e = sorted[k];
      if (e.frame > frame || (e.frame === frame && (e.step ?? 0) > step)) return;
      if (e.frame < frame || (e.step ?? 0) < step)
        throw new Error(`log entry for frame ${e.frame} step ${e.step ?? 0} comes after frame ${frame} step ${step}`);
      engine.apply(e.inject, e.drillS);
    }
  };
  for (;;) {
    applyDue();
    if (engine.position().step === 0) {
      onFrame(engine.current());
      if (engine.current().index >= toFrame) break;
    }
    if (engine.advance() === null) break;
  }
}
