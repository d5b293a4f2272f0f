/**
 * The default scenarios (JSON, paths relative to scenarios/, coordinates in UTM 48N metres):
 * "river flood: three peaks" and a 50-year "rainstorm", for the default and the small twin, and
 * the hot-started window of the third peak on the default twin (what the page opens by default:
 * the ten-day run costs hours on a 5 m grid with a 15 m deep river, dt ≈ 0.3 s).
 */
import type { Grid } from '../core/grid.ts';
import { buildStations, ratingQ, PEAK_HOURS } from './gauges.ts';
import { round, toMap } from './geo.ts';
import { chainageAtX, normalWs } from './river.ts';
import { RECORD_HOURS, RECORD_START, RIVER_SLOPE, WS_TOWN } from './site.ts';
import { CENTRE_POINT, PUMP_POCKET, sample, site, Zone } from './terrain.ts';
import { cellX, cellY, type TwinSpec } from './twinGrids.ts';
import { project, proj } from './river.ts';

/** Chicago design storm parameters (the published Suzhou set: docs/ARCHITECTURE.md "Sources") */
export const STORM = { A: 17.969, C: 1.24, b: 18.415, n: 0.785, P: 50, durationMin: 120, r: 0.4 };
export const STORM_SOURCE =
  'Chicago design storm (Keifer & Chu 1957) on the storm-intensity formula i = A(1 + C lg P)/(t + b)^n mm/min with the published Suzhou parameters A = 17.969, C = 1.24, b = 18.415, n = 0.785 (floodtwin REFERENCES.md, marked unverified there); P = 50 years, 2 h, peak at r = 0.4, instantaneous intensity every minute. No Chongqing formula with a checked source was at hand, so the Suzhou set stands in.';

/** Instantaneous Chicago intensity (mm/min) at minute t of the storm. */
export function chicagoIntensity(tMin: number): number {
  const { A, C, b, n, P, durationMin, r } = STORM;
  const a = A * (1 + C * Math.log10(P));
  const tp = r * durationMin;
  const tau = tMin <= tp ? (tp - tMin) / r : (tMin - tp) / (1 - r);
  return (a * ((1 - n) * tau + b)) / (tau + b) ** (1 + n);
}

/** The storm as [[t s, mm/h]], one point a minute, then zero. */
export function chicagoSeries(): [number, number][] {
  const s: [number, number][] = [];
  for (let m = 0; m <= STORM.durationMin; m++) s.push([m * 60, round(chicagoIntensity(m) * 60, 3)]);
  s.push([STORM.durationMin * 60 + 1, 0]);
  return s;
}

/**
 * Across the channel at x (local): where the river is at least 1 m deep at base flow (an inflow
 * spread onto the dry banks as well made the 5 m run unstable at once).
 */
function channelLine(x: number): [[number, number], [number, number]] {
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let y = 0; y <= 4000; y += 1) {
    sample(x, y);
    if (site.zone === Zone.RIVER && site.z < normalWs(site.s) - 1) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  return [toMap(x, yMin), toMap(x, yMax)];
}

export interface ScenarioFiles {
  riverFlood: unknown;
  rainstorm: unknown;
}

