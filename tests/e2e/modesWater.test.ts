/**
 * Flood water on the drill map, in the browser, read back from screenshots.
 * Drill map: the water of the drill's run at the clock's frame (recorded frame pack, the same
 * bytes on every screen): a known river cell is water from the start, a cell on the bank is dry at
 * the drill start (scenario 82 h) and under water at the red-warning inject (frame 95), a cell on
 * high ground stays dry; two synced map screens show the same pixels.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, samplePixels } from './browser.ts';
import type { TestHookEntries } from '../../src/ui/testHooks.ts';
import { TABLES } from '../../src/modes/i18n/index.ts';
import { DEPTH_CLASSES, depthClassOfMm } from '../../src/modes/floodRaster.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const url = (q: string) => `${inject('baseUrl')}?${q}`;

async function open(
  ctx: BrowserContext,
  q: string,
  hook: Exclude<keyof TestHookEntries, 'floodtwinEnsemble'>,
): Promise<Page> {
  const p = await ctx.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(url(q));
  await p.waitForFunction((h) => window[h]?.ready === true || window[h]?.error, hook, {
    timeout: 60_000,
  });
  expect(await p.evaluate((h) => window[h]!.error, hook)).toBeUndefined();
  expect(errors).toEqual([]);
  return p;
}

/** a canvas's pixels as an FNV-1a hash, its wet (opaque) pixel count and size */
const canvasPrint = (p: Page, sel: string) =>
  p.evaluate((s) => {
    const c = document.querySelector(s) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5,
      opaque = 0;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) opaque++;
    return { hash: h, opaque, w: c.width, h: c.height };
  }, sel);

type Cell = [number, number];
/** screen points of cells (CSS px) and the colours a screenshot shows there */
async function pixelsAt(p: Page, cells: Cell[]): Promise<[number, number, number][]> {
  const pts = await p.evaluate((cs) => cs.map(([c, r]) => window.floodtwinDrill!.cellClient(c, r)), cells);
  for (const q of pts) expect(q).not.toBeNull();
  return samplePixels(p, pts as [number, number][]);
}
/**
 * Water on the screen: a colour on the ramp's class polyline (a class colour, or a blend of two
 * neighbouring classes at a cell edge). The map's background (20, 33, 41) is 48 away, roads further.
 */
function isWater(px: number[]): boolean {
  let best = Infinity;
  for (let i = 0; i + 1 < DEPTH_CLASSES.length; i++) {
    const a = DEPTH_CLASSES[i].rgb,
      b = DEPTH_CLASSES[i + 1].rgb;
    const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const u = Math.max(
      0,
      Math.min(
        1,
        ((px[0] - a[0]) * d[0] + (px[1] - a[1]) * d[1] + (px[2] - a[2]) * d[2]) / (d[0] ** 2 + d[1] ** 2 + d[2] ** 2),
      ),
    );
    best = Math.min(best, Math.hypot(px[0] - a[0] - u * d[0], px[1] - a[1] - u * d[1], px[2] - a[2] - u * d[2]));
  }
  return best <= 12;
}

/** the RGBA the water canvas holds for a cell (one pixel a cell) */
const canvasCell = (p: Page, sel: string, [c, r]: Cell) =>
  p.evaluate(
    ([s, col, row]) => {
      const cv = document.querySelector(s as string) as HTMLCanvasElement;
      return Array.from(cv.getContext('2d')!.getImageData(col as number, row as number, 1, 1).data);
    },
    [sel, c, r] as const,
  );

// cells (col, row from the north-west corner) of the small twin, read off the frame packs
const RIVER: Cell = [150, 143]; // the channel: 8.2 m deep at 82 h, 13.3 m at 95 h; wet in every kiosk frame
const BANK: Cell = [151, 161]; // the south bank: dry at 82 h, 0.92 m under water at 95 h
const OLD_TOWN: Cell = [150, 110]; // behind the levee: dry until the breach (96 h), 3.0 m deep at 98 h
const HIGH: Cell = [150, 71]; // high ground in the town: dry through the drill, under 1 cm in every kiosk frame

