/**
 * The planner page: reads the deep link (?scenario=…&autorun=1&mode=planner&camera=lon,lat,h,heading,pitch
 * &hazard=1&exag=2), loads the scenario and its twin through the I/O worker, builds the scene,
 * and wires the planner panel, the timeline and the drop area. Under the test flag `window.floodtwin`
 * exposes the state, and the probes of src/ui/plannerTestHooks.ts, to the browser tests (src/ui/testHooks.ts).
 */
import { engineFromUrl, mountEngineSelect } from './engineSelect.ts';
import * as Comlink from 'comlink';
import { Cartesian3, Math as CMath, ScreenSpaceEventHandler, ScreenSpaceEventType, type Cartesian2 } from 'cesium';
import type { FeatureCollection } from 'geojson';
import type { Grid } from '../core/grid.ts';
import type { IoApi, LoadedScenario, DroppedResult } from '../../workers/io.worker.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { DrainageSample } from '../../workers/flood/coupling.ts';
import { bandIndex, bandLabels, DEFAULT_DEPTH_BANDS_M } from '../../workers/analysis/floodMetrics.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import { mountTwinView } from '../scene/twinView.ts';
import type { BuildingsLayer } from '../scene/buildingsLayer.ts';
import type { RoadsLayer } from '../scene/roadsLayer.ts';
import type { SheltersLayer } from '../scene/sheltersLayer.ts';
import type { GaugesLayer } from '../scene/gaugesLayer.ts';
import { addPipesLayer, type PipesLayer, type PipeState } from '../scene/pipesLayer.ts';
import type { NetworkGeometry } from '../../workers/io.worker.ts';
import { FrameStore } from '../sim/frameStore.ts';
import { Playback } from '../sim/playback.ts';
import { startRun, type RunDone, type RunHandle } from '../sim/runController.ts';
import { mountPlanner, showEventError, type LiveMetrics, type PlannerView } from './planner.ts';
import { mountTimeline, fmtDuration, type TimelineView } from './timeline.ts';
import { renderLegend } from './legend.ts';
import { hydrographChart, type ChartSeries } from './hydrograph.ts';
import { DRY_DEPTH_M } from '../export/colorRamp.ts';
import { createEvacuationPage, pageSetup, runOverrides, overriddenEvacuation } from '../sim/evacuationPage.ts';
import type { AgentsLayer } from '../scene/agentsLayer.ts';
import { mountEvacuationPanel } from './evacuationPanel.ts';
import { mountCompare, type CompareView } from './compare.ts';
import { mountExportPanel } from './exportPanel.ts';
import { type EnsembleView, mountEnsemblePanel } from './ensemblePanel.ts';
import { escapeHtml } from '../core/escapeHtml.ts';
import { loadPageTwin } from '../sim/pageTwin.ts';
import { sameOriginUrl } from '../io/sameOrigin.ts';
import { exposeTestHooks, testHooksEnabled, type PlannerState } from './testHooks.ts';