export function buildScenarios(spec: TwinSpec, twinDir: string): ScenarioFiles {
  const stations = buildStations();
  const [up, town, down] = stations;
  const cs = spec.cellSize;
  const inX = spec.x0 + 1.5 * cs;
  const line = channelLine(inX);
  const hydrograph: [number, number][] = up.stage.map((h, k) => [k * 3600, round(ratingQ(up.rating, h), 1)]);
  const sEdge = chainageAtX(spec.x1);
  const drop = RIVER_SLOPE * (sEdge - down.s);
  const stage: [number, number][] = down.stage.map((h, k) => [k * 3600, round(h - drop, 2)]);
  const points = stations.map((s) => {
    const [x, y] = toMap(s.x, s.y);
    return { id: s.id, x, y };
  });
  const small = spec.id === 'small';
  const rel = (f: string) => `../data/${twinDir}/${f}`;
  const peakT = PEAK_HOURS.map((h) => Math.round(h) * 3600);
  const riverFlood = {
    name: small ? 'River flood: three peaks (small twin)' : 'River flood: three peaks',
    nameZh: small ? '江河洪水：三次洪峰（小）' : '江河洪水：三次洪峰',
    description:
      'Ten days of the flood season on the synthetic Jialing bend: three flood peaks (the third overtops the old-town levee). Upstream inflow across the channel at the west edge from the upstream gauge record through its rating curve (applied at the edge without lag); east edge held at the downstream gauge stage less the reach slope to the edge. Synthetic data.',
    descriptionZh:
      '合成的嘉陵江湾汛期十天：三次洪峰（第三次漫过古镇堤防）。西边界河道断面入流取自上游站水位记录经水位流量关系换算；东边界水位取下游站记录。合成数据。',
    twin: rel('twin.json'),
    // t = 0 is the start of the gauge records
    startTime: `${RECORD_START.y}-${String(RECORD_START.m).padStart(2, '0')}-${String(RECORD_START.d).padStart(2, '0')}T00:00:00+08:00`,
    dem: rel('dem.tif'),
    manning: rel('manning.tif'),
    durationS: RECORD_HOURS * 3600,
    initialWaterLevel: rel('initial_level.tif'),
    edges: { north: 'closed', south: 'closed', west: 'closed', east: { stage } },
    inflows: [{ id: 'upstream', line, hydrograph }],
    outputs: {
      points,
      intervalS: 900,
      gridTimesS: [...peakT, RECORD_HOURS * 3600],
      arrivalDepthM: 0.1,
      frameIntervalS: 3600,
    },
    // households whose homes the flood reaches leave when the town gauge is forecast to pass its
    // warning level (警戒水位) six hours ahead, following HEC-LifeSim's mobilisation curve
    evacuation: {
      warning: { gauge: 'town', leadS: 6 * 3600 },
      evacuate: 'atRisk',
      mobilisation: { a: 1.5, b: 1.8 },
      seed: 1,
    },
  };
  const baseQ = hydrograph[0][1];
  const [ox, oy] = toMap(PUMP_POCKET.x, PUMP_POCKET.y);
  const [cx, cy] = toMap(CENTRE_POINT[0], CENTRE_POINT[1]);
  const edgeLevel = round(normalWs(sEdge), 2);
  const rainstorm = {
    name: small ? 'Rainstorm: 50-year design storm (small twin)' : 'Rainstorm: 50-year design storm',
    nameZh: small ? '暴雨：50年一遇设计暴雨（小）' : '暴雨：50年一遇设计暴雨',
    description: `A 2-hour, 50-year Chicago design storm (about 140 mm) over the district with the river at base flow (${baseQ} m3/s) and the storm sewers working. Synthetic data.`,
    descriptionZh: '2小时50年一遇芝加哥雨型设计暴雨（约140毫米），河道为基流，雨水管网运行。合成数据。',
    twin: rel('twin.json'),
    dem: rel('dem.tif'),
    manning: rel('manning.tif'),
    durationS: 4 * 3600,
    initialWaterLevel: rel('initial_level.tif'),
    edges: { north: 'closed', south: 'closed', west: 'closed', east: { stage: [[0, edgeLevel]] } },
    rain: { mmPerHour: chicagoSeries(), source: STORM_SOURCE },
    inflows: [{ id: 'upstream', line, hydrograph: [[0, baseQ]] }],
    // outfalls read the river level on their grid cell, so the flap gates shut when the river is high
    drainage: { network: rel('network.inp'), outfallMode: 'grid' },
    outputs: {
      points: [...points, { id: 'old-town-pocket', x: ox, y: oy }, { id: 'centre', x: cx, y: cy }],
      intervalS: 300,
      gridTimesS: [3600, 7200, 4 * 3600],
      arrivalDepthM: 0.1,
      frameIntervalS: 900,
    },
  };
  void town;
  return { riverFlood, rainstorm };
}

/**
 * The window of the third peak's levee overtopping, in record hours: the town gauge rises from
 * 186.74 m (0.26 m under the old-town levee crest, normal level + 8.7 m = 187.0 m) to 187.30 m, so
 * the levee is overtopped from about 1.3 h in. Three hours keep a page run of the 960 000-cell twin
 * within minutes.
 */
export const PEAK_WINDOW = { startH: 168, endH: 171 };

interface RiverFloodScenario {
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
  twin: string;
  startTime: string;
  dem: string;
  manning: string;
  durationS: number;
  initialWaterLevel: string;
  edges: { north: string; south: string; west: string; east: { stage: [number, number][] } };
  inflows: { id: string; line: [[number, number], [number, number]]; hydrograph: [number, number][] }[];
  outputs: {
    points: { id: string; x: number; y: number }[];
    intervalS: number;
    gridTimesS: number[];
    arrivalDepthM: number;
    frameIntervalS: number;
  };
  evacuation: unknown;
}

/**
 * Inflow ramp of the hot start (s): the river starts still, so the inflow rises linearly from 0 to the
 * record over the first minutes (the usual ramp of a model started from rest). Without it the
 * 7 100 m³/s arriving at once piled the water up at the inflow line and sent a surge down the reach.
 */
export const PEAK_RAMP_S = 1200;

/** [t, v] pairs of a series between hours a and b, shifted so that hour a is t = 0 */
function windowSeries(series: [number, number][], a: number, b: number): [number, number][] {
  return series.filter(([t]) => t >= a * 3600 && t <= b * 3600).map(([t, v]) => [t - a * 3600, v]);
}

/** the series from 0 at t = 0 to its own value at rampS, then itself (rampS inside its first interval) */
function rampedSeries(s: [number, number][], rampS: number): [number, number][] {
  const [[t0, v0], [t1, v1]] = s;
  const at = Math.round((v0 + ((v1 - v0) * (rampS - t0)) / (t1 - t0)) * 10) / 10;
  return [[0, 0], [rampS, at], ...s.slice(1)];
}

