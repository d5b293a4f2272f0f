/**
 * Atomic run folders. A run writes into a temporary folder beside `--out` and renames it to `--out`
 * only when everything is written, so a killed run leaves the old results whole (or none), never a
 * mix; a lock file beside `--out` refuses a second run into the same folder while one is going.
 * summary.json carries `complete: true` and the scenario's content hash; `export` checks both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.ts';

/** sha256 of the scenario file's bytes, as summary.json's `scenarioHash` */
export function scenarioHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export interface RunFolder {
  /** where the run writes (beside `out`, renamed on commit) */
  temp: string;
  /** moves the finished folder into place and releases the lock */
  commit(): Promise<void>;
  /** removes the temporary folder and releases the lock (the old `out` is untouched) */
  abandon(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `out` and makes its temporary folder. */
export async function openRunFolder(out: string): Promise<RunFolder> {
  await mkdir(dirname(out), { recursive: true });
  const lock = join(dirname(out), `.${basename(out)}.lock`);
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
      throw new InputError(
        `another run (process ${pid}) is writing into this folder; wait for it or choose another --out`,
        { file: out },
      );
    }
    writeFileSync(lock, `${process.pid}\n`); // a lock left by a run that died: take it, drop its partial folder
    if (Number.isInteger(pid) && pid > 0)
      await rm(join(dirname(out), `.${basename(out)}.partial-${pid}`), { recursive: true, force: true });
  }
  const temp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  const release = () => rm(lock, { force: true });
  return {
    temp,
    async commit() {
      const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
      if (existsSync(out)) await rename(out, old);
      await rename(temp, out);
      await rm(old, { recursive: true, force: true });
      await release();
    },
    async abandon() {
      await rm(temp, { recursive: true, force: true });
      await release();
    },
  };
}

/**
 * Throws unless `runDir` holds a finished run of the scenario with `hash` (its summary.json says
 * complete and carries the same scenario hash).
 */
export function checkRunFolder(
  summary: Record<string, unknown> | null,
  hash: string,
  runDir: string,
  scenarioFile: string,
): void {
  if (!summary || summary.complete !== true) {
    throw new InputError('the run folder is incomplete (no finished summary.json): the run did not end; run it again', {
      file: runDir,
    });
  }
  if (summary.scenarioHash !== hash) {
    throw new InputError(
      `the run was made from another scenario (or another version of ${scenarioFile}): its summary.json has scenarioHash ${String(summary.scenarioHash ?? 'none')}, the file ${hash}; export with the scenario the run used, or run it again`,
      { file: runDir },
    );
  }
}
