/**
 * Measurements and screenshots of the kiosk's sand table (not a test: SwiftShader timings depend
 * on the machine). Serves dist/ (run `npm run build` first) with `vite preview`, drives Debian
 * chromium with software WebGL at 1280 × 800:
 *   npx tsx tests/e2e/measureKiosk.ts        # figures + docs/screenshots/kiosk-table-{rest,flood}.png
 * Figures: main-thread ms per water update (depth arrays written + the render call that uploads
 * them) and per frame (render call, no new depth frame), from the page's own log of render calls;
 * tap → first water on the table, tap → first live engine frame, per card.
 */
import { preview } from 'vite';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return s.length ? `median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms (n = ${s.length})` : 'no samples';
};

async function card(page: Page, id: string, liveWaitMs: number) {
  await page.evaluate(() => window.floodtwinKiosk!.controller.home());
  await page.click(`.k-card[data-card="${id}"]`);
  const t0 = Date.now();
  let w: any;
  do {
    await page.waitForTimeout(250);
    w = await page.evaluate(() => window.floodtwinKiosk!.water());
  } while ((w.firstWaterMs === null || w.liveFirstFrameMs === null) && !w.error && Date.now() - t0 < liveWaitMs);
  return w;
}

async function main(): Promise<void> {
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const base = server.resolvedUrls!.local[0];
  const browser = await launchChromium();
  const dir = new URL('../../docs/screenshots/', import.meta.url).pathname;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 200)));
    const t0 = Date.now();
    await page.goto(`${base}?mode=kiosk&lang=zh&idleS=3600&resetS=7200`);
    await page.waitForFunction(() => window.floodtwinKiosk?.ready === true, null, { timeout: 300_000 });
    console.log(`page → table ready: ${Date.now() - t0} ms`);
    await page.waitForFunction(() => window.floodtwinKiosk!.thumbs !== undefined, null, { timeout: 300_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${dir}kiosk-table-rest.png` });
    // the rain card: recorded start, then the live run; 25 s of play
    await page.evaluate(() => window.floodtwinKiosk!.renderMs().length);
    await page.click('.k-card[data-card="rain"]');
    await page.waitForTimeout(25_000);
    await page.screenshot({ path: `${dir}kiosk-table-flood.png` });
    const log: [number, number][] = await page.evaluate(() => window.floodtwinKiosk!.renderMs());
    const upd = log.filter(([, u]) => u >= 0);
    console.log(`water update (arrays written): ${stats(upd.map(([, u]) => u))}`);
    console.log(`water update + the render call that uploads it: ${stats(upd.map(([r, u]) => r + u))}`);
    console.log(
      `frame without a new depth frame (render call): ${stats(log.filter(([, u]) => u < 0).map(([r]) => r))}`,
    );
    const w = await page.evaluate(() => window.floodtwinKiosk!.water());
    console.log(
      `rain card after 25 s: source ${w.source}, clock ${w.t.toFixed(0)} s, live frames ${w.liveFrames}, wet cells ${w.wet}`,
    );
    for (const id of ['rain', 'river', 'levee', 'sponge', 'pump']) {
      const r = await card(page, id, 90_000);
      console.log(
        `${id}: tap → first water ${r.firstWaterMs === null ? 'none' : Math.round(r.firstWaterMs)} ms (${r.source}), tap → first live frame ${r.liveFirstFrameMs === null ? '> 90 s' : Math.round(r.liveFirstFrameMs)} ms${r.error ? `, error ${r.error}` : ''}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
