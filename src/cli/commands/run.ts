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
  const prepared = await prepareRun(text, positionals[0], async (rel) => new Uint8Array(await readFile(resolve(baseDir, rel))));
  const setup = prepared.setup;
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
    onGrid: (t, depth) => {
      pending.push(writeFile(resolve(out, `depth_${Math.round(t)}.asc`), writeAsciiGrid(gridOf(setup, depth, true))));
    },
  });
  await Promise.all(pending);
  await writeResults(out, setup, result, prepared.loaded.scenario.name);
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

export async function writeResults(out: string, setup: FloodSetup, result: FloodResult, name: string): Promise<void> {
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
    writeFile(resolve(out, 'summary.json'), JSON.stringify({ scenario: name, ...result.summary }, null, 2) + '\n'),
  ]);
}
