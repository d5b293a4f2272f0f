/**
 * The "compare A against B" panel: A is the open scenario file, B is the same file plus the flood
 * wall drawn on the map (src/ui/drawIntervention.ts). The compare worker
 * (workers/analysis/compare.worker.ts) prepares both exactly as `floodtwin compare` prepares them
 * (`prepareRun` on the scenario text, the twin's layers from `loadTwinLayers`, the gauge output
 * points, `?durationS=` as `--duration-s`); the page runs them at the same time with one flood
 * worker each; the compare worker sums them up with the CLI's own functions (`scenarioMetrics`,
 * `metricsTable`, `differenceMap`), so the table equals the CLI's `metrics.json` for the same two
 * files, bit for bit, and the main thread only hands arrays over. The difference map (B − A
 * maximum depth) is draped on the terrain, blue for less water.
 */
import * as Comlink from 'comlink';
import { formatMetric, formatMetricChange } from '../core/formatMetric.ts';
import { startRun, type RunHandle } from '../sim/runController.ts';
import type { CompareWorkerApi } from '../../workers/analysis/compare.worker.ts';
import { scenarioWithWall, transferables, type SideOutputs } from '../sim/comparePair.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import { addDifferenceLayer, type DifferenceLayer } from '../scene/differenceLayer.ts';
import { createDrawTool, type DrawTool, type MapPoint } from './drawIntervention.ts';
import { mountEditorHistory, type EditorHistory } from './editorHistory.ts';
import { mountSwipe, type SwipeView } from './swipe.ts';
import type { CompareContext, CompareResult } from './compareTypes.ts';

export interface CompareView {
  open(): void;
  close(): void;
  readonly state: 'idle' | 'drawing' | 'running' | 'done' | 'error';
  readonly result: CompareResult | null;
  readonly error: string | null;
  /** the drawn line (map coordinates) */
  points(): MapPoint[];
  /** append map points to the line as clicks would (for tests and scripted use) */
  addPoints(points: MapPoint[]): void;
  startDrawing(): void;
  stopDrawing(): void;
  clearLine(): void;
  setCrest(m: number): void;
  /** run A and B; resolves when both are done and the table is shown */
  run(): Promise<CompareResult>;
  /** B − A maximum depth at map point (x, y), NaN where both stayed dry; null before a comparison */
  differenceAt(x: number, y: number): number | null;
  showDifference(on: boolean): void;
  /** the wall crest (m) used for B */
  crest(): number;
  /** called after every change of the line or the crest (src/ui/editorHistory.ts) */
  onEdit(cb: () => void): void;
  /** undo / redo / autosave of B's edits */
  editor: EditorHistory;
  /** A | B swipe view after a comparison (src/ui/swipe.ts) */
  swipe: SwipeView;
}

/** A's scenario text with the drawn wall appended to its interventions (what B is). */
export { scenarioWithWall };

/** The compare worker, started on the first comparison; a call rejects if the worker dies. */
function compareWorker(): { api: Comlink.Remote<CompareWorkerApi>; died: Promise<never> } {
  const w = new Worker(new URL('../../workers/analysis/compare.worker.ts', import.meta.url), {
    type: 'module',
    name: 'floodtwin-compare',
  });
  const died = new Promise<never>((_, reject) =>
    w.addEventListener('error', (e) => reject(new Error(`the compare worker died: ${e.message || 'unknown error'}`))),
  );
  died.catch(() => undefined);
  return { api: Comlink.wrap<CompareWorkerApi>(w), died };
}

/** A run's outputs for the compare worker (arrays moved, not copied, where they are not shared memory). */
function sideOutputs(r: FloodResult): SideOutputs {
  const out: SideOutputs = {
    maxDepth: r.maxDepth,
    maxSpeed: r.maxSpeed,
    summary: { drainage: r.summary.drainage ?? null },
  };
  return Comlink.transfer(out, transferables(out.maxDepth, out.maxSpeed));
}

/** Runs prepared A and B together (one worker each); frames land where the CLI's steps land. */
async function runBoth(
  a: FloodSetup,
  b: FloodSetup,
  onProgress: (side: 0 | 1, fraction: number) => void,
): Promise<[FloodResult, FloodResult]> {
  const handles: RunHandle[] = [];
  try {
    for (const [i, setup] of [a, b].entries()) {
      // frames only at times the solver lands on anyway (the point interval), so the steps are the CLI's
      const frameIntervalS = setup.outputs.frameIntervalS > 0 ? setup.outputs.frameIntervalS : setup.outputs.intervalS;
      handles.push(
        await startRun(setup, { workers: 1, frameIntervalS, onProgress: (p) => onProgress(i as 0 | 1, p.fraction) }),
      );
    }
    const [ra, rb] = await Promise.all(handles.map((h) => h.done));
    return [ra, rb];
  } catch (e) {
    handles.forEach((h) => {
      h.cancel();
    });
    throw e;
  }
}