describe('drill map water', () => {
  it("shows the run's water at the clock's frame after play and jump; two synced map screens show the same pixels", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const board = await open(ctx, 'mode=drill&legacy=1&role=board&director=1&lang=en', 'floodtwinDrill');
    const mapA = await open(ctx, 'mode=drill&legacy=1&role=map&lang=en', 'floodtwinDrill');
    const mapB = await open(ctx, 'mode=drill&legacy=1&role=map&lang=en', 'floodtwinDrill');
    const water = (p: Page) => p.evaluate(() => window.floodtwinDrill!.water());
    const mm = (p: Page, c: Cell) => p.evaluate(([col, row]) => window.floodtwinDrill!.waterMm(col, row)!, c);
    for (const m of [mapA, mapB]) {
      expect(await m.evaluate(() => window.floodtwinDrill!.waterError)).toBeUndefined();
      await m.waitForFunction(() => window.floodtwinDrill!.water().packFrame === 0, null, { timeout: 10_000 });
    }
    // drill start = scenario 295200 s (82 h): the pack's first frame
    expect(await water(mapA)).toMatchObject({ packFrame: 0, packTimeS: 295200 });
    expect(await mm(mapA, RIVER)).toBeGreaterThan(4000);
    expect(await mm(mapA, BANK)).toBeLessThan(20);
    expect(await mm(mapA, HIGH)).toBeLessThan(20);
    let [river, bank, high] = await pixelsAt(mapA, [RIVER, BANK, HIGH]);
    expect(river).toEqual(DEPTH_CLASSES[5].rgb); // ≥ 4 m, drawn opaque in the ramp's colour
    expect(isWater(bank), `bank ${bank}`).toBe(false);
    expect(isWater(high), `high ${high}`).toBe(false);
    expect(await canvasCell(mapA, '.water-canvas', BANK)).toEqual([0, 0, 0, 0]);

    // play at ×30 (one scenario hour a wall second): the water moves on with the clock
    await board.locator('#drillSpeed').selectOption('30');
    await board.locator('#drillStart').click();
    await mapA.waitForFunction(() => window.floodtwinDrill!.water().packFrame >= 2, null, { timeout: 10_000 });
    await board.locator('#drillPause').click();
    await board.waitForTimeout(700);
    const [wa, wb] = await Promise.all([water(mapA), water(mapB)]);
    expect(wa.packFrame).toBeGreaterThanOrEqual(2);
    expect(wb.packFrame).toBe(wa.packFrame);
    expect(wb.wet).toBe(wa.wet);
    // the same frame on both screens: the same pixels, canvas byte for byte
    const [pa, pb] = await Promise.all([canvasPrint(mapA, '.water-canvas'), canvasPrint(mapB, '.water-canvas')]);
    expect(pb).toEqual(pa);
    expect(pa.opaque).toBe(wa.wet);

    // jump to inject 6 (red warning at drill 390 s): frame floor((295200 + 390·120) / 3600) = 95
    await board.locator('#drillInject').selectOption('5');
    await board.locator('#drillJump').click();
    for (const m of [mapA, mapB])
      await m.waitForFunction(() => window.floodtwinDrill!.water().packFrame === 13, null, { timeout: 10_000 });
    expect((await water(mapA)).packTimeS).toBe(95 * 3600);
    const bankMm = await mm(mapA, BANK);
    expect(bankMm).toBeGreaterThanOrEqual(20);
    expect(await mm(mapA, HIGH)).toBeLessThan(20);
    [river, bank, high] = await pixelsAt(mapA, [RIVER, BANK, HIGH]);
    const [riverB, bankB, highB] = await pixelsAt(mapB, [RIVER, BANK, HIGH]);
    expect(river).toEqual(DEPTH_CLASSES[5].rgb);
    // the canvas holds the class colour; on the screen the cell is water (its edges may blend with
    // the next class: the grid is turned 0.7° on the map, UTM against lon/lat)
    expect(await canvasCell(mapA, '.water-canvas', BANK)).toEqual([...DEPTH_CLASSES[depthClassOfMm(bankMm)].rgb, 255]);
    expect(isWater(bank), `bank ${bank}`).toBe(true);
    expect(isWater(high), `high ${high}`).toBe(false);
    expect([riverB, bankB, highB]).toEqual([river, bank, high]);
    const [ja, jb] = await Promise.all([canvasPrint(mapA, '.water-canvas'), canvasPrint(mapB, '.water-canvas')]);
    expect(jb).toEqual(ja);
    expect(ja.hash).not.toBe(pa.hash);

    // the levee breach (inject 7, 96 h) is part of the drill's run: two hours on (inject 8, 98 h) the
    // old town behind it stands 3 m deep; its mark and label are drawn on top of the water
    await board.locator('#drillInject').selectOption('6');
    await board.locator('#drillJump').click();
    await mapA.waitForFunction(() => window.floodtwinDrill!.water().packFrame === 14, null, {
      timeout: 10_000,
    });
    const atBreach = await water(mapA);
    expect(await mm(mapA, OLD_TOWN)).toBeLessThan(20);
    await board.locator('#drillInject').selectOption('7');
    await board.locator('#drillJump').click();
    await mapA.waitForFunction(() => window.floodtwinDrill!.water().packFrame === 16, null, {
      timeout: 10_000,
    });
    const townMm = await mm(mapA, OLD_TOWN);
    expect(townMm).toBeGreaterThan(2000);
    expect(await canvasCell(mapA, '.water-canvas', OLD_TOWN)).toEqual([
      ...DEPTH_CLASSES[depthClassOfMm(townMm)].rgb,
      255,
    ]);
    expect((await water(mapA)).wet! - atBreach.wet!).toBeGreaterThan(3000);
    await mapA.waitForFunction(() => document.querySelector('.mark[data-inject="breach"]') !== null, null, {
      timeout: 10_000,
    });
    expect(await mapA.locator('text.mark-label[data-inject="breach"]').textContent()).toBe(
      TABLES.en['inject.leveeBreach'],
    );
    expect(await mapA.locator('.modes-map .road.cut').count()).toBe(1);
    // the legend in large type: six classes, the title at least 28 px high on the screen
    expect(await mapA.locator('.water-legend .sw').count()).toBe(6);
    expect((await mapA.locator('.water-legend .title').boundingBox())!.height).toBeGreaterThanOrEqual(24);
    await mapA.screenshot({ path: 'docs/screenshots/drill-map.png' });
    await ctx.close();
  });
});
