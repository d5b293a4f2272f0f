/**
 * WaterML 2.0 and CSV gauge records over HTTP: the whole document is fetched each poll (these
 * services usually take a time window in their own query syntax, written into the configured URL)
 * and read by the file readers in src/io/gauges; readings after `afterMs` are handed on.
 */
import { readGaugeCsv } from '../io/gauges/csv.ts';
import { readWaterML2 } from '../io/gauges/waterml.ts';
import type { GaugeReadOptions } from '../io/gauges/series.ts';
import type { RawObservation } from './observation.ts';
import { FeedHttpError, type FetchLike } from './sensorThings.ts';

export interface HttpRecordSource {
  url: string;
  stationId: string;
  format: 'waterml' | 'csv';
  /** unit and time zone when the document does not say */
  read?: GaugeReadOptions;
}

export async function pollHttpRecord(
  src: HttpRecordSource,
  afterMs: number | null,
  fetchFn: FetchLike,
  nowMs: number,
): Promise<RawObservation[]> {
  const res = await fetchFn(src.url, {
    headers: { accept: src.format === 'waterml' ? 'application/xml' : 'text/csv' },
  });
  if (!res.ok) throw new FeedHttpError(src.url, res.status);
  return recordReadings(await res.text(), src, afterMs, nowMs);
}

/** Readings of one record document after `afterMs`. */
export function recordReadings(
  text: string,
  src: HttpRecordSource,
  afterMs: number | null,
  nowMs: number,
): RawObservation[] {
  const opts = { stationId: src.stationId, ...src.read };
  const s = src.format === 'waterml' ? readWaterML2(text, src.url, opts) : readGaugeCsv(text, src.url, opts);
  const out: RawObservation[] = [];
  for (let i = 0; i < s.times.length; i++) {
    if (afterMs !== null && s.times[i] <= afterMs) continue;
    out.push({ stationId: src.stationId, timeMs: s.times[i], value: s.values[i], receivedMs: nowMs });
  }
  return out;
}
