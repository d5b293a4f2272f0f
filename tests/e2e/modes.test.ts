/**
 * Drill and kiosk modes in the browser (DOM and SVG only, no WebGL: fast on SwiftShader).
 * Drill: two screens in one browser context stay within one frame after play, pause and jump.
 * The kiosk (a WebGL sand table) has its own tests: tests/e2e/kiosk.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import type { TestHookEntries } from '../../src/ui/testHooks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const url = (q: string) => `${inject('baseUrl')}?${q}`;

/** every URL each page asked for */
const requested = new WeakMap<Page, string[]>();

async function open(
  ctx: BrowserContext,
  q: string,
  hook: Exclude<keyof TestHookEntries, 'floodtwinEnsemble'>,
): Promise<Page> {
  const p = await ctx.newPage();
  const errors: string[] = [];
  const reqs: string[] = [];
  requested.set(p, reqs);
  p.on('request', (r) => reqs.push(r.url()));
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(url(q));
  await p.waitForFunction((h) => window[h]?.ready === true || window[h]?.error, hook, {
    timeout: 60_000,
  });
  expect(await p.evaluate((h) => window[h]!.error, hook)).toBeUndefined();
  expect(errors).toEqual([]);
  return p;
}

const shown = (p: Page) =>
  p.evaluate(() => ({
    frame: window.floodtwinDrill!.shownFrame(),
    d: window.floodtwinDrill!.drillTime(),
  }));

describe('drill mode', () => {
  it('a director board and a map screen stay within one frame after play, pause and jump', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const board = await open(ctx, 'mode=drill&legacy=1&role=board&director=1&lang=en', 'floodtwinDrill');
    const map = await open(ctx, 'mode=drill&legacy=1&role=map&lang=en', 'floodtwinDrill');
    // before play both show the drill start: frame 82 (scenario 295200 s, hourly frames)
    await map.waitForFunction(() => window.floodtwinDrill!.shownFrame() !== null);
    expect((await shown(board)).frame).toBe(82);
    expect((await shown(map)).frame).toBe(82);

    // play at ×30 (one frame every wall second), from the director's controls
    await board.locator('#drillSpeed').selectOption('30');
    await board.locator('#drillStart').click();
    await board.waitForTimeout(2500);
    const [a, b] = await Promise.all([shown(board), shown(map)]);
    expect(a.frame).toBeGreaterThan(82);
    expect(Math.abs(a.frame! - b.frame!)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.d! - b.d!)).toBeLessThan(30); // under one frame of drill time (30 s)

    // pause: both stop on the same frame and the same drill time
    await board.locator('#drillPause').click();
    await board.waitForTimeout(600);
    const [pa, pb] = await Promise.all([shown(board), shown(map)]);
    expect(pb.frame).toBe(pa.frame);
    expect(pb.d).toBe(pa.d);
    await board.waitForTimeout(1200);
    expect((await shown(map)).d).toBe(pa.d);

    // jump to inject 6 (red warning at 390 s): frame floor((295200 + 390·120) / 3600) = 95
    await board.locator('#drillInject').selectOption('5');
    await board.locator('#drillJump').click();
    await board.waitForTimeout(600);
    const [ja, jb] = await Promise.all([shown(board), shown(map)]);
    expect(ja).toEqual({ frame: 95, d: 390 });
    expect(jb).toEqual({ frame: 95, d: 390 });
    // the board shows the town gauge red (186.04 m ≥ 186 m); the map colours the same gauge red
    expect(await board.locator('tr[data-gauge="town"] .colour').getAttribute('data-colour')).toBe('red');
    expect(await board.locator('tr[data-gauge="town"] .lvl').innerText()).toBe('186.04');
    expect(await map.evaluate(() => getComputedStyle(document.querySelectorAll('.modes-map .gauge')[1]).fill)).toBe(
      'rgb(224, 32, 27)',
    );
    expect(await board.locator('#roadsCut').innerText()).toBe('1');
    expect(await board.locator('#injectLog li').count()).toBe(6);

    // a screen opened late catches up at once (hello → clock)
    const hydro = await open(ctx, 'mode=drill&role=hydrographs&lang=en', 'floodtwinDrill');
    await hydro.waitForFunction(() => window.floodtwinDrill!.shownFrame() === 95, null, { timeout: 5000 });

    // playing on from the jump keeps them together
    await board.locator('#drillStart').click();
    await board.waitForTimeout(1500);
    const [ra, rb] = await Promise.all([shown(board), shown(map)]);
    expect(ra.frame).toBeGreaterThan(95);
    expect(Math.abs(ra.frame! - rb.frame!)).toBeLessThanOrEqual(1);

    // the status board for the docs: paused after the levee breach
    await board.locator('#drillPause').click();
    await board.locator('#drillInject').selectOption('6');
    await board.locator('#drillJump').click();
    await board.waitForTimeout(300);
    await board.screenshot({ path: 'docs/screenshots/drill-board.png' });
    await ctx.close();
  });
});

