/**
 * A run in the page: cross-origin isolated, the engine in Web Workers, progress to "done" with the
 * run's summary shown, and the water drawn where the engine says wet and not where it says dry.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { isWaterColour, launchChromium, openPage, samplePixels } from './browser.ts';
import { RUN_SCENARIO, TINY_POND } from './scenarios.ts';

let browser: Browser;
let page: Page;
let requests: string[];
beforeAll(async () => {
  browser = await launchChromium();
  ({ page, requests } = await openPage(browser, `${inject('baseUrl')}?scenario=${RUN_SCENARIO}`));
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
});
afterAll(async () => {
  await browser?.close();
});

const screenAt = (x: number, y: number): Promise<[number, number]> =>
  page.evaluate(([x, y]) => window.floodtwin!.toScreen(x, y, 0)!, [x, y]);

describe('a run in the browser', () => {
  it('runs in workers on a cross-origin isolated page, reaches "done" and shows the summary; wet places turn to water colours, dry ones do not', async () => {
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

    // before the run the pond is dry land
    await page.evaluate(() => window.floodtwin!.renderNow());
    const pond = await screenAt(...TINY_POND);
    expect(pond).not.toBeNull();
    const [before] = await samplePixels(page, [pond]);
    expect(isWaterColour(before)).toBe(false);

    // start from the panel, like a user
    await page.locator('#runBtn').click();
    await page.waitForFunction(() => window.floodtwin!.status === 'running', null, { timeout: 30_000 });
    await page.waitForFunction(() => window.floodtwin!.status !== 'running', null, { timeout: 180_000 });
    const state = await page.evaluate(() => {
      const f = window.floodtwin!;
      return { status: f.status, error: f.error, frames: f.frameCount, summary: f.summary };
    });
    expect(state.error).toBeUndefined();
    expect(state.status).toBe('done');
    expect(state.frames).toBeGreaterThanOrEqual(10); // 1800 s at 120 s a frame, plus t = 0
    expect(state.summary!.simulatedS).toBeCloseTo(1800, 6);
    expect(Math.abs(state.summary!.massBalance.relativeError)).toBeLessThan(1e-4);
    // the summary is on the page
    expect(await page.locator('#runSummary [data-summary="status"]').innerText()).toBe('done');
    expect(await page.locator('#runSummary').innerText()).toMatch(/max depth\s+0\.\d\d m/);
    // the engine's worker script came from this server
    expect(requests.some((u) => /flood\.worker/.test(u))).toBe(true);

    // at the end: the pond is water-coloured; the highest never-wet cell is not
    await page.evaluate(() => window.floodtwin!.seek(1800));
    await page.evaluate(() => window.floodtwin!.renderNow());
    // dry: the highest cell holding under 5 mm at the end whose place on screen is map, not panel
    const dryAt = await page.evaluate(() => {
      const f = window.floodtwin!;
      const d = f.dem;
      const last = f.frames.frames[f.frames.length - 1];
      const order = Array.from(d.values.keys() as Iterable<number>)
        .filter((k) => last[k] < 0.005)
        .sort((a, b) => d.values[b] - d.values[a]);
      for (const k of order) {
        const x = d.xll + ((k % d.ncols) + 0.5) * d.cellSize,
          y = d.yll + (d.nrows - Math.floor(k / d.ncols) - 0.5) * d.cellSize;
        const at = f.toScreen(x, y, 0);
        if (at && document.elementFromPoint(at[0], at[1])?.tagName === 'CANVAS')
          return { at, depth: last[k], z: d.values[k] };
      }
      return null;
    });
    expect(dryAt).not.toBeNull();
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, pond)).toBe('CANVAS');
    const depthAtPond = await page.evaluate(([x, y]) => {
      const f = window.floodtwin!;
      const d = f.dem;
      const col = Math.floor((x - d.xll) / d.cellSize),
        row = Math.floor((d.yll + d.nrows * d.cellSize - y) / d.cellSize);
      return f.frames.frames[f.frames.length - 1][row * d.ncols + col];
    }, TINY_POND);
    expect(depthAtPond).toBeGreaterThan(0.3);
    const [wetPx, dryPx] = await samplePixels(page, [pond, dryAt!.at]);
    expect(isWaterColour(wetPx), `pond pixel ${wetPx}`).toBe(true);
    expect(isWaterColour(dryPx), `hill pixel ${dryPx}`).toBe(false);

    // the hazard toggle recolours the same water by ARR class: 0.8 m deep is H3 (orange)
    await page.locator('#hazardChk').check();
    await page.evaluate(() => window.floodtwin!.renderNow());
    const [hz] = await samplePixels(page, [pond]);
    expect(hz[0] > hz[2] + 60 && hz[1] > hz[2], `hazard pixel ${hz}`).toBe(true);
    await page.locator('#hazardChk').uncheck();

    // scrubbing back to the start shows dry land again (frames are recorded, not recomputed)
    await page.evaluate(() => window.floodtwin!.seek(0));
    await page.evaluate(() => window.floodtwin!.renderNow());
    const [again] = await samplePixels(page, [pond]);
    expect(isWaterColour(again)).toBe(false);
  });

  it('follows a deep link: scenario, camera and autorun', async () => {
    const camera = '105.002,29.547,1500,30,-60';
    const { page: p2 } = await openPage(
      browser,
      `${inject('baseUrl')}?scenario=${RUN_SCENARIO}&mode=planner&autorun=1&camera=${camera}`,
    );
    await p2.waitForFunction(() => window.floodtwin?.status === 'done', null, {
      timeout: 180_000,
      polling: 250,
    });
    const view = await p2.evaluate(() => {
      const s = window.floodtwin!.cesiumScene();
      const c = s.camera.positionCartographic;
      return {
        lon: (c.longitude * 180) / Math.PI,
        lat: (c.latitude * 180) / Math.PI,
        h: c.height,
        heading: (s.camera.heading * 180) / Math.PI,
        pitch: (s.camera.pitch * 180) / Math.PI,
        scenario: window.floodtwin!.scenario,
      };
    });
    expect(view.scenario).toBe(RUN_SCENARIO);
    expect(view.lon).toBeCloseTo(105.002, 5);
    expect(view.lat).toBeCloseTo(29.547, 5);
    expect(view.h).toBeCloseTo(1500, 0);
    expect(view.heading).toBeCloseTo(30, 3);
    expect(view.pitch).toBeCloseTo(-60, 3);
    expect(await p2.locator('#runSummary [data-summary="status"]').innerText()).toBe('done');
    await p2.context().close();
  });
});
