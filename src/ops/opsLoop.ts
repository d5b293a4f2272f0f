/**
 * The operations runner's loop (`floodtwin ops`), host-agnostic: each step polls the feeds, advances
 * the nowcast to the last frame time at or before "now" (the first time from the river at the
 * `ops.hotStart` station's reading, when the file names one: hotStart.ts), and when a forecast is due (every
 * `forecastEveryMin` of feed time) or asked for (`requestForecast`: the ops view's "forecast now") issues one, writes its warning list (CSV and GeoJSON) and pushes
 * new or worse warnings through the WarningOutbox to the feeds file's `push` URL, and writes the
 * forecast's highest water level per cell (forecast_maxlevel_latest.asc) for the ops view's 3D twin. The host supplies
 * the clock, the fetch and the file writer.
 */
import type { FeedsFile } from '../feeds/feedsFile.ts';
import { FeedStore } from '../feeds/feedStore.ts';
import { pollSensorThings, type FetchLike } from '../feeds/sensorThings.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { writeAsciiGrid } from '../io/asciiGrid.ts';
import { maxLevelGrid } from './forecastFlood.ts';
import { countByKind, warningsCsv, warningsGeoJson } from './warningList.ts';
import { gaugeCellOf } from './hotStart.ts';
import { Nowcast } from './nowcast.ts';
import { OpsRunner, type ForecastLogEntry, type OpsTwin } from './opsRunner.ts';
import { WarningOutbox } from './warningPush.ts';

export interface OpsLoopHost {
  fetchFn: FetchLike;
  /** writes (replaces) a file of the output folder (name without folders) */
  write: (name: string, text: string) => Promise<void>;
  /** appends to a file of the output folder (the .jsonl logs) */
  append: (name: string, text: string) => Promise<void>;
  log: (line: string) => void;
  /** grid CRS to WGS 84 lon/lat, for the GeoJSON */
  toLonLat: (x: number, y: number) => [number, number];
  kernels?: WebAssembly.Module;
}

type OpsSection = NonNullable<FeedsFile['ops']>;

export class OpsLoop {
  readonly store: FeedStore;
  readonly nowcast: Nowcast;
  readonly runner: OpsRunner;
  readonly outbox: WarningOutbox | null;
  readonly startMs: number;
  /** the first forecast falls due `forecastEveryMin` after the nowcast's start (or when forced) */
  private lastForecastMs: number;
  /** a forecast asked for (the ops view's "forecast now"), issued on the next step with a checkpoint */
  private forecastRequested = false;
  /** the hot start (ops.hotStart) is looked at once, before the first nowcast */
  private hotStartDone = false;

  constructor(
    readonly file: FeedsFile,
    base: FloodSetup,
    twin: OpsTwin,
    readonly host: OpsLoopHost,
  ) {
    const ops = file.ops as OpsSection;
    this.startMs = Date.parse(ops.startIso);
    this.lastForecastMs = this.startMs;
    this.store = new FeedStore(file, host.fetchFn);
    this.nowcast = new Nowcast(base, this.startMs, { inflow: ops.inflow, eastStage: ops.eastStage }, host.kernels);
    this.outbox = file.push
      ? new WarningOutbox(file.push.url, file.push.retryS, host.fetchFn, (e) => {
          host.log(`push ${e.warningId} try ${e.attempt}: ${e.outcome} (${e.detail})`);
          void host.append('push_log.jsonl', `${JSON.stringify(e)}\n`);
        })
      : null;
    this.runner = new OpsRunner(this.store, this.nowcast, twin, this.outbox);
  }

  /** Asks for a forecast on the next step (the runner's control endpoint calls it). */
  requestForecast(): void {
    this.forecastRequested = true;
    this.host.log('forecast requested');
  }

  /** The last nowcast frame time at or before `nowMs`. */
  frameAtOrBefore(nowMs: number): number {
    const frameMs = this.nowcast.base.outputs.frameIntervalS * 1000;
    return this.startMs + Math.floor((nowMs - this.startMs) / frameMs) * frameMs;
  }

