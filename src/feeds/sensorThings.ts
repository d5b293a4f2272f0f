/**
 * OGC SensorThings API (OGC 15-078r6, part 1 Sensing) adapter: the observations of one Datastream
 * after a time, oldest first, following `@iot.nextLink` page by page (server-driven paging, §9.3.3.4).
 *   GET {base}/Datastreams({id})/Observations?$filter=phenomenonTime gt {iso}&$orderby=phenomenonTime asc&$top={n}
 * A phenomenonTime may be an interval "start/end"; the reading is placed at its end.
 */
import { InputError } from '../core/errors.ts';
import { parseIsoTime } from '../io/gauges/series.ts';
import type { RawObservation } from './observation.ts';

export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export interface SensorThingsSource {
  /** service root, e.g. http://10.0.0.5:8080/FROST-Server/v1.1 */
  baseUrl: string;
  /** @iot.id of the Datastream */
  datastreamId: string | number;
  stationId: string;
  /** multiplies `result` into SI (0.01 for cm) */
  toSI?: number;
  /** readings per page asked for */
  top?: number;
  /** pages followed at most in one poll (a loop guard) */
  maxPages?: number;
}

/** The query URL of a Datastream's observations after `afterMs` (or all, if null). */
export function observationsUrl(src: SensorThingsSource, afterMs: number | null): string {
  const id =
    typeof src.datastreamId === 'number' ? String(src.datastreamId) : `'${src.datastreamId.replace(/'/g, "''")}'`;
  const q: string[] = [];
  if (afterMs !== null) q.push(`$filter=${encodeURIComponent(`phenomenonTime gt ${new Date(afterMs).toISOString()}`)}`);
  q.push(`$orderby=${encodeURIComponent('phenomenonTime asc')}`);
  q.push(`$top=${src.top ?? 1000}`);
  q.push(`$select=${encodeURIComponent('phenomenonTime,result')}`);
  return `${src.baseUrl.replace(/\/+$/, '')}/Datastreams(${id})/Observations?${q.join('&')}`;
}

/** Every observation after `afterMs`, all pages; throws InputError naming the URL and JSON path on a bad page. */
export async function pollSensorThings(
  src: SensorThingsSource,
  afterMs: number | null,
  fetchFn: FetchLike,
  nowMs: number,
): Promise<RawObservation[]> {
  const out: RawObservation[] = [];
  let url: string | null = observationsUrl(src, afterMs);
  const seen = new Set<string>();
  const maxPages = src.maxPages ?? 100;
  for (let page = 0; url !== null; page++) {
    if (page >= maxPages || seen.has(url))
      throw new InputError(`@iot.nextLink paging did not end after ${page} pages`, { file: url });
    seen.add(url);
    const res = await fetchFn(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new FeedHttpError(url, res.status);
    const text = await res.text();
    const next: string | null = readObservationPage(text, url, src, nowMs, out);
    url = next === null ? null : new URL(next, url).toString();
  }
  return out;
}

/** Appends a page's readings to `out`; returns its @iot.nextLink or null. */
export function readObservationPage(
  text: string,
  url: string,
  src: SensorThingsSource,
  nowMs: number,
  out: RawObservation[],
): string | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`, { file: url });
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { value?: unknown }).value)) {
    throw new InputError('expected an object with a "value" array of Observations', { file: url, path: '$.value' });
  }
  const items = (doc as { value: unknown[] }).value;
  const toSI = src.toSI ?? 1;
  for (let i = 0; i < items.length; i++) {
    const path = `$.value[${i}]`;
    const it = items[i] as { phenomenonTime?: unknown; result?: unknown } | null;
    if (!it || typeof it.phenomenonTime !== 'string')
      throw new InputError('expected a phenomenonTime string', { file: url, path: `${path}.phenomenonTime` });
    const pt = it.phenomenonTime.includes('/') ? it.phenomenonTime.split('/')[1] : it.phenomenonTime;
    const timeMs = parseIsoTime(pt, undefined, { file: url, field: `${path}.phenomenonTime` });
    const r = typeof it.result === 'string' && it.result.trim() !== '' ? Number(it.result) : it.result;
    if (typeof r !== 'number')
      throw new InputError(`expected a numeric result, got ${JSON.stringify(it.result)?.slice(0, 40)}`, {
        file: url,
        path: `${path}.result`,
      });
    out.push({ stationId: src.stationId, timeMs, value: r * toSI, receivedMs: nowMs });
  }
  const next = (doc as { '@iot.nextLink'?: unknown })['@iot.nextLink'];
  if (next === undefined || next === null) return null;
  if (typeof next !== 'string')
    throw new InputError('expected @iot.nextLink to be a URL string', { file: url, path: '$["@iot.nextLink"]' });
  return next;
}

/** The server answered with an HTTP error: the feed is down for now (not bad data). */
export class FeedHttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${url}: HTTP ${status}`);
    this.name = 'FeedHttpError';
  }
}
