/**
 * Screenshots of the default scenario for docs/ and the page-vs-CLI speed figure (not a test: it
 * runs the default twin for minutes, and SwiftShader timings depend on the machine).
 *
 *   npx tsx tests/e2e/screenshots.ts            # docs/screenshots/default-overview.png, default-peak.png
 *   npx tsx tests/e2e/screenshots.ts measure [scenario] [durationS] [cores]
 *                                               # the page's cell-updates/s (default: the default scenario, 600 s,
 *                                               # the machine's cores; cores = 3 makes the page use 2 workers)
 *   FLOODTWIN_SKIP_BUILD=1 ...                  # serve dist/ as it is (or FLOODTWIN_SHOTS_DIR=<dir>: a build kept there)
 *
 * The default scenario (scenarios/river-flood-peak.json, what `npm start` opens) is the hot-started
 * window around the third peak; the peak shot runs it to the end in the page and seeks to the frame
 * with the largest flooded area, on the page's own worker count (one on a 2-core machine: two
 * workers plus the page's software-GL rendering oversubscribe it and ran at half the speed). Builds
 * into a temp directory of its own (the tree is shared).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

const mode = process.argv[2] ?? 'shots';
const big = { width: 1280, height: 800 };

async function open(browser: Browser, url: string, viewport = big, cores?: number): Promise<Page> {
  const page = await browser.newPage({ viewport });
  // the page runs the engine on hardwareConcurrency − 1 workers (one core left to the scene)
  // (a string: tsx would wrap a function in its __name helper, which the page lacks)
  if (cores)
    await page.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${cores} })`);
  page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 200)));
  await page.goto(url);
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 600_000, polling: 500 });
  return page;
}

async function runToEnd(page: Page): Promise<void> {
  const t0 = Date.now();
  const tick = setInterval(() => {
    void page
      .evaluate(() => window.floodtwin!.progress)
      .then(
        (p) =>
          p &&
          console.log(
            `  ${((Date.now() - t0) / 1000).toFixed(0)} s: t = ${p.t.toFixed(0)} s (${(100 * p.fraction).toFixed(1)} %)`,
          ),
        () => undefined,
      );
  }, 30_000);
  try {
    await page.evaluate(() => window.floodtwin!.run());
  } finally {
    clearInterval(tick);
  }
  const s = await page.evaluate(() => window.floodtwin!.status);
  if (s !== 'done') throw new Error(`run ended as ${s}`);
}

async function main(): Promise<void> {
  let outDir = 'dist';
  let temp: string | undefined;
  const kept = process.env.FLOODTWIN_SHOTS_DIR;
  if (kept && existsSync(join(kept, 'index.html'))) outDir = kept;
  else if (!process.env.FLOODTWIN_SKIP_BUILD) {
    if (!kept) temp = mkdtempSync(join(tmpdir(), 'floodtwin-shots-'));
    outDir = kept ?? (temp as string);
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const base = server.resolvedUrls!.local[0];
  const browser = await launchChromium();
  try {
    if (mode === 'measure') {
      // shortened like `floodtwin run --duration-s`, in the page's own worker count (or as if it had `cores`)
      const [, , , scenario = 'river-flood-peak.json', durationS = '600', cores] = process.argv;
      const p = await open(
        browser,
        `${base}?scenario=${scenario}&durationS=${durationS}`,
        big,
        cores ? Number(cores) : undefined,
      );
      const t0 = Date.now();
      await runToEnd(p);
      const s = await p.evaluate(() => {
        const f = window.floodtwin!;
        return {
          workers: f.summary!.workers,
          steps: f.summary!.steps,
          solverWallS: f.summary!.solverWallS,
          cellUpdatesPerS: f.summary!.cellUpdatesPerS,
          hardwareConcurrency: navigator.hardwareConcurrency,
          crossOriginIsolated: self.crossOriginIsolated,
        };
      });
      console.log(JSON.stringify({ ...s, pageWallS: (Date.now() - t0) / 1000 }, null, 2));
      await p.close();
      return;
    }
    const dir = new URL('../../docs/screenshots/', import.meta.url).pathname;
    // the default scenario as `npm start` opens it (no ?scenario=)
    let p = await open(browser, base);
    await p.evaluate(() => window.floodtwin!.whenRendered());
    await p.screenshot({ path: `${dir}default-overview.png` });
    await p.close();
    p = await open(browser, base);
    const t0 = Date.now();
    await runToEnd(p);
    console.log(
      `default run in the page: ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      JSON.stringify(
        await p.evaluate(() => {
          const s = window.floodtwin!.summary;
          return {
            steps: s!.steps,
            solverWallS: s!.solverWallS,
            cellUpdatesPerS: s!.cellUpdatesPerS,
            workers: s!.workers,
            maxDepthM: s!.maxDepthM,
            peakTimeS: window.floodtwin!.peakTime(),
          };
        }),
      ),
    );
    await p.evaluate(() => window.floodtwin!.seek(window.floodtwin!.peakTime()));
    await p.evaluate(() => window.floodtwin!.renderNow());
    await p.evaluate(() => window.floodtwin!.whenRendered());
    await p.screenshot({ path: `${dir}default-peak.png` });
    await p.close();
    console.log(`screenshots written to ${dir}`);
  } finally {
    await browser.close();
    await server.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
