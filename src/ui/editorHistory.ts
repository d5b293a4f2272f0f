/**
 * Undo / redo and autosave for the compare panel's scenario B (src/ui/compare.ts). The edited
 * state is the drawn wall (its points) and its crest; every point added, undone or cleared and every
 * crest change is one `edit` of a History (src/scenario/history.ts). Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z)
 * and two small buttons step through it; undo/redo put the state back on the panel.
 *
 * Scenario B's text (A's file + the drawn wall, as the comparison runs it) is saved to IndexedDB a
 * short moment after each edit through `makeAutosave`, keyed by the scenario FILE name (B's "name"
 * field changes with the wall). On load, a saved record for this file is offered with a Restore
 * button, or applied at once with `?restore=1`; it goes through `restoreAutosave` (migration and
 * validation as a file) and the drawn wall (`id: "drawn-wall"`) is put back on the panel.
 */
import { autosaveKey, makeAutosave, restoreAutosave, type AutosaveRecord } from '../scenario/autosave.ts';
import { canRedo, canUndo, createHistory, edit, redo, undo, type History } from '../scenario/history.ts';
import type { MapPoint } from './drawIntervention.ts';
import { escapeHtml } from '../core/escapeHtml.ts';

export interface EditorState {
  points: readonly MapPoint[];
  crestM: number;
}

/** What the editor needs from the compare panel (CompareView satisfies it). */
export interface EditablePanel {
  points(): MapPoint[];
  crest(): number;
  addPoints(points: MapPoint[]): void;
  clearLine(): void;
  setCrest(m: number): void;
  /** called after every change of the line or the crest */
  onEdit(cb: () => void): void;
}

export interface EditorHistory {
  readonly history: History<EditorState>;
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  /** scenario B as JSON text for the state shown now (A's text until A has loaded: then null) */
  scenarioBText(): string | null;
  /** resolves when a pending autosave has been written (at once when none is pending) */
  flush(): Promise<void>;
  /** the stored record for this file, if any */
  saved(): Promise<AutosaveRecord | null>;
  /** put a stored record's wall on the panel (an edit, so it can be undone) */
  applyRecord(r: AutosaveRecord): void;
  /** 'none' | 'offered' | 'restored' | an error message */
  readonly restore: string;
  destroy(): void;
}

export interface EditorOptions {
  /** absolute URL of scenario A's file */
  scenarioUrl: string;
  /** A's text + the wall → B's text (compare.ts's scenarioWithWall) */
  withWall(textA: string, line: MapPoint[], crestM: number): string;
  /** apply a saved record at once (the page's `?restore=1`) */
  autoRestore?: boolean;
  /** ms after an edit before it is saved (default 400) */
  delayMs?: number;
}

const DB = 'floodtwin';
const STORE = 'autosave';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

