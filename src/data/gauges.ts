/**
 * River gauges (upstream, town, downstream), their rating curves and a ten-day flood-season
 * record with three flood peaks.
 *
 * The town rating Q = a·(h − h0)^b is fitted (least squares in log space) to the Manning discharge
 * of the town's cross-section in the terrain (strips: q = d^(5/3)·√S / n, S the reach slope,
 * n 0.035 in the channel and 0.045 on the banks; the old town behind the levee stores water but
 * does not convey it). The other stations take the same curve with h0 moved by the reach slope
 * times their distance (uniform flow: a water surface parallel to the bed), so the river surface
 * always falls downstream. The upstream discharge is a base flow plus three gamma-shaped flood waves
 * whose sizes are set so the town gauge peaks at PEAK_STAGES_TOWN; each station's stage is its
 * rating inverted at the discharge lagged by the travel time of the wave (2 m/s).
 */
import { chainageAtX, halfWidth, normalWs, pointAt, S_APEX } from './river.ts';
import {
  GUARANTEED_ABOVE_WS,
  N_BANK,
  N_CHANNEL,
  PEAK_STAGES_TOWN,
  RECORD_HOURS,
  RECORD_START,
  RIVER_SLOPE,
  WARNING_ABOVE_WS,
  WS_TOWN,
} from './site.ts';
import { sample, site, Zone } from './terrain.ts';

export interface Rating {
  a: number;
  h0: number;
  b: number;
}

export interface Station {
  id: 'upstream' | 'town' | 'downstream';
  name: string;
  nameZh: string;
  s: number;
  x: number;
  y: number;
  warningLevelM: number;
  guaranteedLevelM: number;
  rating: Rating;
  /** stage per hour of the record, m (rounded to the centimetre) */
  stage: number[];
  record: string;
}

export function ratingQ(r: Rating, h: number): number {
  return h <= r.h0 ? 0 : r.a * Math.pow(h - r.h0, r.b);
}

export function ratingH(r: Rating, q: number): number {
  return r.h0 + Math.pow(Math.max(q, 0) / r.a, 1 / r.b);
}

/** Manning discharge of the cross-section at chainage s for water level h. */
export function sectionQ(s: number, h: number): number {
  const hw = halfWidth(s);
  const step = 2;
  let q = 0;
  const sq = Math.sqrt(RIVER_SLOPE);
  for (let o = -hw - 250; o <= hw + 250; o += step) {
    const [x, y] = pointAt(s, o);
    sample(x, y);
    if (site.side > 0 && site.e > 60 && site.wot > 0.3) break; // behind the levee crest: storage only
    const d = h - site.z;
    if (d <= 0) continue;
    const n = site.zone === Zone.RIVER ? N_CHANNEL : N_BANK;
    q += (Math.pow(d, 5 / 3) * sq * step) / n;
  }
  return q;
}

/** Fits Q = a (h − h0)^b to the section's Manning discharges from normal water to 11 m above. */
export function fitRating(s: number): Rating {
  const ws = normalWs(s);
  const hs: number[] = [];
  const qs: number[] = [];
  for (let h = ws - 1; h <= ws + 11 + 1e-9; h += 0.25) {
    hs.push(h);
    qs.push(sectionQ(s, h));
  }
  let best: Rating = { a: 0, h0: 0, b: 0 };
  let bestErr = Infinity;
  for (let h0 = ws - 9; h0 <= ws - 1.5; h0 += 0.02) {
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    const n = hs.length;
    for (let k = 0; k < n; k++) {
      const lx = Math.log(hs[k] - h0);
      const ly = Math.log(qs[k]);
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      sxy += lx * ly;
    }
    const b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const la = (sy - b * sx) / n;
    let err = 0;
    for (let k = 0; k < n; k++) {
      const r = Math.log(qs[k]) - la - b * Math.log(hs[k] - h0);
      err += r * r;
    }
    if (err < bestErr) {
      bestErr = err;
      best = { a: Math.exp(la), h0, b };
    }
  }
  return {
    a: Math.round(best.a * 1000) / 1000,
    h0: Math.round(best.h0 * 100) / 100,
    b: Math.round(best.b * 1000) / 1000,
  };
}

