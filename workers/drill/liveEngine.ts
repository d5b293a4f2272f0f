/**
 * The live drill engine: the flood (and the evacuation, when given) run one frame at a time, so a
 * director's injects change the run from the current state without a restart.
 *
 * How it steps: `next()` runs the flood loop (band.ts, one band in this thread) from the last
 * frame's engine checkpoint (checkpoint.ts) until the next frame time, where the checkpoint sink
 * raises the loop's cancel flag, so the loop stops at the end of that very step. Resuming from a
 * checkpoint is bit-identical to running on (tests/flood/checkpoint.test.ts), so without injects the
 * frames are the uninterrupted run's. Between two `next()` calls `apply()` edits this engine's own
 * copy of the setup (bed changes, rain, sewer network) and the evacuation's road overlay: the next
 * step reads them. An inject is thus applied exactly after a frame, which the drill log records,
 * so replaying a log (replay.ts) gives the same frames byte for byte.
 *
 * Steps within a frame: with `stepsPerFrame` k > 1 the flood stops (and checkpoints) k times per
 * frame, every frameIntervalS / k scenario seconds; `advance()` runs one such step, so a host can
 * apply an inject at the next step of the frame being computed, not only after it (the log records
 * the step). The frames are then those of a run stopping at every step (its steps land on those
 * times), the same on every replay.
 */
import { InputError, SimulationError } from '../../src/core/errors.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import { createDrainageCoupler, type DrainageCouplingConfig } from '../drainage/coupler.ts';
import type { Evacuation, RoadInput } from '../evacuation/index.ts';
import { runBand, type BandSink, type KernelChoice } from '../flood/band.ts';
import { resumePoint, type FloodCheckpoint } from '../flood/checkpoint.ts';
import { restoreCheckpoint } from '../flood/checkpoint.ts';
import type { SurfaceCoupler } from '../flood/coupling.ts';
import type { FloodSetup } from '../flood/setup.ts';
import { createFloodBuffers, CTL, floodArrays, type FloodArrays } from '../flood/state.ts';
import { floodPointers, instantiateFloodKernels } from '../flood/wasm/loader.ts';
import {
  gaugeLevels,
  mostSevere,
  roadsCut,
  SafeShares,
  type BoardNumbers,
  type GaugeSpec,
  type ShelterSpec,
} from './board.ts';
import { breachBedChange } from './breach.ts';
import type { LiveInject, LogEntry } from './injects.ts';
import { failedPumpConfig } from './pumpFailure.ts';
import { scaledRain } from './rainScale.ts';
import { roadCells } from './roadCells.ts';
import { cellRoadIndex, roadsInUse } from './roadsInUse.ts';
import { captureState, restoreState, type ObjectState } from './objectState.ts';

export interface LiveEngineOptions {
  /** compiled plain-memory WebAssembly kernels (compilePlainFloodKernels); else the JS kernels (same bits) */
  kernels?: WebAssembly.Module;
  /** the sewer coupler for setup.drainage (createCoupler), if the scenario couples one */
  coupler?: SurfaceCoupler | null;
  /** the evacuation engine (createEvacuation) with the roads and shelters it was built from */
  evacuation?: { ev: Evacuation; roads: RoadInput[]; shelters: ShelterSpec[] } | null;
  /** the gauges the board reads; roads for "roads cut" when there is no evacuation */
  gauges?: GaugeSpec[];
  roads?: RoadInput[];
  blueMarginM?: number;
  /**
   * flood stops per frame at which an inject can be applied (default 1: only after a frame); the
   * frame interval must divide into this many equal steps
   */
  stepsPerFrame?: number;
}

export interface LiveFrame {
  index: number;
  /** scenario seconds */
  t: number;
  depth: Float32Array;
  speed: Float32Array;
  board: BoardNumbers;
}

/**
 * The whole drill engine after a frame, as structured-clone data (IndexedDB, postMessage): the flood
 * checkpoint, what the injects changed, the board's memory and the evacuation's state. A fresh engine
 * of the same scenario and options that `restore`s it continues with the same frames, bit for bit.
 */
