/**
 * Test hooks in one place: the browser tests read a page's state through `window.floodtwin*`
 * entries, and a page installs them only when the test flag is set before it loads
 * (`window.__FLOODTWIN_TEST__ = true`, which tests/e2e/browser.ts adds to every page it opens with
 * playwright's `addInitScript`). A visitor's page never carries them, and the planner's probes and
 * benchmarks (src/ui/plannerTestHooks.ts) are not even downloaded.
 *
 * Each entry is typed here, as a test reads it once the page is ready, so tests write
 * `window.floodtwin!.status` instead of `(window as any)`. Pages build their entry as a `Partial`
 * of that type and call `exposeTestHooks(name, hooks)`; they may keep using `hooks` themselves.
 */
import type { RunDone, RunProgress } from '../sim/runController.ts';
import type { LiveMetrics } from './planner.ts';
import type { PlannerTestHooks } from './plannerTestHooks.ts';
import type { WarnedSummary } from '../modes/ops/warnedPanel.ts';
import type { ForecastNowState } from '../modes/ops/forecastNow.ts';
import type { ResilientDone, Restart } from '../modes/reliability/resilientRun.ts';
import type { ForecastFloodState } from '../modes/ops/twinPanel.ts';
import type { BoardNumbers } from '../../workers/drill/board.ts';

/** the planner page's state (src/ui/app.ts), which the page itself keeps in this object */
export interface PlannerState {
  ready: boolean;
  status: 'loading' | 'ready' | 'running' | 'done' | 'cancelled' | 'error';
  error?: string;
  crossOriginIsolated: boolean;
  /** ms from navigation start to the first rendered twin */
  firstRenderMs?: number;
  scenario?: string;
  summary?: RunDone['summary'];
  maxDepth?: Float32Array;
  /** which flood engine ran, and why the GPU was not used when asked for */
  engine?: { engine: 'cpu' | 'gpu'; adapter: string | null; note?: string };
  frameCount: number;
  lastFrameUpdateMs: number;
  progress?: RunProgress;
  metrics?: LiveMetrics;
  drainageSamples?: number;
  /** the last export the panel prepares (resolves when its files are ready) */
  exportsReady?: Promise<void>;
  /** the name of the last dropped SWMM network */
  network?: string;
}

/** window.floodtwin: the planner's state and, under the flag, its probes and benchmarks */
type PlannerHooks = PlannerState & PlannerTestHooks;

/** the drill's simulation screen (src/modes/reliability/runPage.ts) */
export interface RunScreenHooks {
  ready: boolean;
  status: 'loading' | 'ready' | 'running' | 'done' | 'error';
  error?: string;
  /** each restart after a worker died */
  restarts: Restart[];
  /** what the test's crash hook did to the flood worker */
  crashed?: unknown;
  summary?: ResilientDone['summary'];
  run(opts?: { crashAtFrame?: number; silent?: boolean }): Promise<void>;
  /** the cell of output point `id` */
  pointCell(id: string): number;
  frames(): { times: number[]; n: number };
  depthAt(k: number, i?: number): number | undefined;
  /** every depth of frame i (the last by default) */
  depths(i?: number): number[] | null;
  /** water stored in frame i (m3) */
  storedM3(i?: number): number;
  /** flood workers alive now */
  liveFloodWorkers(): number;
  [k: string]: unknown;
}

/** the planner's risk-zoning panel (src/ui/ensemblePanel.ts, `?ensemble=`) */
export interface EnsembleHooks {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  /** the merged folder's maps (file names), the one drawn now, the risk points drawn */
  maps: string[];
  shown: string | null;
  riskPoints?: number;
  reportUrl?: string;
  /** picks a map (null: none) and the risk points, as the panel's controls do; resolves once drawn */
  show?(file: string | null, withRisk?: boolean): Promise<void>;
}

