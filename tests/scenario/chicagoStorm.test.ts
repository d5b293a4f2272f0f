import { describe, expect, it } from 'vitest';
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import {
  chicagoCumulativeDepth,
  chicagoHyetograph,
  chicagoIntensity,
  CITY_STORM_FORMULAS,
  cityStormFormula,
  designStormSeries,
  idfIntensity,
  stormCoefficients,
  type ChicagoOptions,
  type StormFormula,
} from '../../src/events/chicagoStorm.ts';
import { InputError } from '../../src/core/errors.ts';

/** Composite Simpson's rule on [a, b] with m (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, m = 20000): number {
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

const beijing = CITY_STORM_FORMULAS.beijing;

describe('Chicago design storm', () => {
  it('Beijing P = 10 a, T = 60 min: total depth is i_avg(T)·T, checked by hand', () => {
    // hand: A = 2001/166.67 = 12.006 mm/min; A' = 12.006·(1 + 0.811·lg 10) = 21.743;
    // (60 + 8)^0.711 = e^(0.711·ln 68) = 20.087; i_avg = 1.0824 mm/min; depth = 64.95 mm
    const o: ChicagoOptions = { returnPeriodYears: 10, durationMin: 60, peakRatio: 0.4, stepMin: 5 };
    const h = chicagoHyetograph(beijing, o);
    expect(h.totalMm).toBeCloseTo(64.95, 1);
    expect(h.totalMm).toBeCloseTo(idfIntensity(beijing, 10, 60) * 60, 9);
    expect(h.depthsMm.reduce((a, b) => a + b, 0)).toBeCloseTo(h.totalMm, 9);
    expect(h.depthsMm).toHaveLength(12);
  });

  it('integrating the instantaneous intensity over the duration gives i_avg(T)·T (several storms)', () => {
    const cases: [StormFormula, ChicagoOptions][] = [
      [beijing, { returnPeriodYears: 2, durationMin: 120, peakRatio: 0.4, stepMin: 5 }],
      [CITY_STORM_FORMULAS.guangzhou, { returnPeriodYears: 50, durationMin: 180, peakRatio: 0.35, stepMin: 10 }],
      [CITY_STORM_FORMULAS.chongqing, { returnPeriodYears: 20, durationMin: 90, peakRatio: 0.5, stepMin: 1 }],
      [
        { A: 17.969, C: 1.24, b: 18.415, n: 0.785 },
        { returnPeriodYears: 5, durationMin: 60, peakRatio: 0.7, stepMin: 5 },
      ],
    ];
    for (const [f, o] of cases) {
      const T = o.durationMin;
      const tp = o.peakRatio * T;
      // the intensity has a cusp at the peak: integrate each side separately
      const integral =
        simpson((t) => chicagoIntensity(f, o, t), 0, tp) + simpson((t) => chicagoIntensity(f, o, t), tp, T);
      const idf = idfIntensity(f, o.returnPeriodYears, T) * T;
      expect(Math.abs(integral - idf) / idf).toBeLessThan(1e-7);
      expect(chicagoCumulativeDepth(f, o, T)).toBeCloseTo(idf, 9);
    }
  });

  it('every window around the peak split r : (1 − r) holds the IDF depth of its duration', () => {
    const o: ChicagoOptions = { returnPeriodYears: 5, durationMin: 120, peakRatio: 0.4, stepMin: 5 };
    const tp = 0.4 * 120;
    for (const D of [10, 30, 60, 100]) {
      const depth = chicagoCumulativeDepth(beijing, o, tp + 0.6 * D) - chicagoCumulativeDepth(beijing, o, tp - 0.4 * D);
      expect(depth).toBeCloseTo(idfIntensity(beijing, 5, D) * D, 9);
    }
  });

  it('peak intensity is A(1 + C lg P)/b^n at r·T, and the peak block holds the peak', () => {
    const o: ChicagoOptions = { returnPeriodYears: 3, durationMin: 120, peakRatio: 0.4, stepMin: 5 };
    const { a, b, n } = stormCoefficients(beijing, 3);
    const peak = a / Math.pow(b, n); // mm/min
    expect(chicagoIntensity(beijing, o, 48)).toBeCloseTo(peak, 12);
    expect(chicagoIntensity(beijing, o, 47.9)).toBeLessThan(peak);
    expect(chicagoIntensity(beijing, o, 48.1)).toBeLessThan(peak);
    // hand: a = 12.006·(1 + 0.811·0.4771) = 16.652; 8^0.711 = 4.3878; peak = 3.795 mm/min = 227.7 mm/h
    const h = chicagoHyetograph(beijing, o);
    expect(h.peakMmPerHour).toBeCloseTo(227.7, 0);
    const kMax = h.mmPerHour.indexOf(Math.max(...h.mmPerHour));
    expect(kMax).toBe(Math.floor(48 / 5)); // block 45–50 min
    expect(h.mmPerHour[kMax]).toBeLessThan(h.peakMmPerHour);
  });

  it('the engine series (s, mm/h) integrates to the same depth, ends at 0 and is strictly increasing in t', () => {
    const o: ChicagoOptions = { returnPeriodYears: 10, durationMin: 100, peakRatio: 0.4, stepMin: 3 }; // last block 1 min
    const { series, hyetograph } = designStormSeries(beijing, o, 600);
    for (let i = 1; i < series.length; i++) expect(series[i][0]).toBeGreaterThan(series[i - 1][0]);
    expect(series[series.length - 1][1]).toBe(0);
    expect(series[0][0]).toBeGreaterThanOrEqual(0);
    const depth = seriesIntegral(series, 0, 600 + 100 * 60 + 10) / 3600;
    expect(depth).toBeCloseTo(hyetograph.totalMm, 6);
    expect(hyetograph.totalMm).toBeCloseTo(idfIntensity(beijing, 10, 100) * 100, 9);
    // nothing before the start
    expect(seriesIntegral(series, 0, 599) / 3600).toBe(0);
  });

  it('city formulas carry a source, b may grow with P (Chongqing), and bad input is an InputError', () => {
    for (const f of Object.values(CITY_STORM_FORMULAS)) expect(f.source.length).toBeGreaterThan(20);
    const cq = cityStormFormula('Chongqing');
    expect(stormCoefficients(cq, 10).b).toBeCloseTo(12.8 * Math.pow(10, 0.076), 12);
    expect(() => cityStormFormula('atlantis')).toThrow(InputError);
    expect(() =>
      chicagoHyetograph(beijing, { returnPeriodYears: 2, durationMin: 60, peakRatio: 1, stepMin: 5 }),
    ).toThrow(/peakRatio/);
    expect(() =>
      chicagoHyetograph(beijing, { returnPeriodYears: 0, durationMin: 60, peakRatio: 0.4, stepMin: 5 }),
    ).toThrow(InputError);
    expect(() =>
      chicagoHyetograph(
        { A: 10, C: 0.8, b: 0, n: 0.7 },
        { returnPeriodYears: 2, durationMin: 60, peakRatio: 0.4, stepMin: 5 },
      ),
    ).toThrow(/b must be positive/);
  });
});
