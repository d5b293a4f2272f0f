/**
 * `floodtwin run <scenario.json> --out <dir> [--workers N] [--duration-s S] [--engine cpu|gpu|auto]`
 * Runs a scenario headless and writes, into <dir>:
 *   depth_<t>.asc for each grid time, max_depth.asc, max_speed.asc, arrival_time.asc (s until depth
 *   first reached arrivalDepthM, nodata if never), points.csv (time_s, one depth column per point)
 *   and summary.json (cells, steps, simulatedS, solverWallS, cellUpdatesPerS, workers, massBalance,
 *   ...); nodes.csv / links.csv with sewers, evacuation.csv with an evacuation.
 */
import { resolve } from 'node:path';
import { parseCommand, positiveSeconds, usageError, workerCount } from '../args.ts';
import { engineChoice } from '../../sim/floodEngine.ts';
import { loadRun, runAndWrite } from '../scenarioRun.ts';

export const summary =
  'run a scenario headless: run <scenario.json> --out <dir> [--workers N] [--duration-s S] [--allow-outside] [--engine cpu|gpu|auto]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    {
      out: { type: 'string' },
      workers: { type: 'string' },
      'duration-s': { type: 'string' },
      engine: { type: 'string' },
      quiet: { type: 'boolean' },
      'allow-outside': { type: 'boolean' },
    },
    summary,
  );
  if (positionals.length !== 1) usageError('give exactly one scenario file', summary);
  if (!values.out) usageError('--out <dir> is required', summary);
  const workers = workerCount(values.workers, summary);
  const engine = engineChoice(values.engine, summary);
  const durationS = positiveSeconds(values['duration-s'], 'duration-s', summary);
  const log = (s: string): void => {
    if (!values.quiet) process.stderr.write(s + '\n');
  };
  const loaded = await loadRun(positionals[0], durationS, { allowOutside: values['allow-outside'] });
  const { setup } = loaded.prepared;
  for (const n of loaded.prepared.notes) log(n);
  log(
    `${loaded.prepared.loaded.scenario.name}: ${setup.ncols}×${setup.nrows} cells, ${setup.durationS} s, ${workers} worker(s)`,
  );
  await runAndWrite(loaded, workers, resolve(values.out), log, engine);
  return 0;
}