export interface DrillCheckpoint {
  index: number;
  t: number;
  /** steps of the next frame run, and the flood's time after them (absent: 0, t) */
  step?: number;
  floodT?: number;
  finished: boolean;
  flood: FloodCheckpoint | null;
  bedChanges: FloodSetup['bedChanges'];
  drainage: FloodSetup['drainage'];
  rainFactors: [number, number][];
  closed: string[];
  closureCells: [string, Int32Array][];
  shelterStatus: [string, 'open' | 'full'][];
  warnings: BoardNumbers['warnings'];
  messages: string[];
  shares: { t50S: number | null; t90S: number | null };
  log: LogEntry[];
  last: LiveFrame;
  evacuation: ObjectState | null;
}

/** evacuation fields that never change after it is built (or hold functions): not in a checkpoint */
const EVACUATION_INPUTS = new Set(['network', 'net', 'flood', 'input', 'o', 'limits']);

/** A closed road is this deep for the evacuation (deeper than any of its limits). */
const CLOSED_ROAD_DEPTH_M = 10;

export class LiveDrillEngine {
  /** this engine's own setup: injects edit its bed changes, rain and sewer network */
  readonly setup: FloodSetup;
  readonly log: LogEntry[] = [];
  private readonly a: FloodArrays;
  private readonly fast: KernelChoice;
  private coupler: SurfaceCoupler | null;
  private checkpoint: FloodCheckpoint | null = null;
  private index = 0;
  /** the last frame's time, the flood's time (later by the steps of the next frame already run) */
  private t = 0;
  private floodT = 0;
  private step = 0;
  /** the drill's scenario seconds per frame, and the flood stops within one */
  readonly frameIntervalS: number;
  readonly stepsPerFrame: number;
  private finished = false;
  private readonly baseRain: Series | null;
  private readonly baseRainField: FloodSetup['rainField'];
  private readonly rainFactors: [number, number][] = [];
  private readonly roadCellsById = new Map<string, Int32Array>();
  private readonly closureCells = new Map<string, Int32Array>();
  private readonly closed = new Set<string>();
  private readonly shelterStatus = new Map<string, 'open' | 'full'>();
  private readonly warnings: BoardNumbers['warnings'] = [];
  private readonly messages: string[] = [];
  private readonly shares = new SafeShares();
  /** cell → evacuation road index, for the roads in use (built on first use) */
  private cellRoad: Int32Array | null = null;
  private last: LiveFrame;
  /** wall ms of the last `next()`: the flood loop, then the evacuation and board of its frame */
  readonly lastTiming = { floodMs: 0, frameMs: 0 };

  constructor(
    setup: FloodSetup,
    private readonly opts: LiveEngineOptions = {},
  ) {
    this.setup = { ...setup, bedChanges: setup.bedChanges.slice(), outputs: { ...setup.outputs } };
    if (!(this.setup.outputs.frameIntervalS > 0))
      throw new InputError('a live drill needs frames: outputs.frameIntervalS must be > 0', {
        field: 'outputs.frameIntervalS',
      });
    this.frameIntervalS = setup.outputs.frameIntervalS;
    this.stepsPerFrame = opts.stepsPerFrame ?? 1;
    const stepS = this.frameIntervalS / this.stepsPerFrame;
    // whole milliseconds: the step times i·stepS stay exact decimals (7.5 s, not 8.571428… s)
    if (!Number.isInteger(this.stepsPerFrame) || this.stepsPerFrame < 1 || Math.round(stepS * 1000) / 1000 !== stepS)
      throw new InputError(
        `stepsPerFrame must be a whole number ≥ 1 that divides the ${this.frameIntervalS} s frame into whole milliseconds, got ${this.stepsPerFrame}`,
        { field: 'stepsPerFrame' },
      );
    // the flood's own frames are the steps: it stops (and checkpoints) at each
    this.setup.outputs.frameIntervalS = stepS;
    this.baseRain = setup.rainMmPerHour;
    this.baseRainField = setup.rainField;
    const b = createFloodBuffers(this.setup, 1, false);
    this.a = floodArrays(b);
    this.fast = opts.kernels ? { K: instantiateFloodKernels(opts.kernels, b.memory), P: floodPointers(b) } : null;
    this.coupler = opts.coupler ?? null;
    if (this.setup.drainage !== undefined && !this.coupler)
      throw new InputError('the scenario couples a sewer network: give the engine its coupler', { field: 'drainage' });
    for (const r of opts.evacuation?.roads ?? opts.roads ?? [])
      this.roadCellsById.set(r.id, roadCells(this.setup, r.coords, 0));
    const n = this.setup.ncols * this.setup.nrows;
    const depth0 = this.setup.initialDepth ? this.setup.initialDepth.slice() : new Float32Array(n);
    this.last = this.frame(0, depth0, new Float32Array(n));
  }

