/**
 * Subcatchment runoff for standalone runs (SWMM's nonlinear reservoir, subcatch.c): each
 * subcatchment has three subareas — impervious with and without depression storage, and pervious —
 * each a reservoir of depth d with outflow per unit area q = (W/A_sub)·(1/n)·√S·(d − ds)^(5/3) (SI;
 * A_sub the impervious or pervious area).
 * Pervious infiltration by Horton as SWMM's horton.c (equivalent-time form; regeneration while
 * dry with k_r = −ln(0.02)/dryTime; MODIFIED_HORTON treated alike); other methods infiltrate
 * nothing (reported). Rain from the gauge's time series (INTENSITY / VOLUME /
 * CUMULATIVE), held over each recording interval. Runoff does not depend on routing, so each
 * outlet node gets a precomputed hydrograph (implicit Euler per step).
 * In a coupled run rain falls on the 2D grid instead and this module is not used.
 */
import { InputError } from '../../src/core/errors.ts';
import { exp, log, pow } from '../../src/core/detMath.ts';
import { timeSeriesToSeries, parseDurationSeconds, isUsUnits, type SwmmInp } from '../../src/io/swmmInp.ts';
import type { NodeInflow } from './network.ts';

export interface RunoffContinuity {
  precipitation_m3: number;
  infiltration_m3: number;
  runoff_m3: number;
  finalSurfaceStorage_m3: number;
  errorPct: number;
  notes: string[];
}

interface Sub {
  name: string;
  area: number; // m²
  fImp: number;
  fZero: number;
  alpha: [number, number, number]; // per subarea (1/(m^(2/3)·s)), impervious w/ storage, w/o, pervious
  ds: [number, number, number];
  d: [number, number, number];
  gage: number;
  outletNode: string | null;
  outletSub: number;
  routeTo: 'OUTLET' | 'IMPERVIOUS' | 'PERVIOUS';
  fRouted: number;
  horton: Horton | null;
  runon: number; // m/s spread over the subcatchment, from upstream subcatchments
}

interface Horton {
  f0: number;
  fmin: number;
  kd: number;
  kr: number;
  fmax: number;
  tp: number;
  F: number;
}

/**
 * Horton infiltration over one step as SWMM's horton.c: the capacity curve is followed in
 * "equivalent time" tp, which advances by the step when the capacity is the limit and otherwise
 * only as far as the water actually infiltrated; while dry, tp regenerates at k_r.
 * Returns the average infiltration rate (m/s) for rain/runon rate `inRate` and ponded depth `depth`.
 */
function hortonRate(h: Horton, dt: number, inRate: number, depth: number): number {
  const df = h.f0 - h.fmin;
  const kd = h.kd;
  const fa = inRate + depth / dt;
  if (df <= 0 || kd <= 0) return Math.max(0, Math.min(h.f0, fa));
  let fp = 0;
  if (fa > 1e-12) {
    const tp = h.tp;
    const t1 = tp + dt;
    const tlim = 16 / kd;
    let Fp: number;
    let F1: number;
    if (tp >= tlim) {
      Fp = h.fmin * tp + df / kd;
      F1 = Fp + h.fmin * dt;
    } else {
      Fp = h.fmin * tp + (df / kd) * (1 - exp(-kd * tp));
      F1 = h.fmin * t1 + (df / kd) * (1 - exp(-kd * t1));
    }
    fp = Math.max((F1 - Fp) / dt, h.fmin);
    if (t1 > tlim || fp < fa) h.tp = t1;
    else {
      // all the water infiltrates: find tp with F(tp) = Fp + fa·dt (Newton)
      const target = Fp + fa * dt;
      let t = tp + dt / 2;
      for (let it = 0; it < 20; it++) {
        const ex = exp(-Math.min(60, kd * t));
        const r = (h.fmin * t + (df / kd) * (1 - ex) - target) / (h.fmin + df * ex);
        t -= r;
        if (Math.abs(r) <= 0.001 * dt) break;
      }
      h.tp = t;
      fp = fa;
    }
    if (fp > fa) fp = fa;
    if (h.F + fp * dt > h.fmax) fp = Math.max(0, (h.fmax - h.F) / dt);
    h.F += fp * dt;
  } else if (h.kr > 0) {
    const r = exp(-h.kr * dt);
    const x = 1 - exp(-kd * h.tp);
    h.tp = -log(1 - r * x) / kd;
  }
  return fp;
}

