/**
 * A watched folder, for sites with no network: a station's records are dropped into a folder (by a
 * logger, a USB stick, a nightly copy) as CSV, WaterML 2.0 or USGS RDB files. Each poll reads the files
 * whose size or modification time changed and hands on the readings after `afterMs`. Node only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readGaugeFile } from '../io/gauges/index.ts';
import type { GaugeReadOptions } from '../io/gauges/series.ts';
import type { RawObservation } from './observation.ts';

export interface FolderSource {
  folder: string;
  stationId: string;
  /** file names taken (default: every .csv, .xml, .wml, .rdb, .txt) */
  pattern?: RegExp;
  read?: GaugeReadOptions;
}

/** What the folder held at the last poll: name -> "size:mtime". */
export type FolderSeen = Map<string, string>;

export async function pollFolder(
  src: FolderSource,
  seen: FolderSeen,
  afterMs: number | null,
  nowMs: number,
): Promise<RawObservation[]> {
  const pattern = src.pattern ?? /\.(csv|xml|wml|rdb|txt)$/i;
  const names = (await readdir(src.folder)).filter((n) => pattern.test(n)).sort();
  const out: RawObservation[] = [];
  for (const name of names) {
    const path = join(src.folder, name);
    const st = await stat(path);
    const key = `${st.size}:${st.mtimeMs}`;
    if (seen.get(name) === key) continue;
    const s = readGaugeFile(await readFile(path, 'utf8'), path, { stationId: src.stationId, ...src.read });
    seen.set(name, key);
    for (let i = 0; i < s.times.length; i++) {
      if (afterMs !== null && s.times[i] <= afterMs) continue;
      out.push({ stationId: src.stationId, timeMs: s.times[i], value: s.values[i], receivedMs: nowMs });
    }
  }
  out.sort((a, b) => a.timeMs - b.timeMs);
  return out;
}

/** A FeedStore folder poller (Node): one watched folder per station, remembering what each held. */
export function nodeFolderPoller(): (
  s: { id: string; folder: string },
  afterMs: number | null,
  nowMs: number,
) => Promise<RawObservation[]> {
  const seen = new Map<string, FolderSeen>();
  return (s, afterMs, nowMs) => {
    let m = seen.get(s.id);
    if (!m) {
      m = new Map();
      seen.set(s.id, m);
    }
    return pollFolder({ folder: s.folder, stationId: s.id }, m, afterMs, nowMs);
  };
}
