/** When the warning is issued, and when each household leaves after it (HEC-LifeSim mobilisation). */
import { InputError } from '../../src/core/errors.ts';
import { exp, log, pow } from '../../src/core/detMath.ts';
import type { GaugeInput, WarningSpec } from './types.ts';

/**
 * Warning time (s from the scenario start). `{ atS }` is taken as is; `{ gauge, leadS }` is the first
 * time the gauge's stage reaches its warning level, minus the lead time (a forecast warns that much
 * earlier), not before 0. A gauge that never reaches its level gives Infinity: no warning.
 */
export function resolveWarningS(spec: WarningSpec, gauges: GaugeInput[] | undefined): number {
  if ('atS' in spec) return spec.atS;
  const g = (gauges ?? []).find((x) => x.id === spec.gauge);
  if (!g)
    throw new InputError(`no gauge "${spec.gauge}" for the evacuation warning`, { field: 'evacuation.warning.gauge' });
  const t = crossingTime(g.series, g.warningLevelM);
  if (t === Infinity) return Infinity;
  return Math.max(0, t - spec.leadS);
}

/** First time a piecewise-linear series reaches `level` (linear between samples). */
function crossingTime(series: GaugeInput['series'], level: number): number {
  if (series.length === 0) return Infinity;
  if (series[0][1] >= level) return series[0][0];
  for (let i = 1; i < series.length; i++) {
    const [t0, v0] = series[i - 1];
    const [t1, v1] = series[i];
    if (v1 >= level) return t0 + ((level - v0) / (v1 - v0)) * (t1 - t0);
  }
  return Infinity;
}

/** Mobilisation P(t) = 1 − exp(−a·t^b), t in hours since the warning. */
export function mobilised(tHours: number, a: number, b: number): number {
  if (tHours <= 0) return 0;
  return 1 - exp(-a * pow(tHours, b));
}

/** Inverse of the mobilisation curve: the delay (s) after the warning at which a share u ∈ [0,1) has left. */
export function departureDelayS(u: number, a: number, b: number): number {
  if (u <= 0) return 0;
  const h = pow(-log(1 - u) / a, 1 / b);
  return h * 3600;
}