  /** the frame shown now (frame 0 is the initial state) */
  current(): LiveFrame {
    return this.last;
  }

  get done(): boolean {
    return this.finished;
  }

  /** where an inject given now applies: after frame `frame` and `step` steps of the next one */
  position(): { frame: number; step: number } {
    return { frame: this.index, step: this.step };
  }

  /** Runs to the next frame time; null once the run has reached its end. */
  next(): LiveFrame | null {
    for (;;) {
      const f = this.advance();
      if (f !== undefined) return f;
    }
  }

  /**
   * Runs one step (1/stepsPerFrame of a frame): the new frame when it completes one, undefined
   * when the frame is not complete yet, null once the run has reached its end.
   */
  advance(): LiveFrame | null | undefined {
    if (this.finished) return null;
    const t0 = performance.now();
    if (this.step === 0) this.lastTiming.floodMs = 0;
    const f = this.runStep();
    if (!f) return null;
    this.floodT = f.t;
    this.lastTiming.floodMs += performance.now() - t0;
    // the end of the run inside a frame: no frame (as a run ending between two frames)
    if (++this.step < this.stepsPerFrame) return this.finished ? null : undefined;
    const t1 = performance.now();
    this.step = 0;
    this.index++;
    if (!f.depth || !f.speed) throw new Error('live drill: a frame step without its depths');
    this.last = this.frame(f.t, f.depth, f.speed);
    this.lastTiming.frameMs = performance.now() - t1;
    return this.last;
  }

  /** the flood loop from the last stop to the next (the depth and speed there), null: none before the end */
  private runStep(): { t: number; depth: Float32Array | null; speed: Float32Array | null } | null {
    const a = this.a;
    if (this.checkpoint) restoreCheckpoint(this.setup, a, this.checkpoint);
    Atomics.store(a.ctl, CTL.cancel, 0);
    Atomics.store(a.ctl, CTL.stopSeen, 0);
    let got: { t: number; depth: Float32Array; speed: Float32Array } | null = null;
    const tNow = this.floodT;
    // only a frame's last step copies the depths and speeds out (the others need the time alone)
    const last = this.step === this.stepsPerFrame - 1;
    const sink: BandSink = {
      ...(last && {
        frame: (t: number, depth: Float32Array, speed: Float32Array) => {
          if (t > tNow) got = { t, depth, speed };
        },
      }),
      // the state at the frame: keep it and stop the loop after this step
      checkpoint: (c) => {
        this.checkpoint = c;
        Atomics.store(a.ctl, CTL.cancel, 1);
      },
    };
    const res = runBand(
      this.setup,
      a,
      0,
      1,
      sink,
      this.coupler,
      this.fast,
      this.checkpoint ? resumePoint(this.checkpoint) : null,
    );
    if (res.error)
      throw new SimulationError(
        `the flood became unstable at cell ${res.error.cell} at ${res.error.t.toFixed(1)} s (error ${res.error.code}${res.error.message ? `: ${res.error.message}` : ''})`,
      );
    if (!res.cancelled) this.finished = true;
    if (got) return got;
    // a step within the frame: its time is the checkpoint's
    return !last && res.cancelled && this.checkpoint ? { t: this.checkpoint.t, depth: null, speed: null } : null;
  }

