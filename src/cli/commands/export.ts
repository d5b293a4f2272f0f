/**
 * `floodtwin export <runDir> --scenario <scenario.json> --out <dir>`
 * Turns the outputs of `floodtwin run` (or one side of `compare`) into files for other tools:
 *   max_depth.tif / .asc, arrival_time.tif / .asc   GeoTIFF (deflate, the DEM's CRS) and ESRI ASCII grid
 *   flooded_buildings.geojson, cut_roads.geojson   lon/lat (EPSG:4326), layer properties + result
 *   series.csv        the output points' depth series (t_s, one column per point; `readSeriesCsv`)
 *   metrics.json      { scenario, metrics } (`scenarioMetrics`)
 *   report.html       one printable A4 landscape page: map snapshot (maximum depth over the DEM's
 *                     hillshade, a PNG made in Node) with scale bar, north arrow, legend + metrics
 *   scenario.json     the scenario file (`saveScenario`), its file paths rewritten relative to <dir>
 * The files come from `runExportFiles` (src/export/exportFiles.ts), as the page's export buttons.
 * The run directory must hold max_depth.asc and arrival_time.asc on the scenario's DEM geometry;
 * max_speed.asc (written by `compare`) gives the hazard its speeds, else v = 0 is used (a lower
 * bound, said in the report); summary.json gives the evacuation and sewer figures.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import type { Grid } from '../../core/grid.ts';
import { readAsciiGrid } from '../../io/asciiGrid.ts';
import { EXPORT_FILES, exportedGrid, exportFile, runMetrics, type RunForExport } from '../../export/exportFiles.ts';
import { DEFLATE_CODEC } from '../../export/grids.ts';
import { writeAsciiGridFile, writeGeoTiffFile } from '../writeGridFile.ts';
import type { NamedSeries } from '../../export/seriesCsv.ts';
import { parseJsonText } from '../../scenario/scenarioFile.ts';
import { metricsLayers, type RunSummaryLike } from '../../sim/scenarioMetrics.ts';
import { loadRun, resultGrid, type LoadedRun } from '../scenarioRun.ts';
import { checkRunFolder } from '../runFolder.ts';

export const summary =
  'export a run as GeoTIFF, ASCII grid, GeoJSON, CSV and a report: export <runDir> --scenario <scenario.json> --out <dir> [--allow-outside]';

function usage(msg: string): never {
  throw new InputError(`${msg} (usage: floodtwin ${summary})`);
}

async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new InputError(`cannot read the run output: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: shown,
    });
  }
}

async function readOptional(path: string): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function readOptionalText(path: string): Promise<string | null> {
  const b = await readOptional(path);
  return b === null ? null : new TextDecoder().decode(b);
}

function checkGeometry(g: Grid, run: LoadedRun, shown: string): void {
  const s = run.prepared.setup;
  const near = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  if (
    g.ncols !== s.ncols ||
    g.nrows !== s.nrows ||
    !near(g.cellSize, s.cellSize) ||
    !near(g.xll, s.xll) ||
    !near(g.yll, s.yll)
  ) {
    throw new InputError(
      `the run is not on the scenario's DEM: ${g.ncols}×${g.nrows} cells of ${g.cellSize} m from (${g.xll}, ${g.yll}), the DEM ${s.ncols}×${s.nrows} of ${s.cellSize} m from (${s.xll}, ${s.yll})`,
      { file: shown },
    );
  }
}

/** points.csv of `run` (time_s, one column per point) as named series. */
export function pointSeries(text: string, file: string): NamedSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError('empty file', { file });
  const head = lines[0].split(',');
  if (head[0] !== 'time_s')
    throw new InputError(`the first column must be "time_s", got "${head[0]}"`, { file, line: 1 });
  const out: NamedSeries[] = head.slice(1).map((name) => ({ name, series: [] as [number, number][] }));
  for (let i = 1; i < lines.length; i++) {
    const toks = lines[i].split(',');
    if (toks.length !== head.length)
      throw new InputError(`row has ${toks.length} fields, the header ${head.length}`, { file, line: i + 1 });
    const nums = toks.map(Number);
    const bad = nums.findIndex((v, k) => !Number.isFinite(v) || toks[k].trim() === '');
    if (bad >= 0) throw new InputError(`"${toks[bad]}" is not a number`, { file, line: i + 1, field: head[bad] });
    for (let p = 0; p < out.length; p++) (out[p].series as [number, number][]).push([nums[0], nums[p + 1]]);
  }
  return out;
}

