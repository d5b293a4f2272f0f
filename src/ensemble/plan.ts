/**
 * The members of an ensemble: the Cartesian product of its axes, in a fixed order (the last axis
 * varies fastest), so member i is the same on every machine and every array task.
 */
import { type EnsembleFile, frequencyOf } from './ensembleFile.ts';

export interface Member {
  /** 0-based index: the array task that runs it */
  index: number;
  /** the axis value ids joined with "_" (its folder name with the index) */
  id: string;
  /** annual exceedance probability of its event (1 / return period) */
  aep: number;
  /** the conditional probability of this variant given its event: the product of the other axes' weights */
  weight: number;
  /** the axis values' patches in axis order */
  patches: Record<string, unknown>[];
}

/**
 * Lists the members of an ensemble.
 *
 * @example
 * planMembers(e).map((m) => m.id) // ['T10_none', 'T10_north', 'T100_none', 'T100_north']
 */
export function planMembers(e: EnsembleFile): Member[] {
  let members: Member[] = [{ index: 0, id: '', aep: Number.NaN, weight: 1, patches: [] }];
  for (const axis of e.axes) {
    const next: Member[] = [];
    for (const m of members) {
      for (const v of axis.values) {
        const p = frequencyOf(v);
        next.push({
          index: 0,
          id: m.id ? `${m.id}_${v.id}` : v.id,
          aep: p ?? m.aep,
          weight: p !== null ? m.weight : m.weight * (v.weight ?? 1 / axis.values.length),
          patches: [...m.patches, v.patch],
        });
      }
    }
    members = next;
  }
  members.forEach((m, i) => {
    m.index = i;
  });
  return members;
}

/** The folder name of a member: its index (zero-padded, so they sort) and its id. */
export function memberFolder(m: Member): string {
  return `${String(m.index).padStart(4, '0')}-${m.id}`;
}

/**
 * JSON Merge Patch (RFC 7386): objects merge key by key (recursively), null removes a key, anything
 * else is replaced.
 *
 * @example
 * mergePatch({ a: { b: 1, c: 2 }, d: [1], e: 1 }, { a: { c: 3 }, d: [2], e: null }) // { a: { b: 1, c: 3 }, d: [2] }
 */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
