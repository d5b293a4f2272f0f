/**
 * Stage–discharge rating curve Q = a·(h − h0)^b (the power-law rating of ISO 1100-2 / WMO-No. 1044):
 * h0 is the stage of zero flow, a and b are fitted. Below h0 the discharge is 0.
 */
import { InputError } from '../../core/errors.ts';
import { pow } from '../../core/detMath.ts';
import type { GaugeSeries } from './series.ts';

export interface RatingCurve {
  /** coefficient, m^(3−b)/s */
  a: number;
  /** stage of zero flow, m */
  h0: number;
  /** exponent (about 1.5–2.5 for natural sections) */
  b: number;
}

export function checkRating(c: RatingCurve): void {
  for (const k of ['a', 'h0', 'b'] as const) {
    if (!Number.isFinite(c[k]))
      throw new InputError(`rating curve ${k} must be a finite number, got ${c[k]}`, { field: k });
  }
  if (!(c.a > 0)) throw new InputError(`rating curve a must be positive, got ${c.a}`, { field: 'a' });
  if (!(c.b > 0)) throw new InputError(`rating curve b must be positive, got ${c.b}`, { field: 'b' });
}

/** Q (m³/s) at stage h (m). */
export function ratingDischarge(c: RatingCurve, h: number): number {
  return h > c.h0 ? c.a * pow(h - c.h0, c.b) : 0;
}

/** The inverse: h = h0 + (Q/a)^(1/b); Q ≤ 0 gives h0. */
export function ratingStage(c: RatingCurve, q: number): number {
  return q > 0 ? c.h0 + pow(q / c.a, 1 / c.b) : c.h0;
}

/** A discharge series from a stage series. */
export function stageToDischarge(s: GaugeSeries, c: RatingCurve): GaugeSeries {
  checkRating(c);
  if (s.quantity !== 'stage')
    throw new InputError(`series ${s.stationId} is ${s.quantity}, expected stage`, { field: 'quantity' });
  const values = new Float64Array(s.values.length);
  for (let i = 0; i < values.length; i++) values[i] = ratingDischarge(c, s.values[i]);
  return { ...s, quantity: 'discharge', unit: 'm3/s', values, times: s.times.slice(), warnings: s.warnings.slice() };
}

/** A stage series from a discharge series. */
export function dischargeToStage(s: GaugeSeries, c: RatingCurve): GaugeSeries {
  checkRating(c);
  if (s.quantity !== 'discharge')
    throw new InputError(`series ${s.stationId} is ${s.quantity}, expected discharge`, { field: 'quantity' });
  const values = new Float64Array(s.values.length);
  for (let i = 0; i < values.length; i++) values[i] = ratingStage(c, s.values[i]);
  return { ...s, quantity: 'stage', unit: 'm', values, times: s.times.slice(), warnings: s.warnings.slice() };
}
