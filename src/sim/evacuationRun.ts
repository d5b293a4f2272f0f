/**
 * Evacuation after (or alongside) a flood run: builds the evacuation engine's inputs from the twin's
 * layers, the flood's depth frames and the modelled stage at the gauge stations, then runs it.
 * The warning from a gauge uses the stage the flood model computes at the station, so the warning
 * and the flood it warns of come from one run.
 */
import { cellAt } from '../core/grid.ts';
import type { Series } from '../core/timeSeries.ts';
import { parseEvacuationScenario } from '../core/scenario/evacuation.ts';
import {
  floodFramesFromArrays,
  runEvacuation,
  type EvacuationResult,
  type GaugeInput,
} from '../../workers/evacuation/index.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { ringCentroid } from '../core/ringCentroid.ts';
import type { TwinLayers } from './twinLayers.ts';
import { readGaugeFile, toSeconds } from '../io/gauges/index.ts';
import type { ReadFile } from './prepareRun.ts';

/** Each station's record in scenario seconds (needs the scenario's start time). */
export async function gaugeRecords(
  layers: TwinLayers,
  startTime: string | undefined,
  read: ReadFile,
): Promise<Map<string, Series>> {
  const out = new Map<string, Series>();
  if (!startTime) return out;
  for (const g of layers.gauges) {
    if (!g.record) continue;
    const rel = layers.dir ? `${layers.dir}/${g.record}` : g.record;
    const series = readGaugeFile(new TextDecoder().decode(await read(rel)), rel, {
      stationId: g.id,
      quantity: 'stage',
    });
    out.set(g.id, toSeconds(series, startTime));
  }
  return out;
}

export const GAUGE_POINT_PREFIX = 'gauge_';

/** Adds an output point at every gauge station inside the DEM that has none yet, so its stage is recorded. */
export function addGaugePoints(setup: FloodSetup, layers: TwinLayers): void {
  const ids = [...setup.outputs.pointIds];
  const cells = Array.from(setup.outputs.pointCells);
  for (const g of layers.gauges) {
    const c = cellAt(setup, g.x, g.y);
    if (!c) continue;
    const k = c[1] * setup.ncols + c[0];
    if (cells.includes(k)) continue;
    ids.push(GAUGE_POINT_PREFIX + g.id);
    cells.push(k);
  }
  setup.outputs.pointIds = ids;
  setup.outputs.pointCells = Int32Array.from(cells);
}

/**
 * The stage series each gauge's warning is judged on: the station's own record (the forecast a
 * warning service issues from) when the scenario has a start time and the station names a record
 * in `records`; otherwise the stage the flood model computed at the station (bed + depth).
 */
export function gaugeStages(
  setup: FloodSetup,
  result: Pick<FloodResult, 'pointTimes' | 'pointDepths'>,
  layers: TwinLayers,
  records: Map<string, Series> = new Map(),
): GaugeInput[] {
  const np = setup.outputs.pointIds.length;
  const out: GaugeInput[] = [];
  for (const g of layers.gauges) {
    const record = records.get(g.id);
    if (record) {
      out.push({ id: g.id, warningLevelM: g.warningLevelM, series: record });
      continue;
    }
    const c = cellAt(setup, g.x, g.y);
    const p = c ? setup.outputs.pointCells.indexOf(c[1] * setup.ncols + c[0]) : -1;
    if (p < 0) continue;
    const z = setup.z[setup.outputs.pointCells[p]];
    const series: [number, number][] = [];
    for (let i = 0; i < result.pointTimes.length; i++)
      series.push([result.pointTimes[i], z + result.pointDepths[i * np + p]]);
    out.push({ id: g.id, warningLevelM: g.warningLevelM, series: series as Series });
  }
  return out;
}

/** The frame interval to record for an evacuation: its own, but at most ~120 frames in a run. */
export function evacuationFrameInterval(evacuation: unknown, durationS: number, file: string): number {
  const opts = parseEvacuationScenario(evacuation, file);
  return Math.max(opts.frameIntervalS, Math.ceil(durationS / 120 / 60) * 60);
}

/**
 * Who is at risk: where this run's water reached, and, when the warning comes from a gauge's
 * forecast record, everywhere below the highest stage that record forecasts up to the end of the
 * run plus the lead time (an evacuation zone by elevation, as warning services draw them: levees
 * are not trusted to hold).
 */
export function atRiskDepths(
  setup: FloodSetup,
  runMaxDepth: Float32Array,
  warning: { atS: number } | { gauge: string; leadS: number },
  records: Map<string, Series>,
): Float32Array {
  const record = 'gauge' in warning ? records.get(warning.gauge) : undefined;
  if (!record) return runMaxDepth;
  const horizon = setup.durationS + ('leadS' in warning ? warning.leadS : 0);
  let peak = -Infinity;
  for (const [t, v] of record) if (t >= 0 && t <= horizon && v > peak) peak = v;
  const out = runMaxDepth.slice();
  for (let k = 0; k < out.length; k++) {
    const d = peak - setup.z[k];
    if (d > out[k]) out[k] = d; // NaN z (walls) leaves the run's value
  }
  return out;
}

export function runScenarioEvacuation(
  evacuation: unknown,
  file: string,
  setup: FloodSetup,
  layers: TwinLayers,
  flood: { result: FloodResult; times: number[]; depths: Float32Array[]; speeds: Float32Array[] },
  records: Map<string, Series> = new Map(),
): EvacuationResult {
  const opts = parseEvacuationScenario(evacuation, file);
  const frames = floodFramesFromArrays(Float64Array.from(flood.times), setup, flood.depths, flood.speeds);
  frames.maxDepth = atRiskDepths(setup, flood.result.maxDepth, opts.warning, records);
  return runEvacuation(
    {
      roads: layers.roads.map((r) => ({
        id: r.id,
        coords: r.coords,
        cls: r.cls,
        lanes: r.lanes,
        speedKmh: r.speedKmh,
        oneway: r.oneway,
      })),
      buildings: layers.buildings.map((b) => {
        const [x, y] = ringCentroid(b.ring);
        return { id: b.id, x, y, population: b.population };
      }),
      shelters: layers.shelters.map((s) => ({ id: s.id, x: s.x, y: s.y, capacity: s.capacity, name: s.name })),
      gauges: gaugeStages(setup, flood.result, layers, records),
      flood: frames,
    },
    { ...opts, durationS: opts.durationS ?? setup.durationS },
  );
}
