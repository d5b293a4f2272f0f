/**
 * The live drill: ?mode=drill&role=director|engine|map|board[&scenario=…][&room=…]
 * [&relay=ws://host:8787][&speed=<scenario s per wall s>][&durationS=…][&frameIntervalS=…][&stepsPerFrame=…][&checkpointS=…].
 * A frame every `speed` scenario seconds unless &frameIntervalS says otherwise: one frame per wall
 * second is the aim. The engine stops STEPS_PER_FRAME times a frame; an inject applies at the next stop.
 * The default speed, 10 (an hour of flood in six drill minutes), is one a 2-core wall PC with software
 * rendering keeps at a frame a second on the default twin (README "Live drill: keeping up with the wall");
 * &speed= raises it where the engine screen has the cores for it.
 * One screen runs the engine (the director's, unless &engine=0, or a role=engine screen); every
 * other screen receives its frames over BroadcastChannel and, with &relay, over the LAN relay.
 * Under the test flag `window.floodtwinDrill` (src/ui/testHooks.ts) exposes the state to the browser tests.
 */
import { sameOriginUrl } from '../../../io/sameOrigin.ts';
import type { BoardNumbers } from '../../../../workers/drill/board.ts';
import type { LiveInject, LogEntry } from '../../../../workers/drill/injects.ts';
import { drillLogJson } from '../log.ts';
import { openBus, relayUrl, type BusText } from './bus.ts';
import { decodeFrame, frameMessage, type FrameMsg } from './frameWire.ts';
import { mountBoard } from './boardView.ts';
import { mountMap, type CameraView, type MapScreen } from './mapView.ts';
import { startEngine, type EngineHost, type EngineInfo } from './engineHost.ts';
import { mountInjectPanel } from './injectPanel.ts';
import { escapeHtml } from '../../../core/escapeHtml.ts';
import { exposeTestHooks, type DrillHooks } from '../../../ui/testHooks.ts';

/** scenario seconds per wall second unless &speed= says otherwise (see above) */
const DEFAULT_SPEED = 10;

type Role = 'director' | 'engine' | 'map' | 'board';
/**
 * flood stops per frame (LiveDrillEngine.stepsPerFrame): an inject waits at most half a frame's
 * computing for the engine to take it. Each stop costs a checkpoint and a restart of the flood loop
 * (~40 ms on the default twin), so two, not more.
 */
const STEPS_PER_FRAME = 2;
/** the engine screen's own 3D map shows the newest frame at most this often (wall ms) */
const OWN_MAP_EVERY_MS = 2000;
/** the engine counts as lost after this long without a heartbeat */
const ENGINE_LOST_MS = 4000;

