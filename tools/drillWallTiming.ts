/**
 * Wall timing of a live drill on the DEFAULT twin (issue 15): a director (who runs the engine) and
 * one map screen in headless Debian chromium (tests/e2e/browser.ts), one browser profile, frames over
 * BroadcastChannel. The drill runs N frames, then the director injects a levee breach and a red
 * warning while it runs; the script prints the wall ms between frames on the map screen, the engine's
 * ms per frame, and the wall ms from each inject to the first frame the map screen shows after it.
 *
 *   node --import tsx tools/drillWallTiming.ts [--frames 6] [--after 3] [--speed 10] [--frameIntervalS <speed>] [--stepsPerFrame 2]
 * (the page's defaults: a frame every `speed` scenario seconds, i.e. one per wall second, in 2 steps)
 *   … --engineScreen           # the engine on a role=engine screen (no 3D map) instead of the director's
 *   FLOODTWIN_SKIP_BUILD=1 …   # serve dist/ as it is (else: build into a temp dir, as the e2e does)
 *
 * The breach goes in through the director's inject hook (the same `send` the panel's map click calls),
 * at the old-town levee point the e2e clicks. Not a test: timings depend on the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/browser.ts';

/** the old-town levee crest north of the town gauge (tests/e2e/drillLive.test.ts) */
const BREACH = { x: 645002.5, y: 3274107.5 };
const VIEW = { width: 900, height: 600 };
const WAIT_MS = 1_800_000;

const { values: arg } = parseArgs({
  options: {
    frames: { type: 'string', default: '6' },
    after: { type: 'string', default: '3' },
    frameIntervalS: { type: 'string' },
    stepsPerFrame: { type: 'string' },
    // the engine on a role=engine screen (no map of its own) instead of the director's
    engineScreen: { type: 'boolean', default: false },
    speed: { type: 'string', default: '10' },
  },
});
const FRAMES = Number(arg.frames);
const AFTER = Number(arg.after);
const FRAME_S = arg.frameIntervalS ?? arg.speed;

type Shown = { index: number; t: number; at: number; decodeMs?: number; showMs?: number; drawMs?: number };
// biome-ignore lint/suspicious/noExplicitAny: a hook's value is whatever the page returns
const hooks = (p: Page, expr: string): Promise<any> =>
  p.evaluate(`(async () => { const h = window.floodtwinDrill; return ${expr}; })()`);
/** a page's clock on the shared wall clock (ms since the epoch) */
const wallNow = (p: Page) => p.evaluate(() => performance.timeOrigin + performance.now()) as Promise<number>;
const frameAt = (p: Page, k: number) =>
  p.waitForFunction((n) => (window.floodtwinDrill?.frame?.index ?? -1) >= n, k, {
    timeout: WAIT_MS,
    polling: 200,
  });
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');

