/**
 * The evacuation in the page: during a flood run it keeps every flood frame (depth and speed, as the
 * engine gives them); when the run is done it builds the evacuation engine's inputs exactly as the
 * CLI does (src/sim/evacuationRun.ts: the twin's layers, the gauges' forecast records, the at-risk
 * zone) and starts two evacuation workers on them: one runs to the end for the curve, the
 * clearance times and the final shelter use; the other follows the timeline for the agents shown.
 * The engine is event-driven, so stepping it frame by frame gives the same events as one run.
 *
 * URL parameters (the CLI takes the same through a scenario file and `--duration-s`):
 * `durationS` (run length), `warningAtS` (warning at a fixed time), `warningLeadS` (the gauge
 * warning's lead time), `evacuate` (`all` | `atRisk`).
 */
import * as Comlink from 'comlink';
import { InputError } from '../core/errors.ts';
import type { Series } from '../core/timeSeries.ts';
import { parseEvacuationScenario } from '../core/scenario/evacuation.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { EvacuationResult } from '../../workers/evacuation/types.ts';
import type { EvacuationOptionsInput } from '../../workers/evacuation/engine.ts';
import type { EvacuationSummary } from '../../workers/evacuation/outputs.ts';
import type { EvacuationFrame, EvacuationInputData, EvacuationWorkerApi } from '../../workers/evacuation.worker.ts';
import { atRiskDepths, evacuationFrameInterval, gaugeRecords, gaugeStages } from './evacuationRun.ts';
import { ringCentroid } from '../core/ringCentroid.ts';
import { loadTwinLayers, type TwinLayers } from './twinLayers.ts';

export interface RunOverrides {
  durationS?: number;
  warningAtS?: number;
  warningLeadS?: number;
  evacuate?: 'all' | 'atRisk';
}

/** The overrides in a page's query string; a bad value is an InputError naming the parameter. */
export function runOverrides(params: URLSearchParams): RunOverrides {
  const o: RunOverrides = {};
  const num = (name: string, min: number): number | undefined => {
    const v = params.get(name);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min)
      throw new InputError(`URL parameter ${name} must be a number ≥ ${min}, got "${v}"`, { field: name });
    return n;
  };
  const d = num('durationS', 0);
  if (d !== undefined) {
    if (!(d > 0)) throw new InputError('URL parameter durationS must be positive', { field: 'durationS' });
    o.durationS = d;
  }
  const at = num('warningAtS', 0);
  if (at !== undefined) o.warningAtS = at;
  const lead = num('warningLeadS', 0);
  if (lead !== undefined) o.warningLeadS = lead;
  const ev = params.get('evacuate');
  if (ev !== null) {
    if (ev !== 'all' && ev !== 'atRisk')
      throw new InputError(`URL parameter evacuate must be "all" or "atRisk", got "${ev}"`, { field: 'evacuate' });
    o.evacuate = ev;
  }
  return o;
}

/** The scenario's `evacuation` field with the overrides applied (a copy). */
export function overriddenEvacuation(evacuation: unknown, o: RunOverrides): unknown {
  if (evacuation === undefined || evacuation === null || typeof evacuation !== 'object') return evacuation;
  const e = { ...(evacuation as Record<string, unknown>) };
  if (o.warningAtS !== undefined) e.warning = { atS: o.warningAtS };
  else if (o.warningLeadS !== undefined) {
    const w = e.warning as Record<string, unknown> | undefined;
    if (w && typeof w === 'object' && 'gauge' in w) e.warning = { ...w, leadS: o.warningLeadS };
  }
  if (o.evacuate) e.evacuate = o.evacuate;
  return e;
}

/** The run's setup as the CLI's `loadRun` makes it: duration override and the evacuation's frame interval. */
export function pageSetup(setup: FloodSetup, evacuation: unknown, file: string, o: RunOverrides): FloodSetup {
  const s: FloodSetup = { ...setup, outputs: { ...setup.outputs } };
  if (o.durationS !== undefined) {
    s.durationS = o.durationS;
    s.outputs.gridTimesS = s.outputs.gridTimesS.filter((t) => t <= o.durationS!);
  }
  if (evacuation !== undefined) s.outputs.frameIntervalS = evacuationFrameInterval(evacuation, s.durationS, file);
  return s;
}

/** What the page shows of the evacuation at one time. */
export interface EvacuationView {
  timeS: number;
  frame: EvacuationFrame;
}

export interface EvacuationPageHooks {
  status: 'none' | 'idle' | 'collecting' | 'starting' | 'done' | 'error';
  error?: string;
  result?: EvacuationResult;
  summary?: EvacuationSummary;
  /** time of the agents shown now */
  shownS?: number;
  agents?: number;
}

export interface EvacuationPage {
  /** true when the scenario has an evacuation */
  readonly enabled: boolean;
  readonly hooks: EvacuationPageHooks;
  /** a new flood run starts: forget the last one */
  reset(): void;
  /** a flood frame as the engine gives it (copied) */
  floodFrame(t: number, depth: Float32Array, speed: Float32Array | null): void;
  /** the flood run is done: build the inputs and start the evacuation (resolves with its result) */
  start(setup: FloodSetup, maxDepth: Float32Array): Promise<EvacuationResult | null>;
  /** the agents at time t (the latest request wins; null when superseded or not running) */
  at(t: number): Promise<EvacuationView | null>;
  /** agent modes (MODE_CAR = 1, MODE_WALK = 2) of the current evacuation */
  modes(): Uint8Array | null;
  /** the origin agent positions are relative to (map metres) */
  readonly origin: { x: number; y: number };
  dispose(): void;
}

