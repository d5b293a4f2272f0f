/**
 * What the water mesh shows at a display time: the card's clock runs at `simPerWallS` simulated
 * seconds per wall second; the live run's frames are used once the run has reached the clock,
 * until then the recorded prefix of the same scenario (if any), and past the prefix the clock
 * waits for the live run. Between two frames the mesh mixes them (weight w), so water moves
 * smoothly. Pure: the page passes the frame lists and the clock.
 */
export interface TimedFrame {
  t: number;
  depth: Float32Array;
}

export interface WaterPick {
  a: TimedFrame;
  b: TimedFrame;
  /** 0..1: mix from a to b */
  w: number;
  source: 'live' | 'recorded';
  /** the display time actually shown (s) */
  t: number;
}

/** the bracket of frames around t in a time-sorted list, or null for an empty list */
export function bracket(frames: readonly TimedFrame[], t: number): { a: TimedFrame; b: TimedFrame; w: number } | null {
  if (frames.length === 0) return null;
  if (t <= frames[0].t) return { a: frames[0], b: frames[0], w: 0 };
  const last = frames[frames.length - 1];
  if (t >= last.t) return { a: last, b: last, w: 0 };
  let lo = 0,
    hi = frames.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].t <= t) lo = mid;
    else hi = mid;
  }
  const a = frames[lo],
    b = frames[hi];
  return { a, b, w: (t - a.t) / (b.t - a.t) };
}

/**
 * The frames to show at display time `t`: live ones when the live run has reached t, else the
 * recording when it covers t, else the newest live frame (the clock is then held at it).
 * @example pickWater([{t:0,d},{t:60,d2}], [], 30).source === 'live'
 */
export function pickWater(live: readonly TimedFrame[], recorded: readonly TimedFrame[], t: number): WaterPick | null {
  const liveEnd = live.length ? live[live.length - 1].t : -Infinity;
  if (liveEnd >= t) return { ...bracket(live, t)!, source: 'live', t };
  const recEnd = recorded.length ? recorded[recorded.length - 1].t : -Infinity;
  if (recEnd >= t) return { ...bracket(recorded, t)!, source: 'recorded', t };
  if (live.length === 0)
    return recorded.length ? { ...bracket(recorded, recEnd)!, source: 'recorded', t: recEnd } : null;
  return { ...bracket(live, liveEnd)!, source: 'live', t: liveEnd };
}

/** wet cells (depth ≥ dry) of the mix (1 − w)·a + w·b: the water mesh's wet area in cells */
export function wetCells(a: Float32Array, b: Float32Array, w: number, dry: number): number {
  let n = 0;
  for (let k = 0; k < a.length; k++) if ((1 - w) * a[k] + w * b[k] >= dry) n++;
  return n;
}
