/**
 * The engine's boundary series from the live feed: observed readings up to "now" joined to what is
 * expected after it. After now a station takes, in this order: the forecast feed's hydrograph
 * (the hydrological bureau's station forecast); else its last good value held (persistence), or an
 * exponential recession towards a base value, v(t) = vb + (v0 − vb)·exp(−(t − t0)/k) (the
 * linear-reservoir recession of Linsley, Kohler & Paulhus, Hydrology for Engineers, ch. 8, applied
 * here to the upstream stage, whose base value is the stage of base flow).
 * The method used is returned, so the forecast can say so.
 */
import { exp } from '../core/detMath.ts';

export type ForecastBasis = 'forecast feed' | 'persistence' | 'recession';

export interface JoinedSeries {
  /** seconds from the run start, strictly increasing */
  series: [number, number][];
  basis: ForecastBasis;
}

/**
 * Readings (ms, value) up to `nowMs`, then the forecast after the last reading (or the fallback), in
 * seconds from `startMs`, to `endMs`. Readings after now are ignored; forecast points at or before the
 * last reading are dropped (the observation wins).
 * @example joinAtNow([[0, 1], [3600e3, 2]], null, 3600e3, 7200e3, 0, 'persistence') // series [[0,1],[3600,2],[7200,2]]
 */
export function joinAtNow(
  observed: [number, number][],
  forecast: [number, number][] | null,
  nowMs: number,
  endMs: number,
  startMs: number,
  fallback: 'persistence' | { recession: { baseValue: number; kS: number } },
): JoinedSeries {
  const s: [number, number][] = [];
  for (const [t, v] of observed)
    if (t <= nowMs && (s.length === 0 || (t - startMs) / 1000 > s[s.length - 1][0])) s.push([(t - startMs) / 1000, v]);
  if (s.length === 0) throw new Error('no usable reading before now: the nowcast cannot start');
  const [lastT, lastV] = s[s.length - 1];
  const endS = (endMs - startMs) / 1000;
  const ahead = (forecast ?? []).filter(([t]) => (t - startMs) / 1000 > lastT && t <= endMs);
  if (ahead.length) {
    for (const [t, v] of ahead) s.push([(t - startMs) / 1000, v]);
    if (s[s.length - 1][0] < endS) s.push([endS, s[s.length - 1][1]]);
    return { series: s, basis: 'forecast feed' };
  }
  if (fallback === 'persistence') {
    if (endS > lastT) s.push([endS, lastV]);
    return { series: s, basis: 'persistence' };
  }
  const { baseValue, kS } = fallback.recession;
  // hourly points of the recession curve (piecewise linear between them)
  for (let t = lastT + 3600; t < endS + 3600; t += 3600) {
    const tt = t > endS ? endS : t;
    s.push([tt, baseValue + (lastV - baseValue) * exp(-(tt - lastT) / kS)]);
    if (tt === endS) break;
  }
  return { series: s, basis: 'recession' };
}
