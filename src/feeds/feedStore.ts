/**
 * Polls every station of a feeds file and keeps what came in: every reading with its QC flags (none
 * dropped), the time of the last reading per station (the next poll asks only for newer ones), and
 * each station's health. A poll that fails (network down, HTTP error, bad page) marks the station
 * down and keeps its state, so the next poll picks up from the last reading: an outage loses nothing
 * the server still holds, and the last good values stay in use.
 */
import type { FeedsFile, FeedStation } from './feedsFile.ts';
import { qcRulesOf } from './feedsFile.ts';
import { pollHttpRecord } from './httpRecord.ts';
import { isUsable, type Observation, type RawObservation } from './observation.ts';
import { checkReadings, newQcState, type QcRules, type QcState } from './qc.ts';
import { pollSensorThings, type FetchLike } from './sensorThings.ts';

export type StationHealth = 'ok' | 'late' | 'down' | 'waiting';

export interface StationFeed {
  station: FeedStation;
  rules: QcRules;
  qc: QcState;
  /** every reading, in time order, with its flags */
  readings: Observation[];
  /** phenomenon time of the newest reading, ms (null before the first) */
  lastTimeMs: number | null;
  lastPollMs: number | null;
  lastError: string | null;
  health: StationHealth;
}

/** Reads a folder station (Node's watched folder); the store gets it from the caller so the page needs no fs. */
export type FolderPoller = (
  s: Extract<FeedStation, { protocol: 'folder' }>,
  afterMs: number | null,
  nowMs: number,
) => Promise<RawObservation[]>;

export class FeedStore {
  readonly stations = new Map<string, StationFeed>();

  constructor(
    readonly file: FeedsFile,
    readonly fetchFn: FetchLike,
    readonly folderPoller?: FolderPoller,
  ) {
    for (const s of file.stations) {
      this.stations.set(s.id, {
        station: s,
        rules: qcRulesOf(s),
        qc: newQcState(),
        readings: [],
        lastTimeMs: null,
        lastPollMs: null,
        lastError: null,
        health: 'waiting',
      });
    }
  }

  /** "now" of the last poll: the wall clock, or the newest reading with a 'feed' clock */
  nowMs = -Infinity;

  /**
   * Polls every station once (in file order); returns the readings that arrived, flagged. With a
   * 'feed' clock `wallMs` is ignored: now is the newest reading any station has sent.
   */
  async pollAll(wallMs: number): Promise<Observation[]> {
    const got: [StationFeed, RawObservation[] | null][] = [];
    for (const f of this.stations.values()) got.push([f, await this.fetchOne(f, wallMs)]);
    let now = wallMs;
    if (this.file.clock === 'feed') {
      now = this.nowMs;
      for (const [f, raw] of got)
        for (const o of raw ?? [])
          if (o.timeMs > now && (f.lastTimeMs === null || o.timeMs > f.lastTimeMs)) now = o.timeMs;
      for (const [, raw] of got) for (const o of raw ?? []) o.receivedMs = now;
    }
    this.nowMs = now;
    const arrived: Observation[] = [];
    for (const [f, raw] of got) arrived.push(...this.take(f, raw, now));
    return arrived;
  }

  /** One station's new readings, or null when its poll failed (the station is then down). */
  private async fetchOne(f: StationFeed, nowMs: number): Promise<RawObservation[] | null> {
    f.lastPollMs = nowMs;
    try {
      return await this.fetchStation(f.station, f.lastTimeMs, nowMs);
    } catch (e) {
      f.health = 'down';
      f.lastError = (e as Error).message;
      return null;
    }
  }

  /** QC and keep a station's new readings; its health against `nowMs`. */
  private take(f: StationFeed, raw: RawObservation[] | null, nowMs: number): Observation[] {
    if (raw === null) return [];
    f.lastError = null;
    raw.sort((a, b) => a.timeMs - b.timeMs);
    // the first poll fetches the station's history: it is not late, it was never asked for
    if (f.lastTimeMs === null) for (const o of raw) o.receivedMs = o.timeMs;
    const fresh = raw.filter((o) => f.lastTimeMs === null || o.timeMs > f.lastTimeMs);
    const checked = checkReadings(f.rules, f.qc, fresh);
    f.readings.push(...checked);
    if (checked.length) f.lastTimeMs = checked[checked.length - 1].timeMs;
    f.health = f.lastTimeMs === null ? 'waiting' : nowMs - f.lastTimeMs <= f.rules.lateS * 1000 ? 'ok' : 'late';
    return checked;
  }

  private fetchStation(s: FeedStation, afterMs: number | null, nowMs: number): Promise<RawObservation[]> {
    switch (s.protocol) {
      case 'sensorthings':
        return pollSensorThings(
          { baseUrl: s.baseUrl, datastreamId: s.datastream, stationId: s.id, toSI: s.toSI },
          afterMs,
          this.fetchFn,
          nowMs,
        );
      case 'waterml':
        return pollHttpRecord({ url: s.url, stationId: s.id, format: 'waterml' }, afterMs, this.fetchFn, nowMs);
      case 'csv':
        return pollHttpRecord(
          { url: s.url, stationId: s.id, format: 'csv', read: { timeZone: s.timeZone, unit: s.unit } },
          afterMs,
          this.fetchFn,
          nowMs,
        );
      case 'folder':
        if (!this.folderPoller)
          return Promise.reject(new Error(`station ${s.id}: a watched folder needs the Node feed runner`));
        return this.folderPoller(s, afterMs, nowMs);
    }
  }

  /** The usable readings of a station as [ms, value] pairs (rejected ones left out). */
  usableSeries(stationId: string): [number, number][] {
    const f = this.stations.get(stationId);
    if (!f) return [];
    return f.readings.filter(isUsable).map((o) => [o.timeMs, o.value]);
  }

  /** True when any station's last poll failed: the ops view shows a banner. */
  anyDown(): boolean {
    for (const f of this.stations.values()) if (f.health === 'down') return true;
    return false;
  }
}
