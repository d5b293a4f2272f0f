/**
 * `floodtwin ops` on a coarse case: a synthetic valley (40 x 20 cells of 25 m, the terrace town of
 * tests/ops/forecast.test.ts) written to disk as a scenario with a twin, the demo SensorThings feed on
 * a local port and a local warning receiver that refuses the first POST. One `--once` run polls,
 * nowcasts to the feed's now, forecasts the third peak and writes CSV/GeoJSON; every warned
 * household reaches the receiver (the refused one after its retry, on the next step).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO, DemoFeed, type DemoStation } from '../../src/feeds/demo/demoFeed.ts';
import { makeTransform } from '../../src/io/crs.ts';
import { openOpsLoop, run } from '../../src/cli/commands/ops.ts';
import { serveOpsControl } from '../../src/cli/opsControl.ts';
import { forecastRequestUrl } from '../../src/feeds/feedsFile.ts';

const H = 3600;
const HMS = 3.6e6;
const START = Date.parse('2024-07-08T00:00:00+08:00');
const NC = 40;
const NR = 20;
const CS = 25;
const XLL = 642000;
const YLL = 3273000;
const SLOPE = 0.0005;
const bed = (c: number) => 100 - SLOPE * (c + 0.5) * CS;
const zAt = (c: number, r: number) => {
  if (r >= 9 && r <= 11) return bed(c);
  if (r >= 4 && r <= 8) return bed(c) + 2.6 + 0.3 * (8 - r) + (c % 3) * 0.05;
  if (r < 4) return bed(c) + 6 + (3 - r);
  return bed(c) + 5 + (r - 12);
};
const RATING = { a: 30, h0: 100, b: 1.6 };
const q = (h: number) =>
  60 +
  [
    [10, 150],
    [26, 150],
    [46, 500],
  ].reduce((s, [t, p]) => s + p * Math.exp(-(((h - t) / 5) ** 2)), 0);
const normalDepth = (Q: number) => (((Q / (3 * CS)) * 0.03) / Math.sqrt(SLOPE)) ** 0.6;
const hours = Array.from({ length: 61 }, (_, k) => k);
const station = (id: string, values: number[]): DemoStation => ({
  id,
  name: id,
  nameZh: id,
  lonLat: [106.5, 29.6],
  warningLevelM: 102,
  guaranteedLevelM: 103,
  times: Float64Array.from(hours, (k) => START + k * HMS),
  values: Float64Array.from(values, (v) => Math.round(v * 100) / 100),
});
const STATIONS = [
  station(
    'upstream',
    hours.map((k) => RATING.h0 + (q(k) / RATING.a) ** (1 / RATING.b)),
  ),
  station(
    'downstream',
    hours.map((k) => bed(NC - 1) + normalDepth(q(k))),
  ),
];
const toLonLat = makeTransform(32648, 4326);
const toUtm = makeTransform(4326, 32648);
const ISSUE_H = 36;

let dir: string;
let feedServer: Server;
let receiver: Server;
const clock = { hour: ISSUE_H };
const posts: { id: string; forecastId: string; buildingId: string; colour: string }[] = [];
let refused = 0;

function writeCase(feedPort: number, pushPort: number): void {
  const rows = [
    `ncols ${NC}`,
    `nrows ${NR}`,
    `xllcorner ${XLL}`,
    `yllcorner ${YLL}`,
    `cellsize ${CS}`,
    'NODATA_value -9999',
  ];
  for (let r = 0; r < NR; r++) rows.push(Array.from({ length: NC }, (_, c) => zAt(c, r).toFixed(3)).join(' '));
  writeFileSync(join(dir, 'dem.asc'), rows.join('\n') + '\n');
  // a building on every other terrace cell: a 10 m square round the cell centre, in lon/lat
  const features = [];
  for (let r = 4; r <= 8; r++) {
    for (let c = 2; c < NC - 2; c += 2) {
      const [x, y] = [XLL + (c + 0.5) * CS, YLL + (NR - r - 0.5) * CS];
      const ring = [
        [-5, -5],
        [5, -5],
        [5, 5],
        [-5, 5],
        [-5, -5],
      ].map(([dx, dy]) => toLonLat(x + dx, y + dy));
      features.push({
        type: 'Feature',
        properties: { id: `b${r}-${c}`, population: 3, use: 'residential' },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  writeFileSync(join(dir, 'buildings.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  const shelter = (id: string, c: number) => ({
    type: 'Feature',
    properties: { id, capacity: 200 },
    geometry: { type: 'Point', coordinates: toLonLat(XLL + c * CS, YLL + CS) },
  });
  writeFileSync(
    join(dir, 'shelters.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: [shelter('school', 5), shelter('stadium', 30)] }),
  );
  writeFileSync(
    join(dir, 'twin.json'),
    JSON.stringify({
      name: 'coarse valley',
      crs: { epsg: 32648 },
      files: { buildings: 'buildings.geojson', shelters: 'shelters.geojson' },
    }),
  );
  writeFileSync(
    join(dir, 'scenario.json'),
    JSON.stringify({
      name: 'coarse valley ops',
      twin: 'twin.json',
      dem: 'dem.asc',
      manning: 0.03,
      durationS: 3600,
      initialWaterLevel: bed(0) + normalDepth(60) - 0.3,
      edges: { north: 'closed', south: 'closed', west: 'closed', east: { stage: [[0, 100]] } },
      inflows: [
        {
          id: 'upstream',
          line: [
            [XLL + CS, YLL + 9 * CS + 1],
            [XLL + CS, YLL + 11 * CS - 1],
          ],
          hydrograph: [[0, 60]],
        },
      ],
      outputs: { intervalS: H, arrivalDepthM: 0.1, frameIntervalS: H },
    }),
  );
  const root = `http://127.0.0.1:${feedPort}/v1.1`;
  writeFileSync(
    join(dir, 'feeds.json'),
    JSON.stringify({
      pollS: 1,
      clock: 'feed',
      stations: STATIONS.map((s, i) => ({ id: s.id, protocol: 'sensorthings', baseUrl: root, datastream: i + 1 })),
      forecast: { stationId: 'upstream', baseUrl: root, datastream: STATIONS.length + 1 },
      push: { url: `http://127.0.0.1:${pushPort}/warn`, retryS: [600] },
      ops: {
        scenario: 'scenario.json',
        startIso: '2024-07-08T00:00:00+08:00',
        forecastEveryMin: 240,
        horizonH: 60 - ISSUE_H,
        inflow: { index: 0, stationId: 'upstream', rating: RATING, baseFlowM3s: 60, recessionKS: 12 * H },
        eastStage: { stationId: 'downstream', offsetM: 0 },
      },
    }),
  );
}

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ops-cli-'));
  const feed = new DemoFeed(STATIONS, DEFAULT_DEMO, () => START + clock.hour * HMS);
  let feedPort = 0;
  feedServer = createServer((req, res) => {
    const [status, body] = feed.answer(req.url ?? '/', `http://127.0.0.1:${feedPort}/v1.1`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      // the gateway refuses the very first warning once
      if (refused === 0) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      posts.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  feedPort = await listen(feedServer);
  writeCase(feedPort, await listen(receiver));
}, 30_000);

afterAll(() => {
  feedServer?.close();
  receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('floodtwin ops (coarse valley, demo feed, local receiver)', () => {
  it("--once: nowcasts to the feed's now, forecasts, writes CSV/GeoJSON and pushes every warning", async () => {
    const out = join(dir, 'out');
    expect(await run([join(dir, 'feeds.json'), '--out', out, '--once', '--quiet'])).toBe(0);
    const log = readFileSync(join(out, 'forecasts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log).toHaveLength(1);
    expect(log[0].issueMs).toBe(START + ISSUE_H * HMS);
    expect(log[0].basis.inflow).toBe('forecast feed');
    const csv = readFileSync(join(out, 'warnings_latest.csv'), 'utf8').trim().split('\n');
    const ids = csv.slice(1).map((l) => l.split(',')[0]);
    // the third peak (hour 46) floods the lower terrace rows: some, not all, of the 90 households
    expect(ids.length).toBe(log[0].households);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.length).toBeLessThan(90);
    const geo = JSON.parse(readFileSync(join(out, 'warnings_latest.geojson'), 'utf8'));
    expect(geo.features.map((f: { properties: { buildingId: string } }) => f.properties.buildingId)).toEqual(ids);
    for (const f of geo.features) {
      // the point maps back into the building's cell
      const [x, y] = toUtm(...(f.geometry.coordinates as [number, number]));
      const [, r, c] = /^b(\d+)-(\d+)$/.exec(f.properties.buildingId)!.map(Number);
      expect(Math.floor((x - XLL) / CS)).toBe(c);
      expect(NR - 1 - Math.floor((y - YLL) / CS)).toBe(r);
    }
    // pushed: all but the refused one, which the log records as failed
    const pushLog = readFileSync(join(out, 'push_log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(pushLog.filter((e) => e.outcome === 'failed').map((e) => e.detail)).toEqual(['HTTP 503']);
    expect(posts).toHaveLength(ids.length - 1);
    expect(posts.every((p) => p.forecastId === log[0].forecastId && p.id === `${p.forecastId}/${p.buildingId}`)).toBe(
      true,
    );
  }, 60_000);

  it('a runner retries the refused warning on a later step and says why a feeds file cannot run', async () => {
    const out = join(dir, 'out2');
    const loop = await openOpsLoop(join(dir, 'feeds.json'), out, () => {});
    posts.length = 0;
    refused = 0;
    clock.hour = ISSUE_H - 8;
    const first = await loop.step(0);
    expect(first!.pushed.length).toBeGreaterThan(1);
    expect(loop.outbox!.pending).toBe(1);
    // 10 feed minutes later: the 600 s retry is due
    clock.hour = ISSUE_H - 7;
    await loop.step(0);
    expect(loop.outbox!.pending).toBe(0);
    expect(new Set(posts.map((p) => p.buildingId)).size).toBe(first!.pushed.length);
    // no ops section: the error names the file and the JSON path
    const bad = join(dir, 'noops.json');
    const j = JSON.parse(readFileSync(join(dir, 'feeds.json'), 'utf8'));
    delete j.ops;
    writeFileSync(bad, JSON.stringify(j));
    await expect(openOpsLoop(bad, out, () => {})).rejects.toThrow(/noops\.json.*ops|ops.*noops\.json/);
    // a hot start needs a gauge of the twin standing in the initial water (this twin has no gauges)
    const cold = join(dir, 'hot.json');
    writeFileSync(
      cold,
      JSON.stringify({
        ...j,
        ops: { ...JSON.parse(readFileSync(join(dir, 'feeds.json'), 'utf8')).ops, hotStart: { stationId: 'upstream' } },
      }),
    );
    await expect(openOpsLoop(cold, out, () => {})).rejects.toThrow(/hot\.json.*ops\.hotStart\.stationId.*"upstream"/s);
  }, 60_000);

  it('"forecast now": a POST to the control URL issues a forecast on the next step, though none is due', async () => {
    const loop = await openOpsLoop(join(dir, 'feeds.json'), join(dir, 'out3'), () => {});
    const control = await serveOpsControl('http://127.0.0.1:0', () => loop.requestForecast());
    try {
      const url = forecastRequestUrl(`http://127.0.0.1:${(control.address() as AddressInfo).port}`)!;
      clock.hour = ISSUE_H - 8;
      expect(await loop.step(0)).not.toBeNull(); // the first forecast falls due (every 240 min)
      clock.hour = ISSUE_H - 7;
      expect(await loop.step(0)).toBeNull(); // an hour later none is due
      expect((await fetch(url.replace('/forecast', '/other'), { method: 'POST' })).status).toBe(404);
      expect((await fetch(url)).status).toBe(405);
      const res = await fetch(url, { method: 'POST' });
      expect(res.status).toBe(202);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.json()).toEqual({ queued: true });
      clock.hour = ISSUE_H - 6;
      const asked = await loop.step(0);
      expect(asked?.issueMs).toBe(START + (ISSUE_H - 6) * HMS);
      clock.hour = ISSUE_H - 5;
      expect(await loop.step(0)).toBeNull(); // one request, one forecast
    } finally {
      control.close();
    }
  }, 60_000);
});