/** The scenario's file references (relative to its own folder) rewritten relative to `toDir`. */
export function rebaseScenarioPaths(
  raw: Record<string, unknown>,
  fromDir: string,
  toDir: string,
): Record<string, unknown> {
  const s = structuredClone(raw) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const move = (p: unknown): unknown => {
    if (typeof p !== 'string' || p === '' || isAbsolute(p) || /^[a-z][a-z0-9+.-]*:/i.test(p)) return p;
    const r = relative(toDir, resolve(fromDir, p)).split(sep).join('/');
    return r === '' ? '.' : r;
  };
  for (const k of ['twin', 'dem', 'manning', 'initialWaterLevel']) if (k in s) s[k] = move(s[k]);
  if (s.infiltration && typeof s.infiltration === 'object') {
    for (const k of ['rateMmPerHour', 'capacityMm'])
      if (k in s.infiltration) s.infiltration[k] = move(s.infiltration[k]);
  }
  if (s.drainage && typeof s.drainage === 'object' && 'network' in s.drainage)
    s.drainage.network = move(s.drainage.network);
  const ev = s.events;
  if (ev && typeof ev === 'object') {
    if (ev.rainGauge && typeof ev.rainGauge === 'object') ev.rainGauge.file = move(ev.rainGauge.file);
    if (Array.isArray(ev.riverHydrographs))
      for (const r of ev.riverHydrographs)
        if (r && typeof r === 'object' && 'gaugeFile' in r) r.gaugeFile = move(r.gaugeFile);
  }
  return s;
}

export { EXPORT_FILES };

/** "2026-11-23 06:05 UTC" of `ms` (the report's time stamp). */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** the command line parsed, or a usage error */
function parseRunArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        scenario: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean' },
        'allow-outside': { type: 'boolean' },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseRunArgs(args);
  if (positionals.length !== 1) usage('give exactly one run directory');
  if (!values.scenario) usage('--scenario <scenario.json> is required');
  if (!values.out) usage('--out <dir> is required');
  const runDir = resolve(positionals[0]);
  const shown = (f: string): string => `${positionals[0].replace(/\/+$/, '')}/${f}`;

  const loaded = await loadRun(values.scenario, undefined, { allowOutside: values['allow-outside'] });
  const scenario = loaded.prepared.loaded.scenario;
  // a run that did not finish, or was made from another scenario, is refused before anything is read
  if (!existsSync(runDir))
    throw new InputError('no such run folder: give the --out folder of a finished run', { file: positionals[0] });
  const summaryText = await readOptionalText(resolve(runDir, 'summary.json'));
  const runSummary =
    summaryText === null ? null : (parseJsonText(summaryText, shown('summary.json')) as RunSummaryLike);
  checkRunFolder(runSummary as Record<string, unknown> | null, loaded.hash, positionals[0], values.scenario);
  // grids as bytes, read line by line: a city's max_depth.asc (~540 MB) is past V8's longest string
  const maxDepthIn = readAsciiGrid(
    await readBytes(resolve(runDir, 'max_depth.asc'), shown('max_depth.asc')),
    shown('max_depth.asc'),
  );
  checkGeometry(maxDepthIn, loaded, shown('max_depth.asc'));
  const arrivalIn = readAsciiGrid(
    await readBytes(resolve(runDir, 'arrival_time.asc'), shown('arrival_time.asc')),
    shown('arrival_time.asc'),
  );
  checkGeometry(arrivalIn, loaded, shown('arrival_time.asc'));
  const speedText = await readOptional(resolve(runDir, 'max_speed.asc'));
  const speedIn = speedText === null ? null : readAsciiGrid(speedText, shown('max_speed.asc'));
  if (speedIn) checkGeometry(speedIn, loaded, shown('max_speed.asc'));
  const pointsText = await readOptionalText(resolve(runDir, 'points.csv'));

  const like = resultGrid(loaded, maxDepthIn.values);
  const scenarioPath = resolve(values.scenario);
  const raw = parseJsonText(await readFile(scenarioPath, 'utf8'), values.scenario) as Record<string, unknown>;
  const out = resolve(values.out);
  const run: RunForExport = {
    scenarioName: scenario.name,
    grid: like,
    dem: loaded.prepared.grids.dem,
    maxDepth: maxDepthIn.values,
    arrivalTime: arrivalIn.values,
    maxSpeed: speedIn?.values ?? null,
    layers: metricsLayers(loaded.layers),
    summary: runSummary,
    points: pointsText === null ? null : pointSeries(pointsText, shown('points.csv')),
    twinName: loaded.layers?.name,
  };
  const metrics = runMetrics(run);
  const scenarioOut = rebaseScenarioPaths(raw, dirname(scenarioPath), out);
  const input = { generatedAt: utcStamp(Date.now()) };
  await mkdir(out, { recursive: true });
  let written = 0;
  for (const name of EXPORT_FILES) {
    // the grids go to disk strip by strip (the same bytes as the page's exports), the rest whole
    const grid = exportedGrid(run, name);
    const path = resolve(out, name);
    if (grid && name.endsWith('.tif')) await writeGeoTiffFile(path, grid, { compress: DEFLATE_CODEC });
    else if (grid) await writeAsciiGridFile(path, grid);
    else {
      const f = exportFile(run, name, scenarioOut, input, metrics);
      if (!f) continue;
      await writeFile(path, f.content);
    }
    written++;
  }
  if (!values.quiet) {
    process.stderr.write(
      `exported ${written} files to ${values.out}: ${metrics.buildingsFlooded} buildings flooded, ${metrics.peopleExposed} people exposed, ${metrics.roadKmCut.toFixed(2)} km of road cut\n`,
    );
  }
  return 0;
}