function spawn(): { api: Comlink.Remote<EvacuationWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/evacuation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'floodtwin-evacuation',
  });
  return { worker, api: Comlink.wrap<EvacuationWorkerApi>(worker) };
}

export function createEvacuationPage(
  scenarioUrl: string,
  scenario: { twin?: string; startTime?: string; evacuation?: unknown },
  overrides: RunOverrides,
): EvacuationPage {
  const file = scenarioUrl.replace(/^.*\//, '');
  const evacuation = overriddenEvacuation(scenario.evacuation, overrides);
  const enabled = evacuation !== undefined && !!scenario.twin;
  const hooks: EvacuationPageHooks = { status: enabled ? 'idle' : 'none' };
  const times: number[] = [];
  const depths: Float32Array[] = [];
  const speeds: (Float32Array | null)[] = [];
  const read = async (rel: string): Promise<Uint8Array> => {
    const r = await fetch(new URL(rel, scenarioUrl));
    if (!r.ok) throw new InputError(`cannot read ${rel}: HTTP ${r.status}`, { file: rel });
    return new Uint8Array(await r.arrayBuffer());
  };
  let layers: Promise<TwinLayers> | null = null;
  let records: Promise<Map<string, Series>> | null = null;
  let live: ReturnType<typeof spawn> | null = null;
  let input: { data: EvacuationInputData; options: EvacuationOptionsInput & { durationS: number } } | null = null;
  let agentModes: Uint8Array | null = null;
  let liveT = -Infinity;
  let generation = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let wanted = NaN;
  const origin = { x: 0, y: 0 };

  const stopLive = () => {
    live?.worker.terminate();
    live = null;
    liveT = -Infinity;
  };

  const initLive = async (): Promise<void> => {
    stopLive();
    const w = spawn();
    live = w;
    const info = await w.api.init(input!.data, input!.options, origin);
    agentModes = info.modes;
    hooks.agents = info.agents;
  };

  return {
    enabled,
    hooks,
    origin,
    reset() {
      generation++;
      stopLive();
      times.length = depths.length = speeds.length = 0;
      input = null;
      agentModes = null;
      hooks.result = hooks.summary = hooks.shownS = hooks.error = undefined;
      if (enabled) hooks.status = 'collecting';
    },
    floodFrame(t, depth, speed) {
      if (!enabled) return;
      // the same frames the CLI collects: a repeated time replaces nothing, it is another frame
      times.push(t);
      depths.push(depth.slice());
      speeds.push(speed ? speed.slice() : null);
    },
    async start(setup, maxDepth) {
      if (!enabled) return null;
      const gen = generation;
      hooks.status = 'starting';
      try {
        layers ??= loadTwinLayers(scenario.twin!, read, file);
        const L = await layers;
        records ??= gaugeRecords(L, scenario.startTime, read);
        const R = await records;
        const opts = parseEvacuationScenario(evacuation, file);
        const grid = {
          ncols: setup.ncols,
          nrows: setup.nrows,
          cellSize: setup.cellSize,
          xll: setup.xll,
          yll: setup.yll,
        };
        // the gauges' stages: their forecast records (a station without one would need the run's
        // point series, which the page does not keep: it is left out)
        const noPoints = { pointTimes: new Float64Array(0), pointDepths: new Float64Array(0) };
        origin.x = setup.xll + (setup.ncols * setup.cellSize) / 2;
        origin.y = setup.yll + (setup.nrows * setup.cellSize) / 2;
        input = {
          data: {
            roads: L.roads.map((r) => ({
              id: r.id,
              coords: r.coords,
              cls: r.cls,
              lanes: r.lanes,
              speedKmh: r.speedKmh,
              oneway: r.oneway,
            })),
            buildings: L.buildings.map((b) => {
              const [x, y] = ringCentroid(b.ring);
              return { id: b.id, x, y, population: b.population };
            }),
            shelters: L.shelters.map((s) => ({ id: s.id, x: s.x, y: s.y, capacity: s.capacity, name: s.name })),
            gauges: gaugeStages(setup, noPoints, L, R),
            flood: {
              times: Float64Array.from(times),
              grid,
              depths,
              speeds,
              maxDepth: atRiskDepths(setup, maxDepth, opts.warning, R),
            },
          },
          options: { ...opts, durationS: opts.durationS ?? setup.durationS },
        };
        // the whole run in one worker (curve, clearance times, final shelter use)
        const full = spawn();
        let result: EvacuationResult;
        let summary: EvacuationSummary;
        try {
          await full.api.init(input.data, input.options);
          await full.api.advance(input.options.durationS);
          result = await full.api.result();
          summary = await full.api.summary();
        } finally {
          full.worker.terminate();
        }
        if (gen !== generation) return null;
        await initLive();
        if (gen !== generation) return null;
        hooks.result = result;
        hooks.summary = summary;
        hooks.status = 'done';
        return result;
      } catch (e) {
        if (gen === generation) {
          hooks.status = 'error';
          hooks.error = (e as Error).message;
        }
        throw e;
      }
    },
    at(t) {
      wanted = t;
      const gen = generation;
      const job = chain.then(async (): Promise<EvacuationView | null> => {
        // only the latest request is served; the ones before it are skipped
        if (gen !== generation || !live || !input || t !== wanted) return null;
        if (t < liveT) await initLive(); // the engine only runs forward: start again
        if (gen !== generation || !live) return null;
        const frame = await live.api.advance(t);
        liveT = t;
        hooks.shownS = t;
        return { timeS: t, frame };
      });
      chain = job.catch(() => undefined);
      return job;
    },
    modes: () => agentModes,
    dispose() {
      generation++;
      stopLive();
    },
  };
}
