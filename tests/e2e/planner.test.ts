/**
 * The planner page on the small twin: clicking a gauge opens its hydrograph, and a broken dropped
 * file shows an inline error while the current twin stays.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, samplePixels } from './browser.ts';
import { SMALL_SCENARIO } from './scenarios.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openPage(browser, `${inject('baseUrl')}?scenario=${SMALL_SCENARIO}`));
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('planner page', () => {
  it('opens the hydrograph of a clicked gauge', async () => {
    const gauges = await page.evaluate(() => window.floodtwin!.gauges());
    expect(gauges.length).toBeGreaterThan(0);
    await page.evaluate(() => window.floodtwin!.renderNow());
    // the middle of a gauge's column on screen, where the map (not a panel) takes the click
    const hits = await page.evaluate(
      (gs: any[]) =>
        gs.map((g) => {
          const at = window.floodtwin!.toScreen(g.x, g.y, (g.top - g.groundM) / 2);
          return { g, at, onMap: !!at && document.elementFromPoint(at[0], at[1])?.tagName === 'CANVAS' };
        }),
      gauges,
    );
    const hit = hits.find((h: any) => h.onMap);
    expect(hit, JSON.stringify(hits)).toBeDefined();
    const { g, at } = hit!;
    expect(await page.locator('#popup').isVisible()).toBe(false);
    await page.mouse.click(at![0], at![1]);
    await page.locator('#popup svg.hydrograph').waitFor({ timeout: 30_000 });
    expect(await page.locator('#popup').getAttribute('data-gauge')).toBe(g.id);
    // warning and guaranteed levels are drawn as lines with their values
    const text = await page.locator('#popup').innerText();
    expect(text).toMatch(/warning \d/);
    expect(text).toMatch(/guaranteed \d/);
    await page.locator('#popClose').click();
  });

  it('shows an error for a broken dropped file and keeps the twin', async () => {
    const before = await page.evaluate(() => ({
      ncols: window.floodtwin!.dem.ncols,
      nrows: window.floodtwin!.dem.nrows,
    }));
    const centre: [number, number] = [480, 320];
    const [pxBefore] = await samplePixels(page, [centre]);
    for (const [name, content] of [
      ['broken.tif', 'II*\u0000garbage that is not a TIFF directory'],
      ['broken.geojson', '{"type": "FeatureCollection", "features": [ {"type": '],
    ] as const) {
      await page.evaluate(
        ([n, c]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([c], n));
          document
            .getElementById('app')!
            .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        [name, content],
      );
      const msg = page.locator('#dropMsg[data-state="error"]');
      await msg.waitFor({ timeout: 30_000 });
      const text = await msg.innerText();
      expect(text).toContain(name);
      expect(text).toContain('not loaded');
      await page.evaluate(() => {
        document.getElementById('dropMsg')!.removeAttribute('data-state');
      });
    }
    // the twin is still there: same DEM, still rendering the same view
    const after = await page.evaluate(() => ({
      ncols: window.floodtwin!.dem.ncols,
      nrows: window.floodtwin!.dem.nrows,
      ready: window.floodtwin!.ready,
    }));
    expect(after).toEqual({ ...before, ready: true });
    await page.evaluate(() => window.floodtwin!.renderNow());
    const [pxAfter] = await samplePixels(page, [centre]);
    for (let k = 0; k < 3; k++) expect(Math.abs(pxAfter[k] - pxBefore[k])).toBeLessThan(12);
  });
});