/** the drill screens (src/modes/drill/page.ts) and the live drill (src/modes/drill/live/page.ts) */
export interface DrillHooks {
  ready: boolean;
  error?: string;
  /** the frame index the page shows (drill) */
  shownFrame(): number | null;
  drillTime(): number | null;
  /** the map's water: wet cells shown, the frame of the recorded pack (drill) */
  water(): { wet: number | null; packFrame: number; packTimeS: number | null };
  waterMm(col: number, row: number): number | null;
  waterError?: string;
  /** window pixel of a cell's centre on the map (drill) */
  cellClient(col: number, row: number): [number, number] | null;
  /** the last frame received (live drill) */
  frame?: { index: number; t: number };
  depthAt(k: number): number | null;
  log(): { inject: { kind: string } }[];
  board?: BoardNumbers;
  engineLost(): boolean;
  [k: string]: unknown;
}

/** the public kiosk (src/modes/kiosk/page.ts) */
export interface KioskHooks {
  ready: boolean;
  error?: string;
  idleS: number;
  resetS: number;
  /** thumbnails made (set once they are) */
  thumbs?: number;
  resets: number;
  state(): string;
  lang(): string;
  controller: { home(): void; [k: string]: unknown };
  water(): {
    wet: number | null;
    card: unknown;
    source: unknown;
    t: number;
    liveFrames: number;
    liveFirstFrameMs: number | null;
    firstWaterMs: number | null;
    error: string | null;
    updateMs: number | null;
    updates: number;
  };
  gl(): Record<string, number> | null;
  /** [time, ms] of each rendered frame */
  renderMs(): [number, number][];
  view(): { azimuth: number; elevation: number; distance: number; target: number[] } | null;
  cellClient(col: number, row: number): [number, number] | null;
  [k: string]: unknown;
}

/** the operations view (src/modes/ops/page.ts) */
export interface OpsHooks {
  ready: boolean;
  polls: number;
  levels: Record<string, number | null>;
  health: Record<string, string>;
  flagged: Record<string, number>;
  banner: boolean;
  countdown: string;
  readings: Record<string, number>;
  warned: WarnedSummary | null;
  /** the "forecast now" request (absent: the feeds file names no ops.controlUrl) */
  forecastNow?: ForecastNowState;
  /** the 3D twin is mounted */
  twinReady: boolean;
  /** the latest forecast flood drawn on the twin */
  flood: ForecastFloodState | null;
  twinError?: string;
  error?: string;
}

/** the page entries, by name */
export interface TestHookEntries {
  floodtwin: PlannerHooks;
  floodtwinRun: RunScreenHooks;
  floodtwinDrill: DrillHooks;
  floodtwinKiosk: KioskHooks;
  floodtwinOps: OpsHooks;
  floodtwinEnsemble: EnsembleHooks;
}

declare global {
  interface Window {
    /** set by a test before the page loads: install the hooks */
    __FLOODTWIN_TEST__?: boolean;
    floodtwin?: PlannerHooks;
    floodtwinRun?: RunScreenHooks;
    floodtwinDrill?: DrillHooks;
    floodtwinKiosk?: KioskHooks;
    floodtwinOps?: OpsHooks;
    floodtwinEnsemble?: EnsembleHooks;
  }
}

/** true when the page runs under a browser test (the flag was set before it loaded) */
export function testHooksEnabled(
  w: { __FLOODTWIN_TEST__?: boolean } = globalThis as { __FLOODTWIN_TEST__?: boolean },
): boolean {
  return w.__FLOODTWIN_TEST__ === true;
}

/**
 * Puts `hooks` on `window[name]` when testHooksEnabled(), and returns them either way. A page
 * fills in the rest of its entry as it loads (the type says what a test finds once it is ready).
 * @example const hooks = exposeTestHooks('floodtwinRun', { ready: false, status: 'loading', restarts: [] });
 */
export function exposeTestHooks<K extends keyof TestHookEntries, H extends Partial<TestHookEntries[K]>>(
  name: K,
  hooks: H,
  w: { [k: string]: unknown; __FLOODTWIN_TEST__?: boolean } = globalThis as never,
): H {
  if (testHooksEnabled(w)) w[name] = hooks;
  return hooks;
}

/** The page's hooks under `name` if the test flag put them there (the modes' error path fills in `error`). */
export function exposedTestHooks<K extends keyof TestHookEntries>(
  name: K,
  w: { [k in K]?: Partial<TestHookEntries[K]> } = globalThis as never,
): Partial<TestHookEntries[K]> | undefined {
  return w[name];
}
