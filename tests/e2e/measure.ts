/**
 * Measurements and documentation screenshots of the page (not a test: SwiftShader timings are
 * machine-dependent). Builds the app, serves it with `vite preview`, drives Debian chromium.
 *
 *   npx tsx tests/e2e/measure.ts            # figures: first render, frame update, water layers, heap
 *   npx tsx tests/e2e/measure.ts shots      # docs/screenshots/*.png
 *   FLOODTWIN_SKIP_BUILD=1 ...              # reuse dist/
 */
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

const mode = process.argv[2] ?? 'figures';

async function open(browser: Browser, url: string, viewport = { width: 960, height: 640 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 200)));
  await page.goto(url);
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 600_000, polling: 500 });
  return page;
}

async function runToEnd(page: Page): Promise<void> {
  await page.evaluate(() => window.floodtwin!.run());
  const s = await page.evaluate(() => window.floodtwin!.status);
  if (s !== 'done') throw new Error(`run ended as ${s}`);
}

async function main(): Promise<void> {
  if (!process.env.FLOODTWIN_SKIP_BUILD) await build({ logLevel: 'warn' });
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const base = server.resolvedUrls!.local[0];
  const browser = await launchChromium();
  try {
    if (mode === 'shots') {
      const dir = new URL('../../docs/screenshots/', import.meta.url).pathname;
      const big = { width: 1280, height: 800 };
      let p = await open(browser, base, big);
      await p.screenshot({ path: `${dir}overview.png` });
      await p.close();
      p = await open(browser, `${base}?scenario=small-rainstorm.json`, big);
      await runToEnd(p);
      await p.evaluate(() => window.floodtwin!.seek(window.floodtwin!.peakTime()));
      await p.evaluate(() => window.floodtwin!.whenRendered());
      await p.screenshot({ path: `${dir}flood-peak-small-rainstorm.png` });
      await p.close();
      p = await open(browser, `${base}?scenario=small-rainstorm.json&hazard=1&layers=water,buildings,gauges`, big);
      await runToEnd(p);
      await p.evaluate(() => window.floodtwin!.seek(window.floodtwin!.peakTime()));
      await p.evaluate(() => window.floodtwin!.openHydrograph('town'));
      await p.evaluate(() => window.floodtwin!.whenRendered());
      await p.screenshot({ path: `${dir}hazard-and-hydrograph-small-rainstorm.png` });
      await p.close();
      console.log(`screenshots written to ${dir}`);
      return;
    }
    const out: Record<string, unknown> = {};
    // 1. page load to the first rendered twin (default twin: 1200 × 800 cells), and frame updates
    let p = await open(browser, base);
    out.defaultFirstRenderMs = Math.round(await p.evaluate(() => window.floodtwin!.firstRenderMs!));
    out.defaultFrameUpdate = await p.evaluate(() => window.floodtwin!.benchFrameUpdate(9));
    await p.close();
    // 2. the water as a Cesium primitive against a three.js overlay, full resolution
    p = await open(browser, `${base}?layers=water`);
    out.waterLayers = await p.evaluate(() => window.floodtwin!.benchWaterLayers(3));
    await p.close();
    // 3. JS heap after a full run (small twin, 4-hour rainstorm with sewers), after a GC
    p = await open(browser, `${base}?scenario=small-rainstorm.json`);
    out.smallFirstRenderMs = Math.round(await p.evaluate(() => window.floodtwin!.firstRenderMs!));
    await runToEnd(p);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    out.heapAfterSmallRunMB = {
      used: +(heap.usedSize / 2 ** 20).toFixed(1),
      total: +(heap.totalSize / 2 ** 20).toFixed(1),
    };
    out.smallRun = await p.evaluate(() => {
      const f = window.floodtwin!;
      return {
        frames: f.frameCount,
        frameMB: +(f.frames.bytes() / 2 ** 20).toFixed(1),
        drainageSamples: f.drainageSamples,
        solverWallS: f.summary!.solverWallS,
        steps: f.summary!.steps,
      };
    });
    await p.close();
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