/**
 * The hot-start scenario: the ten-day scenario's own boundary series cut to the window (hour by
 * hour, t = 0 at the window start), starting from `initial_level_peak.tif`.
 */
export function buildPeakWindow(riverFlood: unknown, twinDir: string, win = PEAK_WINDOW): unknown {
  const rf = riverFlood as RiverFloodScenario;
  const { startH, endH } = win;
  const durationS = (endH - startH) * 3600;
  const start = Date.parse(rf.startTime) + startH * 3600_000;
  const stamp = new Date(start + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
  return {
    name: `River flood: the third peak overtops the levee (hot start${twinDir === 'default' ? '' : ', small twin'})`,
    nameZh: `江河洪水：第三次洪峰漫堤（热启动${twinDir === 'default' ? '' : '，小'}）`,
    description: `Hours ${startH}–${endH} of the ten-day river flood (river-flood.json) on the synthetic Jialing bend: the third peak rises over the old-town levee crest. Hot start: the water level at the window start is the river surface at the town gauge's recorded stage (the normal profile raised to it) in the channel and everything connected to it below that level; behind the levee the ground is dry. Boundaries are the ten-day file's, cut to the window; the inflow rises from 0 to the record over the first ${PEAK_RAMP_S / 60} minutes (the river starts still). Synthetic data.`,
    descriptionZh: `十天江河洪水（river-flood.json）的第${startH}–${endH}小时：第三次洪峰漫过古镇堤防。热启动：初始水位为古镇站该时刻实测水位下的河道水面（常水位纵剖面整体抬高），与河道连通且低于该水位的区域充水，堤后干燥。边界条件取自十天情景；入流在前${PEAK_RAMP_S / 60}分钟内由0线性增至实测值（河道从静水起算）。合成数据。`,
    twin: rf.twin,
    startTime: stamp,
    dem: rf.dem,
    manning: rf.manning,
    durationS,
    initialWaterLevel: `../data/${twinDir}/initial_level_peak.tif`,
    edges: { ...rf.edges, east: { stage: windowSeries(rf.edges.east.stage, startH, endH) } },
    inflows: rf.inflows.map((f) => ({
      ...f,
      hydrograph: rampedSeries(windowSeries(f.hydrograph, startH, endH), PEAK_RAMP_S),
    })),
    // alpha 0.7 ran away (> 50 m/s) on the steep banks where the rising water wets them, at t ≈ 1200–1440 s,
    // and piled 30–40 m of water at the inflow line; at 0.5 neither happens, at about the same dt
    solver: { alpha: 0.5 },
    outputs: {
      points: rf.outputs.points,
      intervalS: 300,
      gridTimesS: [3600, 7200, durationS],
      arrivalDepthM: rf.outputs.arrivalDepthM,
      frameIntervalS: 600,
    },
    evacuation: rf.evacuation,
  };
}

/**
 * Hot-start water level for the window: the normal river profile raised by the town gauge's rise
 * above its normal level at the window start, filled from the channel (4-neighbour) through every
 * cell whose ground lies below that level; cells not reached keep the normal (t = 0) level, as
 * initial_level.tif has them. Millimetres, like initial_level.tif.
 */
export function peakInitialLevel(spec: TwinSpec, dem: Grid, win = PEAK_WINDOW): Grid {
  const { ncols, nrows } = dem;
  const n = ncols * nrows;
  const town = buildStations()[1];
  const rise = town.stage[win.startH] - WS_TOWN;
  const base = new Float64Array(n);
  const seed = new Uint8Array(n);
  for (let r = 0; r < nrows; r++) {
    const y = cellY(spec, r, nrows);
    for (let c = 0; c < ncols; c++) {
      const x = cellX(spec, c);
      project(x, y);
      base[r * ncols + c] = normalWs(proj.s);
      sample(x, y);
      if (site.zone === Zone.RIVER) seed[r * ncols + c] = 1;
    }
  }
  const z = dem.values;
  const filled = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0,
    tail = 0;
  for (let i = 0; i < n; i++)
    if (seed[i] && z[i] < base[i] + rise) {
      filled[i] = 1;
      queue[tail++] = i;
    }
  const visit = (j: number) => {
    if (filled[j] || !(z[j] < base[j] + rise)) return;
    filled[j] = 1;
    queue[tail++] = j;
  };
  while (head < tail) {
    const i = queue[head++];
    const r = (i / ncols) | 0,
      c = i - r * ncols;
    if (r > 0) visit(i - ncols);
    if (r < nrows - 1) visit(i + ncols);
    if (c > 0) visit(i - 1);
    if (c < ncols - 1) visit(i + 1);
  }
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.round((filled[i] ? base[i] + rise : base[i]) * 1000) / 1000;
  return { ...dem, values, nodata: -9999 };
}
