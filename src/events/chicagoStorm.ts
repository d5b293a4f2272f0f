/**
 * Chicago design storm (Keifer & Chu 1957; 芝加哥雨型) from a Chinese-style storm intensity formula
 *
 *   i(t) = A·(1 + C·lg P) / (t + b)^n        [mm/min], t the duration in minutes, P the return period in years
 *
 * The hyetograph puts its peak at r·T (T the storm duration). Its mass curve is built so that every
 * window of length D around the peak, split r : (1 − r), holds exactly the IDF depth i(D)·D:
 *   depth from the peak back over t_b  = A'·t_b / (t_b/r + b)^n,     A' = A·(1 + C·lg P)
 *   depth from the peak on over t_a    = A'·t_a / (t_a/(1−r) + b)^n
 * whose derivatives are the familiar instantaneous intensities
 *   i(t_b) = A'·[(1 − n)·t_b/r + b] / (t_b/r + b)^(1+n)   (and the same with t_a/(1 − r)),
 * peak intensity A'/b^n, and total depth i(T)·T. Blocks are integrated exactly from the mass curve.
 */
import { InputError } from '../core/errors.ts';
import { log10, pow } from '../core/detMath.ts';
import type { Series } from '../core/timeSeries.ts';
import { blocksToSeries } from './rainGauge.ts';

/** Storm intensity formula parameters in mm/min (A in mm/min·min^n). */
export interface StormFormula {
  /** A in mm/min (q-form formulas in L/(s·ha) are divided by 166.67) */
  A: number;
  C: number;
  /** b in minutes; some cities make it depend on P: b = b·P^bExponentP */
  b: number;
  n: number;
  /** optional: b grows with the return period as b·P^bExponentP (Chongqing, Chengdu formulas) */
  bExponentP?: number;
}

export interface CityStormFormula extends StormFormula {
  nameZh: string;
  /** where the numbers come from, and whether they were checked */
  source: string;
  /** recommended peak position r for short storms, when the source gives one */
  peakRatio?: number;
}

/** L/(s·ha) per mm/min: 1 mm/min over 1 ha = 10 m³/min = 166.67 L/s */
export const LPS_HA_PER_MM_MIN = 10000 / 60;

const Q = (q: number) => q / LPS_HA_PER_MM_MIN;
const TEXTBOOK =
  'q-form formula (L/(s·ha)) of the table "我国若干城市暴雨强度公式" in 给水排水设计手册 第5册《城镇排水》(2nd ed., 2004), ' +
  'converted to mm/min by ÷166.67. The numbers were not checked against the book here, and cities have since revised ' +
  'their formulas (GB 50014-2021 asks for the current local one): planning defaults, not design values.';

/**
 * Storm formulas per city. Keys are lower-case English names. These are planning defaults for a
 * twin, not design values: each entry says where it comes from.
 */
export const CITY_STORM_FORMULAS: Readonly<Record<string, CityStormFormula>> = {
  beijing: {
    nameZh: '北京',
    A: Q(2001),
    C: 0.811,
    b: 8,
    n: 0.711,
    source: `q = 2001(1+0.811 lgP)/(t+8)^0.711; ${TEXTBOOK}`,
  },
  tianjin: {
    nameZh: '天津',
    A: Q(3833.34),
    C: 0.85,
    b: 17,
    n: 0.85,
    source: `q = 3833.34(1+0.85 lgP)/(t+17)^0.85; ${TEXTBOOK}`,
  },
  nanjing: {
    nameZh: '南京',
    A: Q(2989.3),
    C: 0.671,
    b: 13.3,
    n: 0.8,
    source: `q = 2989.3(1+0.671 lgP)/(t+13.3)^0.8; ${TEXTBOOK}`,
  },
  guangzhou: {
    nameZh: '广州',
    A: Q(2424.17),
    C: 0.533,
    b: 11,
    n: 0.668,
    source: `q = 2424.17(1+0.533 lgP)/(t+11)^0.668; ${TEXTBOOK} Guangzhou's 2011 central-district formulas (per return-period band) supersede it.`,
  },
  chongqing: {
    nameZh: '重庆',
    A: Q(2822),
    C: 0.775,
    b: 12.8,
    bExponentP: 0.076,
    n: 0.77,
    source: `q = 2822(1+0.775 lgP)/(t+12.8P^0.076)^0.77; ${TEXTBOOK} Chongqing published revised formulas for 沙坪坝 / 巴南 / 渝北 in 2014 and 2017.`,
  },
  suzhou: {
    nameZh: '苏州',
    A: 17.969,
    C: 1.24,
    b: 18.415,
    n: 0.785,
    peakRatio: 0.4,
    source:
      'mm/min form A = 17.969, C = 1.24, b = 18.415, n = 0.785, r ≈ 0.4, as published (docs/ARCHITECTURE.md "Sources"; unverified).',
  },
};