// scenario files known at build time (the static copy serves them under /scenarios/)
const SCENARIOS = Object.keys(import.meta.glob('/scenarios/**/*.json'))
  .map((k) => k.replace(/^\/scenarios\//, ''))
  // drill scripts (scenarios/drills/) are not scenarios
  .filter((k) => !k.endsWith('index.json') && !k.startsWith('drills/'))
  .sort();
/** the largest dropped file the page reads (parsing happens in a worker, but the bytes sit in memory) */
const MAX_DROP_BYTES = 512 * 2 ** 20;
// the hot-started window of the third peak on the default twin (the ten-day river-flood.json is for the CLI)
const DEFAULT_SCENARIO =
  ['river-flood-peak.json', 'river-flood.json'].find((s) => SCENARIOS.includes(s)) ??
  SCENARIOS[0] ??
  'river-flood.json';

export async function startApp(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const scenarioName = params.get('scenario') ?? DEFAULT_SCENARIO;
  const mode = params.get('mode') ?? 'planner';
  document.body.dataset.mode = mode;
  const state: PlannerState = {
    ready: false,
    status: 'loading',
    crossOriginIsolated: self.crossOriginIsolated,
    frameCount: 0,
    lastFrameUpdateMs: 0,
    scenario: scenarioName,
  };
  const hooks = exposeTestHooks('floodtwin', state);
  const toast = root.querySelector('#toast') as HTMLElement;
  const showToast = (msg: string) => {
    toast.textContent = msg;
    toast.hidden = false;
    setTimeout(() => {
      toast.hidden = true;
    }, 8000);
  };

  const io = Comlink.wrap<IoApi>(
    new Worker(new URL('../../workers/io.worker.ts', import.meta.url), { type: 'module', name: 'floodtwin-io' }),
  );
  // a bare name is a file under scenarios/; a path from the site root (/…) is taken as is
  let scenarioUrl: string;
  let loaded: LoadedScenario;
  try {
    scenarioUrl = sameOriginUrl(
      scenarioName.startsWith('/') ? scenarioName : `scenarios/${scenarioName}`,
      new URL(import.meta.env.BASE_URL, location.href),
      '?scenario=',
    ).href;
    loaded = await io.loadScenario(scenarioUrl);
  } catch (e) {
    hooks.status = 'error';
    hooks.error = (e as Error).message;
    throw new Error(`scenario ${scenarioName}: ${(e as Error).message}`);
  }
  performance.measure('floodtwin:load scenario', { start: 0, end: performance.now() });
  const twin = await loadPageTwin(scenarioUrl, loaded.scenario.twin);
  performance.measure('floodtwin:load layers', { start: 0, end: performance.now() });
  // the sewer network the scenario couples, drawn as pipes
  let network: NetworkGeometry | null = null;
  const netPath = (loaded.scenario as { drainage?: { network?: unknown } }).drainage?.network;
  if (typeof netPath === 'string') {
    try {
      const r = await fetch(sameOriginUrl(netPath, scenarioUrl, 'drainage.network'));
      if (r.ok) network = await io.readNetworkGeometry(new Uint8Array(await r.arrayBuffer()), netPath);
    } catch (e) {
      console.warn(`sewer network ${netPath}: ${(e as Error).message}`);
    }
  }

  // ---- state that a dropped file may replace
  let dem: Grid = loaded.dem;
  let setupBase: FloodSetup = loaded.setup;
  // ?durationS= / warningAtS= / warningLeadS= / evacuate= (src/sim/evacuationPage.ts), and the evacuation in the page
  const overrides = runOverrides(params);
  const evac = createEvacuationPage(scenarioUrl, loaded.scenario, overrides);
  setupBase = pageSetup(
    setupBase,
    overriddenEvacuation(loaded.scenario.evacuation, overrides),
    scenarioName,
    overrides,
  );
  let agents: AgentsLayer | null = null;
  const observed = new Map<string, { times: Float64Array; values: Float64Array }>();

  const frames = new FrameStore();
  const playback = new Playback(() => frames.lastTime);
  // before any run the timeline holds the initial state (the river at its starting level)
  const showInitial = () => {
    frames.clear();
    frames.push(0, setupBase.initialDepth ?? new Float32Array(dem.ncols * dem.nrows));
    playback.t = 0;
  };
  showInitial();
  let hazard = params.get('hazard') === '1';
  let exaggeration = Number(params.get('exag') ?? 1) || 1;
  // ?layers=buildings,roads picks the vector layers to show (default: all the twin has)
  const want = params.get('layers')?.split(',');
  const layerOn: Record<string, boolean> = {
    buildings: !!twin.buildings,
    roads: !!twin.roads,
    gauges: !!twin.gauges,
    shelters: !!(twin.shelters || twin.facilities),
    pipes: !!network,
  };
  if (want) for (const k of Object.keys(layerOn)) layerOn[k] &&= want.includes(k);
  layerOn.water = !want || want.includes('water');

  // ---- the scene
  const mapEl = root.querySelector('#map') as HTMLElement;
  let ts!: TwinScene;
  let buildings: BuildingsLayer | null = null;
  let roads: RoadsLayer | null = null;
  let shelters: SheltersLayer | null = null;
  let gauges: GaugesLayer | null = null;
  let pipes: PipesLayer | null = null;
  let pipeIndex: { links: Map<string, number>; nodes: Map<string, number> } | null = null;
  /** sewer states of the current run, in time order */
  const pipeStates: { t: number; state: PipeState }[] = [];
  let clickHandler: ScreenSpaceEventHandler | null = null;

  const mountScene = () => {
    ts?.destroy();
    clickHandler?.destroy();
    mapEl.innerHTML = '';
    ({ ts, buildings, roads, shelters, gauges, pipes, agents } = mountTwinView(mapEl, dem, twin, {
      network,
      layerOn,
      exaggeration,
      hazard,
      agents: evac.enabled,
    }));
    ensembleView?.attach(ts);
    const scene = ts.viewer.scene;
    pipeIndex = pipes
      ? { links: new Map(pipes.linkIds.map((id, k) => [id, k])), nodes: new Map(pipes.nodeIds.map((id, k) => [id, k])) }
      : null;
    applyCamera();
    clickHandler = new ScreenSpaceEventHandler(scene.canvas);
    clickHandler.setInputAction((e: { position: Cartesian2 }) => {
      const id = gauges?.gaugeOf(scene.pick(e.position));
      if (id) openHydrograph(id);
    }, ScreenSpaceEventType.LEFT_CLICK);
    lastShown = -1;
    showTime(true);
  };

  const applyCamera = () => {
    const cam = params.get('camera')?.split(',').map(Number);
    if (cam && cam.length >= 3 && cam.every(Number.isFinite)) {
      ts.viewer.camera.setView({
        destination: Cartesian3.fromDegrees(cam[0], cam[1], cam[2]),
        orientation: { heading: CMath.toRadians(cam[3] ?? 0), pitch: CMath.toRadians(cam[4] ?? -90), roll: 0 },
      });
    } else ts.home();
    ts.viewer.scene.requestRender();
  };

  // ---- showing a time: water mixes two frames; the vector layers take the nearest frame
  let lastShown = -1;
  let metrics: LiveMetrics | null = null;
  const showTime = (force = false) => {
    const b = frames.bracket(playback.t);
    if (!b) {
      const zero = new Float32Array(dem.ncols * dem.nrows);
      ts.water.setFrames(zero, -1, zero, -1, 0);
      buildings?.update(null);
      roads?.update(null);
      gauges?.update(null);
      return;
    }
    ts.water.setFrames(
      frames.frames[b.i0],
      frames.keys[b.i0],
      frames.frames[b.i1],
      frames.keys[b.i1],
      b.w,
      frames.speeds[b.i0],
      frames.speeds[b.i1],
    );
    hooks.lastFrameUpdateMs = ts.water.lastUpdateMs();
    showEvacuation(playback.t);
    const nearest = b.w < 0.5 ? b.i0 : b.i1;
    if (nearest !== lastShown || force) {
      lastShown = nearest;
      const depth = frames.frames[nearest];
      const bd = buildings?.update(depth);
      const cut = roads?.update(depth) ?? 0;
      gauges?.update(depth);
      pipes?.update(pipeStateAt(frames.times[nearest]));
      metrics = liveMetrics(frames.times[nearest], depth, bd ?? null, cut);
      planner.showMetrics(metrics);
      hooks.metrics = metrics;
    }
  };

  // the evacuation follows the timeline once the run's evacuation is ready (the latest time wins)
  const showEvacuation = (t: number) => {
    if (evac.hooks.status !== 'done') return;
    void evac.at(t).then(
      (v) => {
        if (!v) return;
        agents?.update(v.frame.positions, v.frame.states, evac.modes(), evac.origin);
        const r = evac.hooks.result;
        r?.shelters.forEach((s, i) => {
          shelters?.setOccupancy(s.id, v.frame.shelterOccupancy[i]);
        });
        evacPanel.setTime(v.timeS, v.frame.state, v.frame.shelterOccupancy);
      },
      (e) => console.warn(`evacuation: ${(e as Error).message}`),
    );
  };

  const pipeStateAt = (t: number): PipeState | null => {
    let best: PipeState | null = null;
    for (const p of pipeStates) {
      if (p.t > t + 1e-6) break;
      best = p.state;
    }
    return best;
  };
  const onDrainage = (t: number, s: DrainageSample) => {
    if (!pipes || !pipeIndex) return;
    const fill = new Float32Array(pipes.linkIds.length).fill(NaN);
    const overflowing = new Uint8Array(pipes.nodeIds.length);
    s.links.id.forEach((id, i) => {
      const k = pipeIndex!.links.get(id);
      if (k !== undefined) fill[k] = s.links.fill[i];
    });
    s.nodes.id.forEach((id, i) => {
      const k = pipeIndex!.nodes.get(id);
      if (k !== undefined && (s.nodes.overflow[i] > 0 || s.nodes.flooding[i] > 0)) overflowing[k] = 1;
    });
    if (pipeStates.length && t <= pipeStates[pipeStates.length - 1].t) return;
    pipeStates.push({ t, state: { fill, overflowing } });
    hooks.drainageSamples = pipeStates.length;
  };

  const liveMetrics = (tS: number, depth: Float32Array, bDepth: Float32Array | null, roadsCut: number): LiveMetrics => {
    const bands = DEFAULT_DEPTH_BANDS_M;
    let wet = 0,
      maxD = 0;
    for (let i = 0; i < depth.length; i++) {
      const d = depth[i];
      if (d >= bands[0]) wet++;
      if (d > maxD) maxD = d;
    }
    const bb = new Array<number>(bands.length).fill(0),
      pb = new Array<number>(bands.length).fill(0);
    if (bDepth && buildings) {
      for (let k = 0; k < bDepth.length; k++) {
        const i = bandIndex(bands, bDepth[k]);
        if (i < 0) continue;
        bb[i]++;
        pb[i] += buildings.buildings[k].population;
      }
    }
    return {
      tS,
      floodedAreaM2: wet * dem.cellSize * dem.cellSize,
      maxDepthM: maxD,
      bandLabels: bandLabels(bands),
      buildingsByBand: bb,
      peopleByBand: pb,
      roadsCut,
    };
  };

  // ---- animation loop: runs while playing, following a live run, or scrubbing
  let rafId = 0;
  let lastTick = 0;
  const loop = (now: number) => {
    rafId = 0;
    const dt = lastTick ? (now - lastTick) / 1000 : 0;
    lastTick = now;
    if (playback.tick(Math.min(dt, 0.25))) showTime();
    timeline.sync(frames.lastTime, setupBase.durationS);
    if (playback.playing || (playback.follow && hooks.status === 'running')) kick();
  };
  const kick = () => {
    if (!rafId) rafId = requestAnimationFrame(loop);
    if (!playback.playing) lastTick = 0;
  };

  // ---- runs
  let run: RunHandle | null = null;
  /** the prepared setup with the planner's event edits applied (rain series and scale, river scale) */
  const buildSetup = (): FloodSetup => {
    const ed = planner.readEdits();
    let rain = setupBase.rainMmPerHour;
    if (ed.rainSeries) {
      const ok =
        Array.isArray(ed.rainSeries) &&
        ed.rainSeries.length > 0 &&
        ed.rainSeries.every(
          (p, i, a) =>
            Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && p[1] >= 0 && (i === 0 || p[0] > a[i - 1][0]),
        );
      if (!ok) throw new Error('rain series must be [[t s, mm/h], ...] with increasing t and rates ≥ 0');
      rain = ed.rainSeries;
    }
    return {
      ...setupBase,
      rainMmPerHour: rain ? rain.map(([t, v]) => [t, v * ed.rainScale] as [number, number]) : null,
      inflows: setupBase.inflows.map((f) => ({
        ...f,
        hydrograph: f.hydrograph.map(([t, q]) => [t, q * ed.riverScale] as [number, number]),
      })),
    };
  };

  const startRunning = async () => {
    if (run) return;
    planner.clearError();
    let setup: FloodSetup;
    try {
      setup = buildSetup();
    } catch (e) {
      showEventError(plannerEl, (e as Error).message);
      return;
    }
    hooks.status = 'running';
    hooks.summary = undefined;
    planner.setRunning(true);
    planner.showSummary('');
    playback.follow = true;
    playback.playing = false;
    pipeStates.length = 0;
    evac.reset();
    agents?.clear();
    if (evac.enabled) evacPanel.setMessage('waiting for the flood run…');
    // the twin's gauges as output points, as `floodtwin run` (the export panel's series.csv)
    await exportPanel.prepare(setup).catch((e) => console.warn(`export: ${(e as Error).message}`));
    const t0 = performance.now();
    try {
      run = await startRun(setup, {
        frames,
        engine: engineUi.value(),
        onEngine: (e) => {
          hooks.engine = e;
          engineUi.show(e);
        },
        onFrame: () => {
          hooks.frameCount = frames.length;
          kick();
        },
        onDrainage,
        onFlood: (t, depth, speed) => evac.floodFrame(t, depth, speed),
        onProgress: (p) => {
          if (hooks.status !== 'running') return; // a late message after the end
          const left = p.etaS === null ? 'estimating…' : `${fmtDuration(p.etaS)} left`;
          timeline.setProgress(`running ${Math.round(100 * p.fraction)} % · ${left}`, p.fraction);
          hooks.progress = p;
        },
      });
      kick();
      const done = await run.done;
      hooks.summary = done.summary;
      hooks.maxDepth = done.maxDepth;
      hooks.status = done.summary.cancelled ? 'cancelled' : 'done';
      if (!done.summary.cancelled) {
        hooks.exportsReady = exportPanel
          .setRun(setup, done, planner.readEdits())
          .catch((e) => console.warn(`export: ${(e as Error).message}`));
      }
      const wall = (performance.now() - t0) / 1000;
      timeline.setProgress(`${hooks.status} in ${wall.toFixed(1)} s`, 1);
      planner.showSummary(summaryHtml(done, wall));
      playback.follow = true;
      kick();
      if (evac.enabled && !done.summary.cancelled) {
        evacPanel.setMessage('evacuation running…');
        evac.start(setup, done.maxDepth).then(
          (r) => {
            if (!r) return;
            evacPanel.setResult(r);
            lastShown = -1;
            showTime(true);
          },
          (e) => evacPanel.setMessage(`evacuation failed: ${(e as Error).message}`, true),
        );
      }
    } catch (e) {
      hooks.status = 'error';
      hooks.error = (e as Error).message;
      timeline.setProgress('error', 0);
      showEventError(plannerEl, `run failed: ${(e as Error).message}`);
    } finally {
      run = null;
      planner.setRunning(false);
    }
  };

  const summaryHtml = (d: RunDone, wallS: number) => {
    const s = d.summary as Record<string, any>;
    const mb = s.massBalance ?? {};
    const f = (v: unknown, k = 2) => (typeof v === 'number' ? v.toFixed(k) : '–');
    return `<h2>Run summary</h2><table class="metrics" id="runSummary">
      <tr><td>status</td><td data-summary="status">${hooks.status}</td></tr>
      <tr><td>simulated</td><td>${fmtDuration(Number(s.simulatedS ?? setupBase.durationS))}</td></tr>
      <tr><td>wall time</td><td>${wallS.toFixed(1)} s</td></tr>
      <tr><td>steps</td><td>${s.steps ?? '–'}</td></tr>
      <tr><td>max depth</td><td>${f(s.maxDepthM)} m</td></tr>
      <tr><td>mass error</td><td>${typeof mb.relativeError === 'number' ? (100 * mb.relativeError).toExponential(1) + ' %' : '–'}</td></tr>
      <tr><td>cell updates/s</td><td>${typeof s.cellUpdatesPerS === 'number' ? (s.cellUpdatesPerS / 1e6).toFixed(1) + ' M' : '–'}</td></tr>
      <tr><td>workers</td><td>${s.workers ?? '–'}</td></tr></table>`;
  };

  // ---- hydrograph popup
  const popup = root.querySelector('#popup') as HTMLElement;
  const openHydrograph = async (id: string) => {
    const g = gauges?.gauges.find((x) => x.id === id);
    if (!g) return;
    popup.hidden = false;
    popup.dataset.gauge = id;
    popup.innerHTML = `<div style="display:flex;justify-content:space-between"><h1>${escapeHtml(g.name)}${g.nameZh ? ` ${escapeHtml(g.nameZh)}` : ''}</h1><button id="popClose" aria-label="close">✕</button></div><div class="muted">gauge ${escapeHtml(g.id)}; levels in m (${escapeHtml(g.datum ?? 'DEM datum')})</div><div id="chart"></div>`;
    (popup.querySelector('#popClose') as HTMLElement).onclick = () => {
      popup.hidden = true;
    };
    const series: ChartSeries[] = [];
    if (g.cell >= 0 && frames.length) {
      const x = frames.times.map((t) => t / 3600);
      const y = frames.frames.map((f) => (f[g.cell] > DRY_DEPTH_M ? g.groundM + f[g.cell] : NaN));
      series.push({ label: 'simulated', color: '#5ab4ff', x, y });
    }
    if (g.record && twin.base && !observed.has(id)) {
      try {
        const bytes = new Uint8Array(await (await fetch(sameOriginUrl(g.record, twin.base, 'gauges'))).arrayBuffer());
        const r = await io.readDropped(bytes, g.record);
        if (r.gauge) observed.set(id, r.gauge);
      } catch (e) {
        console.warn(`gauge record ${g.record}: ${(e as Error).message}`);
      }
    }
    const obs = observed.get(id);
    // with the scenario's startTime the record shares the run's clock; otherwise it starts at 0
    const start = loaded.scenario.startTime ? Date.parse(loaded.scenario.startTime) : NaN;
    const aligned = Number.isFinite(start);
    if (obs && obs.times.length) {
      const t0 = aligned ? start : obs.times[0];
      series.push({
        label: 'observed',
        color: '#e8e8e8',
        x: Array.from(obs.times, (t) => (t - t0) / 3.6e6),
        y: obs.values,
      });
    }
    const chart = hydrographChart(
      series,
      [
        { label: 'guaranteed', color: '#e0302a', y: g.guaranteedLevelM },
        { label: 'warning', color: '#f0d020', y: g.warningLevelM },
      ],
      {
        width: 400,
        height: 210,
        xLabel:
          obs && !aligned
            ? 'hours (simulated: from scenario start; observed: from first record)'
            : 'hours from scenario start',
      },
    );
    const c = popup.querySelector('#chart') as HTMLElement;
    c.innerHTML = '';
    c.appendChild(chart);
    c.insertAdjacentHTML(
      'beforeend',
      `<div class="muted">${series.map((x) => `<span style="color:${x.color}">━ ${x.label}</span>`).join(' &nbsp; ')}</div>`,
    );
    if (!series.length) c.insertAdjacentHTML('beforeend', '<div class="muted">no record and no run yet</div>');
  };

  // ---- drag and drop: parse in the worker; replace the layer only when it parsed
  const dropHint = root.querySelector('#dropHint') as HTMLElement;
  root.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropHint.hidden = false;
  });
  root.addEventListener('dragleave', () => {
    dropHint.hidden = true;
  });
  root.addEventListener('drop', async (e) => {
    e.preventDefault();
    dropHint.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    // a file larger than this is not read into the page at all: the CLI reads it instead
    if (file.size > MAX_DROP_BYTES) {
      const msg = `${(file.size / 2 ** 20).toFixed(0)} MB is more than the page reads (${MAX_DROP_BYTES / 2 ** 20} MB); prepare it with "npx floodtwin inspect" and a smaller extent`;
      planner.showDropMessage(`${file.name} was not loaded: ${msg}. The current twin is unchanged.`, true);
      showToast(`${file.name}: ${msg}`);
      return;
    }
    await acceptFile(file.name, new Uint8Array(await file.arrayBuffer()));
  });
  const acceptFile = async (name: string, bytes: Uint8Array): Promise<boolean> => {
    let r: DroppedResult;
    try {
      // a SWMM network must couple to this scenario's grid (checked in the worker) before it replaces the old one
      const grid = { ncols: dem.ncols, nrows: dem.nrows, cellSize: dem.cellSize, xll: dem.xll, yll: dem.yll };
      r = await io.readDropped(bytes, name, { scenario: loaded.scenario, grid });
      if (r.kind === 'dem') {
        // the scenario must still fit the new DEM (inflows, points inside it): prepare it again
        const again = await io.loadScenario(scenarioUrl, { bytes, name });
        setupBase = again.setup;
      }
    } catch (err) {
      const msg = (err as Error).message;
      planner.showDropMessage(`${name} was not loaded: ${msg}. The current twin is unchanged.`, true);
      showToast(`${name}: ${msg}`);
      return false;
    }
    if (run) run.cancel();
    if (r.kind === 'dem') {
      dem = r.grid!;
      showInitial();
      mountScene();
    } else if (r.kind === 'geojson') {
      const kind = geojsonKind(r.geojson!);
      twin[kind] = r.geojson!;
      mountScene();
    } else if (r.kind === 'inp' && r.network && r.drainage) {
      // the dropped network replaces the old one: drawn now, coupled by the next run
      network = r.network;
      setupBase = { ...setupBase, drainage: r.drainage };
      pipes?.destroy();
      pipeStates.length = 0;
      layerOn.pipes = true;
      pipes = addPipesLayer(ts.viewer.scene, network, ts.frame, ts.groundAt);
      pipeIndex = {
        links: new Map(pipes.linkIds.map((id, k) => [id, k])),
        nodes: new Map(pipes.nodeIds.map((id, k) => [id, k])),
      };
      const box = plannerEl.querySelector('input[data-layer="pipes"]') as HTMLInputElement | null;
      if (box) box.checked = true;
      renderLegend(legendEl, { hazard, layers: layerOn });
      hooks.network = name;
    } else if (r.kind === 'gauge' && r.gauge) {
      const target = gauges?.gauges.find((g) => g.id === r.gauge!.stationId) ?? gauges?.gauges[0];
      if (target) observed.set(target.id, r.gauge);
    }
    planner.showDropMessage(`${name}: ${r.summary} (loaded)`, false);
    return true;
  };

  // ---- panels
  const plannerEl = root.querySelector('#planner') as HTMLElement;
  const legendEl = root.querySelector('#legend') as HTMLElement;
  const planner: PlannerView = mountPlanner(
    plannerEl,
    SCENARIOS.length ? SCENARIOS : [scenarioName],
    scenarioName,
    {
      pickScenario: (name) => {
        const u = new URL(location.href);
        u.searchParams.set('scenario', name);
        u.searchParams.delete('camera');
        location.href = u.href;
      },
      run: () => void startRunning(),
      cancel: () => run?.cancel(),
      setHazard: (on) => {
        hazard = on;
        ts.water.setHazardMode(on);
        renderLegend(legendEl, { hazard, layers: layerOn });
      },
      setExaggeration: (v) => {
        exaggeration = v;
        ts.setExaggeration(v);
        buildings?.setExaggeration();
        roads?.setExaggeration();
        pipes?.setExaggeration();
        gauges?.setExaggeration();
        lastShown = -1;
        showTime(true);
      },
      setLayer: (name, on) => {
        layerOn[name] = on;
        const l = { buildings, roads, shelters, gauges, pipes, water: ts.water }[name];
        if (l) l.show = on;
        renderLegend(legendEl, { hazard, layers: layerOn });
      },
      copyLink: () => {
        const c = ts.viewer.camera.positionCartographic;
        const u = new URL(location.href);
        u.searchParams.set('scenario', scenarioName);
        u.searchParams.set('mode', mode);
        u.searchParams.set(
          'camera',
          [
            CMath.toDegrees(c.longitude).toFixed(6),
            CMath.toDegrees(c.latitude).toFixed(6),
            c.height.toFixed(0),
            CMath.toDegrees(ts.viewer.camera.heading).toFixed(1),
            CMath.toDegrees(ts.viewer.camera.pitch).toFixed(1),
          ].join(','),
        );
        history.replaceState(null, '', u.href);
        void navigator.clipboard?.writeText(u.href).catch(() => undefined);
      },
      compare: () => compareView.open(),
    },
    { hazard, exaggeration, layers: layerOn },
  );
  // "compare A against B" (src/ui/compare.ts); ?durationS= shortens both runs like --duration-s
  const compareDuration = Number(params.get('durationS'));
  const compareView: CompareView = mountCompare(plannerEl.querySelector('#comparePanel') as HTMLElement, {
    scene: () => ts,
    scenarioUrl,
    durationS: compareDuration > 0 ? compareDuration : undefined,
    showWater: (on) => {
      ts.water.show = on && layerOn.water;
    },
    onRuns: (r) => {
      hooks.exportsReady = exportPanel.setCompare(r).catch((e) => console.warn(`export: ${(e as Error).message}`));
    },
  });
  const engineUi = mountEngineSelect(plannerEl, engineFromUrl(params.get('engine')));
  // downloads of the run's (and the comparison's) files (src/ui/exportPanel.ts)
  const exportPanel = mountExportPanel(plannerEl, {
    scenarioUrl,
    dem: () => dem,
    evacuationSummary: () => evac.hooks.summary,
  });
  // ?ensemble=<merged folder>: the risk-zoning maps and report of `floodtwin ensemble merge` (src/ui/ensemblePanel.ts)
  const ensembleRef = params.get('ensemble');
  const ensembleView: EnsembleView | null = ensembleRef
    ? mountEnsemblePanel(plannerEl, ensembleRef, new URL(import.meta.env.BASE_URL, location.href), dem)
    : null;
  const sc = loaded.scenario;
  planner.setScenarioInfo(
    `${escapeHtml(sc.name)}${sc.nameZh ? ` · ${escapeHtml(sc.nameZh)}` : ''}<br>${dem.ncols}×${dem.nrows} cells of ${dem.cellSize} m · ${fmtDuration(sc.durationS)}${sc.description ? `<br>${escapeHtml(sc.description)}` : ''}${loaded.notes.length ? `<br>${loaded.notes.map(escapeHtml).join('<br>')}` : ''}`,
    setupBase.rainMmPerHour as [number, number][] | null,
    setupBase.inflows.length > 0,
  );
  renderLegend(legendEl, { hazard, layers: layerOn });
  const evacEl = plannerEl.querySelector('#evacuation') as HTMLElement;
  evacEl.hidden = !evac.enabled;
  const evacPanel = mountEvacuationPanel(evacEl);
  const timeline: TimelineView = mountTimeline(root.querySelector('#timeline') as HTMLElement, playback, () => {
    showTime();
    kick();
  });

  mountScene();

  if (testHooksEnabled()) {
    const { plannerTestHooks } = await import('./plannerTestHooks.ts');
    const probes = plannerTestHooks({
      scene: () => ts,
      dem: () => dem,
      frames,
      playback,
      layers: () => ({ buildings, roads, gauges, shelters, pipes, agents }),
      evacuation: evac.hooks,
      drainageFile: () => (setupBase.drainage as { file?: string } | undefined)?.file ?? null,
      compare: compareView,
      exports: exportPanel,
      run: () => startRunning(),
      openHydrograph,
      acceptFile,
      showTime,
      syncTimeline: () => timeline.sync(frames.lastTime, setupBase.durationS),
      liveMetrics,
    });
    // descriptors, not values: frames, evacuation and dem are getters
    Object.defineProperties(hooks, Object.getOwnPropertyDescriptors(probes));
  }

  await ts.whenRendered();
  hooks.firstRenderMs = performance.now();
  hooks.ready = true;
  hooks.status = 'ready';
  if (params.get('autorun') === '1') void startRunning();
}

function geojsonKind(fc: FeatureCollection): 'buildings' | 'roads' | 'shelters' | 'facilities' | 'gauges' {
  const f = fc.features[0];
  const t = f?.geometry?.type ?? '';
  const p = (f?.properties ?? {}) as Record<string, unknown>;
  if (t.includes('Polygon')) return 'buildings';
  if (t.includes('LineString')) return 'roads';
  if ('warningLevelM' in p || 'guaranteedLevelM' in p) return 'gauges';
  if ('capacity' in p) return 'shelters';
  return 'facilities';
}
