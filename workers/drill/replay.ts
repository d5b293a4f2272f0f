/**
 * Replaying a drill log: the injects applied after the same frames as in the live drill, so the
 * frames and the board numbers come out byte for byte the same (liveEngine.ts). Used by the
 * after-action review, by a restarted engine screen catching up, and by the replay test.
 */
import type { LogEntry } from './injects.ts';
import type { LiveDrillEngine, LiveFrame } from './liveEngine.ts';

/**
 * Runs `engine` (fresh, at frame 0) through `entries` up to frame `toFrame` (default: the end),
 * calling `onFrame` with frame 0 and each new frame after its injects are applied.
 * @example replayLog(engine, log.entries, (f) => frames.push(f))
 */
export function replayLog(
  engine: LiveDrillEngine,
  entries: readonly LogEntry[],
  onFrame: (f: LiveFrame) => void,
  toFrame = Infinity,
): void {
  const sorted = entries.slice().sort((p, q) => p.frame - q.frame);
  let k = 0;
  const applyDue = (frame: number): void => {
    while (k < sorted.length && sorted[k].frame === frame) {
      engine.apply(sorted[k].inject, sorted[k].drillS);
      k++;
    }
  };
  let f: LiveFrame | null = engine.current();
  if (f.index !== 0) throw new Error('replay needs a fresh engine (at frame 0)');
  while (f) {
    if (k < sorted.length && sorted[k].frame < f.index)
      throw new Error(`log entry for frame ${sorted[k].frame} comes after frame ${f.index}`);
    applyDue(f.index);
    onFrame(engine.current());
    if (f.index >= toFrame) break;
    f = engine.next();
  }
}