export function cityStormFormula(city: string, where = 'events.designStorm.city'): CityStormFormula {
  const f = CITY_STORM_FORMULAS[city.toLowerCase()];
  if (!f) {
    throw new InputError(
      `unknown city "${city}" (known: ${Object.keys(CITY_STORM_FORMULAS).join(', ')}; or give params {A, C, b, n})`,
      { path: where },
    );
  }
  return f;
}

function checkFormula(f: StormFormula, P: number): void {
  for (const k of ['A', 'C', 'b', 'n'] as const) {
    if (!Number.isFinite(f[k])) throw new InputError(`storm formula ${k} must be a finite number`, { field: k });
  }
  if (!(f.A > 0)) throw new InputError('storm formula A must be positive', { field: 'A' });
  if (!(f.b > 0))
    throw new InputError('storm formula b must be positive (the peak intensity is A′/b^n)', { field: 'b' });
  if (!(f.n > 0 && f.n < 1)) throw new InputError('storm formula n must be in (0, 1)', { field: 'n' });
  if (!(P > 0) || !Number.isFinite(P))
    throw new InputError('return period must be a positive number of years', { field: 'returnPeriodYears' });
}

/** A′ = A·(1 + C·lg P) and the effective b for a return period. */
export function stormCoefficients(f: StormFormula, P: number): { a: number; b: number; n: number } {
  checkFormula(f, P);
  const a = f.A * (1 + f.C * log10(P));
  if (!(a > 0))
    throw new InputError(`A·(1 + C·lg P) = ${a} is not positive for P = ${P}`, { field: 'returnPeriodYears' });
  const b = f.bExponentP ? f.b * pow(P, f.bExponentP) : f.b;
  return { a, b, n: f.n };
}

/** IDF average intensity over a duration of tMin minutes, mm/min. */
export function idfIntensity(f: StormFormula, P: number, tMin: number): number {
  const { a, b, n } = stormCoefficients(f, P);
  return a / pow(tMin + b, n);
}

export interface ChicagoOptions {
  returnPeriodYears: number;
  durationMin: number;
  /** peak position as a fraction of the duration, 0 < r < 1 */
  peakRatio: number;
  /** block length of the hyetograph, minutes */
  stepMin: number;
}

function checkOptions(o: ChicagoOptions): void {
  if (!(o.durationMin > 0) || !Number.isFinite(o.durationMin))
    throw new InputError('durationMin must be positive', { field: 'durationMin' });
  if (!(o.peakRatio > 0 && o.peakRatio < 1))
    throw new InputError('peakRatio must be between 0 and 1 (exclusive)', { field: 'peakRatio' });
  if (!(o.stepMin > 0) || !Number.isFinite(o.stepMin))
    throw new InputError('stepMin must be positive', { field: 'stepMin' });
  if (o.durationMin / o.stepMin > 100000)
    throw new InputError('durationMin / stepMin gives too many blocks (> 100 000)', { field: 'stepMin' });
}

