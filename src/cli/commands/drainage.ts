/**
 * `floodtwin drainage <network.inp> --out <dir>`: runs a SWMM network on its own (its options,
 * inflows, dry-weather flows and time series; US or SI units) with floodtwin's dynamic-wave solver,
 * and writes nodes.csv, links.csv and a summary.json laid out like SWMM's report summaries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import { readSwmmInp } from '../../io/swmmInp.ts';
import { networkFromSwmm } from '../../../workers/drainage/fromSwmm.ts';
import { runStandalone } from '../../../workers/drainage/standalone.ts';
import { nodesCsv, linksCsv } from '../../../workers/drainage/coupler.ts';
import { positiveSeconds } from '../args.ts';
import { readInputFile } from '../inputFiles.ts';

export const summary = 'run a SWMM .inp storm-drainage network on its own (dynamic wave)';

/** the command line parsed, or an InputError naming the arguments */
function parseRunArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        duration: { type: 'string' },
        'report-step': { type: 'string' },
        'routing-step': { type: 'string' },
        scheme: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new InputError((e as Error).message, { field: 'arguments' });
  }
}

/** `--scheme`: SWMM's Picard step (the default) or floodtwin's explicit sub-stepping (the coupled twin's). */
function routingScheme(v: string | undefined): 'swmm' | 'explicit' {
  if (v === undefined || v === 'swmm') return 'swmm';
  if (v === 'explicit') return 'explicit';
  throw new InputError(`--scheme must be swmm or explicit, not "${v}"`, { field: 'scheme' });
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseRunArgs(args);
  if (values.help || positionals.length !== 1 || !values.out) {
    console.log(
      'usage: floodtwin drainage <network.inp> --out <dir> [--duration s] [--report-step s] [--routing-step s] [--scheme swmm|explicit]',
    );
    return values.help ? 0 : 2;
  }
  const file = positionals[0];
  // a regular file of at most MAX_INPUT_BYTES: a FIFO would wait for ever, /dev/zero fill the memory
  const text = new TextDecoder().decode(await readInputFile(file, file, undefined, undefined, 'the network file'));
  const model = readSwmmInp(text, file);
  const duration = positiveSeconds(values.duration, 'duration', summary);
  const net = networkFromSwmm(model, file, { duration });
  const rs = positiveSeconds(values['routing-step'], 'routing-step', summary);
  if (rs) net.options.routingStep = rs;
  net.options.scheme = routingScheme(values.scheme);
  const res = runStandalone(net, {
    duration,
    reportStep: positiveSeconds(values['report-step'], 'report-step', summary),
    file,
    title: model.title.join(' ').trim(),
  });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'nodes.csv'), nodesCsv(res.samples));
  writeFileSync(join(values.out, 'links.csv'), linksCsv(res.samples));
  writeFileSync(join(values.out, 'summary.json'), JSON.stringify(res.summary, null, 2) + '\n');
  const cont = (res.summary.flowRoutingContinuity as { continuityErrorPct: number }).continuityErrorPct;
  console.log(
    `drainage: ${net.nodes.length} nodes, ${net.links.length} links, ${res.solver.steps} steps; continuity error ${cont} %; wrote ${values.out}`,
  );
  for (const w of res.summary.warnings as string[]) console.warn(`drainage: warning: ${w}`);
  return 0;
}
