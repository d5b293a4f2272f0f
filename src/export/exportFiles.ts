/**
 * Every export of a finished run as named file contents, for every host: `floodtwin export` writes
 * them to a folder, the page (src/ui/exportPanel.ts) offers them as downloads. One function, so the
 * bytes are the same wherever the run came from (the page's run is bit-identical to the CLI's):
 *   max_depth.tif / .asc, arrival_time.tif / .asc   GeoTIFF (deflate + float predictor, the DEM's
 *                     CRS; src/export/deflate.ts) and ESRI ASCII grid
 *   flooded_buildings.geojson, cut_roads.geojson   lon/lat (EPSG:4326), layer properties + result
 *   series.csv        the output points' depth series (t_s, one column per point; `readSeriesCsv`)
 *   metrics.json      { scenario, metrics } (`scenarioMetrics`)
 *   report.html       one printable page: map snapshot (max depth over the hillshade) + metrics
 *   scenario.json     the scenario file at the current version (`saveScenario`)
 * No node: imports (runs in the browser).
 */
import type { Grid, GridCrs } from '../core/grid.ts';
import { saveScenario } from '../scenario/scenarioFile.ts';
import { metricsLayers, scenarioMetrics, type MetricsLayers, type RunSummaryLike } from '../sim/scenarioMetrics.ts';
import type { TwinLayers } from '../sim/twinLayers.ts';
import type { FloodMetrics } from '../../workers/analysis/floodMetrics.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { cutRoadsGeoJson, floodedBuildingsGeoJson } from './geojson.ts';
import { arrivalTimeGrid, exportGrid, maxDepthGrid } from './grids.ts';
import { mapSnapshot, type MapSnapshotOptions } from './mapSnapshot.ts';
import { encodePng, pngDataUrl } from './png.ts';
import { reportHtml } from './reportHtml.ts';
import { seriesCsv, type NamedSeries } from './seriesCsv.ts';

export interface ExportFile {
  name: string;
  content: string | Uint8Array;
  /** MIME type for a download */
  type: string;
}

/** A finished run as the exports need it (the CLI reads it from a run folder, the page keeps it in memory). */
export interface RunForExport {
  scenarioName: string;
  /** geometry and CRS of the result grids (the DEM's; values are not read) */
  grid: Grid;
  /** the DEM the map's hillshade is drawn from */
  dem: Grid;
  /** maximum depth per cell (m), NaN off the DEM and on walls */
  maxDepth: Float32Array;
  /** seconds until the depth first reached arrivalDepthM, NaN if never */
  arrivalTime: Float32Array;
  /** maximum speed (m/s); without it the hazard uses v = 0 (a lower bound, said in the report) */
  maxSpeed?: Float32Array | null;
  layers: MetricsLayers;
  /** FloodResult.summary plus the run's extras (or summary.json) */
  summary?: (RunSummaryLike & { simulatedS?: number }) | null;
  /** the output points' depth series (points.csv of `run`) */
  points?: NamedSeries[] | null;
  /** the twin's name, for the report's notes */
  twinName?: string;
}

export const EXPORT_FILES = [
  'max_depth.tif',
  'max_depth.asc',
  'arrival_time.tif',
  'arrival_time.asc',
  'flooded_buildings.geojson',
  'cut_roads.geojson',
  'series.csv',
  'metrics.json',
  'report.html',
  'scenario.json',
] as const;
export type ExportName = (typeof EXPORT_FILES)[number];

