/**
 * Hyetographs from rain-gauge records. A row's value belongs to the interval that ENDS at its time
 * (how tipping-bucket and accumulation gauges report). Accepted value columns:
 *  - interval depth, mm: `mm`, `rain_mm`, `depth_mm`, `precip_mm`, `rainfall_mm`
 *  - intensity over the interval, mm/h: `mm_per_hour`, `mmperhour`, `rain_mm_h`, `intensity_mm_h`
 *  - cumulative depth, mm: `cumulative_mm`, `cum_mm`, `total_mm` (differences between rows)
 * The first row's interval is taken as long as the second's (regular gauges); with cumulative depth
 * the first row is the starting total and holds no rain of its own.
 */
import { InputError } from '../core/errors.ts';
import type { Series } from '../core/timeSeries.ts';
import { parseIsoWithOffset, pickColumn, readTimeTableCsv } from './timeTableCsv.ts';

export interface GaugeHyetograph {
  /** block edges in seconds from the scenario start (length = blocks + 1) */
  edgesS: number[];
  /** mean intensity of each block, mm/h */
  mmPerHour: number[];
  totalMm: number;
}

const DEPTH = ['mm', 'rain_mm', 'depth_mm', 'precip_mm', 'rainfall_mm', 'precipitation_mm'];
const RATE = ['mm_per_hour', 'mmperhour', 'rain_mm_h', 'intensity_mm_h', 'mm/h'];
const CUMULATIVE = ['cumulative_mm', 'cum_mm', 'total_mm'];

/**
 * Reads a rain-gauge CSV into blocks. `startIso` is the scenario start (default: the start of the
 * first interval); rain before it is dropped, so t = 0 is the scenario start.
 */
export function rainGaugeHyetograph(text: string, file = 'rain.csv', startIso?: string): GaugeHyetograph {
  const t = readTimeTableCsv(text, file);
  const n = t.timesMs.length;
  const depth = pickColumn(t, DEPTH);
  const rate = pickColumn(t, RATE);
  const cum = pickColumn(t, CUMULATIVE);
  const found = [depth, rate, cum].filter(Boolean).length;
  if (found === 0)
    throw new InputError(`no rain column (one of ${[...DEPTH, ...RATE, ...CUMULATIVE].join(', ')})`, { file, line: 1 });
  if (found > 1)
    throw new InputError('more than one rain column: keep one of depth, intensity or cumulative', { file, line: 1 });
  let edgesMs: number[];
  let depths: number[];
  if (cum) {
    if (n < 2) throw new InputError('a cumulative record needs at least two rows', { file });
    edgesMs = t.timesMs.slice();
    depths = [];
    for (let i = 1; i < n; i++) {
      const d = cum.values[i] - cum.values[i - 1];
      if (d < -1e-9)
        throw new InputError(`cumulative rain decreases (${cum.values[i - 1]} → ${cum.values[i]})`, {
          file,
          line: t.lines[i],
          field: cum.name,
        });
      depths.push(Math.max(0, d));
    }
  } else {
    const first = n >= 2 ? t.timesMs[1] - t.timesMs[0] : 3_600_000;
    edgesMs = [t.timesMs[0] - first, ...t.timesMs];
    depths = [];
    for (let i = 0; i < n; i++) {
      const v = (depth ?? rate)!.values[i];
      if (v < 0)
        throw new InputError(`rain cannot be negative (${v})`, {
          file,
          field: (depth ?? rate)!.name,
          line: t.lines[i],
        });
      const hours = (edgesMs[i + 1] - edgesMs[i]) / 3_600_000;
      depths.push(depth ? v : v * hours);
    }
  }
  const startMs = startIso !== undefined ? parseIsoWithOffset(startIso, { file, field: 'startIso' }) : edgesMs[0];
  const edgesS: number[] = [];
  const mmPerHour: number[] = [];
  let totalMm = 0;
  for (let i = 0; i < depths.length; i++) {
    const a = Math.max(edgesMs[i], startMs);
    const b = edgesMs[i + 1];
    if (b <= startMs) continue;
    const frac = (b - a) / (edgesMs[i + 1] - edgesMs[i]);
    const d = depths[i] * frac;
    if (edgesS.length === 0) edgesS.push((a - startMs) / 1000);
    edgesS.push((b - startMs) / 1000);
    mmPerHour.push(d / ((b - a) / 3_600_000));
    totalMm += d;
  }
  return { edgesS, mmPerHour, totalMm };
}

/**
 * Blocks (edges, mm/h) as a piecewise-linear Series that keeps every block's depth: each step becomes
 * a ramp of ±rampS centred on the block edge (a symmetric ramp integrates like the step), and the
 * series falls to 0 after the last block so the rain stops. Before the first edge the series is 0.
 */
export function blocksToSeries(edgesS: readonly number[], mmPerHour: readonly number[], rampS = 0.5): Series {
  const nb = mmPerHour.length;
  if (nb === 0) return [[0, 0]];
  let minLen = Infinity;
  for (let i = 0; i < nb; i++) minLen = Math.min(minLen, edgesS[i + 1] - edgesS[i]);
  const ramp = Math.min(rampS, minLen / 4);
  const out: [number, number][] = [];
  const push = (t: number, v: number) => {
    const last = out[out.length - 1];
    if (last && t <= last[0]) return;
    out.push([t, v]);
  };
  if (edgesS[0] - ramp >= 0 && mmPerHour[0] !== 0) push(edgesS[0] - ramp, 0);
  else push(edgesS[0], mmPerHour[0]);
  if (out[0][1] === 0 && mmPerHour[0] !== 0) push(edgesS[0] + ramp, mmPerHour[0]);
  for (let k = 0; k < nb; k++) {
    const v = mmPerHour[k];
    const next = k + 1 < nb ? mmPerHour[k + 1] : 0;
    if (next === v) continue;
    push(edgesS[k + 1] - ramp, v);
    push(edgesS[k + 1] + ramp, next);
  }
  return out;
}
