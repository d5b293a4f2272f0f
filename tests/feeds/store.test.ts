/**
 * FeedStore: a feed that goes down marks its station down and keeps the last good state; when it
 * is back, the next poll asks from the last reading, so nothing the server holds is lost.
 */
import { describe, expect, it } from 'vitest';
import { FeedStore } from '../../src/feeds/feedStore.ts';
import { readFeedsFile } from '../../src/feeds/feedsFile.ts';
import type { FetchLike } from '../../src/feeds/sensorThings.ts';

const H = 3.6e6;
const T0 = Date.parse('2024-07-08T00:00:00Z');

/** A SensorThings server holding hourly readings up to `upTo`, answering $filter gt; `down` makes it fail. */
function server() {
  const s = { upTo: 0, down: false, asked: [] as string[] };
  const fetchFn: FetchLike = async (url) => {
    s.asked.push(url);
    if (s.down) throw new TypeError('fetch failed');
    const f = new URL(url).searchParams.get('$filter');
    const after = f ? Date.parse(f.replace('phenomenonTime gt ', '')) : -Infinity;
    const value: { phenomenonTime: string; result: number }[] = [];
    for (let i = 0; i <= s.upTo; i++) {
      const t = T0 + i * H;
      if (t > after) value.push({ phenomenonTime: new Date(t).toISOString(), result: i === 5 ? 199 : 180 + 0.1 * i });
    }
    return { ok: true, status: 200, text: async () => JSON.stringify({ value }) };
  };
  return { s, fetchFn };
}

describe('FeedStore', () => {
  it('survives an outage: station down, last state kept, the gap filled once the feed is back', async () => {
    const { s, fetchFn } = server();
    const store = new FeedStore(
      readFeedsFile({
        stations: [{ id: 'up', protocol: 'sensorthings', baseUrl: 'http://127.0.0.1:8091/v1.1', datastream: 1 }],
      }),
      fetchFn,
    );
    s.upTo = 2;
    expect((await store.pollAll(T0 + 2 * H)).length).toBe(3);
    expect(store.anyDown()).toBe(false);
    s.down = true;
    s.upTo = 6;
    expect(await store.pollAll(T0 + 6 * H)).toEqual([]);
    expect(store.anyDown()).toBe(true);
    expect(store.stations.get('up')?.lastError).toMatch(/fetch failed/);
    expect(store.usableSeries('up').length).toBe(3);
    s.down = false;
    const back = await store.pollAll(T0 + 7 * H);
    expect(back.map((o) => (o.timeMs - T0) / H)).toEqual([3, 4, 5, 6]);
    expect(new URL(s.asked[s.asked.length - 1]).searchParams.get('$filter')).toBe(
      'phenomenonTime gt 2024-07-08T02:00:00.000Z',
    );
    expect(store.anyDown()).toBe(false);
    // the spike at hour 5 is kept and flagged, not used
    expect(back[2].flags).toEqual(['spike']);
    expect(store.stations.get('up')?.readings.length).toBe(7);
    expect(store.usableSeries('up').map(([t]) => (t - T0) / H)).toEqual([0, 1, 2, 3, 4, 6]);
  });

  it("with a 'feed' clock, now is the newest reading: a replayed record is not late, a silent station is", async () => {
    const { s, fetchFn } = server();
    const file = readFeedsFile({
      clock: 'feed',
      stations: [
        { id: 'up', protocol: 'sensorthings', baseUrl: 'http://127.0.0.1:8091/v1.1', datastream: 1 },
        { id: 'old', protocol: 'sensorthings', baseUrl: 'http://127.0.0.1:8092/v1.1', datastream: 1 },
      ],
    });
    const old: FetchLike = async () => ({
      ok: true,
      status: 200,
      text: async () => JSON.stringify({ value: [{ phenomenonTime: new Date(T0).toISOString(), result: 180 }] }),
    });
    const store = new FeedStore(file, (url, init) => (url.includes(':8092/') ? old(url, init) : fetchFn(url, init)));
    s.upTo = 4;
    // the wall clock says 2026; the feed's newest reading says hour 4 of the record
    await store.pollAll(Date.parse('2026-12-06T00:00:00Z'));
    expect(store.nowMs).toBe(T0 + 4 * H);
    expect(store.stations.get('up')!.readings.every((o) => !o.flags.includes('late'))).toBe(true);
    expect(store.stations.get('up')!.health).toBe('ok');
    expect(store.stations.get('old')!.health).toBe('late');
  });
});