async function main(): Promise<void> {
  const t0 = Date.now();
  let outDir = 'dist';
  let temp: string | undefined;
  if (!process.env.FLOODTWIN_SKIP_BUILD) {
    temp = mkdtempSync(join(tmpdir(), 'floodtwin-wall-'));
    outDir = temp;
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const browser = await launchChromium();
  try {
    const ctx = await browser.newContext({ viewport: VIEW, deviceScaleFactor: 1 });
    const q = `mode=drill&room=wall-timing&frameIntervalS=${FRAME_S}&speed=${arg.speed}${arg.stepsPerFrame ? `&stepsPerFrame=${arg.stepsPerFrame}` : ''}`;
    const open = async (role: string) => {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => console.error(`[${role}] ${e}`));
      await p.goto(`${base}?${q}&role=${role}`, { timeout: 300_000 });
      return p;
    };
    const director = await open(arg.engineScreen ? 'engine' : 'director');
    const map = await open('map');
    for (const p of [director, map]) {
      await p.waitForFunction(() => window.floodtwinDrill?.ready === true || window.floodtwinDrill?.error, null, {
        timeout: WAIT_MS,
        polling: 500,
      });
      const err = await p.evaluate(() => window.floodtwinDrill?.error ?? null);
      if (err) throw new Error(`${p.url()}: ${err}`);
    }
    const readyS = (Date.now() - t0) / 1000;
    // N frames of the drill running with nobody touching it
    await frameAt(map, FRAMES);
    // the injects, given while the drill runs: a quick breach (one minute down to 183 m) and a red warning
    const injects: { kind: string; at: number; after: number }[] = [];
    for (const i of [
      { kind: 'leveeBreach', ...BREACH, widthM: 60, finalCrestM: 183, durationS: 60 },
      { kind: 'warning', colour: 'red' },
    ]) {
      const at = await wallNow(director);
      await hooks(director, `h.inject(${JSON.stringify(i)})`);
      const entry = (await hooks(director, 'h.log()')).at(-1);
      injects.push({ kind: i.kind, at, after: entry.frame });
    }
    await frameAt(map, Math.max(...injects.map((i) => i.after)) + AFTER);
    await hooks(director, 'h.pause(true)');

    const origin = await map.evaluate(() => performance.timeOrigin);
    const shown: Shown[] = (await hooks(map, 'h.frames')).map((f: Shown) => ({ ...f, at: origin + f.at }));
    // the first frame the map got is the one it joined on: gaps from the second one on
    const gaps = shown.slice(2).map((f, k) => f.at - shown[k + 1].at);
    const stats = await hooks(director, 'h.engineStats');
    const info = {
      ...(await hooks(map, 'h.dem')),
      stepsPerFrame: await hooks(director, 'h.engineInfo?.stepsPerFrame'),
    };
    console.log(
      `live drill wall timing: default twin ${info.ncols} × ${info.nrows} cells, ${FRAME_S} scenario s per frame in ${info.stepsPerFrame} steps, speed ${arg.speed} (pacing ${((Number(FRAME_S) / Number(arg.speed)) * 1000).toFixed(0)} ms per frame)`,
    );
    console.log(`screens ready after ${readyS.toFixed(1)} s (build included: ${temp ? 'yes' : 'no'})`);
    console.log(`map frames shown: ${shown.map((f) => f.index).join(', ')}`);
    console.log(
      `map screen wall ms between frames: median ${median(gaps).toFixed(0)}, max ${Math.max(...gaps).toFixed(0)} (${fmt(gaps)})`,
    );
    console.log(`engine ms per frame: median ${median(stats.computeMs).toFixed(0)} (${fmt(stats.computeMs)})`);
    console.log(
      `  of which flood loop median ${median(stats.floodMs).toFixed(0)}, evacuation + board median ${median(stats.frameMs).toFixed(0)}`,
    );
    console.log(
      `engine screen ms to encode and send a frame: median ${median(stats.publishMs).toFixed(1)} (${stats.frameBytes} bytes a frame)`,
    );
    const on = (k: 'decodeMs' | 'showMs' | 'drawMs') =>
      shown.slice(1).flatMap((f) => (f[k] === undefined ? [] : [f[k]]));
    console.log(
      `map screen ms per frame: decode median ${median(on('decodeMs')).toFixed(1)}, water and layers updated ${median(on('showMs')).toFixed(1)}, received to drawn ${median(on('drawMs')).toFixed(0)} (${fmt(on('drawMs'))})`,
    );
    const dOrigin = await director.evaluate(() => performance.timeOrigin);
    const onDirector: Shown[] = (await hooks(director, 'h.frames')).map((f: Shown) => ({ ...f, at: dOrigin + f.at }));
    const drawn = onDirector.slice(1).flatMap((f) => (f.drawMs === undefined ? [] : [f.drawMs]));
    if (drawn.length) console.log(`engine screen's own map, received to drawn ms: median ${median(drawn).toFixed(0)}`);
    for (const i of injects) {
      const own = onDirector.find((f) => f.index > i.after);
      console.log(
        `${i.kind}: on the director's own map (frame ${own?.index ?? 'none'}) after ${own ? (own.at - i.at).toFixed(0) : '–'} ms`,
      );
    }
    for (const i of injects) {
      const first = shown.find((f) => f.index > i.after);
      console.log(
        `${i.kind} given after frame ${i.after}: first frame showing it ${first?.index ?? 'none'} on the map after ${first ? (first.at - i.at).toFixed(0) : '–'} ms`,
      );
    }
    console.log(`engine screen, inject to first frame published ms: ${fmt(stats.injectLatencyMs)}`);
    console.log(
      `load average (1, 5, 15 min): ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')}`,
    );
  } finally {
    await browser.close();
    await server.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