describe('reliability', () => {
  it('killing the flood worker mid-run is reported; the run restarts from the engine checkpoint and ends EQUAL to an uninterrupted run', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const p = await open(ctx, 'mode=drill&role=run&lang=en&scenario=tiny/scenario.json', 'floodtwinRun');
    const result = () =>
      p.evaluate(() => {
        const h = window.floodtwinRun!;
        const k = h.pointCell('pond');
        const times: number[] = h.frames().times;
        return {
          status: h.status,
          error: h.error,
          times,
          restarts: h.restarts,
          crashed: h.crashed,
          pond: h.depthAt(k),
          stored: h.storedM3(),
          live: h.liveFloodWorkers(),
          summary: h.summary,
          depths: times.map((_, i) => h.depths(i)),
        };
      });
    // an uninterrupted run for reference
    await p.evaluate(() => window.floodtwinRun!.run());
    const clean = await result();
    expect(clean.status).toBe('done');
    expect(clean.restarts).toEqual([]);
    expect(clean.times.at(-1)).toBe(1800);

    // the worker dies with an error when frame 6 (t = 600 s) arrives
    await p.evaluate(() => window.floodtwinRun!.run({ crashAtFrame: 6 }));
    const r = await result();
    expect(r.crashed).toBe(true);
    expect(r.status).toBe('done');
    expect(r.restarts).toHaveLength(1);
    // the engine checkpoint of 600 s follows the 600 s frame; if the kill beat its message, the one of 480 s
    expect([480, 600]).toContain(r.restarts[0].fromS);
    expect(r.restarts[0].exact).toBe(true);
    expect(r.restarts[0].error).toMatch(/died/);
    expect(r.times).toEqual(clean.times); // every frame 0…1800 s, once
    expect(r.live).toBe(0); // no worker left behind
    expect(await p.locator('#runLog li').innerText()).toMatch(
      new RegExp(`restarted from the checkpoint at ${r.restarts[0].fromS} s`),
    );
    // the checkpoint holds the engine's whole state (discharges, maxima, ledger, …): every frame,
    // the pond and the mass balance are those of the uninterrupted run, bit for bit
    console.log(
      `restarted from ${r.restarts[0].fromS} s; at 1800 s: stored clean ${clean.stored.toFixed(1)} m3, restarted ${r.stored.toFixed(1)} m3; pond depth clean ${clean.pond!.toFixed(4)} m, restarted ${r.pond!.toFixed(4)} m`,
    );
    expect(r.depths).toEqual(clean.depths);
    expect(r.pond).toBe(clean.pond);
    expect(r.stored).toBe(clean.stored);
    expect(r.summary!.massBalance).toEqual(clean.summary!.massBalance);
    expect(r.summary!.steps).toBe(clean.summary!.steps);

    await ctx.close();
  });
});