export function mountCompare(el: HTMLElement, ctx: CompareContext): CompareView {
  el.hidden = true;
  el.innerHTML = `
    <h2>Compare A against B</h2>
    <div class="muted">A: this scenario. B: A plus a flood wall you draw on the map (click points on the terrain; right click or Esc ends).${ctx.durationS ? ` Both runs stop at ${ctx.durationS} s.` : ''}</div>
    <label>Wall crest (m, elevation) <input id="cmpCrest" type="number" step="0.5" value="192" style="width:70px"></label>
    <div style="margin-top:6px;display:flex;gap:6px;flex-wrap:wrap">
      <button id="cmpDraw">Draw wall</button><button id="cmpUndo">Undo point</button><button id="cmpClear">Clear</button><button id="cmpRun" disabled>Run A and B</button>
    </div>
    <div id="cmpLine" class="muted">no wall drawn</div>
    <div id="cmpStatus" class="muted"></div>
    <div id="cmpError" class="error"></div>
    <label><input id="cmpDiff" type="checkbox" disabled> difference map (B − A max depth: <span style="color:#1e5ae6">■ less</span> <span style="color:#e12823">■ more</span>)</label>
    <div id="cmpTable"></div>`;
  const $ = <T extends HTMLElement>(id: string) => el.querySelector('#' + id) as T;
  let state: CompareView['state'] = 'idle';
  let result: CompareResult | null = null;
  let error: string | null = null;
  let crestM = 192;
  let tool: DrawTool | null = null;
  let toolScene: TwinScene | null = null;
  let diffLayer: DifferenceLayer | null = null;
  let diffScene: TwinScene | null = null;
  let worker: ReturnType<typeof compareWorker> | null = null;
  const editListeners: (() => void)[] = [];
  let quiet = false; // re-adding the kept points to a new scene's tool is no edit
  const notifyEdit = () => {
    if (!quiet) for (const f of editListeners) f();
  };

  const drawTool = (): DrawTool => {
    const ts = ctx.scene();
    if (!tool || toolScene !== ts) {
      const keep = tool?.points.slice() ?? [];
      tool?.destroy();
      toolScene = ts;
      tool = createDrawTool(ts, (pts, active) => {
        if (state === 'drawing' && !active) state = 'idle';
        $('cmpLine').textContent = pts.length
          ? `${pts.length} point${pts.length > 1 ? 's' : ''}: ${(pts.length > 4 ? [pts[0], pts[1], null, pts[pts.length - 1]] : pts).map((p) => (p ? `(${p[0].toFixed(0)}, ${p[1].toFixed(0)})` : '…')).join(' ')}`
          : 'no wall drawn';
        $<HTMLButtonElement>('cmpDraw').textContent = active ? 'Finish wall' : 'Draw wall';
        $<HTMLButtonElement>('cmpRun').disabled = pts.length < 2 || state === 'running';
        notifyEdit();
      });
      quiet = true;
      try {
        for (const [x, y] of keep) tool.addPoint(x, y);
      } finally {
        quiet = false;
      }
    }
    return tool;
  };

  const setStatus = (s: string) => {
    $('cmpStatus').textContent = s;
  };

  const showTable = (r: CompareResult): void => {
    const body = r.rows
      .map((row) => {
        const cls =
          row.change === null || row.change === 0
            ? ''
            : row.change < 0
              ? ' style="color:#7fb0ff"'
              : ' style="color:#ff8a80"';
        return `<tr data-metric="${row.metric}" data-a="${row.a ?? ''}" data-b="${row.b ?? ''}" data-change="${row.change ?? ''}"><td>${row.label}${row.unit ? ` <span class="muted">(${row.unit})</span>` : ''}</td><td>${formatMetric(row.a, row.unit)}</td><td>${formatMetric(row.b, row.unit)}</td><td${cls}>${formatMetricChange(row.change, row.unit)}</td></tr>`;
      })
      .join('');
    $('cmpTable').innerHTML =
      `<table class="metrics compare" id="compareTable" style="font-size:11px;width:100%"><tr><td></td><td><b>A</b></td><td><b>B</b></td><td><b>B − A</b></td></tr>${body}</table>`;
    el.querySelectorAll<HTMLElement>('#compareTable td:not(:first-child)').forEach((td) => {
      td.style.whiteSpace = 'nowrap';
      td.style.textAlign = 'right';
    });
  };

  const showDifference = (on: boolean): void => {
    if (!result) return;
    const ts = ctx.scene();
    if (on && (!diffLayer || diffScene !== ts)) {
      diffLayer?.destroy();
      diffLayer = addDifferenceLayer(ts.viewer, result.diff, ts.frame);
      diffScene = ts;
    }
    if (diffLayer) diffLayer.show = on;
    ctx.showWater(!on);
    $<HTMLInputElement>('cmpDiff').checked = on;
  };

  const run = async (): Promise<CompareResult> => {
    if (state === 'running') throw new Error('a comparison is already running');
    const t = drawTool();
    t.stop();
    const line = t.points.slice();
    error = null;
    $('cmpError').textContent = '';
    state = 'running';
    $<HTMLButtonElement>('cmpRun').disabled = true;
    const t0 = performance.now();
    try {
      worker ??= compareWorker();
      const { api, died } = worker;
      setStatus('preparing A and B…');
      const prep = await Promise.race([
        api.prepare({ scenarioUrl: ctx.scenarioUrl, line, crestM, durationS: ctx.durationS }),
        died,
      ]);
      const frac = [0, 0];
      setStatus('running A and B…');
      const [ra, rb] = await runBoth(prep.a, prep.b, (i, f) => {
        frac[i] = f;
        setStatus(`running: A ${Math.round(100 * frac[0])} %, B ${Math.round(100 * frac[1])} %`);
      });
      const simulatedS = ra.summary.simulatedS;
      try {
        ctx.onRuns?.({ line, crestM, setups: [prep.a, prep.b], results: [ra, rb] });
      } catch (e) {
        console.warn(`export of A and B: ${(e as Error).message}`);
      }
      setStatus('summing up A and B…');
      const pair = await Promise.race([api.finish(sideOutputs(ra), sideOutputs(rb)), died]);
      result = { ...pair, wallS: (performance.now() - t0) / 1000 };
      view.swipe.reset();
      diffLayer?.destroy();
      diffLayer = null;
      showTable(result);
      state = 'done';
      setStatus(`done in ${result.wallS.toFixed(1)} s (${simulatedS} s simulated)`);
      $<HTMLInputElement>('cmpDiff').disabled = false;
      showDifference(true);
      return result;
    } catch (e) {
      state = 'error';
      error = (e as Error).message;
      $('cmpError').textContent = `comparison failed: ${error}`;
      setStatus('');
      throw e;
    } finally {
      $<HTMLButtonElement>('cmpRun').disabled = (tool?.points.length ?? 0) < 2;
    }
  };

  $<HTMLInputElement>('cmpCrest').onchange = (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isFinite(v)) {
      crestM = v;
      notifyEdit();
    }
  };
  $<HTMLButtonElement>('cmpDraw').onclick = () => {
    const t = drawTool();
    if (t.active) t.stop();
    else {
      state = 'drawing';
      t.start();
    }
  };
  $<HTMLButtonElement>('cmpUndo').onclick = () => drawTool().undo();
  $<HTMLButtonElement>('cmpClear').onclick = () => drawTool().clear();
  $<HTMLButtonElement>('cmpRun').onclick = () => {
    run().catch(() => undefined);
  };
  $<HTMLInputElement>('cmpDiff').onchange = (e) => showDifference((e.target as HTMLInputElement).checked);

  const view = {
    open() {
      el.hidden = false;
      drawTool();
      el.scrollIntoView({ block: 'start' });
    },
    close() {
      el.hidden = true;
      tool?.stop();
    },
    get state() {
      return state;
    },
    get result() {
      return result;
    },
    get error() {
      return error;
    },
    points: () => drawTool().points.slice(),
    addPoints(pts) {
      const t = drawTool();
      for (const [x, y] of pts) t.addPoint(x, y);
    },
    startDrawing() {
      state = 'drawing';
      drawTool().start();
    },
    stopDrawing() {
      drawTool().stop();
    },
    clearLine() {
      drawTool().clear();
    },
    setCrest(m) {
      if (!Number.isFinite(m)) throw new Error(`crest ${m} is not a number`);
      crestM = m;
      $<HTMLInputElement>('cmpCrest').value = String(m);
      notifyEdit();
    },
    run,
    differenceAt(x, y) {
      if (!result) return null;
      const g = result.diff;
      const col = Math.floor((x - g.xll) / g.cellSize);
      const row = Math.ceil((g.yll + g.nrows * g.cellSize - y) / g.cellSize) - 1;
      if (col < 0 || col >= g.ncols || row < 0 || row >= g.nrows) return NaN;
      return g.values[row * g.ncols + col];
    },
    showDifference,
    crest: () => crestM,
    onEdit(cb) {
      editListeners.push(cb);
    },
  } as Omit<CompareView, 'editor' | 'swipe'> as CompareView;
  view.editor = mountEditorHistory(view, el, {
    scenarioUrl: ctx.scenarioUrl,
    withWall: scenarioWithWall,
    autoRestore: new URLSearchParams(location.search).get('restore') === '1',
  });
  view.swipe = mountSwipe(el, ctx, () => view.result);
  return view;
}
