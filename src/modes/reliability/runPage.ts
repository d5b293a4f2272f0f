/**
 * The simulation screen of a drill (?mode=drill&role=run&scenario=<file>[&autorun=1][&stallS=20]):
 * runs the scenario's flood in Web Workers through startResilientRun, so a worker that dies is
 * reported on the screen and the run goes on from the engine's latest checkpoint (exactly; before
 * the first one, from its last frame, approximately, and the message says so). under the test flag
 * `window.floodtwinRun` (src/ui/testHooks.ts) exposes the state and a crash hook to the browser tests.
 */
import * as Comlink from 'comlink';
import type { IoApi } from '../../../workers/io.worker.ts';
import { FrameStore } from '../../sim/frameStore.ts';
import { escapeHtml } from '../../core/escapeHtml.ts';
import { sameOriginUrl } from '../../io/sameOrigin.ts';
import { t, setLang, parseLang } from '../i18n/index.ts';
import { startResilientRun } from './resilientRun.ts';
import { crash, installWorkerWatch, liveWorkers } from './workerWatch.ts';
import { exposeTestHooks, type RunScreenHooks } from '../../ui/testHooks.ts';

export async function startRunScreen(root: HTMLElement, params: URLSearchParams): Promise<void> {
  setLang(parseLang(params.get('lang')));
  installWorkerWatch();
  const hooks: Partial<RunScreenHooks> = exposeTestHooks('floodtwinRun', {
    ready: false,
    status: 'loading',
    restarts: [],
  });
  const name = params.get('scenario') ?? 'tiny/scenario.json';
  const url = sameOriginUrl(
    name.startsWith('/') ? name : `scenarios/${name}`,
    new URL(import.meta.env.BASE_URL, location.href),
    '?scenario=',
  ).href;
  const ioWorker = new Worker(new URL('../../../workers/io.worker.ts', import.meta.url), {
    type: 'module',
    name: 'floodtwin-io',
  });
  const io = Comlink.wrap<IoApi>(ioWorker);
  const loaded = await io.loadScenario(url);
  ioWorker.terminate();

  root.className = 'modes drill role-run';
  root.innerHTML = `<header class="drill-head"><h1>${t('run.title')}: ${escapeHtml(loaded.scenario.name)}</h1></header>
    <div class="drill-controls"><button id="runStart">${t('run.start')}</button></div>
    <div class="board-counts"><div><span>${t('run.progress')}</span><b id="runProgress">0 %</b></div><div><span>${t('run.frames')}</span><b id="runFrames">0</b></div></div>
    <div id="runStatus" class="run-status"></div><ol id="runLog"></ol>`;
  const frames = new FrameStore();
  const q = (s: string) => root.querySelector(s) as HTMLElement;
  const stallS = Number(params.get('stallS')) > 0 ? Number(params.get('stallS')) : 20;
  let busy = false;
  /** test hook: crash the flood worker when the n-th frame arrives (silently: terminate only) */
  let crashAt: { frame: number; silent: boolean } | null = null;
  const run = async (opts: { crashAtFrame?: number; silent?: boolean } = {}) => {
    if (busy) return;
    crashAt = opts.crashAtFrame ? { frame: opts.crashAtFrame, silent: !!opts.silent } : null;
    busy = true;
    hooks.status = 'running';
    hooks.restarts = [];
    hooks.error = undefined;
    q('#runStatus').textContent = t('run.running');
    q('#runLog').innerHTML = '';
    const h = startResilientRun(loaded.setup, {
      frames,
      stallS,
      onFrame: () => {
        q('#runFrames').textContent = String(frames.length);
        if (crashAt && frames.length === crashAt.frame) {
          hooks.crashed = crash('flood', crashAt.silent);
          crashAt = null;
        }
      },
      onProgress: (f) => {
        q('#runProgress').textContent = `${Math.round(100 * f)} %`;
      },
      onRestart: (r) => {
        hooks.restarts?.push(r);
        const li = document.createElement('li');
        li.textContent = `${t(r.exact ? 'run.restarted' : 'run.restartedFrame')} ${r.fromS} s (${r.error})`;
        q('#runLog').appendChild(li);
      },
    });
    try {
      const d = await h.done;
      hooks.summary = d.summary;
      hooks.status = 'done';
      q('#runStatus').textContent = t('run.done');
    } catch (e) {
      hooks.status = 'error';
      hooks.error = (e as Error).message;
      q('#runStatus').textContent = `${t('run.failed')}: ${(e as Error).message}`;
    } finally {
      busy = false;
    }
  };
  q('#runStart').onclick = () => void run();
  Object.assign(hooks, {
    ready: true,
    status: 'ready',
    run: (opts?: { crashAtFrame?: number; silent?: boolean }) => run(opts),
    pointCell: (id: string) => loaded.setup.outputs.pointCells[loaded.setup.outputs.pointIds.indexOf(id)],
    frames: () => ({ times: frames.times.slice(), n: frames.length }),
    depthAt: (k: number, i = frames.length - 1) => frames.frames[i]?.[k],
    /** every depth of frame i (the last by default), as numbers */
    depths: (i = frames.length - 1) => (frames.frames[i] ? Array.from(frames.frames[i]) : null),
    /** water stored in frame i (m3) */
    storedM3: (i = frames.length - 1) => {
      let v = 0;
      const f = frames.frames[i];
      for (let k = 0; k < f.length; k++) v += f[k];
      return v * loaded.setup.cellSize * loaded.setup.cellSize;
    },
    crash: (silent = false) => crash('flood', silent),
    liveFloodWorkers: () => liveWorkers('flood'),
  });
  if (params.get('autorun') === '1') void run();
}
