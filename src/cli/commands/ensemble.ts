/**
 * `floodtwin ensemble plan|run|submit|merge <ensemble.json> --out <dir>`: many scenario runs for risk
 * zoning (src/ensemble/, src/cli/ensemble/).
 *   plan    lists the members and writes each one's scenario.json
 *   run     --member i | --array (SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX) | --local [--jobs N]
 *   submit  --slurm [--partition P] [--wait] | --kubernetes [--image I] [--parallelism N] [--claim C]
 *   merge   zoning maps, tables and report into <dir>/merged/
 * `--duration-s S` overrides every member's duration (give the same S to run, submit and merge).
 */
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { parseCommand, positiveSeconds, usageError, workerCount } from '../args.ts';
import { mergeEnsemble } from '../ensemble/merge.ts';
import { openEnsemble, runMember, writePlan } from '../ensemble/members.ts';
import { submitSlurm, writeKubernetes } from '../ensemble/submit.ts';

export const summary =
  'many runs for risk zoning: ensemble plan|run|submit|merge <ensemble.json> --out <dir> (see README)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    {
      out: { type: 'string' },
      member: { type: 'string' },
      array: { type: 'boolean' },
      local: { type: 'boolean' },
      jobs: { type: 'string' },
      workers: { type: 'string' },
      slurm: { type: 'boolean' },
      partition: { type: 'string' },
      wait: { type: 'boolean' },
      kubernetes: { type: 'boolean' },
      image: { type: 'string' },
      parallelism: { type: 'string' },
      claim: { type: 'string' },
      quiet: { type: 'boolean' },
      'duration-s': { type: 'string' },
    },
    summary,
  );
  const [verb, file] = positionals;
  if (positionals.length !== 2 || !['plan', 'run', 'submit', 'merge'].includes(verb))
    usageError('give plan, run, submit or merge and one ensemble file', summary);
  if (!values.out) usageError('--out <dir> is required', summary);
  const log = (s: string): void => {
    if (!values.quiet) process.stderr.write(s + '\n');
  };
  const e = await openEnsemble(file, values.out, positiveSeconds(values['duration-s'], 'duration-s', summary));
  if (verb === 'plan') {
    await writePlan(e);
    console.log('index\tid\treturn_period_years\tweight');
    for (const m of e.members)
      console.log(`${m.index}\t${m.id}\t${Number((1 / m.aep).toPrecision(6))}\t${Number(m.weight.toPrecision(6))}`);
    return 0;
  }
  const workers = values.workers !== undefined ? workerCount(values.workers, summary) : e.ensemble.workers;
  if (verb === 'run') {
    await writePlan(e);
    const picked = [values.member !== undefined, values.array === true, values.local === true].filter(Boolean).length;
    if (picked !== 1) usageError('give one of --member i, --array or --local', summary);
    if (values.local) {
      const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > availableParallelism() * 4)
        usageError(`--jobs must be a whole number from 1 to ${availableParallelism() * 4}`, summary);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < e.members.length) await runMember(e, e.members[next++], workers, log);
      };
      await Promise.all(Array.from({ length: jobs }, worker));
      return 0;
    }
    const raw = values.member ?? process.env.SLURM_ARRAY_TASK_ID ?? process.env.JOB_COMPLETION_INDEX;
    if (raw === undefined)
      throw new InputError(
        '--array needs SLURM_ARRAY_TASK_ID (Slurm) or JOB_COMPLETION_INDEX (Kubernetes Indexed Job) in the environment',
      );
    const i = Number(raw);
    if (!Number.isInteger(i) || i < 0 || i >= e.members.length)
      throw new InputError(`member index "${raw}" is not one of 0 … ${e.members.length - 1}`);
    await runMember(e, e.members[i], workers, log);
    return 0;
  }
  if (verb === 'submit') {
    await writePlan(e);
    if (values.slurm === values.kubernetes) usageError('give --slurm or --kubernetes', summary);
    if (values.slurm) {
      const id = await submitSlurm(e, { partition: values.partition, workers, wait: values.wait === true });
      console.log(
        `submitted Slurm job ${id}: ${e.members.length} array tasks; logs in ${relative(process.cwd(), e.out)}/slurm/`,
      );
      return 0;
    }
    const parallelism = values.parallelism === undefined ? 4 : Number(values.parallelism);
    if (!Number.isInteger(parallelism) || parallelism < 1)
      usageError('--parallelism must be a whole number ≥ 1', summary);
    const dir = await writeKubernetes(e, {
      image: values.image ?? 'floodtwin:latest',
      workers,
      parallelism,
      claim: values.claim ?? 'floodtwin-results',
      ensemblePath: relative(process.cwd(), file),
    });
    console.log(
      `wrote ${dir}/job.json and ${dir}/Containerfile: build the image, copy the ensemble's files into the claim, then kubectl apply -f ${dir}/job.json`,
    );
    return 0;
  }
  const out = await mergeEnsemble(e, log);
  console.log(`merged ${e.members.length} members into ${out}`);
  return 0;
}
