/**
 * The default scenarios (JSON, paths relative to scenarios/, coordinates in UTM 48N metres):
 * "river flood: three peaks" and a 50-year "rainstorm", for the default and the small twin.
 */
import { buildStations, ratingQ, PEAK_HOURS } from './gauges.ts';
import { round, toMap } from './geo.ts';
import { chainageAtX, normalWs } from './river.ts';
import { RECORD_HOURS, RECORD_START, RIVER_SLOPE } from './site.ts';
import { CENTRE_POINT, PUMP_POCKET, sample, site, Zone } from './terrain.ts';
import type { TwinSpec } from './twinGrids.ts';

/** Chicago design storm parameters (REFERENCES.md: the published Suzhou set) */
export const STORM = { A: 17.969, C: 1.24, b: 18.415, n: 0.785, P: 50, durationMin: 120, r: 0.4 };
export const STORM_SOURCE =
  'Chicago design storm (Keifer & Chu 1957) on the storm-intensity formula i = A(1 + C lg P)/(t + b)^n mm/min with the published Suzhou parameters A = 17.969, C = 1.24, b = 18.415, n = 0.785 (floodtwin REFERENCES.md, marked unverified there); P = 50 years, 2 h, peak at r = 0.4, instantaneous intensity every minute. No Chongqing formula with a checked source was at hand, so the Suzhou set stands in.';

/** Instantaneous Chicago intensity (mm/min) at minute t of the storm. */
export function chicagoIntensity(tMin: number): number {
  const { A, C, b, n, P, durationMin, r } = STORM;
  const a = A * (1 + C * Math.log10(P));
  const tp = r * durationMin;
  const tau = tMin <= tp ? (tp - tMin) / r : (tMin - tp) / (1 - r);
  return (a * ((1 - n) * tau + b)) / Math.pow(tau + b, 1 + n);
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
    descriptionZh: '合成的嘉陵江湾汛期十天：三次洪峰（第三次漫过古镇堤防）。西边界河道断面入流取自上游站水位记录经水位流量关系换算；东边界水位取下游站记录。合成数据。',
    twin: rel('twin.json'),
    // t = 0 is the start of the gauge records
    startTime: `${RECORD_START.y}-${String(RECORD_START.m).padStart(2, '0')}-${String(RECORD_START.d).padStart(2, '0')}T00:00:00+08:00`,
    dem: rel('dem.tif'),
    manning: rel('manning.tif'),
    durationS: RECORD_HOURS * 3600,
    initialWaterLevel: rel('initial_level.tif'),
    edges: { north: 'closed', south: 'closed', west: 'closed', east: { stage } },
    inflows: [{ id: 'upstream', line, hydrograph }],
    outputs: { points, intervalS: 900, gridTimesS: [...peakT, RECORD_HOURS * 3600], arrivalDepthM: 0.1, frameIntervalS: 3600 },
    // households whose homes the flood reaches leave when the town gauge is forecast to pass its
    // warning level (警戒水位) six hours ahead, following HEC-LifeSim's mobilisation curve
    evacuation: { warning: { gauge: 'town', leadS: 6 * 3600 }, evacuate: 'atRisk', mobilisation: { a: 1.5, b: 1.8 }, seed: 1 },
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
