/**
 * The planner page's test and benchmark hooks: probes of the scene and the frames, and timed
 * frame updates, for the browser tests (tests/e2e) and the page measurements (tests/e2e/measure.ts).
 * The page loads this module only under the test flag (src/ui/testHooks.ts), so a visitor's page
 * neither downloads nor carries it. Everything here reads the page through `PlannerPage`.
 */
import type { Scene } from 'cesium';
import type { Grid } from '../core/grid.ts';
import type { FrameStore } from '../sim/frameStore.ts';
import type { Playback } from '../sim/playback.ts';
import type { EvacuationPageHooks } from '../sim/evacuationPage.ts';
import type { TwinScene } from '../scene/twinScene.ts';
import type { BuildingsLayer } from '../scene/buildingsLayer.ts';
import type { RoadsLayer } from '../scene/roadsLayer.ts';
import type { GaugesLayer } from '../scene/gaugesLayer.ts';
import type { SheltersLayer } from '../scene/sheltersLayer.ts';
import type { PipesLayer } from '../scene/pipesLayer.ts';
import type { AgentsLayer } from '../scene/agentsLayer.ts';
import type { WaterLayer } from '../scene/waterLayer.ts';
import type { WaterBench } from '../scene/threeWaterBench.ts';
import type { CompareView } from './compare.ts';
import type { ExportPanel } from './exportPanel.ts';
import type { LiveMetrics } from './planner.ts';

/** the planner page as its test hooks see it (getters: a dropped file replaces the DEM and the layers) */
export interface PlannerPage {
  scene(): TwinScene;
  dem(): Grid;
  frames: FrameStore;
  playback: Playback;
  layers(): {
    buildings: BuildingsLayer | null;
    roads: RoadsLayer | null;
    gauges: GaugesLayer | null;
    shelters: SheltersLayer | null;
    pipes: PipesLayer | null;
    agents: AgentsLayer | null;
  };
  evacuation: EvacuationPageHooks;
  /** the drainage file the next run couples, or null */
  drainageFile(): string | null;
  compare: CompareView;
  exports: ExportPanel;
  run(): Promise<void>;
  openHydrograph(id: string): Promise<void>;
  acceptFile(name: string, bytes: Uint8Array): Promise<boolean>;
  /** shows playback.t; `force` redraws the vector layers even when the nearest frame is unchanged */
  showTime(force?: boolean): void;
  /** the timeline's cursor and extent follow the frames */
  syncTimeline(): void;
  liveMetrics(tS: number, depth: Float32Array, bDepth: Float32Array | null, roadsCut: number): LiveMetrics;
}

/** a gauge as the tests place it on screen (top: above the highest of its marks) */
export interface GaugeMark {
  id: string;
  x: number;
  y: number;
  groundM: number;
  top: number;
}

/** main-thread ms of showing frames (medians), from benchFrameUpdate */
export interface FrameUpdateBench {
  cells: number;
  buildings: number;
  roads: number;
  newFrameMs: number;
  uploadMs: number;
  betweenMs: number;
}

export interface PlannerTestHooks {
  run(): Promise<void>;
  compare: CompareView;
  exports: ExportPanel;
  readonly frames: FrameStore;
  readonly evacuation: EvacuationPageHooks;
  readonly dem: Grid;
  /** window pixel of a map point `above` metres over the ground, or null when off screen */
  toScreen(x: number, y: number, above?: number): [number, number] | null;
  /** time of the recorded frame with the largest flooded area (≥ 0.1 m) */
  peakTime(): number;
  /** the Cesium scene, for measurements in the browser tests */
  cesiumScene(): Scene;
  /** in the frame shown now: the deepest cell, and the highest cell shallower than `dryM` */
  probe(dryM?: number): { wet: number[] | null; dry: number[] | null; wetDepth: number } | null;
  gauges(): GaugeMark[];
  openHydrograph(id: string): Promise<void>;
  acceptFile(name: string, bytes: Uint8Array): Promise<boolean>;
  seek(t: number): void;
  /** resolves after the next rendered frame */
  renderNow(): Promise<void>;
  whenRendered(): Promise<void>;
  /** three.js overlay against the Cesium primitive for the water (loads three.js on demand) */
  benchWaterLayers(reps?: number): Promise<WaterBench>;
  benchFrameUpdate(reps?: number): FrameUpdateBench;
  /** the agents layer now: point count, agents per colour, Cesium position of point i */
  agents(): { count: number; counts: Record<string, number>; shownS: number | undefined } | null;
  agentPosition(i: number): [number, number, number] | null;
  shelterOccupancy(id: string): number | null;
  /** the sewer layer now: conduit and node ids, what it drew */
  pipesLayer(): { linkIds: string[]; nodeIds: string[]; drawn: { conduits: number; nodes: number } } | null;
  /** the water layer (the hazard e2e test shows made-up frames with it) */
  waterLayer(): WaterLayer;
  /** the drainage file the next run couples, or null */
  runDrainageFile(): string | null;
}

