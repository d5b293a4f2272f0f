/**
 * The twin run continuously up to "now" from the live feed, and forecasts branched from it.
 *  - Boundaries: the upstream inflow from the upstream station's stage through its rating curve,
 *    the downstream edge stage from the downstream station (plus the reach's offset to the edge),
 *    and rain, uniform or per cell (workers/flood/rainField.ts).
 *  - advance(now): runs from the latest checkpoint to now with the readings that have arrived,
 *    keeping the engine checkpoint at now (workers/flood/checkpoint.ts). "now" is on a frame time
 *    (the run goes one frame past it, so the checkpoint lies inside the run; that frame is dropped).
 *  - forecast(): branches from the latest checkpoint and runs `horizonS` ahead, the boundaries after
 *    now from the forecast feed, else persistence (downstream stage) and a recession of the upstream
 *    stage towards base flow's, saying which.
 */
import { ratingDischarge, ratingStage, type RatingCurve } from '../io/gauges/rating.ts';
import type { FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { thiessenStations } from '../../workers/flood/rainField.ts';
import { branchCheckpoint } from './branch.ts';
import { hotStartDepth } from './hotStart.ts';
import { joinAtNow, type ForecastBasis } from './boundarySeries.ts';

export interface OpsBoundaries {
  /** rain gauges (mm/h) onto the grid, Thiessen; their map x, y pairs in the grid's CRS */
  rain?: { stationIds: string[]; xy: number[] };
  /** inflow number `index` of the base setup gets the upstream station's stage through the rating */
  inflow: { index: number; stationId: string; rating: RatingCurve; baseFlowM3s: number; recessionKS: number };
  /** the east edge's stage: the downstream station's stage plus offsetM (negative: the edge is lower) */
  eastStage?: { stationId: string; offsetM: number };
}

/** Usable readings per station (ms, value), e.g. FeedStore.usableSeries. */
export type ReadingsOf = (stationId: string) => [number, number][];

export interface ForecastRun {
  id: string;
  issueMs: number;
  issueS: number;
  horizonS: number;
  basis: { inflow: ForecastBasis; eastStage: ForecastBasis | null };
  setup: FloodSetup;
  result: FloodResult;
  /** the upstream stage series the run used (s, m), observed then forecast */
  upstreamStage: [number, number][];
}

export class Nowcast {
  /** the latest checkpoint (at `checkpointMs`), null before the first advance */
  checkpoint: FloodCheckpoint | null = null;
  checkpointMs: number;

  /** nearest rain station of each cell, computed once for the station set */
  private readonly rainStations: Uint16Array | null;
  /** the start's water depths when hot-started (hotStart), else the base setup's */
  private initialDepth: Float32Array | null;

  constructor(
    readonly base: FloodSetup,
    /** the run's t = 0 */
    readonly startMs: number,
    readonly bounds: OpsBoundaries,
    readonly kernels?: WebAssembly.Module,
  ) {
    this.checkpointMs = startMs;
    this.initialDepth = base.initialDepth;
    this.rainStations = bounds.rain ? thiessenStations(base, bounds.rain.xy) : null;
  }

  /**
   * Moves the start's river to `stageM` read at cell `gaugeCell` (hotStart.ts), before the first
   * advance; every later setup (setupWith) starts from it. Returns the shift of the level there (m).
   */
  hotStart(gaugeCell: number, stageM: number): number {
    if (this.checkpoint) throw new Error('hot start after the nowcast has begun');
    this.initialDepth = hotStartDepth(this.base, gaugeCell, stageM);
    return stageM - (this.base.z[gaugeCell] + (this.base.initialDepth?.[gaugeCell] ?? 0));
  }

  /** A copy of the base setup driven by the given series (rain per station, mm/h, in station order), to `durationS`. */
  setupWith(
    upstreamStage: [number, number][],
    eastStage: [number, number][] | null,
    durationS: number,
    rain: [number, number][][] = [],
  ): FloodSetup {
    const b = this.bounds;
    const hydrograph = upstreamStage.map(([t, h]): [number, number] => [t, ratingDischarge(b.inflow.rating, h)]);
    const inflows = this.base.inflows.map((f, i) => (i === b.inflow.index ? { ...f, hydrograph } : f));
    const edges =
      eastStage && b.eastStage
        ? {
            ...this.base.edges,
            east: {
              kind: 'stage' as const,
              series: eastStage.map(([t, h]): [number, number] => [t, h + b.eastStage!.offsetM]),
            },
          }
        : this.base.edges;
    const rainField =
      this.rainStations && rain.length ? { stationOfCell: this.rainStations, stationMmPerHour: rain } : undefined;
    return {
      ...this.base,
      initialDepth: this.initialDepth,
      inflows,
      edges,
      durationS,
      rainField,
      outputs: { ...this.base.outputs, gridTimesS: [] },
    };
  }

  /** Each rain station's readings to now, then no rain (a rain forecast would go here), in s from the start. */
  private rainSeries(readings: ReadingsOf, nowMs: number, endMs: number): [number, number][][] {
    if (!this.bounds.rain) return [];
    return this.bounds.rain.stationIds.map((id) => {
      const obs = readings(id);
      if (!obs.length) return [[0, 0]];
      // rain after the last reading: none (the rate falls to 0 over the next hour)
      const s = joinAtNow(obs, null, nowMs, nowMs, this.startMs, 'persistence').series;
      const [lastT] = s[s.length - 1];
      const endS = (endMs - this.startMs) / 1000;
      if (endS > lastT) s.push([Math.min(lastT + 3600, endS), 0]);
      if (endS > lastT + 3600) s.push([endS, 0]);
      return s;
    });
  }

  /** Runs from the latest checkpoint to `nowMs` (a frame time) with the readings so far; keeps the checkpoint at now. */
  advance(readings: ReadingsOf, nowMs: number): void {
    const frame = this.base.outputs.frameIntervalS;
    const nowS = (nowMs - this.startMs) / 1000;
    if (!(nowS > (this.checkpointMs - this.startMs) / 1000) || nowS % frame !== 0) {
      throw new RangeError(
        `nowcast time ${nowS} s must be after the last checkpoint and on a frame time (every ${frame} s)`,
      );
    }
    const endMs = nowMs + frame * 1000;
    const up = joinAtNow(
      readings(this.bounds.inflow.stationId),
      null,
      nowMs,
      endMs,
      this.startMs,
      'persistence',
    ).series;
    const east = this.bounds.eastStage
      ? joinAtNow(readings(this.bounds.eastStage.stationId), null, nowMs, endMs, this.startMs, 'persistence').series
      : null;
    const setup = this.setupWith(up, east, nowS + frame, this.rainSeries(readings, nowMs, endMs));
    let kept: FloodCheckpoint | null = null;
    const sink = {
      checkpoint: (c: FloodCheckpoint) => {
        if (c.t === nowS) kept = c;
      },
    };
    const resume = this.checkpoint ? branchCheckpoint(this.checkpoint, setup) : undefined;
    runFloodInProcess(setup, { sink, resume, kernels: this.kernels });
    if (!kept) throw new Error(`the nowcast run took no checkpoint at ${nowS} s`);
    this.checkpoint = kept;
    this.checkpointMs = nowMs;
  }

  /**
   * A forecast from the latest checkpoint, `horizonS` ahead. `forecastOf`: the bureau's stage
   * forecast (ms, m) of a station, or null where there is none.
   */
  forecast(
    readings: ReadingsOf,
    forecastOf: (stationId: string) => [number, number][] | null,
    horizonS: number,
  ): ForecastRun {
    if (!this.checkpoint) throw new Error('no nowcast yet: advance the nowcast before forecasting');
    const nowMs = this.checkpointMs;
    const endMs = nowMs + horizonS * 1000;
    const b = this.bounds;
    const rating = b.inflow.rating;
    // the stage recedes towards the stage of base flow (the inflow goes through the rating)
    const baseStage = ratingStage(rating, b.inflow.baseFlowM3s);
    const up = joinAtNow(readings(b.inflow.stationId), forecastOf(b.inflow.stationId), nowMs, endMs, this.startMs, {
      recession: { baseValue: baseStage, kS: b.inflow.recessionKS },
    });
    const east = b.eastStage
      ? joinAtNow(
          readings(b.eastStage.stationId),
          forecastOf(b.eastStage.stationId),
          nowMs,
          endMs,
          this.startMs,
          'persistence',
        )
      : null;
    const durationS = (endMs - this.startMs) / 1000;
    const setup = this.setupWith(up.series, east?.series ?? null, durationS, this.rainSeries(readings, nowMs, endMs));
    const result = runFloodInProcess(setup, {
      resume: branchCheckpoint(this.checkpoint, setup),
      kernels: this.kernels,
    });
    const issueS = (nowMs - this.startMs) / 1000;
    return {
      id: `fc-${new Date(nowMs).toISOString()}`,
      issueMs: nowMs,
      issueS,
      horizonS,
      basis: { inflow: up.basis, eastStage: east?.basis ?? null },
      setup,
      result,
      upstreamStage: up.series,
    };
  }
}
