/**
 * The engine screen's newest drill checkpoint (LiveDrillEngine.snapshot), kept in this browser
 * profile's IndexedDB under the drill's key (room, scenario, window), so a reloaded or restarted
 * engine screen resumes from it instead of replaying the drill from its start. One record a key:
 * each save replaces the last.
 */
import type { DrillCheckpoint } from '../../../../workers/drill/liveEngine.ts';

const DB = 'floodtwin-live-drill';
const STORE = 'checkpoints';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export const saveCheckpoint = (key: string, cp: DrillCheckpoint): Promise<IDBValidKey> =>
  run('readwrite', (s) => s.put(cp, key));

/** the newest checkpoint of this drill, or null (none, or IndexedDB unavailable) */
export async function loadCheckpoint(key: string): Promise<DrillCheckpoint | null> {
  try {
    return ((await run('readonly', (s) => s.get(key))) as DrillCheckpoint | undefined) ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether `cp` can start a resume to `resume` (the log and frame the other screens hold): taken no
 * later than that frame, with a log that is the start of theirs.
 */
export function fitsResume(cp: DrillCheckpoint, resume: { entries: { frame: number }[]; frame: number }): boolean {
  const sorted = resume.entries.slice().sort((p, q) => p.frame - q.frame);
  return cp.index <= resume.frame && JSON.stringify(sorted.slice(0, cp.log.length)) === JSON.stringify(cp.log);
}
