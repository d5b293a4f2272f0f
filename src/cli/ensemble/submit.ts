/**
 * Handing an ensemble to a cluster scheduler: a Slurm job array (`sbatch --array`) or a Kubernetes
 * Indexed Job. Each array task runs `floodtwin ensemble run <file> --out <dir> --array`, which takes
 * its member from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; finished members are skipped, so a
 * resubmission resumes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.ts';
import type { Ensemble } from './members.ts';

const CLI = fileURLToPath(new URL('../../../bin/floodtwin.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

const durationFlag = (e: Ensemble): string =>
  e.durationOverrideS !== undefined ? ` --duration-s ${e.durationOverrideS}` : '';
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The sbatch script of the ensemble's job array. */
export function slurmScript(e: Ensemble, opts: { partition?: string; workers: number; timeMin?: number }): string {
  const n = e.members.length;
  const logs = join(e.out, 'slurm');
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=floodtwin-ensemble`,
    `#SBATCH --array=0-${n - 1}`,
    `#SBATCH --cpus-per-task=${opts.workers}`,
    `#SBATCH --output=${logs}/member-%a.log`,
    ...(opts.partition ? [`#SBATCH --partition=${opts.partition}`] : []),
    ...(opts.timeMin ? [`#SBATCH --time=${opts.timeMin}`] : []),
    '# written by floodtwin ensemble submit --slurm: one array task per member',
    `cd ${shellQuote(REPO)}`,
    `exec node ${shellQuote(CLI)} ensemble run ${shellQuote(resolve(e.file))} --out ${shellQuote(e.out)} --array --workers ${opts.workers}${durationFlag(e)}`,
    '',
  ];
  return lines.join('\n');
}

/** Writes the script and submits it; returns the job id. `wait` blocks until the whole array ends. */
export async function submitSlurm(
  e: Ensemble,
  opts: { partition?: string; workers: number; wait: boolean },
): Promise<string> {
  const dir = join(e.out, 'slurm');
  await mkdir(dir, { recursive: true });
  const script = join(dir, 'ensemble.sbatch');
  await writeFile(script, slurmScript(e, opts), { mode: 0o755 });
  try {
    const args = ['--parsable', ...(opts.wait ? ['--wait'] : []), script];
    return execFileSync('sbatch', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .trim()
      .split(';')[0];
  } catch (err) {
    const e2 = err as { code?: string; stderr?: string; status?: number };
    if (e2.code === 'ENOENT')
      throw new InputError('sbatch is not on this machine: is Slurm installed (Debian: slurm-client)?');
    throw new InputError(
      `sbatch failed (exit ${e2.status}): ${String(e2.stderr ?? '')
        .trim()
        .slice(0, 300)}; the script is ${script}`,
    );
  }
}

/**
 * A Kubernetes Indexed Job (JSON, which kubectl takes as well as YAML) and the Containerfile of its
 * image. The members' folder is a volume claim mounted at /results.
 */
export function kubernetesJob(
  e: Ensemble,
  opts: { image: string; workers: number; parallelism: number; claim: string; ensemblePath: string },
): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'floodtwin-ensemble', labels: { app: 'floodtwin' } },
    spec: {
      completionMode: 'Indexed',
      completions: e.members.length,
      parallelism: opts.parallelism,
      backoffLimitPerIndex: 2,
      template: {
        metadata: { labels: { app: 'floodtwin' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'member',
              image: opts.image,
              command: [
                'node',
                'bin/floodtwin.mjs',
                'ensemble',
                'run',
                opts.ensemblePath,
                '--out',
                '/results',
                '--array',
                '--workers',
                String(opts.workers),
                ...durationFlag(e).trim().split(' ').filter(Boolean),
              ],
              resources: { requests: { cpu: String(opts.workers), memory: '4Gi' } },
              volumeMounts: [{ name: 'results', mountPath: '/results' }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: opts.claim } }],
        },
      },
    },
  };
}

export const CONTAINERFILE = `# floodtwin's image for ensemble members (written by floodtwin ensemble submit --kubernetes)
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENTRYPOINT []
`;

export async function writeKubernetes(
  e: Ensemble,
  opts: { image: string; workers: number; parallelism: number; claim: string; ensemblePath: string },
): Promise<string> {
  const dir = join(e.out, 'kubernetes');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'job.json'), JSON.stringify(kubernetesJob(e, opts), null, 2) + '\n');
  await writeFile(join(dir, 'Containerfile'), CONTAINERFILE);
  return dir;
}
