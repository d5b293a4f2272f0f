/**
 * River inflow hydrographs for the flood engine's point inflows: from a gauge record read by the
 * project's gauge readers (discharge, or stage through a rating curve Q = a·(h − h0)^b), optionally scaled by a factor or to the peak of a
 * return period read off a flood-frequency curve; and a release from upstream (a trapezoid).
 */
import { InputError } from '../core/errors.ts';
import { log } from '../core/detMath.ts';
import type { Series } from '../core/timeSeries.ts';
import { readGaugeFile, stageToDischarge, ratingDischarge as ratingQ, type RatingCurve } from '../io/gauges/index.ts';
import { parseIsoWithOffset } from './timeTableCsv.ts';

/** A point inflow as the scenario's `inflows[]` holds it: discharge (m³/s) at a map point. */
export interface InflowHydrograph {
  id: string;
  point: [number, number];
  hydrograph: Series;
}

export type Rating = RatingCurve;

/** Rating curve Q = a·(h − h0)^b, 0 at or below h0. */
export function ratingDischarge(r: Rating, h: number): number {
  return ratingQ(r, h);
}

/**
 * Discharge series (s from the start, m³/s) from a gauge record in any format the gauge readers
 * take (CSV, USGS RDB, WaterML 2.0; units converted to SI). A stage record needs a rating.
 * `startIso` defaults to the first reading's time. The reader's warnings (duplicate times, gaps,
 * rows out of order) go to `warn`, each prefixed with the file.
 */
export function gaugeDischargeSeries(
  text: string,
  file: string,
  rating?: Rating,
  startIso?: string,
  warn?: (msg: string) => void,
): Series {
  let g = readGaugeFile(text, file);
  for (const w of g.warnings) warn?.(`${file}: ${w}`);
  if (g.quantity === 'stage') {
    if (!rating)
      throw new InputError('the record gives stage but no rating curve {a, h0, b} was given', {
        file,
        field: 'rating',
      });
    g = stageToDischarge(g, rating);
  }
  if (g.times.length === 0) throw new InputError('the record has no readings', { file });
  const startMs = startIso !== undefined ? parseIsoWithOffset(startIso, { file, field: 'startIso' }) : g.times[0];
  const out: [number, number][] = [];
  for (let i = 0; i < g.times.length; i++) {
    if (g.values[i] < 0)
      throw new InputError(`discharge cannot be negative (${g.values[i]} m³/s at reading ${i + 1})`, { file });
    out.push([(g.times[i] - startMs) / 1000, g.values[i]]);
  }
  return out;
}

/** Gumbel reduced variate of a return period T (years): y = −ln(−ln(1 − 1/T)). */
export function gumbelVariate(T: number): number {
  return -log(-log(1 - 1 / T));
}

/**
 * Peak discharge of return period T from a flood-frequency curve [[T, Q], ...]: linear in the Gumbel
 * reduced variate between the given points, and extrapolated on the end segments beyond them.
 */
export function peakForReturnPeriod(
  curve: ReadonlyArray<readonly [number, number]>,
  T: number,
  where = 'peaksByReturnPeriod',
): number {
  if (curve.length < 2)
    throw new InputError('a flood-frequency curve needs at least two [years, m³/s] points', { path: where });
  for (let i = 0; i < curve.length; i++) {
    if (!(curve[i][0] > 1)) throw new InputError('return periods must be > 1 year', { path: `${where}[${i}][0]` });
    if (i > 0 && !(curve[i][0] > curve[i - 1][0]))
      throw new InputError('return periods must increase', { path: `${where}[${i}][0]` });
  }
  if (!(T > 1)) throw new InputError('return period must be > 1 year', { path: 'returnPeriodYears' });
  const y = gumbelVariate(T);
  let i = 0;
  while (i < curve.length - 2 && y > gumbelVariate(curve[i + 1][0])) i++;
  const y0 = gumbelVariate(curve[i][0]);
  const y1 = gumbelVariate(curve[i + 1][0]);
  return curve[i][1] + ((curve[i + 1][1] - curve[i][1]) * (y - y0)) / (y1 - y0);
}

export function seriesPeak(s: Series): number {
  let m = -Infinity;
  for (const [, v] of s) if (v > m) m = v;
  return m;
}

/** Every value times `factor`. */
export function scaleSeries(s: Series, factor: number): Series {
  return s.map(([t, v]) => [t, v * factor] as [number, number]);
}

/** A recorded hydrograph scaled so its peak equals the return period's peak (the shape is kept). */
export function scaleToReturnPeriod(
  s: Series,
  curve: ReadonlyArray<readonly [number, number]>,
  T: number,
): { series: Series; factor: number; peakM3s: number } {
  const peak = seriesPeak(s);
  if (!(peak > 0))
    throw new InputError('the recorded hydrograph has no positive discharge to scale', { field: 'gaugeFile' });
  const target = peakForReturnPeriod(curve, T);
  const factor = target / peak;
  return { series: scaleSeries(s, factor), factor, peakM3s: target };
}

/** A release from upstream: base flow, linear rise over rampS to the peak, held holdS, linear fall over rampS. */
export function releaseHydrograph(o: {
  startS: number;
  rampS: number;
  holdS: number;
  peakM3s: number;
  baseM3s?: number;
}): Series {
  const base = o.baseM3s ?? 0;
  const t0 = o.startS;
  const pts: [number, number][] = [];
  if (t0 > 0) pts.push([0, base]);
  pts.push([t0, base], [t0 + o.rampS, o.peakM3s]);
  if (o.holdS > 0) pts.push([t0 + o.rampS + o.holdS, o.peakM3s]);
  pts.push([t0 + 2 * o.rampS + o.holdS, base]);
  return pts.filter((p, i) => i === 0 || p[0] > pts[i - 1][0]);
}