const TYPES: Record<string, string> = {
  tif: 'image/tiff',
  asc: 'text/plain',
  geojson: 'application/geo+json',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
};
function file(name: string, content: string | Uint8Array): ExportFile {
  return { name, content, type: TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream' };
}

export function runMetrics(run: RunForExport): FloodMetrics {
  return scenarioMetrics({
    grid: run.grid,
    maxDepth: run.maxDepth,
    maxSpeed: run.maxSpeed,
    layers: run.layers,
    summary: run.summary,
  });
}

/** The report's map: PNG data URL of `mapSnapshot` and its ground size (for the scale bar). */
export function snapshotForReport(
  dem: Grid,
  maxDepth: Float32Array,
  options: MapSnapshotOptions = {},
): { url: string; map: { widthM: number; heightM: number; dryM?: number } } {
  const s = mapSnapshot(dem, maxDepth, options);
  return {
    url: pngDataUrl(encodePng(s.width, s.height, s.rgba)),
    map: { widthM: s.width * s.metresPerPx, heightM: s.height * s.metresPerPx, dryM: options.dryM },
  };
}

/** The report's notes for a run: time simulated, the speed caveat, the twin. */
export function runNotes(run: RunForExport, label?: string): string[] {
  const p = label ? `${label}: ` : '';
  const notes = [`${p}${run.summary?.simulatedS ?? '?'} s simulated.`];
  if (!run.maxSpeed) notes.push(`${p}no maximum speed: hazard classes use a speed of 0 (a lower bound).`);
  if (run.twinName) notes.push(`Twin: ${run.twinName}.`);
  return notes;
}

export interface ReportInput {
  /** e.g. "2026-11-23 14:05 UTC"; the caller's clock (the only thing that differs between hosts) */
  generatedAt: string;
  title?: string;
}

/** report.html of run A, or of A against B (A vs B columns; the map shows B's maximum depth). */
export function runReport(
  a: RunForExport,
  metricsA: FloodMetrics,
  input: ReportInput,
  b?: { run: RunForExport; metrics: FloodMetrics },
): string {
  const shown = b ? b.run : a;
  // water from the first depth band up (what the metrics count as flooded), the hillshade below it
  const snap = snapshotForReport(shown.dem, shown.maxDepth, { dryM: (b ? b.metrics : metricsA).depthBandsM[0] });
  const notes = b ? [...runNotes(a, 'A'), ...runNotes(b.run, 'B').filter((n) => !n.startsWith('Twin:'))] : runNotes(a);
  if (b) notes.unshift(`Map: maximum depth of B (${b.run.scenarioName}).`);
  return reportHtml(
    metricsA,
    snap.url,
    {
      title: input.title ?? (b ? 'Flood scenario comparison' : 'Flood scenario report'),
      scenarioA: a.scenarioName,
      scenarioB: b?.run.scenarioName,
      generatedAt: input.generatedAt,
      notes,
      map: snap.map,
    },
    b?.metrics,
  );
}

/**
 * All exports of one run, in EXPORT_FILES order. `scenario` is the scenario file's JSON (as edited;
 * its file paths as the host wants them written); null leaves scenario.json out. series.csv is left
 * out when the run has no output points.
 */
export function runExportFiles(
  run: RunForExport,
  scenario: Record<string, unknown> | null,
  input: ReportInput,
): ExportFile[] {
  return runExports(run, scenario, input).files;
}

/** `runExportFiles` and the metrics they were made from. */
export function runExports(
  run: RunForExport,
  scenario: Record<string, unknown> | null,
  input: ReportInput,
): { files: ExportFile[]; metrics: FloodMetrics } {
  const metrics = runMetrics(run);
  const files: ExportFile[] = [];
  for (const name of EXPORT_FILES) {
    const f = exportFile(run, name, scenario, input, metrics);
    if (f) files.push(f);
  }
  return { files, metrics };
}

/**
 * One export of `run` (null when the run has none of it: series.csv without output points,
 * scenario.json without a scenario). `metrics` saves recomputing them for several files.
 */
export function exportFile(
  run: RunForExport,
  name: ExportName,
  scenario: Record<string, unknown> | null,
  input: ReportInput,
  metrics?: FloodMetrics,
): ExportFile | null {
  const m = (): FloodMetrics => (metrics ??= runMetrics(run));
  const geo = (fc: unknown): string => JSON.stringify(fc) + '\n';
  // a scenario without a twin has no layers (and an ASCII DEM maybe no CRS): empty collections then
  const empty = { type: 'FeatureCollection', features: [] };
  switch (name) {
    case 'max_depth.tif':
    case 'max_depth.asc':
    case 'arrival_time.tif':
    case 'arrival_time.asc':
      return file(
        name,
        exportGrid(exportedGrid(run, name)!, name.endsWith('.tif') ? 'tif' : 'asc', { compress: true }),
      );
    case 'flooded_buildings.geojson':
      return file(
        name,
        geo(
          m().floodedBuildings.length
            ? floodedBuildingsGeoJson(m().floodedBuildings, run.layers.buildings, run.grid.crs)
            : empty,
        ),
      );
    case 'cut_roads.geojson':
      return file(
        name,
        geo(m().cutRoads.length ? cutRoadsGeoJson(m().cutRoads, run.layers.roads, run.grid.crs) : empty),
      );
    case 'series.csv':
      return run.points && run.points.length > 0 ? file(name, seriesCsv(run.points)) : null;
    case 'metrics.json':
      return file(name, JSON.stringify({ scenario: run.scenarioName, metrics: m() }, null, 2) + '\n');
    case 'report.html':
      return file(name, runReport(run, m(), input));
    case 'scenario.json':
      return scenario ? file(name, saveScenario(scenario)) : null;
  }
}

/**
 * The grid a grid export holds (max_depth.*, arrival_time.*), null for the other files; a host that
 * streams large grids to disk (the CLI) writes it with the same writers as `exportGrid`.
 */
export function exportedGrid(run: RunForExport, name: ExportName): Grid | null {
  if (name.startsWith('max_depth.')) return maxDepthGrid(run.grid, run.maxDepth);
  if (name.startsWith('arrival_time.')) return arrivalTimeGrid(run.grid, run.arrivalTime);
  return null;
}

/** A value as points.csv of `run` holds it (9 significant digits: exact for float32 depths). */
function asWritten(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(9));
}

