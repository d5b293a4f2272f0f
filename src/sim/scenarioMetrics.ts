/**
 * A finished run as its metrics table: flooded area by depth band, buildings and people exposed by
 * depth band and by FD2320 hazard class, critical facilities flooded, km of road cut, the damage
 * from the default depth-damage curves, and (from the run's summary) the evacuation clearance time
 * and the sewer overflow volume. One function for every host: the CLI (`compare`, `export`) passes
 * what it read from disk or kept in memory, the page what its workers returned. No node: imports.
 *
 * The inputs are the run's outputs as written (`max_depth.asc`, `max_speed.asc`, `summary.json`),
 * so the table computed from the files equals the one computed in memory.
 */
import type { Grid } from '../core/grid.ts';
import { compareMetrics, type MetricRow } from '../../workers/analysis/compare.ts';
import type { DamageCurves } from '../../workers/analysis/depthDamage.ts';
import {
  floodMetrics,
  type BuildingInput,
  type FacilityInput,
  type FloodMetrics,
  type RoadInput,
} from '../../workers/analysis/floodMetrics.ts';
import { buildingsFromLayer, facilitiesFromLayer, roadsFromLayer } from '../../workers/analysis/layerInputs.ts';
import type { TwinLayers } from './twinLayers.ts';

/** The parts of a run's summary (FloodResult.summary plus the `run` extras, or summary.json) read here. */
export interface RunSummaryLike {
  /** `evacuationSummary(...)`: t100S = seconds from the start until every evacuee is safe (null if never) */
  evacuation?: { t100S?: number | null } | null;
  /** the sewer coupler's summary: overflowed_m3 = volume out of the network onto the surface */
  drainage?: { overflowed_m3?: number } | Record<string, unknown> | null;
}

/** The twin's layers as metrics inputs (map coordinates of the grid); convert once, reuse for A and B. */
export interface MetricsLayers {
  buildings: BuildingInput[];
  roads: RoadInput[];
  facilities: FacilityInput[];
}

export function metricsLayers(
  layers: Pick<TwinLayers, 'buildings' | 'roads' | 'facilities'> | null | undefined,
): MetricsLayers {
  if (!layers) return { buildings: [], roads: [], facilities: [] };
  return {
    buildings: buildingsFromLayer(layers.buildings),
    roads: roadsFromLayer(layers.roads),
    facilities: facilitiesFromLayer(layers.facilities),
  };
}

export interface ScenarioMetricsInput {
  /** geometry of the result grids (values are not read) */
  grid: Grid;
  /** maximum depth per cell, NaN off the DEM */
  maxDepth: Float32Array;
  /** maximum speed per cell (m/s); without it the hazard uses v = 0 (a lower bound) */
  maxSpeed?: Float32Array | null;
  layers?: MetricsLayers | null;
  summary?: RunSummaryLike | null;
  depthBandsM?: number[];
  damageCurves?: DamageCurves;
}

/** Evacuation clearance (s from the scenario start until every evacuee is safe), when the run had one that cleared. */
export function evacuationClearanceS(summary: RunSummaryLike | null | undefined): number | undefined {
  const t = summary?.evacuation?.t100S;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}

/** Volume that overflowed from the sewers onto the surface (m³), when the run had drainage. */
export function sewerOverflowM3(summary: RunSummaryLike | null | undefined): number | undefined {
  const v = (summary?.drainage as { overflowed_m3?: unknown } | null | undefined)?.overflowed_m3;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function scenarioMetrics(input: ScenarioMetricsInput): FloodMetrics {
  const layers = input.layers ?? { buildings: [], roads: [], facilities: [] };
  return floodMetrics({
    grid: input.grid,
    maxDepth: input.maxDepth,
    maxSpeed: input.maxSpeed ?? undefined,
    buildings: layers.buildings,
    roads: layers.roads,
    facilities: layers.facilities,
    depthBandsM: input.depthBandsM,
    damageCurves: input.damageCurves,
    evacuationClearanceS: evacuationClearanceS(input.summary),
    sewerOverflowM3: sewerOverflowM3(input.summary),
  });
}

/** One row of `metrics.json`: the metric key, its label and unit, A, B and B − A (null where a run lacks it). */
export interface MetricsTableRow {
  metric: string;
  label: string;
  unit: string;
  a: number | null;
  b: number | null;
  change: number | null;
}

export function metricsTable(a: FloodMetrics, b: FloodMetrics): MetricsTableRow[] {
  return compareMetrics(a, b).map((r: MetricRow) => ({
    metric: r.key,
    label: r.label,
    unit: r.unit,
    a: r.a,
    b: r.b,
    change: r.change,
  }));
}
