/**
 * The ops view (?mode=ops) against the demo SensorThings feed on a local port: the levels update as
 * the demo clock moves, an injected spike is flagged (kept, not shown as the level), the feed going
 * down shows a banner and, once back, every reading of the outage arrives (nothing lost). The
 * feed listens where data/default/feeds.json says (127.0.0.1:8091), the one LAN origin the servers'
 * Content-Security-Policy allows (serverCsp); no other origin is contacted. "Forecast now" asks the
 * runner's control endpoint (src/cli/opsControl.ts, on 127.0.0.1:8093 as the file's ops.controlUrl
 * says); the stand-in runner then writes a new warning list, and the page says it was issued.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { isLocal, launchChromium } from './browser.ts';
import { DEFAULT_DEMO, DemoFeed, demoStations } from '../../src/feeds/demo/demoFeed.ts';
import { parseFaults } from '../../src/feeds/demo/main.ts';
import { serveDemoFeed } from '../../src/feeds/demo/serveDemoFeed.ts';
import { warningsGeoJson } from '../../src/ops/warningList.ts';
import { serveOpsControl } from '../../src/cli/opsControl.ts';

const stations = demoStations(readFileSync('data/default/gauges.geojson', 'utf8'), (f) =>
  readFileSync(`data/default/${f}`, 'utf8'),
);
const clock = { hour: 20 };
const feed = new DemoFeed(
  stations,
  { ...DEFAULT_DEMO, faults: parseFaults({ spike: ['town:22:+4'], down: ['24-26'] }) },
  () => stations[0].times[0] + clock.hour * 3.6e6,
);
let server: Server;
let control: Server | undefined;
// the runner's "forecast now" requests, as the control endpoint hands them on
let forecastRequests = 0;
const controlUrl: string = JSON.parse(readFileSync('data/default/feeds.json', 'utf8')).ops.controlUrl;
// the port data/default/feeds.json names: the page's CSP (built from that file) allows only it
const port = Number(new URL(JSON.parse(readFileSync('data/default/feeds.json', 'utf8')).stations[0].baseUrl).port);
let browser: Browser;

beforeAll(async () => {
  server = await serveDemoFeed(feed, port);
  control = await serveOpsControl(controlUrl, () => forecastRequests++);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  control?.close();
});

describe('ops view', () => {
  it('shows live levels that update, flags a spike, shows a banner while the feed is down and loses nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    // the runner's warning list: none at first (404), then one forecast's (src/ops warningsGeoJson)
    let warnings: string | null = null;
    await page.route('**/data/default/ops/warnings_latest.geojson', (route) =>
      warnings
        ? route.fulfill({ contentType: 'application/json', body: warnings })
        : route.fulfill({ status: 404, body: '' }),
    );
    await page.goto(`${inject('baseUrl')}?mode=ops&lang=en&pollS=0.2`);
    const ops = () => page.evaluate(() => JSON.parse(JSON.stringify(window.floodtwinOps!)));
    // function predicates (the page's CSP forbids evaluating strings): wait for the town readings
    // count and banner state given
    const until = (arg: { town?: number; banner?: boolean }) =>
      page.waitForFunction(
        (a) => {
          const o = window.floodtwinOps!;
          if (!o) return false;
          if (o.error) return true;
          if (a.town === undefined && a.banner === undefined) return o.polls >= 1;
          return (
            (a.town === undefined || o.readings.town === a.town) && (a.banner === undefined || o.banner === a.banner)
          );
        },
        arg,
        { timeout: 60_000 },
      );
    await until({});
    let s = await ops();
    expect(s.error).toBeUndefined();
    const town = stations.find((x) => x.id === 'town')!;
    expect(s.levels.town).toBeCloseTo(town.values[20], 2);
    expect(s.readings.town).toBe(21);
    expect(await page.locator('tr[data-station="town"] td').nth(1).textContent()).toBe(town.values[20].toFixed(2));
    expect(s.warned).toBeNull();
    expect(await page.locator('.ops-warned').textContent()).toContain('no forecast from the runner yet');
    const w = (id: string, colour: 'red' | 'orange', population: number, leaveByS: number) => ({
      buildingId: id,
      kind: population > 0 ? ('household' as const) : ('premises' as const),
      use: population > 0 ? ('residential' as const) : ('commercial' as const),
      population,
      colour,
      arrivalS: leaveByS + 3600,
      maxDepthM: 0.7,
      shelterId: 's1',
      shelterFull: false,
      walkS: 600,
      leaveByS,
      x: 643000,
      y: 3274000,
    });
    warnings = JSON.stringify(
      warningsGeoJson(
        [w('b1', 'red', 41, 7200), w('b2', 'orange', 12, 3600), w('b3', 'orange', 0, 9000)],
        stations[0].times[0],
        'fc-test',
        () => [106.5, 29.6],
      ),
    );
    // the clock moves: the spike at hour 22 is flagged and the level shown is hour 23's
    clock.hour = 23;
    await until({ town: 24 });
    s = await ops();
    expect(s.flagged.town).toBe(1);
    expect(s.warned).toMatchObject({
      forecastId: 'fc-test',
      households: 2,
      premises: 1,
      people: 53,
      red: 1,
      orange: 2,
    });
    expect(await page.locator('.ops-warned-count').textContent()).toBe(
      '2 households (53 people) · 1 premises (shops, offices, public)',
    );
    expect(s.levels.town).toBeCloseTo(town.values[23], 2);
    expect(s.banner).toBe(false);
    expect(s.countdown).toMatch(
      /Upper Bend gauge is forecast to pass its warning level in \d+ h \d+ min|no gauge forecast/,
    );
    // "forecast now": the runner takes the request; its next warning list answers it
    expect(s.forecastNow).toEqual({ state: 'idle', forecastId: '', detail: '' });
    await page.click('#opsForecastNow');
    await page.waitForFunction(() => window.floodtwinOps!.forecastNow?.state !== 'sending', undefined, {
      timeout: 30_000,
    });
    expect(forecastRequests).toBe(1);
    s = await ops();
    expect(s.forecastNow).toEqual({ state: 'queued', forecastId: 'fc-test', detail: '' });
    expect(await page.locator('#opsForecastNow').isDisabled()).toBe(true);
    warnings = JSON.stringify(
      warningsGeoJson([w('b1', 'red', 41, 3600)], stations[0].times[0], 'fc-now', () => [106.5, 29.6]),
    );
    await page.waitForFunction(() => window.floodtwinOps!.forecastNow?.state === 'issued', undefined, {
      timeout: 30_000,
    });
    expect(await page.locator('#opsForecastNowNote').textContent()).toBe('new forecast issued: fc-now');
    expect(await page.locator('#opsForecastNow').isDisabled()).toBe(false);
    // the feed goes down: banner, last good values kept
    clock.hour = 25;
    await until({ banner: true });
    expect(await page.locator('#opsBanner').isVisible()).toBe(true);
    s = await ops();
    expect(s.levels.town).toBeCloseTo(town.values[23], 2);
    // back: the banner goes and every reading of the outage arrives
    clock.hour = 28;
    await until({ banner: false, town: 29 });
    s = await ops();
    expect(s.levels.town).toBeCloseTo(town.values[28], 2);
    expect(s.readings.upstream).toBe(29);
    expect(errors).toEqual([]);
    expect(
      requests.filter(
        (u) =>
          !isLocal(u) && !u.startsWith(`http://127.0.0.1:${port}/`) && !u.startsWith(`${new URL(controlUrl).origin}/`),
      ),
    ).toEqual([]);
    // zh: one tap switches the language
    await page.click('#langBtn');
    expect(await page.locator('.ops-head h1').textContent()).toContain('防汛');
    await page.close();
  });
});
