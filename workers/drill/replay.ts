/**
 * Replaying a drill log: the injects applied after the same frames as in the live drill, so the
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
  const sorted = entries.slice().sort((p, q) => p.frame - q.frame);
  const done = engine.log.length;
  if (JSON.stringify(sorted.slice(0, done)) !== JSON.stringify(engine.log))
    throw new Error('the engine was restored from a checkpoint of another drill log');
  let k = done;
  const applyDue = (frame: number): void => {
    while (k < sorted.length && sorted[k].frame === frame) {
      engine.apply(sorted[k].inject, sorted[k].drillS);
      k++;
    }
  };
  let f: LiveFrame | null = engine.current();
  while (f) {
    if (k < sorted.length && sorted[k].frame < f.index)
      throw new Error(`log entry for frame ${sorted[k].frame} comes after frame ${f.index}`);
    applyDue(f.index);
    onFrame(engine.current());
    if (f.index >= toFrame) break;
    f = engine.next();
  }
}
