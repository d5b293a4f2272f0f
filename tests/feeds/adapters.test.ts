/**
 * The feed adapters against recorded responses (tests/feeds/recorded): SensorThings with two pages
 * joined by @iot.nextLink, WaterML 2.0 in cm, CSV, and a watched folder; bad pages name URL and path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollHttpRecord } from '../../src/feeds/httpRecord.ts';
import { observationsUrl, pollSensorThings, type FetchLike } from '../../src/feeds/sensorThings.ts';
import { FeedStore } from '../../src/feeds/feedStore.ts';
import { readFeedsFile } from '../../src/feeds/feedsFile.ts';
import { nodeFolderPoller, pollFolder } from '../../src/feeds/watchedFolder.ts';

const recorded = (name: string) => readFileSync(new URL(`./recorded/${name}`, import.meta.url), 'utf8');
const iso = (s: string) => Date.parse(s);

/** A fetch that answers from a table of URL -> body, and records what was asked. */
function fakeFetch(table: Record<string, string>, asked: string[] = []): FetchLike {
  return async (url) => {
    asked.push(url);
    const body = table[url];
    return { ok: body !== undefined, status: body === undefined ? 404 : 200, text: async () => body ?? '' };
  };
}

describe('SensorThings', () => {
  const src = { baseUrl: 'http://127.0.0.1:8091/FROST-Server/v1.1/', datastreamId: 1, stationId: 'upstream', top: 3 };

  it('asks with $filter on phenomenonTime, $orderby and $top', () => {
    const u = new URL(observationsUrl(src, iso('2024-07-07T23:00:00Z')));
    expect(u.pathname).toBe('/FROST-Server/v1.1/Datastreams(1)/Observations');
    expect(u.searchParams.get('$filter')).toBe('phenomenonTime gt 2024-07-07T23:00:00.000Z');
    expect(u.searchParams.get('$orderby')).toBe('phenomenonTime asc');
    expect(u.searchParams.get('$top')).toBe('3');
    expect(observationsUrl({ ...src, datastreamId: "a'b" }, null)).toContain(
      "Datastreams('a''b')/Observations?$orderby",
    );
  });

  it('follows @iot.nextLink to the last page and reads interval times at their end, string results and offsets', async () => {
    const first = observationsUrl(src, iso('2024-07-07T23:00:00Z'));
    const next = JSON.parse(recorded('sta-page1.json'))['@iot.nextLink'];
    const asked: string[] = [];
    const obs = await pollSensorThings(
      src,
      iso('2024-07-07T23:00:00Z'),
      fakeFetch({ [first]: recorded('sta-page1.json'), [next]: recorded('sta-page2.json') }, asked),
      42,
    );
    expect(asked).toEqual([first, next]);
    expect(obs.map((o) => [new Date(o.timeMs).toISOString(), o.value])).toEqual([
      ['2024-07-08T00:00:00.000Z', 178.59],
      ['2024-07-08T01:00:00.000Z', 178.6],
      ['2024-07-08T02:00:00.000Z', 178.73],
      ['2024-07-08T03:00:00.000Z', 179.12],
      ['2024-07-08T04:00:00.000Z', 179.5],
    ]);
    expect(obs.every((o) => o.stationId === 'upstream' && o.receivedMs === 42)).toBe(true);
  });

  it('names the URL and JSON path of a bad observation, and stops a nextLink loop', async () => {
    const first = observationsUrl(src, null);
    const bad = JSON.stringify({
      value: [
        { phenomenonTime: '2024-07-08T00:00:00Z', result: 1 },
        { phenomenonTime: '2024-07-08T01:00:00Z', result: null },
      ],
    });
    await expect(pollSensorThings(src, null, fakeFetch({ [first]: bad }), 0)).rejects.toThrow(
      `${first}, at $.value[1].result: expected a numeric result`,
    );
    const loop = JSON.stringify({ value: [], '@iot.nextLink': first });
    await expect(pollSensorThings(src, null, fakeFetch({ [first]: loop }), 0)).rejects.toThrow(
      /paging did not end after 1 pages/,
    );
    await expect(pollSensorThings(src, null, fakeFetch({}), 0)).rejects.toThrow(/HTTP 404/);
  });
});

describe('WaterML 2.0 and CSV over HTTP', () => {
  it('reads a WaterML 2.0 document in cm into metres, after the last time seen', async () => {
    const url = 'http://10.0.0.7/wml/town';
    const obs = await pollHttpRecord(
      { url, stationId: 'town', format: 'waterml' },
      iso('2024-07-08T00:00:00+08:00'),
      fakeFetch({ [url]: recorded('station.wml') }),
      0,
    );
    expect(obs.map((o) => [o.timeMs, o.value])).toEqual([
      [iso('2024-07-08T01:00:00+08:00'), 178.41],
      [iso('2024-07-08T02:00:00+08:00'), 178.55],
    ]);
  });

  it('reads a CSV record', async () => {
    const url = 'http://10.0.0.7/csv/downstream';
    const obs = await pollHttpRecord(
      { url, stationId: 'downstream', format: 'csv' },
      null,
      fakeFetch({ [url]: recorded('station.csv') }),
      0,
    );
    expect(obs.map((o) => o.value)).toEqual([178.1, 178.12, 178.2]);
    expect(obs[2].timeMs).toBe(iso('2024-07-07T18:00:00Z'));
  });
});

describe('watched folder', () => {
  it('reads new and changed files only, readings after the last time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-folder-'));
    try {
      writeFileSync(join(dir, 'day1.csv'), recorded('station.csv'));
      writeFileSync(join(dir, 'notes.md'), 'not a record');
      const seen = new Map<string, string>();
      const src = { folder: dir, stationId: 'remote' };
      expect((await pollFolder(src, seen, null, 0)).length).toBe(3);
      expect(await pollFolder(src, seen, null, 0)).toEqual([]);
      writeFileSync(join(dir, 'day2.csv'), 'timestamp,value,unit\n2024-07-08T03:00:00+08:00,178.3,m\n');
      const more = await pollFolder(src, seen, iso('2024-07-08T02:00:00+08:00'), 0);
      expect(more.map((o) => o.value)).toEqual([178.3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('feeds a FeedStore folder station, with QC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-folder-'));
    try {
      writeFileSync(
        join(dir, 'a.csv'),
        'timestamp,value,unit\n2024-07-08T00:00:00+08:00,178.1,m\n2024-07-08T01:00:00+08:00,999,m\n',
      );
      const store = new FeedStore(
        readFeedsFile({ stations: [{ id: 'remote', protocol: 'folder', folder: dir, qc: { max: 300 } }] }),
        fakeFetch({}),
        nodeFolderPoller(),
      );
      const got = await store.pollAll(iso('2024-07-08T01:00:00+08:00'));
      expect(got.map((o) => o.flags)).toEqual([[], ['outOfRange']]);
      expect(store.usableSeries('remote')).toEqual([[iso('2024-07-08T00:00:00+08:00'), 178.1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