const clockText = (s: number): string => {
  const v = Math.max(0, Math.floor(s));
  return `${String(Math.floor(v / 3600)).padStart(2, '0')}:${String(Math.floor(v / 60) % 60).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
};

export async function startLiveDrill(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const role = (
    ['director', 'engine', 'map', 'board'].includes(params.get('role') ?? '') ? params.get('role') : 'map'
  ) as Role;
  const runsEngine = role === 'engine' || (role === 'director' && params.get('engine') !== '0');
  const scenario = params.get('scenario') ?? 'river-flood-peak.json';
  const scenarioUrl = sameOriginUrl(
    scenario.startsWith('/') ? scenario : `scenarios/${scenario}`,
    new URL(import.meta.env.BASE_URL, location.href),
    '?scenario=',
  ).href;
  const room = params.get('room') ?? scenario.replace(/\.json$/, '');
  const num = (k: string) => (Number(params.get(k)) > 0 ? Number(params.get(k)) : undefined);
  const speed = num('speed') ?? DEFAULT_SPEED;
  const frameIntervalS = num('frameIntervalS') ?? speed;
  // the steps must split the frame into whole milliseconds (liveEngine.ts; any whole second splits in two)
  const stepsPerFrame =
    num('stepsPerFrame') ?? (Number.isInteger((frameIntervalS * 1000) / STEPS_PER_FRAME) ? STEPS_PER_FRAME : 1);
  const session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const hooks: Partial<DrillHooks> = exposeTestHooks('floodtwinDrill', {
    ready: false,
    live: true,
    role,
    /** each frame shown: wall ms received (at), decoded, shown on the map (water and layers), drawn */
    frames: [] as { index: number; t: number; at: number; decodeMs?: number; showMs?: number; drawMs?: number }[],
  });

  root.innerHTML = '';
  root.className = `modes drill live role-${role}`;
  root.innerHTML = `<header class="drill-head live-head"><h1>Live drill · ${escapeHtml(role)}</h1>
    <div class="drill-clock live-clock"><span class="lbl">scenario</span> <b id="liveClock">–</b> <span class="lbl">frame</span> <b id="liveFrame">–</b></div>
    <div id="liveStatus" class="live-status" role="status"></div></header><main class="live-main"></main>`;
  const main = root.querySelector('main') as HTMLElement;
  const status = root.querySelector('#liveStatus') as HTMLElement;

  let last: FrameMsg | null = null;
  let board: BoardNumbers | null = null;
  let boardRev = { session: '', rev: -1 };
  let log: LogEntry[] = [];
  let info: EngineInfo | null = null;
  let heardEngineAt = 0;
  let engineGone = false;
  let map: MapScreen | null = null;
  let showBoard: ((b: BoardNumbers) => void) | null = null;
  let engine: EngineHost | null = null;
  let panel: ReturnType<typeof mountInjectPanel> | null = null;
  /** what a (re)starting engine resumes from: the newest log and frame another screen or the relay holds */
  let resumeFrom: { entries: LogEntry[]; frame: number } | null = null;

  const setBoard = (b: BoardNumbers) => {
    board = b;
    showBoard?.(b);
    panel?.setRoadsInUse(b.roadsInUse ?? []);
    hooks.board = b;
  };
  let ownDrawnAt = -Infinity;
  let ownTimer = 0;
  const drawWater = (m: MapScreen, f: FrameMsg, timing: { showMs?: number; drawMs?: number }) => {
    const t0 = performance.now();
    ownDrawnAt = t0;
    m.showDepth(f.depth, f.index);
    timing.showMs = performance.now() - t0;
    const off = m.view.ts.viewer.scene.postRender.addEventListener(() => {
      off();
      timing.drawMs = performance.now() - t0;
    });
  };
  const showFrame = (f: FrameMsg, decodeMs?: number) => {
    if (last && last.session === f.session && f.index <= last.index) return;
    last = f;
    heardEngineAt = Date.now();
    engineGone = false;
    const at = performance.now();
    const timing: { index: number; t: number; at: number; decodeMs?: number; showMs?: number; drawMs?: number } = {
      index: f.index,
      t: f.t,
      at,
      decodeMs,
    };
    (hooks.frames as unknown[]).push(timing);
    hooks.frame = { index: f.index, t: f.t };
    (root.querySelector('#liveClock') as HTMLElement).textContent = clockText(f.t);
    (root.querySelector('#liveFrame') as HTMLElement).textContent = String(f.index);
    root.dataset.frame = String(f.index);
    if (map && !runsEngine) drawWater(map, f, timing);
    else if (map) {
      // the engine's own page: its map draws at most every OWN_MAP_EVERY_MS (the newest frame), so
      // drawing it (on a software GL, most of a second) does not hold up the frames for the wall
      const wait = ownDrawnAt + OWN_MAP_EVERY_MS - at;
      if (wait <= 0) drawWater(map, f, timing);
      else if (!ownTimer)
        ownTimer = window.setTimeout(() => {
          ownTimer = 0;
          // the newest frame by then, its draw timed on its own record
          const newest = (hooks.frames as (typeof timing)[]).at(-1) ?? timing;
          if (last && map) drawWater(map, last, newest);
        }, wait);
    }
    if (boardRev.session !== f.session || f.board.frame >= (board?.frame ?? -1)) setBoard(f.board);
  };
  const onText = (m: BusText) => {
    if (m.type === 'board' && typeof m.rev === 'number') {
      if (m.session === boardRev.session && m.rev <= boardRev.rev) return;
      boardRev = { session: String(m.session), rev: m.rev };
      setBoard(m.board as BoardNumbers);
    } else if (m.type === 'resume' && Array.isArray(m.entries) && typeof m.frame === 'number') {
      if (!resumeFrom || m.frame > resumeFrom.frame) resumeFrom = { entries: m.entries as LogEntry[], frame: m.frame };
    } else if (m.type === 'log') {
      log = m.entries as LogEntry[];
      if (!runsEngine && last && (!resumeFrom || last.index > resumeFrom.frame))
        resumeFrom = { entries: log, frame: last.index };
      info = m.info as EngineInfo;
      panel?.setInfo(info);
    } else if (m.type === 'engine-alive') {
      heardEngineAt = Date.now();
      engineGone = false;
    } else if (m.type === 'engine-gone') {
      engineGone = true;
    } else if (m.type === 'engine-error') {
      status.textContent = `engine: ${String(m.message)}`;
      hooks.engineError = m.message;
    } else if (m.type === 'hello' && m.role === 'engine' && !runsEngine && last) {
      // a (re)started engine: the log and the frame this screen holds, for it to resume from
      bus.send({ type: 'resume', entries: log, frame: last.index });
    } else if (m.type === 'camera' && map) {
      map.setCamera(m.view as CameraView, m.fly === true);
    }
    engine?.onText(m);
  };
  const bus = openBus(
    room,
    relayUrl(params.get('relay')),
    onText,
    (buf) => {
      const d0 = performance.now();
      const f = decodeFrame(buf);
      if (f) showFrame(f, performance.now() - d0);
    },
    (open) => {
      hooks.relayOpen = open;
    },
  );

  // ---- role views
  if (role === 'board') {
    const el = document.createElement('section');
    el.className = 'live-board';
    main.appendChild(el);
    showBoard = mountBoard(el);
  } else if (role !== 'engine') {
    const el = document.createElement('div');
    el.className = 'live-map';
    main.appendChild(el);
    map = await mountMap(el, scenarioUrl, params.get('layers')?.split(','));
    hooks.toScreen = (x: number, y: number) => map!.view.ts.toScreen(x, y);
    hooks.depthAt = (k: number) => (last ? last.depth[k] : null);
    hooks.dem = {
      ncols: map.dem.ncols,
      nrows: map.dem.nrows,
      cellSize: map.dem.cellSize,
      xll: map.dem.xll,
      yll: map.dem.yll,
    };
    hooks.zAt = (k: number) => map!.dem.values[k];
    hooks.renderNow = () =>
      new Promise<void>((resolve) => {
        const scene = map!.view.ts.viewer.scene;
        const off = scene.postRender.addEventListener(() => {
          off();
          resolve();
        });
        scene.requestRender();
      });
    const shown = last as FrameMsg | null;
    if (shown) map.showDepth(shown.depth, shown.index);
  }
  if (runsEngine) {
    status.textContent = 'starting the engine…';
    // a drill already under way (screens that hold its frames answer): resume it, not a new one
    bus.send({ type: 'hello', role: 'engine', session });
    await new Promise((r) => setTimeout(r, 1500));
    const resume = resumeFrom as { entries: LogEntry[]; frame: number } | null;
    hooks.resumedFrom = resume?.frame ?? null;
    engine = await startEngine(
      bus,
      scenarioUrl,
      {
        speed,
        durationS: num('durationS'),
        frameIntervalS,
        stepsPerFrame,
        session,
        resume,
        checkpointKey: `${room}|${scenarioUrl}|${num('durationS') ?? ''}|${frameIntervalS}|${stepsPerFrame}`,
        checkpointEveryS: num('checkpointS'),
      },
      (f) => {
        if (!info) return;
        showFrame(frameMessage(session, f, info));
      },
      setBoard,
    );
    info = engine.info;
    status.textContent = '';
    hooks.engineStats = engine.stats;
    hooks.engineInfo = engine.info;
    // an engine screen takes injects from the bus; its hook gives one straight in (tools/drillWallTiming.ts)
    if (role === 'engine') hooks.inject = (i: LiveInject) => (engine as EngineHost).inject(i);
  }
  if (role === 'director') {
    const send = async (i: LiveInject): Promise<void> => {
      // the camera now is this inject's bookmark: every map screen flies there
      bus.send({ type: 'camera', fly: true, view: map!.camera() });
      if (engine) await engine.inject(i);
      else bus.send({ type: 'inject', inject: i });
    };
    panel = mountInjectPanel(
      main,
      map!,
      send,
      () => (engine ? engine.log() : log),
      (entries) =>
        drillLogJson({
          format: 'floodtwin-drill-log',
          version: 1,
          scenario,
          frameIntervalS: info?.frameIntervalS ?? 0,
          stepsPerFrame: info?.stepsPerFrame ?? 1,
          entries,
        }),
    );
    if (info) panel.setInfo(info);
    hooks.inject = send;
    hooks.panel = panel;
    hooks.setCamera = (c: CameraView) => {
      map!.setCamera(c, false);
      bus.send({ type: 'camera', fly: false, view: c });
    };
    hooks.camera = () => map!.camera();
  }
  // the director holds the drill; so may an engine screen's own test hook
  hooks.pause = (p: boolean) => {
    engine?.setPaused(p);
    bus.send({ type: 'pause', paused: p });
  };
  hooks.log = () => (engine ? engine.log() : log);
  hooks.engineLost = () => engineLost();

  // ---- an engine that falls silent: keep the last frame and say so
  const engineLost = () =>
    !runsEngine && (engineGone || (heardEngineAt > 0 && Date.now() - heardEngineAt > ENGINE_LOST_MS));
  setInterval(() => {
    if (runsEngine) return;
    if (engineLost()) status.textContent = `engine lost: showing the last frame (${last ? clockText(last.t) : 'none'})`;
    else if (!last) status.textContent = 'waiting for the engine…';
    else if (status.textContent?.startsWith('engine lost') || status.textContent?.startsWith('waiting'))
      status.textContent = '';
  }, 500);
  bus.send({ type: 'hello', role });
  // ready once mounted; the terrain may still be loading (whenRendered waits for it)
  hooks.whenRendered = () => map?.whenRendered();
  hooks.ready = true;
  void board;
}