  /** This engine now, as data a fresh engine can `restore` (copies: later frames do not change it). */
  snapshot(): DrillCheckpoint {
    const ev = this.opts.evacuation?.ev;
    return structuredClone({
      index: this.index,
      t: this.t,
      step: this.step,
      floodT: this.floodT,
      finished: this.finished,
      flood: this.checkpoint,
      bedChanges: this.setup.bedChanges,
      drainage: this.setup.drainage,
      rainFactors: this.rainFactors,
      closed: [...this.closed],
      closureCells: [...this.closureCells],
      shelterStatus: [...this.shelterStatus],
      warnings: this.warnings,
      messages: this.messages,
      shares: { t50S: this.shares.t50S, t90S: this.shares.t90S },
      log: this.log,
      last: this.last,
      evacuation: ev ? captureState(ev, EVACUATION_INPUTS) : null,
    });
  }

  /**
   * Puts a fresh engine (frame 0, built from the same scenario and options) where `snapshot` was
   * taken; the next `next()` continues from there.
   */
  restore(cp: DrillCheckpoint): void {
    if (this.index !== 0 || this.log.length) throw new Error('restore needs a fresh engine (at frame 0)');
    const c = structuredClone(cp);
    this.index = c.index;
    this.t = c.t;
    this.step = c.step ?? 0;
    this.floodT = c.floodT ?? c.t;
    this.finished = c.finished;
    this.checkpoint = c.flood;
    this.setup.bedChanges = c.bedChanges;
    this.rainFactors.push(...c.rainFactors);
    if (this.rainFactors.length) this.applyRainFactors();
    // a failed pump: the sewer model of the failed network, with the state it had
    if (c.log.some((e) => e.inject.kind === 'pumpFailure')) {
      this.setup.drainage = c.drainage;
      this.coupler = createDrainageCoupler(c.drainage as DrainageCouplingConfig, this.setup);
    }
    if (c.flood?.coupler) this.coupler?.restore?.(c.flood.coupler);
    for (const id of c.closed) this.closed.add(id);
    for (const [id, cells] of c.closureCells) this.closureCells.set(id, cells);
    for (const [id, st] of c.shelterStatus) this.shelterStatus.set(id, st);
    this.warnings.push(...c.warnings);
    this.messages.push(...c.messages);
    this.shares.t50S = c.shares.t50S;
    this.shares.t90S = c.shares.t90S;
    this.log.push(...c.log);
    this.last = c.last;
    const ev = this.opts.evacuation?.ev;
    if (ev && c.evacuation) restoreState(ev, c.evacuation);
  }

  /**
   * Applies an inject after the current frame (from its state) and logs it with the drill time it
   * was given at. Throws InputError for an inject this run cannot take (unknown pump or road).
   */
  apply(inject: LiveInject, drillS: number): LogEntry {
    const t = this.floodT;
    switch (inject.kind) {
      case 'leveeBreach': {
        const bc = breachBedChange(this.setup, this.a.z, inject, t);
        if (!bc)
          throw new InputError(
            `no ground within ${inject.widthM / 2} m of (${inject.x.toFixed(1)}, ${inject.y.toFixed(1)}) stands above ${inject.finalCrestM} m: nothing to breach`,
            { field: 'inject' },
          );
        this.setup.bedChanges.push(bc);
        break;
      }
      case 'rain':
        this.rainFactors.push([t, inject.factor]);
        this.applyRainFactors();
        break;
      case 'pumpFailure': {
        if (!this.setup.drainage || !this.coupler?.snapshot || !this.coupler.restore)
          throw new InputError('this run couples no sewer network with pumps', { field: 'pumpId' });
        const config = failedPumpConfig(this.setup.drainage as DrainageCouplingConfig, inject.pumpId);
        const state = this.coupler.snapshot();
        const next = createDrainageCoupler(config, this.setup);
        next.restore!(state);
        this.setup.drainage = config;
        this.coupler = next;
        break;
      }
      case 'roadClosure': {
        const road = (this.opts.evacuation?.roads ?? this.opts.roads ?? []).find((r) => r.id === inject.roadId);
        if (!road) throw new InputError(`"${inject.roadId}" is not a road of the twin`, { field: 'roadId' });
        this.closed.add(inject.roadId);
        this.closureCells.set(inject.roadId, roadCells(this.setup, road.coords));
        break;
      }
      case 'shelter':
        if (this.opts.evacuation && !this.opts.evacuation.shelters.some((s) => s.id === inject.shelterId))
          throw new InputError(`"${inject.shelterId}" is not a shelter of the twin`, { field: 'shelterId' });
        this.shelterStatus.set(inject.shelterId, inject.status);
        break;
      case 'warning':
        this.warnings.push(inject.colour);
        break;
      case 'message':
        this.messages.push(inject.text);
        break;
    }
    const entry: LogEntry = { frame: this.index, ...(this.step ? { step: this.step } : {}), drillS, inject };
    this.log.push(entry);
    // the board shows it at once (the water changes from the next frame)
    this.last = { ...this.last, board: this.boardAt(this.last.index, this.last.t, this.last.depth, null) };
    return entry;
  }