/** The planner's test hooks over `page`; the page puts them on window.floodtwin. */
export function plannerTestHooks(page: PlannerPage): PlannerTestHooks {
  const { frames, playback } = page;
  return {
    run: () => page.run(),
    compare: page.compare,
    exports: page.exports,
    get frames() {
      return frames;
    },
    get evacuation() {
      return page.evacuation;
    },
    get dem() {
      return page.dem();
    },
    toScreen: (x, y, above = 0) => page.scene().toScreen(x, y, above),
    peakTime: () => peakTime(frames),
    cesiumScene: () => page.scene().viewer.scene,
    probe: (dryM = 0.005) => probe(frames, playback.t, page.dem(), dryM),
    gauges: () =>
      page.layers().gauges?.gauges.map((g) => ({
        id: g.id,
        x: g.x,
        y: g.y,
        groundM: g.groundM,
        top: Math.max(g.guaranteedLevelM, g.warningLevelM, g.groundM) + 2,
      })) ?? [],
    openHydrograph: (id) => page.openHydrograph(id),
    acceptFile: (name, bytes) => page.acceptFile(name, bytes),
    seek: (t) => {
      playback.seek(t);
      page.showTime();
      page.syncTimeline();
    },
    renderNow: () =>
      new Promise<void>((resolve) => {
        const scene = page.scene().viewer.scene;
        const off = scene.postRender.addEventListener(() => {
          off();
          resolve();
        });
        scene.requestRender();
      }),
    whenRendered: () => page.scene().whenRendered(),
    benchWaterLayers: async (reps = 3) => {
      const { benchWater } = await import('../scene/threeWaterBench.ts');
      const out = benchWater(page.scene(), reps);
      page.showTime(true);
      return out;
    },
    benchFrameUpdate: (reps = 9) => benchFrameUpdate(page, reps),
    agents: () => {
      const a = page.layers().agents;
      return a ? { count: a.count, counts: { ...a.counts }, shownS: page.evacuation.shownS } : null;
    },
    agentPosition: (i) => {
      const p = page.layers().agents?.positionOf(i);
      return p ? [p.x, p.y, p.z] : null;
    },
    shelterOccupancy: (id) => page.layers().shelters?.occupancyOf(id) ?? null,
    pipesLayer: () => {
      const p = page.layers().pipes;
      return p ? { linkIds: p.linkIds, nodeIds: p.nodeIds, drawn: p.drawn } : null;
    },
    waterLayer: () => page.scene().water,
    runDrainageFile: () => page.drainageFile(),
  };
}

/** time of the recorded frame with the largest flooded area (≥ 0.1 m) */
function peakTime(frames: FrameStore): number {
  let best = 0,
    bestWet = -1;
  frames.frames.forEach((f, i) => {
    let wet = 0;
    for (let k = 0; k < f.length; k++) if (f[k] >= 0.1) wet++;
    if (wet > bestWet) {
      bestWet = wet;
      best = frames.times[i];
    }
  });
  return best;
}

/** the deepest cell and the highest cell shallower than `dryM` in the frame nearest `t`, as map points */
function probe(frames: FrameStore, t: number, dem: Grid, dryM: number): ReturnType<PlannerTestHooks['probe']> {
  const b = frames.bracket(t);
  if (!b) return null;
  const md = frames.frames[b.w < 0.5 ? b.i0 : b.i1];
  let wet = -1,
    dry = -1;
  for (let k = 0; k < md.length; k++) {
    if (md[k] > (wet < 0 ? 0 : md[wet])) wet = k;
    if (md[k] < dryM && !Number.isNaN(dem.values[k]) && (dry < 0 || dem.values[k] > dem.values[dry])) dry = k;
  }
  const xy = (k: number) => [
    dem.xll + ((k % dem.ncols) + 0.5) * dem.cellSize,
    dem.yll + (dem.nrows - Math.floor(k / dem.ncols) - 0.5) * dem.cellSize,
  ];
  return { wet: wet >= 0 ? xy(wet) : null, dry: dry >= 0 ? xy(dry) : null, wetDepth: wet >= 0 ? md[wet] : 0 };
}

/** a made-up depth frame: a level `above` metres over the DEM's lowest cell */
function levelFrame(dem: Grid, above: number): Float32Array {
  const z = dem.values;
  let lo = Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] < lo) lo = z[i];
  const d = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const h = lo + above - z[i];
    d[i] = h > 0 ? h : 0;
  }
  return d;
}

/**
 * Main-thread cost of showing frames on this twin (ms, medians over `reps`): a new frame
 * (upload + buildings, roads, gauges, live metrics) and an in-between time (weight only).
 * Uses made-up depth frames (a level over the DEM); shows the recorded frames again after.
 */
function benchFrameUpdate(page: PlannerPage, reps: number): FrameUpdateBench {
  const dem = page.dem();
  const water = page.scene().water;
  const { buildings, roads, gauges } = page.layers();
  const fa = levelFrame(dem, 3),
    fb = levelFrame(dem, 6);
  const newFrame: number[] = [],
    between: number[] = [],
    upload: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    // frame r is resident from the step before; frame r + 1 is new (one upload, as in playback)
    water.setFrames(r % 2 ? fb : fa, -100 - r, r % 2 ? fa : fb, -101 - r, 0.5);
    upload.push(water.lastUpdateMs());
    const bd = buildings?.update(fb);
    const cut = roads?.update(fb) ?? 0;
    gauges?.update(fb);
    page.liveMetrics(0, fb, bd ?? null, cut);
    newFrame.push(performance.now() - t0);
    const t1 = performance.now();
    water.setFrames(r % 2 ? fb : fa, -100 - r, r % 2 ? fa : fb, -101 - r, 0.25 + 0.5 * Math.random());
    between.push(performance.now() - t1);
  }
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  page.showTime(true);
  return {
    cells: dem.ncols * dem.nrows,
    buildings: buildings?.buildings.length ?? 0,
    roads: roads?.count ?? 0,
    newFrameMs: med(newFrame),
    uploadMs: med(upload),
    betweenMs: med(between),
  };
}
