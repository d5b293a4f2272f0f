/**
 * The operations runner on the default twin as the app runs it (data/default/feeds.json's ops
 * section: 25 m cells, its horizon, 36 h) against the demo SensorThings feed on a local port:
 *  - observation -> nowcast: the wall time of one runner step that polls the feed (bringing the
 *    new hour's readings) and advances the nowcast through that hour, so the checkpoint includes them;
 *  - one forecast over the file's horizon: the wall time of a forced step with no new readings (poll + forecast + files).
 * The nowcast starts at record hour OPS_START_H (default 150, the third peak's rise: the busiest
 * day of the record) from the scenario's initial water surface; the forecast is issued 2 h later.
 *   npm run bench -- ops            (OPS_START_H=0 npm run bench -- ops: the record's first day)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openOpsLoop } from '../../src/cli/commands/ops.ts';
import { DEFAULT_DEMO, DemoFeed, demoStations } from '../../src/feeds/demo/demoFeed.ts';
import { serveDemoFeed } from '../../src/feeds/demo/serveDemoFeed.ts';

export async function benchOps(startH = Number(process.env.OPS_START_H ?? 150)): Promise<void> {
  const stations = demoStations(readFileSync('data/default/gauges.geojson', 'utf8'), (f) =>
    readFileSync(`data/default/${f}`, 'utf8'),
  );
  const t0 = stations[0].times[0];
  const clock = { hour: startH };
  const feed = new DemoFeed(stations, DEFAULT_DEMO, () => t0 + clock.hour * 3.6e6);
  const server = await serveDemoFeed(feed, 0);
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.1`;
  const app = JSON.parse(readFileSync('data/default/feeds.json', 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'floodtwin-bench-ops-'));
  const file = {
    ...app,
    stations: app.stations.map((s: object) => ({ ...s, baseUrl: root })),
    forecast: app.forecast.map((f: object) => ({ ...f, baseUrl: root })),
    ops: {
      ...app.ops,
      scenario: resolve('data/default', app.ops.scenario),
      channelGrid: resolve('data/default', app.ops.channelGrid),
      startIso: new Date(t0 + startH * 3.6e6).toISOString(),
      forecastEveryMin: 1e6,
    },
  };
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify(file));
  try {
    const loop = await openOpsLoop(join(dir, 'feeds.json'), join(dir, 'out'), () => {});
    const { ncols, nrows, cellSize } = loop.nowcast.base;
    const lat: number[] = [];
    for (let h = startH + 1; h <= startH + 2; h++) {
      clock.hour = h;
      const t = performance.now();
      await loop.step(Date.now());
      lat.push(performance.now() - t);
    }
    const t = performance.now();
    const entry = await loop.step(Date.now(), true);
    const fcS = (performance.now() - t) / 1000;
    console.log(
      `ops on the default twin (${ncols}×${nrows} cells of ${cellSize} m, wasm, 1 thread), nowcast from record hour ${startH}:`,
    );
    console.log(
      `  observation -> nowcast including it (poll + 1 h of nowcast): ${lat.map((x) => `${x.toFixed(0)} ms`).join(', ')}`,
    );
    console.log(
      `  ${file.ops.horizonH} h forecast issued at hour ${startH + 2}: ${fcS.toFixed(1)} s wall (${entry?.warnings.length ?? 0} buildings warned)`,
    );
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
