/**
 * The mutable state of an engine object graph as structured-clone data, and back into a fresh engine
 * built from the same inputs: how a restarted drill engine gets the evacuation where it was without
 * re-running it from the start. Capture walks the object's own fields: numbers, strings, typed
 * arrays (copied), arrays, Maps, Sets and nested objects; functions and the `skip` fields (inputs
 * that never change, e.g. the road network, or hold functions) are left out. Restore writes that
 * back into the fresh object in place (typed arrays filled, nested objects entered), so objects the
 * engine's parts share (a clock, a heap) stay shared and class instances keep their prototypes.
 */

export type ObjectState = { [k: string]: unknown };

const isPlainData = (v: unknown): boolean => v === null || typeof v !== 'object';

function captureValue(v: unknown, skip: ReadonlySet<string>, seen: WeakSet<object>): unknown {
  if (isPlainData(v)) return v;
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (Array.isArray(v)) return v.map((x) => captureValue(x, skip, seen));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, captureValue(x, skip, seen)]));
  if (v instanceof Set) return new Set([...v].map((x) => captureValue(x, skip, seen)));
  return captureState(v as object, skip, seen);
}

/**
 * @example const saved = captureState(evacuation, new Set(['network', 'flood']))
 */
export function captureState(
  o: object,
  skip: ReadonlySet<string> = new Set(),
  seen: WeakSet<object> = new WeakSet(),
): ObjectState {
  seen.add(o);
  const out: ObjectState = {};
  for (const [k, v] of Object.entries(o)) {
    // an object met before (shared by two parts) is captured once: restoring it once restores both
    if (typeof v === 'function' || skip.has(k) || (v !== null && typeof v === 'object' && seen.has(v))) continue;
    out[k] = captureValue(v, skip, seen);
  }
  return out;
}

/** a copy of captured data that restoring cannot alias (the saved state stays reusable) */
const fresh = (s: unknown): unknown => (isPlainData(s) ? s : structuredClone(s));

function restoreValue(target: unknown, s: unknown): { keep: boolean; value?: unknown } {
  if (ArrayBuffer.isView(target) && ArrayBuffer.isView(s)) {
    const t = target as unknown as { length: number; set(a: unknown): void; constructor: unknown };
    const src = s as unknown as { length: number; constructor: unknown };
    if (t.length === src.length && t.constructor === src.constructor) {
      t.set(src);
      return { keep: true };
    }
    return { keep: false, value: fresh(s) };
  }
  if (Array.isArray(target) && Array.isArray(s) && target.length === s.length) {
    for (let i = 0; i < s.length; i++) {
      const r = restoreValue(target[i], s[i]);
      if (!r.keep) target[i] = r.value;
    }
    return { keep: true };
  }
  const plainObject = (v: unknown) =>
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    !(v instanceof Map) &&
    !(v instanceof Set);
  if (plainObject(target) && plainObject(s)) {
    restoreState(target as object, s as ObjectState);
    return { keep: true };
  }
  return { keep: false, value: fresh(s) };
}

/** Writes `state` (captureState of an object built from the same inputs) back into `o`. */
export function restoreState(o: object, state: ObjectState): void {
  const t = o as Record<string, unknown>;
  for (const [k, s] of Object.entries(state)) {
    const r = restoreValue(t[k], s);
    if (!r.keep) t[k] = r.value;
  }
}
