import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { isLocal, launchChromium, openPage } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('offline twin', () => {
  it('loads the default twin with no request leaving localhost', async () => {
    const { page, requests, consoleErrors } = await openPage(browser, inject('baseUrl'));
    await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
    const remote = requests.filter((u) => !isLocal(u));
    expect(remote).toEqual([]);
    // Cesium's own static files were served by us (the offline copy under CESIUM_BASE_URL works)
    expect(requests.some((u) => u.includes('/cesiumStatic/'))).toBe(true);
    expect(await page.evaluate(() => (window as { Cesium?: unknown }).Cesium ?? null)).toBeNull();
    expect(consoleErrors.filter((e) => !/GPU stall|GL Driver/.test(e))).toEqual([]);
    await page.context().close();
  });
});
