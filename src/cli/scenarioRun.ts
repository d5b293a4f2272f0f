/**
 * Running a scenario file headless, shared by `run`, `compare` and `export`: read and compile the
 * scenario with its twin, run the flood (with sewers and evacuation when it has them) and write the
 * outputs into a folder.
 */
import { writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { Grid, GridCrs } from '../core/grid.ts';
import { writeAsciiGridFile } from './writeGridFile.ts';
import { dataRoot, MAX_SCENARIO_BYTES, readInputFile } from './inputFiles.ts';
import { openRunFolder, scenarioHash } from './runFolder.ts';
import { addGaugePoints, evacuationFrameInterval, gaugeRecords, runScenarioEvacuation } from '../sim/evacuationRun.ts';
import { runFloodEngine, type EngineChoice } from '../sim/floodEngine.ts';
import { checkRunBounds } from '../sim/runBounds.ts';
import { prepareRun, type PreparedRun, type ReadFile } from '../sim/prepareRun.ts';
import { loadTwinLayers, type TwinLayers } from '../sim/twinLayers.ts';
import { combinedBalance, linksCsv, nodesCsv, type DrainageSample } from '../../workers/drainage/coupler.ts';
import { evacuationCsv, evacuationSummary } from '../../workers/evacuation/index.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

/** A scenario read, compiled and ready to run, with the twin's layers when it names a twin. */
export interface LoadedRun {
  /** the path as the user gave it (for messages) */
  file: string;
  prepared: PreparedRun;
  layers: TwinLayers | null;
  /** reads a file relative to the scenario */
  read: ReadFile;
  /** the scenario file's content hash (summary.json's scenarioHash; src/cli/runFolder.ts) */
  hash: string;
}

/**
 * Reads a scenario from disk as `run` does; `durationS` overrides its duration (and drops later grid
 * times). The files it names are read under its data root (src/cli/inputFiles.ts) unless `allowOutside`.
 */
export async function loadRun(
  file: string,
  durationS?: number,
  opts: { allowOutside?: boolean } = {},
): Promise<LoadedRun> {
  const path = resolve(file);
  const baseDir = dirname(path);
  const text = new TextDecoder().decode(await readInputFile(path, file, undefined, MAX_SCENARIO_BYTES, 'the scenario'));
  const where = { root: dataRoot(path), allowOutside: opts.allowOutside ?? false };
  const read: ReadFile = (rel) => readInputFile(resolve(baseDir, rel), rel, where);
  const prepared = await prepareRun(text, file, read);
  const { setup } = prepared;
  const scenario = prepared.loaded.scenario;
  let layers: TwinLayers | null = null;
  if (scenario.twin) {
    layers = await loadTwinLayers(scenario.twin, read, file);
    addGaugePoints(setup, layers);
  } else if (scenario.evacuation !== undefined) {
    throw new InputError(
      'an evacuation needs the twin\'s roads, buildings and shelters: add "twin": "<path to twin.json>"',
      { file, path: 'twin' },
    );
  }
  if (durationS !== undefined) {
    setup.durationS = durationS;
    setup.outputs.gridTimesS = setup.outputs.gridTimesS.filter((t) => t <= durationS);
  }
  if (scenario.evacuation !== undefined)
    setup.outputs.frameIntervalS = evacuationFrameInterval(scenario.evacuation, setup.durationS, file);
  // again with the duration as run, the frames kept for an evacuation, and this machine's memory
  const framesKept =
    scenario.evacuation !== undefined ? Math.ceil(setup.durationS / setup.outputs.frameIntervalS) + 1 : 0;
  checkRunBounds(setup, file, { hostBytesAvailable: totalmem(), framesKept });
  return { file, prepared, layers, read, hash: scenarioHash(text) };
}

/** The DEM's geometry as a grid with the twin's CRS (for GeoTIFF and GeoJSON output). */
export function resultGrid(run: LoadedRun, values: Float32Array): Grid {
  const s = run.prepared.setup;
  const crs: GridCrs | undefined = run.prepared.grids.dem.crs ?? (run.layers ? { epsg: run.layers.epsg } : undefined);
  return {
    ncols: s.ncols,
    nrows: s.nrows,
    cellSize: s.cellSize,
    xll: s.xll,
    yll: s.yll,
    values,
    nodata: -9999,
    ...(crs ? { crs } : {}),
  };
}

export interface FinishedRun {
  result: FloodResult;
  /** max depth and max speed as written (walls NaN) */
  maxDepth: Float32Array;
  maxSpeed: Float32Array;
  /** what summary.json holds */
  summary: Record<string, unknown>;
}

/**
 * Runs one scenario and writes into `out`: depth_<t>.asc, max_depth.asc, max_speed.asc,
 * arrival_time.asc, points.csv, summary.json, and nodes.csv / links.csv (sewers) and
 * evacuation.csv (evacuation) when the scenario has them. The files go into a temporary folder
 * beside `out` that replaces `out` when all are written (src/cli/runFolder.ts).
 */
export async function runAndWrite(
  run: LoadedRun,
  workers: number,
  out: string,
  log: (s: string) => void,
  engine: EngineChoice = 'cpu',
): Promise<FinishedRun> {
  const folder = await openRunFolder(out);
  try {
    const done = await runInto(run, workers, folder.temp, log, engine);
    await folder.commit();
    return done;
  } catch (e) {
    await folder.abandon();
    throw e;
  }
}

async function runInto(
  run: LoadedRun,
  workers: number,
  out: string,
  log: (s: string) => void,
  engine: EngineChoice,
): Promise<FinishedRun> {
  const { setup } = run.prepared;
  const scenario = run.prepared.loaded.scenario;
  // depth frames for the evacuation (kept in memory: at most ~120 of them)
  const frames = { times: [] as number[], depths: [] as Float32Array[], speeds: [] as Float32Array[] };
  const drainageSamples: DrainageSample[] = [];
  const pending: Promise<void>[] = [];
  let lastLog = 0;
  const { result, used } = await runFloodEngine(
    setup,
    workers,
    {
      onProgress: (p) => {
        if (p.wallS - lastLog >= 5) {
          lastLog = p.wallS;
          const left = p.t > 0 ? (p.wallS * (p.durationS - p.t)) / p.t : NaN;
          log(
            `  t = ${p.t.toFixed(0)} s (${((100 * p.t) / p.durationS).toFixed(1)} %), ${p.steps} steps, ~${left.toFixed(0)} s left`,
          );
        }
      },
      onDrainage: (_t, sample) => void drainageSamples.push(sample),
      onFrame: (t, depth, speed) => {
        if (scenario.evacuation === undefined) return;
        frames.times.push(t);
        frames.depths.push(depth);
        frames.speeds.push(speed);
      },
      onGrid: (t, depth) => {
        pending.push(writeAsciiGridFile(resolve(out, `depth_${Math.round(t)}.asc`), gridOf(setup, depth, true)));
      },
    },
    engine,
    log,
  );
  await Promise.all(pending);
  const extra: Record<string, unknown> = { engine: used.engine, adapter: used.adapter };
  if (result.summary.drainage) {
    await writeFile(resolve(out, 'nodes.csv'), nodesCsv(drainageSamples));
    await writeFile(resolve(out, 'links.csv'), linksCsv(drainageSamples));
    extra.combinedMassBalance = combinedBalance(result.summary.massBalance, result.summary.drainage);
    const d = result.summary.drainage as {
      overflowNodes?: { id: string; x: number | null; y: number | null; overflow_m3: number }[];
    };
    const top = (d.overflowNodes ?? [])
      .slice(0, 5)
      .map((n) => `${n.id} (${n.x?.toFixed(0)}, ${n.y?.toFixed(0)}) ${n.overflow_m3.toFixed(0)} m³`);
    log(
      `sewers: ${d.overflowNodes?.length ?? 0} manholes overflowed${top.length ? `, most at ${top.join(', ')}` : ''}`,
    );
  }
  if (scenario.evacuation !== undefined && run.layers) {
    const t0 = performance.now();
    const records = await gaugeRecords(run.layers, scenario.startTime, run.read);
    const evac = runScenarioEvacuation(
      scenario.evacuation,
      run.file,
      setup,
      run.layers,
      { result, ...frames },
      records,
    );
    await writeFile(resolve(out, 'evacuation.csv'), evacuationCsv(evac));
    extra.evacuation = { ...evacuationSummary(evac), wallS: (performance.now() - t0) / 1000 };
    const ev = extra.evacuation as { t50S?: number | null; t90S?: number | null; t100S?: number | null };
    log(`evacuation: T50 ${ev.t50S ?? '–'} s, T90 ${ev.t90S ?? '–'} s, T100 ${ev.t100S ?? '–'} s`);
  }
  extra.scenarioHash = run.hash;
  extra.complete = true;
  await writeResults(out, setup, result, scenario.name, extra);
  const maxDepth = gridOf(setup, result.maxDepth, true).values;
  const speedGrid = gridOf(setup, result.maxSpeed, true);
  await writeAsciiGridFile(resolve(out, 'max_speed.asc'), speedGrid);
  const mb = result.summary.massBalance;
  log(
    `done: ${result.summary.steps} steps in ${result.summary.solverWallS.toFixed(2)} s, ` +
      `${(result.summary.cellUpdatesPerS / 1e6).toFixed(1)} M cell-updates/s, max depth ${result.summary.maxDepthM.toFixed(3)} m, ` +
      `volume error ${mb.errorM3.toExponential(2)} m³ (${mb.relativeError.toExponential(2)})`,
  );
  return {
    result,
    maxDepth,
    maxSpeed: speedGrid.values,
    summary: { scenario: scenario.name, ...result.summary, ...extra },
  };
}

/** A result array as a grid on the DEM's geometry; walls (and, if asked, NaN) become nodata. */
export function gridOf(setup: FloodSetup, values: Float32Array, maskWalls: boolean): Grid {
  const v = maskWalls ? values.slice() : values;
  if (maskWalls) for (let k = 0; k < v.length; k++) if (Number.isNaN(setup.z[k])) v[k] = NaN;
  return {
    ncols: setup.ncols,
    nrows: setup.nrows,
    cellSize: setup.cellSize,
    xll: setup.xll,
    yll: setup.yll,
    values: v,
    nodata: -9999,
  };
}

/**
 * A number to 9 significant digits, trailing zeros dropped: 9 digits bring a float32 depth back to the
 * same float32 (max_depth.asc writes the same string), though not to the same float64.
 * @example num(100000000) // '100000000' (an integer keeps its zeros)
 */
function num(v: number): string {
  if (v === 0) return '0';
  const s = v.toPrecision(9);
  return s.includes('e') || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}

export async function writeResults(
  out: string,
  setup: FloodSetup,
  result: FloodResult,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const ids = setup.outputs.pointIds;
  const lines = [['time_s', ...ids].join(',')];
  for (let i = 0; i < result.pointTimes.length; i++) {
    const row = [num(result.pointTimes[i])];
    for (let p = 0; p < ids.length; p++) row.push(num(result.pointDepths[i * ids.length + p]));
    lines.push(row.join(','));
  }
  await Promise.all([
    writeAsciiGridFile(resolve(out, 'max_depth.asc'), gridOf(setup, result.maxDepth, true)),
    writeAsciiGridFile(resolve(out, 'arrival_time.asc'), gridOf(setup, result.arrivalTime, true)),
    writeFile(resolve(out, 'points.csv'), lines.join('\n') + '\n'),
    writeFile(
      resolve(out, 'summary.json'),
      JSON.stringify({ scenario: name, ...result.summary, ...extra }, null, 2) + '\n',
    ),
  ]);
}
