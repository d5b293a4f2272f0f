/**
 * The operations loop on the server (Node): poll the feeds, advance the nowcast to now, and on
 * demand (or every N minutes) issue a forecast, work out who to warn, push the warnings and log
 * every warning with the forecast that issued it. A building is pushed again only when its colour
 * gets worse; the log keeps each forecast's whole list.
 */
import type { FeedStore } from '../feeds/feedStore.ts';
import type { RoadInput, ShelterInput } from '../../workers/evacuation/types.ts';
import { COLOUR_RANK, doorForecasts, type Door, type GaugeOutlook } from './buildingForecast.ts';
import { warningList, type BuildingWarning, type Occupancy } from './warningList.ts';
import type { ForecastRun, Nowcast } from './nowcast.ts';
import type { WarningOutbox } from './warningPush.ts';

export interface ForecastLogEntry {
  forecastId: string;
  issueMs: number;
  horizonS: number;
  basis: ForecastRun['basis'];
  maxDepthM: number;
  /** every building the forecast warns, households and premises (the pushed ones are `pushed`) */
  warnings: BuildingWarning[];
  pushed: string[];
}

export interface OpsTwin {
  doors: Door[];
  /** every building with a door: homes and premises */
  buildings: Occupancy[];
  shelters: ShelterInput[];
  roads: RoadInput[];
  arrivalDepthM: number;
}

export class OpsRunner {
  readonly log: ForecastLogEntry[] = [];
  private readonly warned = new Map<string, number>();
  /** ms from the poll that brought the readings to the nowcast's checkpoint at now */
  lastLatencyMs = NaN;

  constructor(
    readonly store: FeedStore,
    readonly nowcast: Nowcast,
    readonly twin: OpsTwin,
    readonly outbox: WarningOutbox | null,
    readonly onLog: (e: ForecastLogEntry) => void = () => {},
  ) {}

  /** Polls the feeds; advances the nowcast when `nowMs` is a new frame time. */
  async tick(nowMs: number): Promise<void> {
    const t0 = performance.now();
    await this.store.pollAll(nowMs);
    const frameMs = this.nowcast.base.outputs.frameIntervalS * 1000;
    if (nowMs > this.nowcast.checkpointMs && (nowMs - this.nowcast.startMs) % frameMs === 0) {
      this.nowcast.advance((id) => this.store.usableSeries(id), nowMs);
      this.lastLatencyMs = performance.now() - t0;
    }
    if (this.outbox) await this.outbox.flush(nowMs);
  }

  /** A forecast from the latest nowcast; new or worse warnings are pushed, all are logged. */
  async issueForecast(
    forecastOf: (stationId: string) => [number, number][] | null,
    horizonS: number,
    gauge: GaugeOutlook | null,
  ): Promise<{ run: ForecastRun; entry: ForecastLogEntry }> {
    const run = this.nowcast.forecast((id) => this.store.usableSeries(id), forecastOf, horizonS);
    const doors = doorForecasts(this.twin.doors, run.result, run.issueS, this.twin.arrivalDepthM, gauge);
    const list = warningList(doors, this.twin.buildings, this.twin.shelters, this.twin.roads, run.issueS);
    const pushed: string[] = [];
    for (const w of list) {
      const rank = COLOUR_RANK[w.colour];
      if ((this.warned.get(w.buildingId) ?? 0) >= rank) continue;
      this.warned.set(w.buildingId, rank);
      pushed.push(w.buildingId);
      this.outbox?.add(
        {
          id: `${run.id}/${w.buildingId}`,
          forecastId: run.id,
          buildingId: w.buildingId,
          kind: w.kind,
          use: w.use,
          colour: w.colour,
          population: w.population,
          shelterId: w.shelterId,
          leaveBy: new Date(run.issueMs + (w.leaveByS - run.issueS) * 1000).toISOString(),
          waterArrives: new Date(run.issueMs + (w.arrivalS - run.issueS) * 1000).toISOString(),
        },
        run.issueMs,
      );
    }
    const entry: ForecastLogEntry = {
      forecastId: run.id,
      issueMs: run.issueMs,
      horizonS,
      basis: run.basis,
      maxDepthM: run.result.summary.maxDepthM,
      warnings: list,
      pushed,
    };
    this.log.push(entry);
    this.onLog(entry);
    if (this.outbox) await this.outbox.flush(run.issueMs);
    return { run, entry };
  }

  /** Buildings (households and premises) warned so far. */
  get buildingsWarned(): number {
    return this.warned.size;
  }
}