function newtonDepth(d0: number, inRate: number, alpha: number, ds: number, dt: number, lossRate: number): number {
  // solve d = d0 + dt·(in − loss − alpha·(d − ds)^(5/3)) for d ≥ 0 (monotone)
  let d = d0 + dt * (inRate - lossRate);
  if (d <= 0) return 0;
  if (alpha <= 0 || d <= ds) return d;
  const target = d;
  for (let it = 0; it < 30; it++) {
    const x = d - ds;
    if (x <= 0) break;
    const q = alpha * pow(x, 5 / 3);
    const f = d - target + dt * q;
    const df = 1 + dt * alpha * (5 / 3) * pow(x, 2 / 3);
    const step = f / df;
    d -= step;
    if (d < ds) {
      d = ds;
      break;
    }
    if (Math.abs(step) < 1e-10) break;
  }
  return d;
}

/** Rain intensity (m/s) per gauge at t, from its series of (t, value) held over the interval. */
function gageRate(points: [number, number][], interval: number, fmt: string, toM: number, t: number): number {
  // the last point at or before t
  let lo = -1;
  let a = 0;
  let b = points.length - 1;
  while (a <= b) {
    const m = (a + b) >> 1;
    if (points[m][0] <= t) {
      lo = m;
      a = m + 1;
    } else b = m - 1;
  }
  if (lo < 0) return 0;
  const [t0, v] = points[lo];
  if (t - t0 >= interval) return 0;
  if (fmt === 'INTENSITY') return (v * toM) / 3600;
  if (fmt === 'VOLUME') return (v * toM) / interval;
  // CUMULATIVE: the increase since the previous point
  const prev = lo > 0 ? points[lo - 1][1] : 0;
  return (Math.max(0, v - prev) * toM) / interval;
}

