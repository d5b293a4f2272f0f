/**
 * `floodtwin run <scenario.json> --out <dir> [--workers N] [--duration-s S]`
 * Runs a scenario headless and writes, into <dir>:
 *   depth_<t>.asc for each grid time, max_depth.asc, max_speed.asc, arrival_time.asc (s until depth
 *   first reached arrivalDepthM, nodata if never), points.csv (time_s, one depth column per point)
 *   and summary.json (cells, steps, simulatedS, solverWallS, cellUpdatesPerS, workers, massBalance,
 *   ...); nodes.csv / links.csv with sewers, evacuation.csv with an evacuation.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import { loadRun, runAndWrite } from '../scenarioRun.ts';

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
  let durationS: number | undefined;
  if (values['duration-s'] !== undefined) {
    durationS = Number(values['duration-s']);
    if (!(durationS > 0)) usage(`--duration-s must be a positive number, got "${values['duration-s']}"`);
  }
  const log = (s: string): void => {
    if (!values.quiet) process.stderr.write(s + '\n');
  };
  const loaded = await loadRun(positionals[0], durationS);
  const { setup } = loaded.prepared;
  for (const n of loaded.prepared.notes) log(n);
  log(`${loaded.prepared.loaded.scenario.name}: ${setup.ncols}×${setup.nrows} cells, ${setup.durationS} s, ${workers} worker(s)`);
  await runAndWrite(loaded, workers, resolve(values.out), log);
  return 0;
}