const WAVES = [
  { startH: 0.5, riseH: 15.5 },
  { startH: 74, riseH: 26 },
  { startH: 146, riseH: 32 },
];
const SHAPE_M = 3;
const CELERITY = 2.0;

function wave(tH: number, startH: number, riseH: number): number {
  if (tH <= startH) return 0;
  const x = (tH - startH) / riseH;
  return Math.pow(x, SHAPE_M) * Math.exp(SHAPE_M * (1 - x));
}

/** Upstream discharge (m³/s) at tH hours after the record start, and the base flow. */
export function upstreamDischarge(town: Rating): { base: number; at: (tH: number) => number } {
  const base = ratingQ(town, WS_TOWN);
  const amps: number[] = [];
  WAVES.forEach((w, k) => {
    const tp = w.startH + w.riseH;
    let rest = 0;
    for (let j = 0; j < k; j++) rest += amps[j] * wave(tp, WAVES[j].startH, WAVES[j].riseH);
    amps.push(ratingQ(town, PEAK_STAGES_TOWN[k]) - base - rest);
  });
  return {
    base,
    at: (tH: number) => {
      let q = base;
      for (let k = 0; k < WAVES.length; k++) q += amps[k] * wave(tH, WAVES[k].startH, WAVES[k].riseH);
      return q;
    },
  };
}

/** hours of the three peaks after the record start (at the upstream gauge) */
export const PEAK_HOURS = WAVES.map((w) => w.startH + w.riseH);

/** ISO 8601 time with the China Standard Time offset, hour h of the record. */
export function recordTimestamp(h: number): string {
  const ms = Date.UTC(RECORD_START.y, RECORD_START.m - 1, RECORD_START.d, 0, 0, 0) + h * 3600_000;
  return new Date(ms).toISOString().slice(0, 19) + '+08:00';
}

let cache: Station[] | null = null;

export function buildStations(): Station[] {
  if (cache) return cache;
  const defs: { id: Station['id']; name: string; nameZh: string; s: number }[] = [
    { id: 'upstream', name: 'Upper Bend gauge', nameZh: '上湾水文站', s: chainageAtX(1800) },
    { id: 'town', name: 'Old Town gauge', nameZh: '古镇水位站', s: S_APEX },
    { id: 'downstream', name: 'Lower Bend gauge', nameZh: '下湾水文站', s: chainageAtX(4200) },
  ];
  const town = fitRating(S_APEX);
  const ratings = defs.map((d) => ({ ...town, h0: Math.round((town.h0 + RIVER_SLOPE * (S_APEX - d.s)) * 100) / 100 }));
  const flow = upstreamDischarge(town);
  cache = defs.map((d, k) => {
    // in the channel on the town's side, where the water is 3–5 m deep at base flow
    const [x, y] = pointAt(d.s, 0.4 * halfWidth(d.s));
    const lagH = (d.s - defs[0].s) / CELERITY / 3600;
    const stage: number[] = [];
    for (let h = 0; h <= RECORD_HOURS; h++) stage.push(Math.round(ratingH(ratings[k], flow.at(h - lagH)) * 100) / 100);
    const ws = normalWs(d.s);
    return {
      ...d,
      x,
      y,
      warningLevelM: Math.round((ws + WARNING_ABOVE_WS) * 100) / 100,
      guaranteedLevelM: Math.round((ws + GUARANTEED_ABOVE_WS) * 100) / 100,
      rating: ratings[k],
      stage,
      record: `gauge_${d.id}.csv`,
    };
  });
  return cache;
}

export function gaugeCsv(st: Station): string {
  const lines = ['timestamp,value,unit'];
  st.stage.forEach((v, h) => {
    lines.push(`${recordTimestamp(h)},${v.toFixed(2)},m`);
  });
  return lines.join('\n') + '\n';
}
