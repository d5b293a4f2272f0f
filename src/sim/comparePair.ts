/**
 * The page's "compare A against B", host-agnostic (no DOM), so it runs in the compare worker
 * (workers/analysis/compare.worker.ts) and in vitest: B is A's scenario text plus a drawn flood wall;
 * both are prepared exactly as `floodtwin compare` prepares them (src/cli/scenarioRun.ts `loadRun`:
 * `prepareRun`, the twin's layers from `loadTwinLayers`, the gauge output points, the duration
 * override), and their results are summed up with the CLI's own functions (`scenarioMetrics`,
 * `metricsTable`, `differenceMap`, walls masked as the CLI writes them), so the rows equal the CLI's
 * `metrics.json` for the same two files, bit for bit.
 */
import type { Grid, GridCrs } from '../core/grid.ts';
import { prepareRun, type PreparedRun, type ReadFile } from './prepareRun.ts';
import { loadTwinLayers, type TwinLayers } from './twinLayers.ts';
import { addGaugePoints } from './evacuationRun.ts';
import {
  metricsLayers,
  metricsTable,
  scenarioMetrics,
  type MetricsLayers,
  type MetricsTableRow,
  type RunSummaryLike,
} from './scenarioMetrics.ts';
import { differenceMap } from '../../workers/analysis/compare.ts';
import type { FloodMetrics } from '../../workers/analysis/floodMetrics.ts';

export type MapPoint = [number, number];

/** A flood wall along `line` (map coordinates) with its crest elevation: what the draw tool makes. */
export function floodWall(
  line: readonly MapPoint[],
  crestM: number,
  id = 'drawn-wall',
): { kind: 'floodWall'; id: string; line: MapPoint[]; crestM: number } {
  if (line.length < 2) throw new Error(`a flood wall needs at least 2 points, got ${line.length}`);
  if (!Number.isFinite(crestM)) throw new Error(`the crest height must be a number of metres, got "${crestM}"`);
  for (const [x, y] of line)
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`flood wall point (${x}, ${y}) is not a number`);
  return { kind: 'floodWall', id, line: line.map(([x, y]) => [x, y] as MapPoint), crestM };
}

/** A's scenario text with the drawn wall appended to its interventions (what B is). */
export function scenarioWithWall(text: string, line: readonly MapPoint[], crestM: number): string {
  const j = JSON.parse(text) as Record<string, unknown>;
  const list = Array.isArray(j.interventions) ? (j.interventions as unknown[]) : [];
  j.interventions = [...list, floodWall(line, crestM)];
  if (typeof j.name === 'string') j.name = `${j.name} + drawn flood wall`;
  return JSON.stringify(j);
}

export interface PreparedSide {
  prepared: PreparedRun;
  layers: TwinLayers | null;
}

/** As the CLI's `loadRun`: prepare, the twin's layers and gauge points, then the duration override. */
export async function prepareSide(
  text: string,
  file: string,
  read: ReadFile,
  durationS: number | undefined,
): Promise<PreparedSide> {
  const prepared = await prepareRun(text, file, read);
  const { setup } = prepared;
  const s = prepared.loaded.scenario;
  let layers: TwinLayers | null = null;
  if (s.twin) {
    layers = await loadTwinLayers(s.twin, read, file);
    addGaugePoints(setup, layers);
  }
  if (durationS !== undefined) {
    setup.durationS = durationS;
    setup.outputs.gridTimesS = setup.outputs.gridTimesS.filter((t) => t <= durationS);
  }
  return { prepared, layers };
}

/** What metrics need of one side once its setup has gone to the flood worker. */
export interface SideGeometry {
  /** the DEM geometry with the twin's CRS (values empty) */
  grid: Grid;
  /** 1 where the bed is a wall (NaN): masked in the results as the CLI writes them */
  wall: Uint8Array;
  layers: MetricsLayers;
}

export function sideGeometry(side: PreparedSide): SideGeometry {
  const s = side.prepared.setup;
  const crs: GridCrs | undefined =
    side.prepared.grids.dem.crs ?? (side.layers ? { epsg: side.layers.epsg } : undefined);
  const wall = new Uint8Array(s.z.length);
  for (let k = 0; k < wall.length; k++) if (Number.isNaN(s.z[k])) wall[k] = 1;
  return {
    grid: {
      ncols: s.ncols,
      nrows: s.nrows,
      cellSize: s.cellSize,
      xll: s.xll,
      yll: s.yll,
      values: new Float32Array(0),
      nodata: -9999,
      ...(crs ? { crs } : {}),
    },
    wall,
    layers: metricsLayers(side.layers),
  };
}

/** One finished run as the metrics read it. */
export interface SideOutputs {
  maxDepth: Float32Array;
  maxSpeed: Float32Array;
  summary?: RunSummaryLike | null;
}

export interface PairResult {
  rows: MetricsTableRow[];
  a: FloodMetrics;
  b: FloodMetrics;
  /** B − A maximum depth (NaN where both stayed dry) */
  diff: Grid;
  /** A's and B's maximum depth (m, walls NaN) on the DEM's geometry */
  depthA: Grid;
  depthB: Grid;
}

function masked(wall: Uint8Array, values: Float32Array): Float32Array {
  const v = values.slice();
  for (let k = 0; k < v.length; k++) if (wall[k] === 1) v[k] = NaN;
  return v;
}

/** The metrics table, the difference map and both depth grids of a finished pair. */
export function finishPair(ga: SideGeometry, gb: SideGeometry, ra: SideOutputs, rb: SideOutputs): PairResult {
  const depthA = masked(ga.wall, ra.maxDepth);
  const depthB = masked(gb.wall, rb.maxDepth);
  const gridA: Grid = { ...ga.grid, values: depthA };
  const gridB: Grid = { ...gb.grid, values: depthB };
  const a = scenarioMetrics({
    grid: gridA,
    maxDepth: depthA,
    maxSpeed: masked(ga.wall, ra.maxSpeed),
    layers: ga.layers,
    summary: ra.summary,
  });
  const b = scenarioMetrics({
    grid: gridB,
    maxDepth: depthB,
    maxSpeed: masked(gb.wall, rb.maxSpeed),
    layers: gb.layers,
    summary: rb.summary,
  });
  return { rows: metricsTable(a, b), a, b, diff: differenceMap(gridA, gridB), depthA: gridA, depthB: gridB };
}

/** The ArrayBuffers behind a value's typed arrays (each once; shared memory is never transferred). */
export function transferables(...values: unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x);
  };
  values.forEach(visit);
  return [...out];
}