export function runoffInflows(
  m: SwmmInp,
  file: string,
  duration: number,
  step = 30,
): { inflows: NodeInflow[]; continuity: RunoffContinuity } {
  const notes: string[] = [];
  const us = isUsUnits(m.options.flowUnits);
  const len = us ? 0.3048 : 1;
  const depthToM = us ? 0.0254 : 0.001; // in or mm
  const areaToM2 = us ? 4046.8564224 : 10000; // ac or ha
  const gNames = m.raingages.map((g) => g.name);
  const gages = m.raingages.map((g) => {
    if (g.source !== 'TIMESERIES' || !g.series) {
      notes.push(`rain gage ${g.name}: only TIMESERIES sources are read; no rain`);
      return { points: [] as [number, number][], interval: 3600, fmt: g.format };
    }
    const ts = m.timeseries.find((t) => t.name === g.series);
    if (!ts)
      throw new InputError(`rain gage "${g.name}" uses unknown time series "${g.series}"`, { file, field: g.name });
    const interval = parseDurationSeconds(g.interval) ?? 3600;
    return { points: timeSeriesToSeries(ts, m).map(([t, v]) => [t, v] as [number, number]), interval, fmt: g.format };
  });
  const method = m.options.infiltration ?? 'HORTON';
  if (method !== 'HORTON' && method !== 'MODIFIED_HORTON' && m.subcatchments.length) {
    notes.push(`infiltration ${method} is not modelled: pervious areas infiltrate nothing`);
  }
  const subIndex = new Map(m.subcatchments.map((s, i) => [s.name, i]));
  const subs: Sub[] = m.subcatchments.map((s) => {
    const sa = m.subareas.find((x) => x.subcatchment === s.name);
    const inf = m.infiltration.find((x) => x.subcatchment === s.name);
    const area = s.area * areaToM2;
    const slope = s.pctSlope / 100;
    const w = s.width * len;
    // SWMM subcatch.c: alpha uses the area of the subarea kind (the whole impervious area for both
    // impervious subareas, the pervious area for the pervious one), not the subcatchment's
    const fImp = s.pctImperv / 100;
    const sq = Math.sqrt(Math.max(slope, 0));
    const kImp = fImp > 0 && area > 0 ? (w / (fImp * area)) * sq : 0;
    const kPerv = fImp < 1 && area > 0 ? (w / ((1 - fImp) * area)) * sq : 0;
    const nI = sa?.nImperv ?? 0.01;
    const nP = sa?.nPerv ?? 0.1;
    const gage = gNames.indexOf(s.rainGage);
    if (gage < 0)
      throw new InputError(`subcatchment "${s.name}" uses unknown rain gage "${s.rainGage}"`, { file, field: s.name });
    let horton: Sub['horton'] = null;
    if (inf && (method === 'HORTON' || method === 'MODIFIED_HORTON') && inf.params.length >= 4) {
      const [f0, fmin, decay, dry, fmaxRaw] = inf.params;
      const kr = dry > 0 ? -log(0.02) / (dry * 86400) : 0;
      horton = {
        f0: (f0 * depthToM) / 3600,
        fmin: (fmin * depthToM) / 3600,
        kd: decay / 3600,
        kr,
        fmax: fmaxRaw && fmaxRaw > 0 ? fmaxRaw * depthToM : Infinity,
        tp: 0,
        F: 0,
      };
    }
    const outletIsSub = subIndex.has(s.outlet);
    return {
      name: s.name,
      area,
      fImp: s.pctImperv / 100,
      fZero: (sa?.pctZero ?? 0) / 100,
      alpha: [nI > 0 ? kImp / nI : 0, nI > 0 ? kImp / nI : 0, nP > 0 ? kPerv / nP : 0],
      ds: [(sa?.sImperv ?? 0) * depthToM, 0, (sa?.sPerv ?? 0) * depthToM],
      d: [0, 0, 0],
      gage,
      outletNode: outletIsSub ? null : s.outlet,
      outletSub: outletIsSub ? subIndex.get(s.outlet)! : -1,
      routeTo: sa?.routeTo ?? 'OUTLET',
      fRouted: (sa?.pctRouted ?? 100) / 100,
      horton,
      runon: 0,
    };
  });
  const nodeQ = new Map<string, [number, number][]>();
  for (const s of subs) if (s.outletNode && !nodeQ.has(s.outletNode)) nodeQ.set(s.outletNode, [[0, 0]]);
  let precip = 0;
  let infil = 0;
  let runoffVol = 0;
  const nSteps = Math.ceil(duration / step);
  const qOut = new Float64Array(subs.length);
  for (let n = 0; n < nSteps; n++) {
    const t = n * step;
    const dt = Math.min(step, duration - t);
    const tm = t + 0.5 * dt;
    for (const s of subs) s.runon = 0;
    // upstream subcatchments first would need ordering; runon uses the previous step's outflow
    for (let j = 0; j < subs.length; j++)
      if (subs[j].outletSub >= 0) subs[subs[j].outletSub].runon += qOut[j] / subs[subs[j].outletSub].area;
    const nodeNow = new Map<string, number>();
    for (let j = 0; j < subs.length; j++) {
      const s = subs[j];
      const g = gages[s.gage];
      const rain = gageRate(g.points, g.interval, g.fmt, depthToM, tm);
      precip += rain * s.area * dt;
      const inRate = rain + s.runon;
      const fr = [s.fImp * (1 - s.fZero), s.fImp * s.fZero, 1 - s.fImp];
      const q = [0, 0, 0];
      let routed = 0; // flow (m³/s) moved from one surface to the other
      for (let i = 0; i < 3; i++) {
        if (fr[i] <= 0) continue;
        let inI = inRate;
        if (i === 2 && s.routeTo === 'PERVIOUS' && fr[2] > 0) inI += routed / (fr[2] * s.area);
        let loss = 0;
        if (i === 2 && s.horton) {
          loss = hortonRate(s.horton, dt, inI, s.d[2]);
          infil += loss * fr[2] * s.area * dt;
        }
        const d0 = s.d[i];
        const d1 = newtonDepth(d0, inI, s.alpha[i], s.ds[i], dt, loss);
        s.d[i] = d1;
        // outflow = what the balance leaves (exactly conservative)
        const out = Math.max(0, d0 + dt * (inI - loss) - d1) / dt;
        q[i] = out * fr[i] * s.area;
        if (i < 2 && s.routeTo === 'PERVIOUS') {
          routed += q[i] * s.fRouted;
          q[i] *= 1 - s.fRouted;
        }
      }
      const total = q[0] + q[1] + q[2];
      qOut[j] = total;
      if (s.outletNode) {
        nodeNow.set(s.outletNode, (nodeNow.get(s.outletNode) ?? 0) + total);
        runoffVol += total * dt;
      }
    }
    for (const [node, series] of nodeQ) {
      const v = nodeNow.get(node) ?? 0;
      // a step hydrograph: constant over [t, t+dt] (breakpoints just inside the step)
      const last = series[series.length - 1];
      if (t > last[0]) series.push([t, v]);
      else last[1] = v;
      series.push([t + dt * 0.999, v]);
    }
  }
  let stored = 0;
  for (const s of subs) {
    const fr = [s.fImp * (1 - s.fZero), s.fImp * s.fZero, 1 - s.fImp];
    for (let i = 0; i < 3; i++) stored += s.d[i] * fr[i] * s.area;
  }
  const inflows: NodeInflow[] = [];
  for (const [node, series] of nodeQ) inflows.push({ node, baseline: 0, scale: 1, series, kind: 'runoff' });
  // runon between subcatchments stays inside; precipitation − infiltration − runoff − storage = 0
  const err = precip > 0 ? (100 * (precip - infil - runoffVol - stored)) / precip : 0;
  return {
    inflows,
    continuity: {
      precipitation_m3: precip,
      infiltration_m3: infil,
      runoff_m3: runoffVol,
      finalSurfaceStorage_m3: stored,
      errorPct: err,
      notes,
    },
  };
}
