/**
 * Undo / redo for the scenario editor, as pure functions over an immutable history (the UI keeps
 * the current History in its state and renders `present`). Edits that arrive in quick succession
 * with the same `mergeKey` (dragging a vertex, typing in one field) collapse into one undo step.
 * The past is capped so a long session does not grow without bound.
 */
export interface History<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** key and time of the last edit, for merging */
  lastKey?: string;
  lastAtMs?: number;
}

export interface EditOptions {
  /** edits with the same key within mergeWindowMs replace the previous step instead of adding one */
  mergeKey?: string;
  nowMs?: number;
  mergeWindowMs?: number;
  /** most undo steps kept (default 200) */
  limit?: number;
}

export function createHistory<T>(initial: T): History<T> {
  return { past: [], present: initial, future: [] };
}

/** A new present; clears the redo stack. An edit equal (===) to the present changes nothing. */
export function edit<T>(h: History<T>, next: T, o: EditOptions = {}): History<T> {
  if (next === h.present) return h;
  const limit = o.limit ?? 200;
  const window = o.mergeWindowMs ?? 1000;
  const merge =
    o.mergeKey !== undefined &&
    o.mergeKey === h.lastKey &&
    o.nowMs !== undefined &&
    h.lastAtMs !== undefined &&
    o.nowMs - h.lastAtMs <= window &&
    h.past.length > 0;
  let past = merge ? h.past : [...h.past, h.present];
  if (past.length > limit) past = past.slice(past.length - limit);
  return { past, present: next, future: [], lastKey: o.mergeKey, lastAtMs: o.nowMs };
}

export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}
export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}
