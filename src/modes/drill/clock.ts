/**
 * The drill clock as a pure state machine. Drill time d (s) runs from an anchor:
 *   d(now) = anchorDrillS + (running ? (now − anchorWallMs) / 1000 · speed : 0), clamped to [0, endS].
 * Every control (start, pause, speed, jump) re-anchors at the current wall time, so the state is
 * a few numbers that the director broadcasts; followers compute the same d from the same state
 * and the shared wall clock (Date.now()). Nothing here reads a clock: `nowMs` is always passed in.
 */
export interface ClockState {
  running: boolean;
  /** drill seconds per wall second */
  speed: number;
  anchorWallMs: number;
  anchorDrillS: number;
  /** the drill's end (drill seconds) */
  endS: number;
  /** increases with every change, so a follower can drop stale messages */
  seq: number;
}

export function initialClock(endS: number, speed = 1): ClockState {
  return { running: false, speed, anchorWallMs: 0, anchorDrillS: 0, endS, seq: 0 };
}

export function drillTime(c: ClockState, nowMs: number): number {
  const d = c.running ? c.anchorDrillS + ((nowMs - c.anchorWallMs) / 1000) * c.speed : c.anchorDrillS;
  return Math.max(0, Math.min(c.endS, d));
}

function reanchor(c: ClockState, nowMs: number, patch: Partial<ClockState>): ClockState {
  return { ...c, anchorDrillS: drillTime(c, nowMs), anchorWallMs: nowMs, ...patch, seq: c.seq + 1 };
}

export function start(c: ClockState, nowMs: number): ClockState {
  if (c.running) return c;
  const atEnd = drillTime(c, nowMs) >= c.endS;
  return reanchor(c, nowMs, { running: true, ...(atEnd ? { anchorDrillS: 0 } : {}) });
}

export function pause(c: ClockState, nowMs: number): ClockState {
  if (!c.running) return c;
  return reanchor(c, nowMs, { running: false });
}

export function setSpeed(c: ClockState, nowMs: number, speed: number): ClockState {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return reanchor(c, nowMs, { speed });
}

/** jump to drill time d (keeps running or paused) */
export function jumpTo(c: ClockState, nowMs: number, d: number): ClockState {
  return reanchor(c, nowMs, { anchorDrillS: Math.max(0, Math.min(c.endS, d)) });
}

/** jump to inject k of a list of inject times (seconds, any order) */
export function jumpToInject(c: ClockState, nowMs: number, injectTimesS: readonly number[], k: number): ClockState {
  if (!(k >= 0 && k < injectTimesS.length))
    throw new RangeError(`no inject ${k} (the drill has ${injectTimesS.length})`);
  return jumpTo(c, nowMs, injectTimesS[k]);
}

/** the clock running on past its end is stopped there (call from the animation loop) */
export function settle(c: ClockState, nowMs: number): ClockState {
  if (c.running && drillTime(c, nowMs) >= c.endS) return reanchor(c, nowMs, { running: false });
  return c;
}