/**
 * The output points of a FloodResult (pointTimes; pointDepths row-major, one column a point) as
 * named series, at the precision `run` writes points.csv with, so the page's series.csv equals the
 * one `floodtwin export` makes from that file.
 */
export function pointSeriesOf(
  ids: readonly string[],
  times: ArrayLike<number>,
  depths: ArrayLike<number>,
): NamedSeries[] {
  const out: NamedSeries[] = ids.map((name) => ({ name, series: [] as [number, number][] }));
  const n = ids.length;
  for (let i = 0; i < times.length; i++) {
    const t = asWritten(times[i]);
    for (let p = 0; p < n; p++) (out[p].series as [number, number][]).push([t, asWritten(depths[i * n + p])]);
  }
  return out;
}

/** A result array on the setup's cells with walls (NaN bed) as NaN: what `run` writes. */
function maskWalls(setup: FloodSetup, values: Float32Array): Float32Array {
  const v = values.slice();
  for (let k = 0; k < v.length; k++) if (Number.isNaN(setup.z[k])) v[k] = NaN;
  return v;
}

/**
 * A run held in memory (the page's run, or one side of its comparison) as the exports need it,
 * exactly as `floodtwin export` gets it from the run's folder: walls masked, the DEM's CRS (or the
 * twin's), the output points at points.csv precision.
 */
export function runForExport(input: {
  scenarioName: string;
  setup: FloodSetup;
  /** the scenario's DEM (prepared grids.dem) */
  dem: Grid;
  layers: TwinLayers | null;
  result: Pick<FloodResult, 'maxDepth' | 'maxSpeed' | 'arrivalTime' | 'pointTimes' | 'pointDepths'>;
  summary?: (RunSummaryLike & { simulatedS?: number }) | null;
}): RunForExport {
  const { setup, result, layers } = input;
  const crs: GridCrs | undefined = input.dem.crs ?? (layers ? { epsg: layers.epsg } : undefined);
  const grid: Grid = {
    ncols: setup.ncols,
    nrows: setup.nrows,
    cellSize: setup.cellSize,
    xll: setup.xll,
    yll: setup.yll,
    values: new Float32Array(0),
    nodata: -9999,
    ...(crs ? { crs } : {}),
  };
  return {
    scenarioName: input.scenarioName,
    grid,
    dem: input.dem,
    maxDepth: maskWalls(setup, result.maxDepth),
    arrivalTime: maskWalls(setup, result.arrivalTime),
    maxSpeed: maskWalls(setup, result.maxSpeed),
    layers: metricsLayers(layers),
    summary: input.summary ?? null,
    points: setup.outputs.pointIds.length
      ? pointSeriesOf(setup.outputs.pointIds, result.pointTimes, result.pointDepths)
      : null,
    twinName: layers?.name,
  };
}