  /** One poll at wall time `wallMs`; `forceForecast` issues one even if none is due. Returns the forecast issued, if any. */
  async step(wallMs: number, forceForecast = false): Promise<ForecastLogEntry | null> {
    await this.store.pollAll(wallMs);
    const frameNow = this.frameAtOrBefore(this.store.nowMs);
    if (frameNow > this.nowcast.checkpointMs) {
      if (!this.hotStartDone) this.hotStart();
      const t0 = performance.now();
      this.nowcast.advance((id) => this.store.usableSeries(id), frameNow);
      this.host.log(`nowcast at ${new Date(frameNow).toISOString()} (${(performance.now() - t0).toFixed(0)} ms)`);
    }
    const ops = this.file.ops as OpsSection;
    let entry: ForecastLogEntry | null = null;
    const due = this.nowcast.checkpointMs - this.lastForecastMs >= ops.forecastEveryMin * 60_000;
    if (this.nowcast.checkpoint && (due || forceForecast || this.forecastRequested)) {
      this.forecastRequested = false;
      entry = await this.forecast(ops.horizonH * 3600);
    }
    if (this.outbox) await this.outbox.flush(this.store.nowMs);
    return entry;
  }

  /** ops.hotStart: the river at the station's usable reading nearest the start, within an hour; else a cold start. */
  private hotStart(): void {
    this.hotStartDone = true;
    const id = (this.file.ops as OpsSection).hotStart?.stationId;
    if (!id) return;
    let best: [number, number] | null = null;
    for (const r of this.store.usableSeries(id)) {
      if (
        Math.abs(r[0] - this.startMs) <= 3.6e6 &&
        (!best || Math.abs(r[0] - this.startMs) < Math.abs(best[0] - this.startMs))
      )
        best = r;
    }
    if (!best) {
      this.host.log(
        `hot start: no usable reading of ${id} within an hour of the start; the river starts at the scenario's level`,
      );
      return;
    }
    const shift = this.nowcast.hotStart(gaugeCellOf(this.nowcast.base, id), best[1]);
    this.host.log(
      `hot start: the river moved ${shift >= 0 ? '+' : ''}${shift.toFixed(2)} m to ${id}'s ${best[1].toFixed(2)} m`,
    );
  }

  private async forecast(horizonS: number): Promise<ForecastLogEntry> {
    // each station's forecast hydrograph; a feed that fails leaves that station to persistence / recession
    const series = new Map<string, [number, number][]>();
    for (const fc of this.file.forecast ?? []) {
      const src = { baseUrl: fc.baseUrl, datastreamId: fc.datastream, stationId: fc.stationId };
      const got = await pollSensorThings(src, null, this.host.fetchFn, this.store.nowMs)
        .then((raw) => raw.map((o): [number, number] => [o.timeMs, o.value]))
        .catch((e) => {
          this.host.log(`forecast feed of ${fc.stationId}: ${errorText(e)}; that station falls back to persistence`);
          return null;
        });
      if (got?.length) series.set(fc.stationId, got);
    }
    const forecastOf = (id: string) => series.get(id) ?? null;
    const { run, entry } = await this.runner.issueForecast(forecastOf, horizonS, null);
    this.lastForecastMs = run.issueMs;
    const stamp = run.id.replace(/[^0-9A-Za-z-]/g, '');
    const csv = warningsCsv(entry.warnings, this.startMs, run.id);
    // the forecast flood for the ops view's 3D twin (src/ops/forecastFlood.ts)
    await this.host.write(
      'forecast_maxlevel_latest.asc',
      writeAsciiGrid(maxLevelGrid(run.setup, run.result.maxDepth), 8),
    );
    const geo = `${JSON.stringify(warningsGeoJson(entry.warnings, this.startMs, run.id, this.host.toLonLat))}\n`;
    for (const [name, text] of [
      [`warnings_${stamp}.csv`, csv],
      ['warnings_latest.csv', csv],
      [`warnings_${stamp}.geojson`, geo],
      ['warnings_latest.geojson', geo],
    ]) {
      await this.host.write(name, text);
    }
    const { warnings, ...brief } = entry;
    const counts = countByKind(warnings);
    await this.host.append('forecasts.jsonl', `${JSON.stringify({ ...brief, ...counts })}\n`);
    this.host.log(
      `forecast ${run.id} (${entry.basis.inflow}): ${counts.households} households and ${counts.premises} premises to warn, ${entry.pushed.length} new or worse pushed`,
    );
    return entry;
  }
}

/** An error's message with its cause's (fetch hides the network error in `cause`). */
function errorText(e: unknown): string {
  const cause = (e as { cause?: { message?: string; code?: string } }).cause;
  return `${(e as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`;
}