/** Cumulative depth (mm) from the storm start to tMin (0 ≤ tMin ≤ T), from the exact mass curve. */
export function chicagoCumulativeDepth(f: StormFormula, o: ChicagoOptions, tMin: number): number {
  checkOptions(o);
  const { a, b, n } = stormCoefficients(f, o.returnPeriodYears);
  return massCurve(a, b, n, o.durationMin, o.peakRatio, tMin);
}

function massCurve(a: number, b: number, n: number, T: number, r: number, t: number): number {
  const tp = r * T;
  const t0 = t < 0 ? 0 : t > T ? T : t;
  const before = (tb: number) => (tb <= 0 ? 0 : (a * tb) / pow(tb / r + b, n));
  const after = (ta: number) => (ta <= 0 ? 0 : (a * ta) / pow(ta / (1 - r) + b, n));
  if (t0 <= tp) return before(tp) - before(tp - t0);
  return before(tp) + after(t0 - tp);
}

/** Instantaneous intensity (mm/min) of the Chicago hyetograph at tMin from the storm start. */
export function chicagoIntensity(f: StormFormula, o: ChicagoOptions, tMin: number): number {
  checkOptions(o);
  const { a, b, n } = stormCoefficients(f, o.returnPeriodYears);
  const T = o.durationMin;
  const r = o.peakRatio;
  if (tMin < 0 || tMin > T) return 0;
  const tp = r * T;
  const x = tMin <= tp ? (tp - tMin) / r : (tMin - tp) / (1 - r);
  return (a * ((1 - n) * x + b)) / pow(x + b, 1 + n);
}

export interface Hyetograph {
  stepMin: number;
  /** depth of each block, mm (the last block may be shorter than stepMin) */
  depthsMm: number[];
  /** mean intensity of each block, mm/h */
  mmPerHour: number[];
  totalMm: number;
  /** the instantaneous peak intensity A′/b^n, mm/h */
  peakMmPerHour: number;
  durationMin: number;
}

/** Block hyetograph: each block's depth is the exact mass-curve difference, so blocks sum to i(T)·T. */
export function chicagoHyetograph(f: StormFormula, o: ChicagoOptions): Hyetograph {
  checkOptions(o);
  const { a, b, n } = stormCoefficients(f, o.returnPeriodYears);
  const T = o.durationMin;
  const nb = Math.ceil(T / o.stepMin - 1e-9);
  const depthsMm: number[] = [];
  const mmPerHour: number[] = [];
  let prev = 0;
  for (let k = 0; k < nb; k++) {
    const t1 = Math.min(T, (k + 1) * o.stepMin);
    const m = massCurve(a, b, n, T, o.peakRatio, t1);
    const len = t1 - k * o.stepMin;
    depthsMm.push(m - prev);
    mmPerHour.push(((m - prev) / len) * 60);
    prev = m;
  }
  return {
    stepMin: o.stepMin,
    depthsMm,
    mmPerHour,
    totalMm: prev,
    peakMmPerHour: (a / pow(b, n)) * 60,
    durationMin: T,
  };
}

/**
 * A block hyetograph as a piecewise-linear `Series` (s, mm/h) for the engine, keeping every block's
 * depth exactly (see `blocksToSeries`); the rain stops after the last block.
 */
export function hyetographToSeries(h: Hyetograph, startS = 0, rampS = 0.5): Series {
  const stepS = h.stepMin * 60;
  const nb = h.mmPerHour.length;
  const edges: number[] = [];
  for (let k = 0; k < nb; k++) edges.push(startS + k * stepS);
  edges.push(startS + h.durationMin * 60);
  return blocksToSeries(edges, h.mmPerHour, rampS);
}

/** The whole chain for a scenario: formula (city or params) → rain series in mm/h. */
export function designStormSeries(
  f: StormFormula,
  o: ChicagoOptions,
  startS = 0,
): { series: Series; hyetograph: Hyetograph } {
  const hyetograph = chicagoHyetograph(f, o);
  return { series: hyetographToSeries(hyetograph, startS), hyetograph };
}
