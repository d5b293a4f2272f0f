/**
 * Turns zod issues into one-line messages with JSON paths a person can find in the file:
 *   "scenario.json: at interventions[2].crestM: expected a number"
 */
import type { z } from 'zod';
import { InputError } from '../core/errors.ts';

/** JSON path of a zod issue path: ["interventions", 2, "crestM"] → "interventions[2].crestM" ("$" for the root). */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out === '' ? '$' : out;
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  tuple: 'an array',
  int: 'an integer',
  bigint: 'an integer',
};

function describe(x: unknown): string {
  return ARTICLE[String(x)] ?? String(x);
}

/** A short message for one issue, without its path. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type': {
      const received = i.received as string | undefined;
      const base = `expected ${describe(i.expected)}`;
      // missing members read better as "required"
      if (received === 'undefined' || /received undefined/.test(issue.message)) return `required: ${base}`;
      if (received === 'NaN' || received === 'Infinity') return `${base} (got ${received})`;
      return base;
    }
    case 'too_small': {
      const cmp = i.inclusive ? '≥' : '>';
      if (i.origin === 'array') return `expected at least ${i.minimum} item${i.minimum === 1 ? '' : 's'}`;
      if (i.origin === 'string') return `expected at least ${i.minimum} character${i.minimum === 1 ? '' : 's'}`;
      return `must be ${cmp} ${i.minimum}`;
    }
    case 'too_big': {
      const cmp = i.inclusive ? '≤' : '<';
      if (i.origin === 'array') return `expected at most ${i.maximum} items`;
      if (i.origin === 'string') return `expected at most ${i.maximum} characters`;
      return `must be ${cmp} ${i.maximum}`;
    }
    case 'unrecognized_keys': {
      const keys = (i.keys as string[]).map((k) => `"${k}"`).join(', ');
      return `unknown key${(i.keys as string[]).length > 1 ? 's' : ''} ${keys}`;
    }
    case 'invalid_value':
      return `expected one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if (i.discriminator && Array.isArray(i.options)) {
        return `expected ${String(i.discriminator)} to be one of ${(i.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return 'does not match any allowed form';
    default:
      return issue.message;
  }
}

/** "file: at path: message" for the first issue (and a count of the others). */
export function formatZodError(err: z.ZodError, file = 'scenario'): string {
  const issues = err.issues;
  if (issues.length === 0) return `${file}: invalid`;
  const first = issues[0];
  let s = `${file}: at ${jsonPath(first.path)}: ${issueMessage(first)}`;
  if (issues.length > 1) s += ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`;
  return s;
}

/** Every issue as "at path: message", one per line, for an editor's problem list. */
export function listZodIssues(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: jsonPath(i.path), message: issueMessage(i) }));
}

/** The first issue as an InputError (where = {file, path}), as every reader throws. */
export function zodInputError(
  err: z.ZodError,
  file = 'scenario',
  prefixPath: ReadonlyArray<PropertyKey> = [],
): InputError {
  const first = err.issues[0];
  const path = jsonPath([...prefixPath, ...(first?.path ?? [])]);
  let msg = first ? issueMessage(first) : 'invalid';
  if (err.issues.length > 1) msg += ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})`;
  return new InputError(msg, { file, path });
}
