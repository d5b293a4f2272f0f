/**
 * `floodtwin run <scenario.json> --out <dir> [--workers N] [--duration-s S]`
 * Runs a scenario headless and writes, into <dir>:
 *   depth_<t>.asc for each grid time, max_depth.asc, arrival_time.asc (s until depth first reached
 *   arrivalDepthM, nodata if never), points.csv (time_s, one depth column per point) and
 *   summary.json (cells, steps, simulatedS, solverWallS, cellUpdatesPerS, workers, massBalance, ...).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import type { Grid } from '../../core/grid.ts';
import { writeAsciiGrid } from '../../io/asciiGrid.ts';
import { prepareRun } from '../../sim/prepareRun.ts';
import { addGaugePoints, evacuationFrameInterval, gaugeRecords, runScenarioEvacuation } from '../../sim/evacuationRun.ts';
import { loadTwinLayers, type TwinLayers } from '../../sim/twinLayers.ts';
import { evacuationCsv, evacuationSummary } from '../../../workers/evacuation/index.ts';
import { combinedBalance, linksCsv, nodesCsv, type DrainageSample } from '../../../workers/drainage/coupler.ts';
import { runFloodNode } from '../../sim/floodRunNode.ts';
import type { FloodResult } from '../../../workers/flood/result.ts';
import type { FloodSetup } from '../../../workers/flood/setup.ts';

export const summary = 'run a scenario headless: run <scenario.json> --out <dir> [--workers N] [--duration-s S]';

function usage(msg: string): never {
  throw new InputError(`${msg}\nusage: floodtwin ${summary}`);
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, workers: { type: 'string' }, 'duration-s': { type: 'string' }, quiet: { type: 'boolean' } },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) usage('give exactly one scenario file');
  if (!values.out) usage('--out <dir> is required');
  const workers = values.workers === undefined ? Math.min(2, availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) usage(`--workers must be a whole number from 1 to 64, got "${values.workers}"`);

  const scenarioPath = resolve(positionals[0]);
  const baseDir = dirname(scenarioPath);
  let text: string;
  try {
    text = await readFile(scenarioPath, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the scenario: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: positionals[0] });
  }
  const read = async (rel: string): Promise<Uint8Array> => new Uint8Array(await readFile(resolve(baseDir, rel)));
  const prepared = await prepareRun(text, positionals[0], read);
  const setup = prepared.setup;
  const scenario = prepared.loaded.scenario;
  // the twin's layers: gauge stations become output points; the evacuation needs the rest
  let layers: TwinLayers | null = null;
  if (scenario.twin) {
    layers = await loadTwinLayers(scenario.twin, read, positionals[0]);
    addGaugePoints(setup, layers);
  } else if (scenario.evacuation !== undefined) {
    throw new InputError('an evacuation needs the twin\'s roads, buildings and shelters: add "twin": "<path to twin.json>"', { file: positionals[0], path: 'twin' });
  }
  if (values['duration-s'] !== undefined) {
    const d = Number(values['duration-s']);
    if (!(d > 0)) usage(`--duration-s must be a positive number, got "${values['duration-s']}"`);
    setup.durationS = d;
    setup.outputs.gridTimesS = setup.outputs.gridTimesS.filter((t) => t <= d);
  }
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const log = (s: string): void => {
    if (!values.quiet) process.stderr.write(s + '\n');
  };
  for (const n of prepared.notes) log(n);
  log(`${prepared.loaded.scenario.name}: ${setup.ncols}×${setup.nrows} cells, ${setup.durationS} s, ${workers} worker(s)`);

  // depth frames for the evacuation (kept in memory: at most ~120 of them)
  const frames = { times: [] as number[], depths: [] as Float32Array[], speeds: [] as Float32Array[] };
  if (scenario.evacuation !== undefined) setup.outputs.frameIntervalS = evacuationFrameInterval(scenario.evacuation, setup.durationS, positionals[0]);

  const drainageSamples: DrainageSample[] = [];
  const pending: Promise<void>[] = [];
  let lastLog = 0;
  const result = await runFloodNode(setup, workers, {
    onProgress: (p) => {
      if (p.wallS - lastLog >= 5) {
        lastLog = p.wallS;
        const left = p.t > 0 ? (p.wallS * (p.durationS - p.t)) / p.t : NaN;
        log(`  t = ${p.t.toFixed(0)} s (${((100 * p.t) / p.durationS).toFixed(1)} %), ${p.steps} steps, ~${left.toFixed(0)} s left`);
      }
    },
    onDrainage: (_t, sample) => void drainageSamples.push(sample as DrainageSample),
    onFrame: (t, depth, speed) => {
      if (scenario.evacuation === undefined) return;
      frames.times.push(t);
      frames.depths.push(depth);
      frames.speeds.push(speed);
    },
    onGrid: (t, depth) => {
      pending.push(writeFile(resolve(out, `depth_${Math.round(t)}.asc`), writeAsciiGrid(gridOf(setup, depth, true))));
    },
  });
  await Promise.all(pending);
  const extra: Record<string, unknown> = {};
  if (result.summary.drainage) {
    await writeFile(resolve(out, 'nodes.csv'), nodesCsv(drainageSamples));
    await writeFile(resolve(out, 'links.csv'), linksCsv(drainageSamples));
    extra.combinedMassBalance = combinedBalance(result.summary.massBalance, result.summary.drainage);
    const d = result.summary.drainage as { overflowNodes?: { id: string; x: number | null; y: number | null; overflow_m3: number }[] };
    const top = (d.overflowNodes ?? []).slice(0, 5).map((n) => `${n.id} (${n.x?.toFixed(0)}, ${n.y?.toFixed(0)}) ${n.overflow_m3.toFixed(0)} m³`);
    log(`sewers: ${d.overflowNodes?.length ?? 0} manholes overflowed${top.length ? `, most at ${top.join(', ')}` : ''}`);
  }
  if (scenario.evacuation !== undefined && layers) {
    const t0 = performance.now();
    const records = await gaugeRecords(layers, scenario.startTime, read);
    const evac = runScenarioEvacuation(scenario.evacuation, positionals[0], setup, layers, { result, ...frames }, records);
    await writeFile(resolve(out, 'evacuation.csv'), evacuationCsv(evac));
    extra.evacuation = { ...evacuationSummary(evac), wallS: (performance.now() - t0) / 1000 };
    const ev = extra.evacuation as { t50S?: number | null; t90S?: number | null; t100S?: number | null };
    log(`evacuation: T50 ${ev.t50S ?? '–'} s, T90 ${ev.t90S ?? '–'} s, T100 ${ev.t100S ?? '–'} s`);
  }
  await writeResults(out, setup, result, scenario.name, extra);
  const mb = result.summary.massBalance;
  log(
    `done: ${result.summary.steps} steps in ${result.summary.solverWallS.toFixed(2)} s, ` +
      `${(result.summary.cellUpdatesPerS / 1e6).toFixed(1)} M cell-updates/s, max depth ${result.summary.maxDepthM.toFixed(3)} m, ` +
      `volume error ${mb.errorM3.toExponential(2)} m³ (${mb.relativeError.toExponential(2)})`,
  );
  return 0;
}

/** A result array as a grid on the DEM's geometry; walls (and, if asked, NaN) become nodata. */
export function gridOf(setup: FloodSetup, values: Float32Array, maskWalls: boolean): Grid {
  const v = maskWalls ? values.slice() : values;
  if (maskWalls) for (let k = 0; k < v.length; k++) if (Number.isNaN(setup.z[k])) v[k] = NaN;
  return { ncols: setup.ncols, nrows: setup.nrows, cellSize: setup.cellSize, xll: setup.xll, yll: setup.yll, values: v, nodata: -9999 };
}

/** Depth to the float32 value, shortest form (toPrecision(9) is exact for float32). */
function num(v: number): string {
  if (v === 0) return '0';
  const s = v.toPrecision(9);
  return s.includes('e') ? s : s.replace(/\.?0+$/, '');
}

export async function writeResults(out: string, setup: FloodSetup, result: FloodResult, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  const ids = setup.outputs.pointIds;
  const lines = [['time_s', ...ids].join(',')];
  for (let i = 0; i < result.pointTimes.length; i++) {
    const row = [num(result.pointTimes[i])];
    for (let p = 0; p < ids.length; p++) row.push(num(result.pointDepths[i * ids.length + p]));
    lines.push(row.join(','));
  }
  await Promise.all([
    writeFile(resolve(out, 'max_depth.asc'), writeAsciiGrid(gridOf(setup, result.maxDepth, true))),
    writeFile(resolve(out, 'arrival_time.asc'), writeAsciiGrid(gridOf(setup, result.arrivalTime, true))),
    writeFile(resolve(out, 'points.csv'), lines.join('\n') + '\n'),
    writeFile(resolve(out, 'summary.json'), JSON.stringify({ scenario: name, ...result.summary, ...extra }, null, 2) + '\n'),
  ]);
}
