/**
 * `floodtwin compare <A.json> <B.json> --out <dir> [--workers N] [--duration-s S]`
 * Runs scenarios A and B at the same time (two flood runs, each with half the workers, at least 1)
 * on the same twin and writes, into <dir>:
 *   A/, B/            each run's `run` outputs (depth_<t>.asc, max_depth.asc, arrival_time.asc,
 *                     points.csv, summary.json, evacuation.csv when it has one) plus max_speed.asc
 *   metrics.json      { a: FloodMetrics, b: FloodMetrics, rows: [{ metric, label, unit, a, b, change }] }
 *   difference.asc/.tif   B − A maximum depth (NaN where both are dry), from `differenceMap`
 *   report.html       one printable page with the metrics table (no map snapshot in the CLI)
 * Both scenarios are read and checked before either run starts: a missing file or two different
 * DEM geometries end with one line and exit code 2.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import { writeAsciiGridFile, writeGeoTiffFile } from '../writeGridFile.ts';
import { reportHtml } from '../../export/reportHtml.ts';
import { metricsLayers, metricsTable, scenarioMetrics, type MetricsLayers } from '../../sim/scenarioMetrics.ts';
import { differenceMap } from '../../../workers/analysis/compare.ts';
import type { FloodMetrics } from '../../../workers/analysis/floodMetrics.ts';
import { loadRun, resultGrid, runAndWrite, type FinishedRun, type LoadedRun } from '../scenarioRun.ts';
import { positiveSeconds, workerCount } from '../args.ts';

export const summary =
  'run two scenarios and compare them: compare <A.json> <B.json> --out <dir> [--workers N] [--duration-s S] [--allow-outside]';

function usage(msg: string): never {
  throw new InputError(`${msg} (usage: floodtwin ${summary})`);
}

function geometryText(run: LoadedRun): string {
  const s = run.prepared.setup;
  return `${s.ncols}×${s.nrows} cells of ${s.cellSize} m from (${s.xll}, ${s.yll})`;
}

/** Throws unless A and B have the same DEM geometry (a difference map needs cell-by-cell pairs). */
export function checkSameTwin(a: LoadedRun, b: LoadedRun): void {
  const sa = a.prepared.setup;
  const sb = b.prepared.setup;
  if (
    sa.ncols !== sb.ncols ||
    sa.nrows !== sb.nrows ||
    sa.cellSize !== sb.cellSize ||
    sa.xll !== sb.xll ||
    sa.yll !== sb.yll
  ) {
    throw new InputError(`A and B are on different twins: A's DEM is ${geometryText(a)}, B's ${geometryText(b)}`, {
      file: b.file,
      path: 'dem',
    });
  }
}

/** The metrics of a finished run (what `scenarioMetrics` gives from its written outputs). */
export function runMetrics(run: LoadedRun, done: FinishedRun, layers: MetricsLayers): FloodMetrics {
  return scenarioMetrics({
    grid: resultGrid(run, done.maxDepth),
    maxDepth: done.maxDepth,
    maxSpeed: done.maxSpeed,
    layers,
    summary: done.summary,
  });
}

/** the command line parsed, or a usage error */
function parseRunArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        workers: { type: 'string' },
        'duration-s': { type: 'string' },
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
  if (positionals.length !== 2) usage(`give two scenario files, A and B (got ${positionals.length})`);
  if (!values.out) usage('--out <dir> is required');
  const workers = workerCount(values.workers, summary);
  const durationS = positiveSeconds(values['duration-s'], 'duration-s', summary);
  const log = (s: string): void => {
    if (!values.quiet) process.stderr.write(s + '\n');
  };

  // read and check both before running either
  const a = await loadRun(positionals[0], durationS, { allowOutside: values['allow-outside'] });
  const b = await loadRun(positionals[1], durationS, { allowOutside: values['allow-outside'] });
  checkSameTwin(a, b);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const half = Math.max(1, Math.floor(workers / 2));
  for (const [tag, r] of [
    ['A', a],
    ['B', b],
  ] as const) {
    for (const n of r.prepared.notes) log(`${tag}: ${n}`);
    const s = r.prepared.setup;
    log(`${tag}: ${r.prepared.loaded.scenario.name}: ${s.ncols}×${s.nrows} cells, ${s.durationS} s, ${half} worker(s)`);
  }
  const settled = await Promise.allSettled([
    runAndWrite(a, half, resolve(out, 'A'), (s) => log(`A: ${s}`)),
    runAndWrite(b, half, resolve(out, 'B'), (s) => log(`B: ${s}`)),
  ]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  const [doneA, doneB] = settled.map((s) => (s as PromiseFulfilledResult<FinishedRun>).value);

  // the metrics: layers converted once (both runs are on the same twin; each keeps its own layers)
  const ma = runMetrics(a, doneA, metricsLayers(a.layers));
  const mb = runMetrics(b, doneB, metricsLayers(b.layers));
  const rows = metricsTable(ma, mb);
  const diff = differenceMap(resultGrid(a, doneA.maxDepth), resultGrid(b, doneB.maxDepth));
  const nameA = a.prepared.loaded.scenario.name;
  const nameB = b.prepared.loaded.scenario.name;
  const html = reportHtml(
    ma,
    null,
    {
      title: 'Flood scenario comparison',
      // short column heads; the names go in the notes (long names make the table unreadable)
      scenarioA: 'A',
      scenarioB: 'B',
      generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      notes: [
        `A: ${nameA} (${basename(positionals[0])}).`,
        `B: ${nameB} (${basename(positionals[1])}).`,
        `${doneA.result.summary.simulatedS} s simulated; change = B − A.`,
        ...(a.layers?.name ? [`Twin: ${a.layers.name}.`] : []),
      ],
    },
    mb,
  );
  await Promise.all([
    writeFile(
      resolve(out, 'metrics.json'),
      JSON.stringify({ scenarioA: nameA, scenarioB: nameB, a: ma, b: mb, rows }, null, 2) + '\n',
    ),
    writeAsciiGridFile(resolve(out, 'difference.asc'), diff),
    writeGeoTiffFile(resolve(out, 'difference.tif'), diff, { compress: true }),
    writeFile(resolve(out, 'report.html'), html),
  ]);
  for (const r of rows) {
    if (r.metric.includes('.band') || r.metric.includes('.hazard.')) continue;
    const f = (v: number | null): string => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2));
    log(
      `${r.label.padEnd(34)} ${r.unit.padEnd(10)} A ${f(r.a).padStart(12)}  B ${f(r.b).padStart(12)}  change ${f(r.change).padStart(12)}`,
    );
  }
  return 0;
}
