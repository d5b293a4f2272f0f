/**
 * The ops view (?mode=ops) against the demo SensorThings feed on a local port: the levels update as
 * the demo clock moves, an injected spike is flagged (kept, not shown as the level), the feed going
 * down shows a banner and, once back, every reading of the outage arrives (nothing lost). The
 * feeds file (routed in place of data/default/feeds.json) is where the page gets the feed's address;
 * no other origin is contacted.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { isLocal, launchChromium } from './browser.ts';
import { DEFAULT_DEMO, DemoFeed, demoStations } from '../../src/feeds/demo/demoFeed.ts';
import { parseFaults } from '../../src/feeds/demo/main.ts';

const stations = demoStations(readFileSync('data/default/gauges.geojson', 'utf8'), (f) => readFileSync(`data/default/${f}`, 'utf8'));
const clock = { hour: 20 };
const feed = new DemoFeed(stations, { ...DEFAULT_DEMO, faults: parseFaults({ spike: ['town:22:+4'], down: ['24-26'] }) }, () => stations[0].times[0] + clock.hour * 3.6e6);
let server: Server;
let port = 0;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] = feed.answer(req.url ?? '/', `http://127.0.0.1:${port}/v1.1`);
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('ops view', () => {
  it('shows live levels that update, flags a spike, shows a banner while the feed is down and loses nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const feeds = JSON.parse(readFileSync('data/default/feeds.json', 'utf8').replaceAll('127.0.0.1:8091', `127.0.0.1:${port}`));
    await page.route('**/data/default/feeds.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(feeds) }));
    await page.goto(`${inject('baseUrl')}?mode=ops&lang=en&pollS=0.2`);
    const ops = () => page.evaluate(() => JSON.parse(JSON.stringify((window as any).floodtwinOps)));
    // function predicates (the page's CSP forbids evaluating strings): wait for the town readings
    // count and banner state given
    const until = (arg: { town?: number; banner?: boolean }) =>
      page.waitForFunction(
        (a) => {
          const o = (window as any).floodtwinOps;
          if (!o) return false;
          if (o.error) return true;
          if (a.town === undefined && a.banner === undefined) return o.polls >= 1;
          return (a.town === undefined || o.readings.town === a.town) && (a.banner === undefined || o.banner === a.banner);
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
    // the clock moves: the spike at hour 22 is flagged and the level shown is hour 23's
    clock.hour = 23;
    await until({ town: 24 });
    s = await ops();
    expect(s.flagged.town).toBe(1);
    expect(s.levels.town).toBeCloseTo(town.values[23], 2);
    expect(s.banner).toBe(false);
    expect(s.countdown).toMatch(/Upper Bend gauge is forecast to pass its warning level in \d+ h \d+ min|no gauge forecast/);
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
    expect(requests.filter((u) => !isLocal(u) && !u.startsWith(`http://127.0.0.1:${port}/`))).toEqual([]);
    // zh: one tap switches the language
    await page.click('#langBtn');
    expect(await page.locator('.ops-head h1').textContent()).toContain('防汛');
    await page.close();
  });
});