  private frame(t: number, depth: Float32Array, speed: Float32Array): LiveFrame {
    this.t = t;
    this.floodT = t;
    const ev = this.opts.evacuation?.ev;
    let state = null;
    if (ev) {
      let d = depth;
      if (this.closureCells.size) {
        d = depth.slice();
        for (const cells of this.closureCells.values())
          for (const k of cells) if (d[k] < CLOSED_ROAD_DEPTH_M) d[k] = CLOSED_ROAD_DEPTH_M;
      }
      ev.applyFlood(this.setup, d, speed);
      state = ev.advance(t);
      this.shares.update(state);
    }
    return { index: this.index, t, depth, speed, board: this.boardAt(this.index, t, depth, state) };
  }

  private applyRainFactors(): void {
    this.setup.rainMmPerHour = this.baseRain ? scaledRain(this.baseRain, this.rainFactors) : null;
    // a rain field from many gauges (workers/flood/rainField.ts): each station's rain scaled alike
    if (this.baseRainField)
      this.setup.rainField = {
        ...this.baseRainField,
        stationMmPerHour: this.baseRainField.stationMmPerHour.map((r) => scaledRain(r, this.rainFactors)),
      };
  }

  private roadsInUseNow(): BoardNumbers['roadsInUse'] {
    const evac = this.opts.evacuation;
    if (!evac) return [];
    this.cellRoad ??= cellRoadIndex(
      this.setup,
      evac.roads.map((r) => this.roadCellsById.get(r.id) as Int32Array),
    );
    const { ev, roads } = evac;
    const ids = roads.map((r) => r.id);
    return roadsInUse(this.setup, this.cellRoad, ids, ev.positions(undefined, 0, 0), ev.agentStates(), ev.agentSizes());
  }

  private boardAt(
    index: number,
    t: number,
    depth: Float32Array,
    state: ReturnType<Evacuation['advance']> | null,
  ): BoardNumbers {
    const gauges = gaugeLevels(this.opts.gauges ?? [], this.a.z, depth, this.opts.blueMarginM ?? 1);
    const evac = this.opts.evacuation;
    const s = state ?? (evac ? evac.ev.state() : null);
    const occ = evac ? evac.ev.shelterOccupancy() : null;
    return {
      frame: index,
      t,
      gauges,
      alert: mostSevere([...gauges.map((g) => g.colour), ...this.warnings]),
      evacuation: s
        ? {
            people: s.people,
            safe: s.safe,
            enRoute: s.enRoute,
            waiting: s.waiting,
            trapped: s.trapped,
            t50S: this.shares.t50S,
            t90S: this.shares.t90S,
          }
        : null,
      roadsCut: roadsCut(this.roadCellsById, this.closed, depth),
      roadsInUse: this.roadsInUseNow(),
      shelters: (evac?.shelters ?? []).map((sh, i) => {
        const occupancy = occ ? occ[i] : 0;
        const full = this.shelterStatus.get(sh.id) === 'full' || occupancy >= sh.capacity;
        return { id: sh.id, name: sh.name, capacity: sh.capacity, occupancy, status: full ? 'full' : 'open' };
      }),
      warnings: this.warnings.slice(),
      messages: this.messages.slice(),
    };
  }
}
