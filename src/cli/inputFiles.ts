/**
 * Reading the files a scenario names, with limits: regular files only (a FIFO would block for ever,
 * /dev/zero would fill the memory), at most a size cap, and only under the scenario's data root
 * unless `--allow-outside` is given (a stranger's scenario must not read /etc/passwd or ~/.ssh).
 *
 * The data root is the scenario's folder; for a scenario under a `scenarios/` folder it is the
 * folder holding `scenarios/` (the layout where scenarios/ sits beside data/).
 */
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.ts';
import { excerpt } from '../core/excerpt.ts';

/** the largest input file read (grids, networks, layers, records); a larger one is refused */
export const MAX_INPUT_BYTES = 1536 * 2 ** 20;
/** the largest scenario file */
export const MAX_SCENARIO_BYTES = 16 * 2 ** 20;

export interface InputRoot {
  /** the folder files must lie under (real path) */
  root: string;
  allowOutside: boolean;
}

/** The data root of a scenario file: its folder, or the folder above `scenarios/` when it lies in one. */
export function dataRoot(scenarioPath: string): string {
  const dir = dirname(resolve(scenarioPath));
  const parts = dir.split(sep);
  const k = parts.lastIndexOf('scenarios');
  const root = k > 0 ? parts.slice(0, k).join(sep) || sep : dir;
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/**
 * Reads a regular file of at most `maxBytes`, under `where.root` unless outside is allowed.
 * `file` names the file in messages (as the user wrote it).
 */
export async function readInputFile(
  path: string,
  file: string,
  where?: InputRoot,
  maxBytes = MAX_INPUT_BYTES,
  what = 'the file',
): Promise<Uint8Array> {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
      file: excerpt(file),
    });
  }
  if (where && !where.allowOutside && !isUnder(real, where.root)) {
    throw new InputError(
      `the file is outside the scenario's data folder ${where.root}; move it there or give --allow-outside`,
      { file: excerpt(file) },
    );
  }
  const st = statSync(real);
  if (!st.isFile()) {
    throw new InputError(
      `not a regular file (${st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a device or socket'}); give a file`,
      { file: excerpt(file) },
    );
  }
  if (st.size > maxBytes) {
    throw new InputError(
      `the file is ${(st.size / 2 ** 20).toFixed(0)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB read; use a coarser grid or tiles`,
      { file: excerpt(file) },
    );
  }
  const bytes = new Uint8Array(await readFile(real));
  // a file that grew while read (or a special file claiming size 0) is caught here
  if (bytes.length > maxBytes)
    throw new InputError(`the file grew past ${(maxBytes / 2 ** 20).toFixed(0)} MiB while read`, {
      file: excerpt(file),
    });
  return bytes;
}

function isUnder(path: string, root: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}