async function dbDo<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = f(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

const samePoints = (a: readonly MapPoint[], b: readonly MapPoint[]): boolean =>
  a.length === b.length && a.every((p, i) => p[0] === b[i][0] && p[1] === b[i][1]);

/** The drawn wall in a restored scenario: the floodWall with id "drawn-wall". */
export function drawnWallOf(interventions: readonly unknown[]): EditorState | null {
  for (const iv of interventions) {
    const w = iv as { kind?: string; id?: string; line?: MapPoint[]; crestM?: number };
    if (w && w.kind === 'floodWall' && w.id === 'drawn-wall' && Array.isArray(w.line) && typeof w.crestM === 'number') {
      return { points: w.line.map(([x, y]) => [x, y] as MapPoint), crestM: w.crestM };
    }
  }
  return null;
}

export function mountEditorHistory(panel: EditablePanel, el: HTMLElement, o: EditorOptions): EditorHistory {
  const file = decodeURIComponent(o.scenarioUrl.split('/').pop()?.split('?')[0] ?? o.scenarioUrl);
  const key = autosaveKey(file);
  const delayMs = o.delayMs ?? 400;
  // the panel's draw tool needs the scene, which is built after the panel: start from no line
  let h = createHistory<EditorState>({ points: [], crestM: panel.crest() });
  let applying = false;
  let textA: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: Promise<void> = Promise.resolve();
  let restoreState = 'none';
  const textAReady = fetch(o.scenarioUrl)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then(
      (t) => {
        textA = t;
      },
      () => undefined,
    );

  const bar = document.createElement('div');
  bar.id = 'cmpHistory';
  bar.style.cssText = 'margin-top:6px;display:flex;gap:6px;align-items:center;flex-wrap:wrap';
  bar.innerHTML = `<button id="cmpEditUndo" title="Undo (Ctrl+Z)" disabled>↶ Undo</button><button id="cmpEditRedo" title="Redo (Ctrl+Y)" disabled>↷ Redo</button><span id="cmpSaved" class="muted"></span><span id="cmpRestore" hidden></span>`;
  const lineEl = el.querySelector('#cmpLine');
  if (lineEl) lineEl.before(bar);
  else el.append(bar);
  const $ = <T extends HTMLElement>(id: string) => bar.querySelector('#' + id) as T;

  const syncButtons = () => {
    $<HTMLButtonElement>('cmpEditUndo').disabled = !canUndo(h);
    $<HTMLButtonElement>('cmpEditRedo').disabled = !canRedo(h);
  };

  const scenarioBText = (s: EditorState = h.present): string | null => {
    if (textA === null) return null;
    if (s.points.length >= 2) return o.withWall(textA, s.points.slice() as MapPoint[], s.crestM);
    return JSON.stringify(JSON.parse(textA));
  };

  const save = async (): Promise<void> => {
    await textAReady;
    const text = scenarioBText();
    if (text === null) return;
    const rec = makeAutosave(JSON.parse(text) as Record<string, unknown>, Date.now());
    rec.key = key;
    await dbDo('readwrite', (s) => s.put(rec));
    $('cmpSaved').textContent = `saved ${new Date(rec.savedAtMs).toLocaleTimeString()}`;
  };
  const scheduleSave = () => {
    if (timer) clearTimeout(timer);
    let done!: () => void;
    pending = new Promise<void>((r) => {
      done = r;
    });
    timer = setTimeout(() => {
      timer = null;
      save()
        .catch((e) => {
          $('cmpSaved').textContent = `autosave failed: ${(e as Error).message}`;
        })
        .finally(done);
    }, delayMs);
  };

  const show = (s: EditorState) => {
    applying = true;
    try {
      if (!samePoints(panel.points(), s.points)) {
        panel.clearLine();
        panel.addPoints(s.points.slice() as MapPoint[]);
      }
      if (panel.crest() !== s.crestM) panel.setCrest(s.crestM);
    } finally {
      applying = false;
    }
  };

  panel.onEdit(() => {
    if (applying) return;
    const next: EditorState = { points: panel.points(), crestM: panel.crest() };
    const p = h.present;
    if (samePoints(p.points, next.points) && p.crestM === next.crestM) return;
    const crestOnly = samePoints(p.points, next.points);
    h = edit(h, next, crestOnly ? { mergeKey: 'crest', nowMs: Date.now() } : {});
    syncButtons();
    scheduleSave();
  });

  const doUndo = () => {
    if (!canUndo(h)) return;
    h = undo(h);
    show(h.present);
    syncButtons();
    scheduleSave();
  };
  const doRedo = () => {
    if (!canRedo(h)) return;
    h = redo(h);
    show(h.present);
    syncButtons();
    scheduleSave();
  };
  $<HTMLButtonElement>('cmpEditUndo').onclick = doUndo;
  $<HTMLButtonElement>('cmpEditRedo').onclick = doRedo;

  const onKey = (e: KeyboardEvent) => {
    if (el.hidden || !(e.ctrlKey || e.metaKey)) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      doUndo();
    } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
      e.preventDefault();
      doRedo();
    }
  };
  document.addEventListener('keydown', onKey);

  const saved = () => dbDo<AutosaveRecord | undefined>('readonly', (s) => s.get(key)).then((r) => r ?? null);
  const applyRecord = (r: AutosaveRecord) => {
    const loaded = restoreAutosave(r);
    const wall = drawnWallOf(loaded.interventions as unknown[]) ?? { points: [], crestM: panel.crest() };
    show(wall);
    h = edit(h, { points: wall.points.slice(), crestM: wall.crestM });
    syncButtons();
    restoreState = 'restored';
    $('cmpRestore').hidden = true;
  };

  // offer (or apply) what was saved for this file
  saved()
    .then((r) => {
      if (!r) return;
      if (o.autoRestore) {
        applyRecord(r);
        return;
      }
      restoreState = 'offered';
      const span = $('cmpRestore');
      span.hidden = false;
      span.innerHTML = `<span class="muted">edits autosaved ${escapeHtml(new Date(r.savedAtMs).toLocaleString())}</span> <button id="cmpRestoreBtn">Restore</button>`;
      (span.querySelector('#cmpRestoreBtn') as HTMLButtonElement).onclick = () => {
        try {
          applyRecord(r);
        } catch (e) {
          restoreState = (e as Error).message;
          span.textContent = `cannot restore: ${restoreState}`;
        }
      };
    })
    .catch((e) => {
      restoreState = (e as Error).message;
    });

  return {
    get history() {
      return h;
    },
    undo: doUndo,
    redo: doRedo,
    canUndo: () => canUndo(h),
    canRedo: () => canRedo(h),
    scenarioBText: () => scenarioBText(),
    flush: () => pending,
    saved,
    applyRecord,
    get restore() {
      return restoreState;
    },
    destroy() {
      document.removeEventListener('keydown', onKey);
      if (timer) clearTimeout(timer);
      bar.remove();
    },
  };
}
