/** Option parsing shared by the commands: every mistake is one InputError line ending in the usage. */
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors.ts';

export function usageError(msg: string, usage: string): never {
  throw new InputError(`${msg} (usage: floodtwin ${usage})`);
}

/** node:util parseArgs with positionals allowed, its errors turned into usage errors. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    usageError((e as Error).message, usage);
  }
}

/** A positive number of seconds given as `--flag`, or undefined when absent. */
export function positiveSeconds(v: string | undefined, flag: string, usage: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(x > 0) || !Number.isFinite(x)) usageError(`--${flag} must be a positive number of seconds, got "${v}"`, usage);
  return x;
}

/** `--workers N`: 1 … 64, by default two (or one on a one-core machine). */
export function workerCount(v: string | undefined, usage: string): number {
  const w = v === undefined ? Math.min(2, availableParallelism()) : Number(v);
  if (!Number.isInteger(w) || w < 1 || w > 64)
    usageError(`--workers must be a whole number from 1 to 64, got "${v}"`, usage);
  return w;
}
