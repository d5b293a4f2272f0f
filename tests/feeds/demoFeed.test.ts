/**
 * The demo feed (src/feeds/demo) read through the SensorThings adapter and the FeedStore, on the
 * default twin's record with a moving demo clock: levels arrive as the clock advances, an injected
 * spike is flagged and not used, a dead station turns late, the feed going down loses nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO, DemoFeed, demoStations } from '../../src/feeds/demo/demoFeed.ts';
import { parseFaults } from '../../src/feeds/demo/main.ts';
import { FeedStore } from '../../src/feeds/feedStore.ts';
import { readFeedsFile } from '../../src/feeds/feedsFile.ts';
import type { FetchLike } from '../../src/feeds/sensorThings.ts';

const TWIN = 'data/default';
const stations = demoStations(readFileSync(join(TWIN, 'gauges.geojson'), 'utf8'), (f) =>
  readFileSync(join(TWIN, f), 'utf8'),
);
const H = 3.6e6;
const BASE = 'http://127.0.0.1:8091/v1.1';

function setup(faults: string[][]) {
  const [spike, dead, gap, down] = faults;
  const clock = { hour: 0 };
  const t0 = stations[0].times[0];
  const feed = new DemoFeed(
    stations,
    { ...DEFAULT_DEMO, pageSize: 20, faults: parseFaults({ spike, dead, gap, down }) },
    () => t0 + clock.hour * H,
  );
  const fetchFn: FetchLike = async (url) => {
    const [status, body] = feed.answer(url.slice(BASE.length - '/v1.1'.length), BASE);
    return { ok: status < 300, status, text: async () => JSON.stringify(body) };
  };
  const file = readFeedsFile({
    stations: stations.map((s, i) => ({ id: s.id, protocol: 'sensorthings', baseUrl: BASE, datastream: i + 1 })),
  });
  const store = new FeedStore(file, fetchFn);
  return { clock, feed, store, t0, fetchFn };
}

describe('demo feed', () => {
  it('serves each station up to the demo clock, paged, and the levels update as it moves', async () => {
    const { clock, store, t0 } = setup([[], [], [], []]);
    clock.hour = 50;
    await store.pollAll(t0 + 50 * H);
    const town = stations.find((s) => s.id === 'town')!;
    const got = store.stations.get('town')!.readings;
    expect(got.length).toBe(51); // hours 0..50, in 3 pages of 20
    expect(got[50].value).toBeCloseTo(town.values[50], 3);
    clock.hour = 53;
    const more = await store.pollAll(t0 + 53 * H);
    expect(more.filter((o) => o.stationId === 'town').map((o) => (o.timeMs - t0) / H)).toEqual([51, 52, 53]);
  });

  it('serves the forecast datastream: the next 48 h of the upstream record', () => {
    const { clock, feed } = setup([[], [], [], []]);
    clock.hour = 100;
    const f = feed.readingsOf(stations.length + 1)!;
    expect(f.length).toBe(48);
    expect(f[0].value).toBeCloseTo(stations[0].values[101], 6);
  });

  it('flags an injected spike (not used), turns a dead station late, and loses nothing while down', async () => {
    const { clock, store, t0 } = setup([['town:20:+5'], ['downstream:10'], [], ['30-32']]);
    // polled each hour, so only readings held back by an outage arrive late
    for (let h = 0; h <= 25; h++) {
      clock.hour = h;
      await store.pollAll(t0 + h * H);
    }
    const town = store.stations.get('town')!;
    expect(town.readings[20].flags).toEqual(['spike']);
    expect(store.usableSeries('town').map(([t]) => (t - t0) / H)).not.toContain(20);
    expect(store.stations.get('downstream')!.health).toBe('late');
    expect(store.stations.get('downstream')!.readings.length).toBe(10);
    clock.hour = 31;
    await store.pollAll(t0 + 31 * H);
    expect(store.anyDown()).toBe(true);
    expect(town.readings.length).toBe(26);
    clock.hour = 34;
    await store.pollAll(t0 + 34 * H);
    expect(store.anyDown()).toBe(false);
    expect(town.readings.map((o) => (o.timeMs - t0) / H)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });
});
