/**
 * Rain scaled from now: the scenario's rain times a factor from time t on. The factor steps at t
 * over RAMP_S (a series needs strictly increasing times), so the change is exact to a second.
 */
import { seriesAt, type Series } from '../../src/core/timeSeries.ts';

export const RAMP_S = 1;

/** A factor schedule: [t, factor] steps in time order, factor 1 before the first. */
export type RainFactors = ReadonlyArray<readonly [number, number]>;

/**
 * The rain series the engine runs: `base` (mm/h) times the stepwise factors.
 * @example scaledRain([[0, 10], [3600, 10]], [[600, 2]]) // 10 mm/h to 600 s, 20 mm/h from 601 s
 */
export function scaledRain(base: Series, factors: RainFactors): Series {
  const factorAt = (t: number): number => {
    let f = 1;
    for (const [tf, v] of factors) if (tf <= t) f = v;
    return f;
  };
  const times = new Set<number>(base.map(([t]) => t));
  for (const [tf] of factors) {
    times.add(tf);
    times.add(tf + RAMP_S);
  }
  const sorted = [...times].sort((a, b) => a - b);
  // at a step time tf the old factor still holds; from tf + RAMP_S the new one
  const out: [number, number][] = sorted.map((t) => {
    const stepping = factors.some(([tf]) => t === tf);
    const f = stepping ? factorAt(t - RAMP_S / 2) : factorAt(t);
    return [t, seriesAt(base, t) * f];
  });
  return out;
}
