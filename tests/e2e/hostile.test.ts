/**
 * Hostile input in the browser (issue 14, defect 1): a scenario whose name is markup shows as text and
 * runs no script; a `?scenario=` on another origin is refused before anything is fetched; every page
 * carries the content security policy.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { STRICT_CSP } from '../../src/core/csp.ts';
import { serverCsp } from '../../src/feeds/feedOriginsOnDisk.ts';

// the app's policy with connect-src opened to the LAN feeds that data/*/feeds.json names (vite.config.ts)
const PAGE_CSP = serverCsp('data');
import { launchChromium } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const XSS = '<img src=x onerror="window.__pwned=1">';

/** the tiny valley under a hostile name, served at scenarios/tiny/hostile.json (same origin: the page may read it) */
async function hostilePage(): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 960, height: 640 } });
  const scenario = JSON.parse(await (await fetch(new URL('scenarios/tiny/scenario.json', inject('baseUrl')))).text());
  Object.assign(scenario, {
    name: XSS,
    nameZh: '<svg onload="window.__pwned=2">',
    description: '<script>window.__pwned=3</script>',
  });
  await context.route('**/scenarios/tiny/hostile.json', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(scenario),
      headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
    }),
  );
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${inject('baseUrl')}?scenario=tiny/hostile.json&durationS=60`);
  return { page, requests };
}

describe('hostile input in the page', () => {
  it('shows a scenario named <img onerror=…> as text and runs none of its markup', async () => {
    const { page } = await hostilePage();
    await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
    const info = page.locator('#scenarioInfo');
    expect(await info.textContent()).toContain(XSS);
    expect(await info.textContent()).toContain('<script>window.__pwned=3</script>');
    expect(await info.locator('img, svg, script').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
    await page.context().close();
  });

  it('refuses ?scenario= on another origin, fetching nothing from it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${inject('baseUrl')}?scenario=//other-origin.invalid/s.json`);
    await page.waitForFunction(() => window.floodtwin?.status === 'error', null, { timeout: 60_000 });
    expect(await page.evaluate(() => window.floodtwin!.error)).toMatch(/other-origin\.invalid.*another origin/);
    await page.locator('#toast').waitFor({ state: 'visible' });
    expect(await page.locator('#toast').textContent()).toMatch(/another origin/);
    expect(requests.filter((u) => new URL(u).hostname.includes('other-origin'))).toEqual([]);
    await context.close();
  });

  it('sends the content security policy with every page (planner, drill, kiosk)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const q of ['', '?mode=drill', '?mode=kiosk']) {
      const res = await page.goto(`${inject('baseUrl')}${q}`);
      expect(res?.headers()['content-security-policy']).toBe(PAGE_CSP);
      const metas = await page
        .locator('meta[http-equiv="Content-Security-Policy"]')
        .evaluateAll((m) => m.map((x) => x.getAttribute('content')));
      // index.html's policy everywhere; the modes pages (no Cesium) add the strict one, without eval
      expect(metas).toEqual(q ? [STRICT_CSP, PAGE_CSP] : [PAGE_CSP]);
    }
    // a script from another origin is refused by the policy itself
    const blocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const s = document.createElement('script');
          s.src = 'http://other-origin.invalid/x.js';
          document.head.appendChild(s);
        }),
    );
    expect(blocked).toMatch(/script-src/);
    await context.close();
  });
});
