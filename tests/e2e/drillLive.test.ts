/**
 * The live drill, on the SMALL twin's hot-started peak window (scenarios/small-river-flood-peak.json:
 * 300 × 200 cells, the river 0.3 m under the old-town levee crest) with a frame every 60 scenario s,
 * so the file runs in a few minutes on a shared 2-core machine; the real drill opens the default twin.
 *  - one browser profile: a director (who runs the engine), two map screens and a board over
 *    BroadcastChannel. A breach picked by clicking the levee in the director's 3D map makes the water
 *    behind it rise on both map screens within five frames, and both show identical pixels for the
 *    same frame and camera. The board's evacuated count is the evacuation model's: the page's board
 *    equals a Node replay of the drill's log, and replaying it without the road closure the director
 *    sent gives a different count.
 *  - two browser instances over the relay (npm run drill:relay): a map screen in the second browser
 *    gets the same frames (the same depth bits) and shows the breach's water; when the engine screen
 *    closes it keeps the last frame and says the engine is lost; an engine screen restarted on the
 *    first PC resumes from its newest checkpoint and goes on with the drill's own frames.
 * Prints the wall time between frames and from an inject to the first frame showing it.
 * FLOODTWIN_SCREENSHOTS=1 also writes docs/screenshots/drill-live-map.png and drill-live-board.png.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startRelay, type Relay } from '../../src/relay/drillRelay.ts';
import { createLiveDrill } from '../../src/sim/liveDrill.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';
import { replayLog } from '../../workers/drill/replay.ts';
import type { BoardNumbers } from '../../workers/drill/board.ts';
import type { LogEntry } from '../../workers/drill/injects.ts';

// the old-town levee crest north of the town gauge (small twin: 186.8 m; the river at 186.5 m at the start)
const BREACH = { x: 645002.5, y: 3274107.5 };
const SCENARIO = 'small-river-flood-peak.json';
const DURATION_S = 7200;
const FRAME_S = 60;
/** the engine stops four times a frame (an inject applies at the next stop): the Node replay too */
const STEPS = 4;
const WINDOW = `scenario=${SCENARIO}&durationS=${DURATION_S}&frameIntervalS=${FRAME_S}&stepsPerFrame=${STEPS}&speed=40&layers=roads`;
const VIEW = { width: 900, height: 600 };
// 900 m south of the breach (EPSG:32648 → lon/lat), looking north at it
const CAMERA = { lon: 106.49708, lat: 29.58022, h: 1700, heading: 0, pitch: -60 };

const browsers: Browser[] = [];
let relay: Relay;
beforeAll(async () => {
  // the port globalSetup named in the pages' connect-src (FLOODTWIN_DRILL_RELAYS)
  relay = await startRelay({ port: inject('relayPort'), host: '127.0.0.1' });
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await relay?.close();
});

const url = (q: string) => `${inject('baseUrl')}?mode=drill&${WINDOW}&${q}`;
const hooks = (p: Page, expr: string) =>
  p.evaluate(`(async () => { const h = window.floodtwinDrill; return ${expr}; })()`) as Promise<any>;
async function open(ctx: BrowserContext, q: string): Promise<Page> {
  const p = await ctx.newPage();
  p.on('pageerror', (e) => console.error(`[${q}] ${e}`));
  await p.goto(url(q), { timeout: 120_000 });
  return p;
}
async function ready(p: Page): Promise<void> {
  await p.waitForFunction(() => window.floodtwinDrill?.ready === true || window.floodtwinDrill?.error, null, {
    timeout: 180_000,
  });
  expect(await p.evaluate(() => window.floodtwinDrill!.error ?? null), p.url()).toBeNull();
}
const frameAt = (p: Page, k: number) =>
  p.waitForFunction((n) => (window.floodtwinDrill?.frame?.index ?? -1) >= n, k, { timeout: 180_000 });
const pause = async (director: Page, p: boolean) => {
  await hooks(director, `h.pause(${p})`);
  // a frame computed while the pause was asked for may still come: let it
  if (p) await new Promise((r) => setTimeout(r, 1500));
};

/** the cells within 120 m of a point 150 m behind the breach (north: the land side) */
function behindCells(dem: { ncols: number; nrows: number; cellSize: number; xll: number; yll: number }): number[] {
  const out: number[] = [];
  const top = dem.yll + dem.nrows * dem.cellSize;
  const cx = BREACH.x,
    cy = BREACH.y + 150;
  for (let r = 0; r < dem.nrows; r++)
    for (let c = 0; c < dem.ncols; c++) {
      const x = dem.xll + (c + 0.5) * dem.cellSize,
        y = top - (r + 0.5) * dem.cellSize;
      if ((x - cx) ** 2 + (y - cy) ** 2 < 120 ** 2) out.push(r * dem.ncols + c);
    }
  return out;
}
const waterOn = (p: Page, cells: number[]) =>
  p.evaluate((ks) => ks.reduce((s, k) => s + (window.floodtwinDrill!.depthAt(k) ?? 0), 0), cells);
/** FNV-1a of the shown frame's depth bits, cell by cell */
const depthHash = (p: Page, n: number) =>
  p.evaluate((cells) => {
    const h = window.floodtwinDrill!;
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    let x = 0x811c9dc5;
    for (let k = 0; k < cells; k++) {
      f[0] = h.depthAt(k) ?? 0;
      x = Math.imul(x ^ u[0], 0x01000193) >>> 0;
    }
    return x;
  }, n);

/** click the breach point on the director's map (the drill paused); returns its log entry */
async function clickBreach(director: Page): Promise<LogEntry> {
  await hooks(director, `h.setCamera(${JSON.stringify(CAMERA)})`);
  // the terrain of the view loaded: the click picks the ground as drawn
  await hooks(director, 'h.whenRendered()');
  await hooks(director, 'h.renderNow()');
  // toScreen gives canvas pixels; the canvas sits below the page's header
  const xy = await hooks(director, `h.toScreen(${BREACH.x}, ${BREACH.y})`);
  expect(xy, 'the breach point is on screen').not.toBeNull();
  const box = await director.evaluate(() => {
    const r = document.querySelector('.live-map canvas')!.getBoundingClientRect();
    return [r.left, r.top];
  });
  const at = [xy[0] + box[0], xy[1] + box[1]];
  const onCanvas = await director.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, at);
  expect(onCanvas).toBe('CANVAS');
  // a quick breach (one minute to fall to 183 m, 3.5 m below the river) so the test sees it in a few frames
  // (the panel's fields and buttons set by script: the click that matters is the one on the map)
  await director.evaluate(() => {
    (document.querySelector('#brDur') as HTMLInputElement).value = '60';
    (document.querySelector('#brCrest') as HTMLInputElement).value = '183';
    (document.querySelector('#pickBreach') as HTMLElement).click();
  });
  await director.mouse.click(at[0], at[1]);
  await director.waitForFunction(
    () => window.floodtwinDrill!.log().some((e: any) => e.inject.kind === 'leveeBreach'),
    null,
    { timeout: 60_000 },
  );
  const entry = (await hooks(director, 'h.log()')).find((e: any) => e.inject.kind === 'leveeBreach');
  expect(Math.hypot(entry.inject.x - BREACH.x, entry.inject.y - BREACH.y)).toBeLessThan(20);
  return entry;
}

/** FNV-1a of a depth frame's bits (as depthHash computes it in the page) */
function fnv(depth: Float32Array): number {
  const u = new Uint32Array(depth.buffer, depth.byteOffset, depth.length);
  let x = 0x811c9dc5;
  for (let k = 0; k < u.length; k++) x = Math.imul(x ^ u[k], 0x01000193) >>> 0;
  return x;
}

/** the same drill in Node: the page's log replayed to `toFrame`, the board and depth hash at each frame */
async function replayDrill(
  entries: LogEntry[],
  toFrame: number,
): Promise<{ boards: BoardNumbers[]; hashes: number[] }> {
  const dir = resolve(__dirname, '../../scenarios');
  const d = await createLiveDrill(
    readFileSync(resolve(dir, SCENARIO), 'utf8'),
    SCENARIO,
    async (f) => new Uint8Array(readFileSync(resolve(dir, f))),
    { kernels: await compilePlainFloodKernels(), durationS: DURATION_S, frameIntervalS: FRAME_S, stepsPerFrame: STEPS },
  );
  const boards: BoardNumbers[] = [];
  const hashes: number[] = [];
  replayLog(
    d.engine,
    entries,
    (f) => {
      boards.push(f.board);
      hashes.push(fnv(f.depth));
    },
    toFrame,
  );
  return { boards, hashes };
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];

describe('live drill', () => {
  it('director, two maps and a board in one browser: breach, identical maps, model numbers', {
    timeout: 600_000,
  }, async () => {
    const b = await launchChromium();
    browsers.push(b);
    const ctx = await b.newContext({ viewport: VIEW, deviceScaleFactor: 1 });
    const director = await open(ctx, 'role=director&room=e2e-one');
    const others: Page[] = [];
    for (const r of ['map', 'map', 'board']) others.push(await open(ctx, `role=${r}&room=e2e-one`));
    const maps = others.slice(0, 2);
    const board = others[2];
    for (const p of [director, ...others]) await ready(p);
    await frameAt(director, 1);
    // the breach, picked on the 3D map with the drill held (so the test knows the frame it follows)
    await pause(director, true);
    const cells = behindCells(await hooks(director, 'h.dem'));
    for (const m of maps) await frameAt(m, await hooks(director, 'h.frame.index'));
    const wetBefore = await Promise.all(maps.map((m) => waterOn(m, cells)));
    const breach = await clickBreach(director);
    await pause(director, false);
    // within the set time (5 frames, 5 scenario minutes) the water behind the breach rises on both maps
    for (const m of maps) await frameAt(m, breach.frame + 5);
    const wetAfter = await Promise.all(maps.map((m) => waterOn(m, cells)));
    for (const i of [0, 1]) expect(wetAfter[i]).toBeGreaterThan(wetBefore[i] + 10);
    // a road closure on the road the most evacuees are on now (the picker lists it first)
    await director.waitForFunction(() => (window.floodtwinDrill!.board?.roadsInUse?.length ?? 0) > 0, null, {
      timeout: 120_000,
    });
    await pause(director, true);
    const road = await director.locator('#roadId').inputValue();
    expect(road).toBe((await hooks(director, 'h.board')).roadsInUse[0].id);
    await director.evaluate(() => (document.querySelector('#sendRoad') as HTMLElement).click());
    await director.waitForFunction(
      () => window.floodtwinDrill!.log().some((e: any) => e.inject.kind === 'roadClosure'),
      null,
      { timeout: 60_000 },
    );
    await pause(director, false);
    // one inject while the drill runs, for the inject-to-frame time (the two above waited for the hold)
    await hooks(director, "h.inject({ kind: 'warning', colour: 'red' })");
    const closure = (await hooks(director, 'h.log()')).find((e: any) => e.inject.kind === 'roadClosure');
    await board.waitForFunction((r) => window.floodtwinDrill!.board?.roadsCut.includes(r), road, {
      timeout: 60_000,
    });
    await frameAt(board, closure.frame + 8);
    // hold the drill, bring both maps to the same frame and camera, and compare their pixels
    await pause(director, true);
    const last: number = await hooks(director, 'h.frame.index');
    for (const p of [...maps, board]) await frameAt(p, last);
    await hooks(director, `h.setCamera(${JSON.stringify(CAMERA)})`);
    await new Promise((r) => setTimeout(r, 500));
    // the terrain of the view loaded on both screens before their pixels are compared
    await Promise.all(maps.map((m) => hooks(m, 'h.whenRendered()')));
    const shots: Buffer[] = [];
    for (const m of maps) {
      expect(await hooks(m, 'h.frame.index')).toBe(last);
      await hooks(m, 'h.renderNow()');
      shots.push(await m.locator('.live-map canvas').first().screenshot());
    }
    expect(shots[0].equals(shots[1])).toBe(true);
    // the board: what it shows is the engine's board, and that is the evacuation model's (a Node replay
    // of the log gives the same numbers); without the road closure the model gives other counts
    const shownBoard: BoardNumbers = await hooks(board, 'h.board');
    expect(shownBoard.frame).toBe(last);
    expect(Number(await board.locator('#evacuated').innerText())).toBe(shownBoard.evacuation!.safe);
    const log: LogEntry[] = await hooks(director, 'h.log()');
    const withClosure = (await replayDrill(log, last)).boards;
    expect(withClosure[last].evacuation).toEqual(shownBoard.evacuation);
    expect(withClosure[last].roadsCut).toEqual(shownBoard.roadsCut);
    const without = (
      await replayDrill(
        log.filter((e) => e.inject.kind !== 'roadClosure'),
        last,
      )
    ).boards;
    const differs = withClosure.map((w, k) => w.evacuation!.safe !== without[k].evacuation!.safe);
    expect(differs.slice(0, closure.frame + 1).some(Boolean)).toBe(false);
    expect(differs.some(Boolean), 'the closure changes the evacuated count').toBe(true);
    if (process.env.FLOODTWIN_SCREENSHOTS === '1') {
      await maps[0].screenshot({ path: 'docs/screenshots/drill-live-map.png' });
      // the board is laid out for a wall screen: shot at a wall screen's shape
      await board.setViewportSize({ width: 1600, height: 900 });
      await board.screenshot({ path: 'docs/screenshots/drill-live-board.png' });
    }
    const stats = await hooks(director, 'h.engineStats');
    const at = stats.publishedAt as number[];
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    console.log(
      `live drill (small twin, ${FRAME_S} s frames, speed 40): wall ms between frames median ${median(gaps).toFixed(0)}, engine ms per frame median ${median(stats.computeMs).toFixed(0)}, inject to first frame ms (breach and closure given while held, warning while running) ${stats.injectLatencyMs.map((x: number) => x.toFixed(0)).join(', ')}`,
    );
    await b.close();
  });

  it('through the relay: a map screen in a second browser gets the same frames', { timeout: 480_000 }, async () => {
    const relayQ = `relay=ws://127.0.0.1:${relay.port}&room=e2e-relay`;
    const [a, b] = [await launchChromium(), await launchChromium()];
    browsers.push(a, b);
    const ctxA = await a.newContext({ viewport: VIEW, deviceScaleFactor: 1 });
    const director = await open(ctxA, `role=director&checkpointS=2&${relayQ}`);
    const remote = await open(await b.newContext({ viewport: VIEW, deviceScaleFactor: 1 }), `role=map&${relayQ}`);
    await ready(director);
    await ready(remote);
    await frameAt(remote, 1);
    await pause(director, true);
    await frameAt(remote, await hooks(director, 'h.frame.index'));
    const dem = await hooks(remote, 'h.dem');
    const cells = behindCells(dem);
    const wetBefore = await waterOn(remote, cells);
    const breach = await clickBreach(director);
    await pause(director, false);
    await frameAt(remote, breach.frame + 5);
    expect(await waterOn(remote, cells)).toBeGreaterThan(wetBefore + 10);
    // the same frame's water, bit for bit, on both machines' screens
    await pause(director, true);
    const last = await hooks(director, 'h.frame.index');
    await frameAt(remote, last);
    const [d1, d2] = await Promise.all([director, remote].map((p) => depthHash(p, dem.ncols * dem.nrows)));
    expect(d2).toBe(d1);
    // the engine screen dies: the remote keeps its last frame and says so
    await director.close();
    await remote.waitForFunction(() => window.floodtwinDrill!.engineLost(), null, { timeout: 30_000 });
    // the status line follows on the page's next half-second tick
    await remote.waitForFunction(
      () => /engine lost/.test(document.querySelector('#liveStatus')?.textContent ?? ''),
      null,
      {
        timeout: 5_000,
      },
    );
    expect(await remote.locator('#liveStatus').innerText()).toMatch(/engine lost/);
    expect(await hooks(remote, 'h.frame.index')).toBe(last);
    const log: LogEntry[] = await hooks(remote, 'h.log()');
    expect(log.map((e) => e.inject.kind)).toEqual(['leveeBreach']);
    // an engine screen restarts on the first PC: it resumes from its newest checkpoint (not frame 0) and
    // the frames it goes on with are the drill's (a Node replay of the log gives the same depth bits)
    const engine = await open(ctxA, `role=engine&checkpointS=2&${relayQ}`);
    await ready(engine);
    const resumed = await hooks(engine, 'h.engineStats.resumedFromCheckpoint');
    expect(resumed).toBeGreaterThan(breach.frame);
    expect(resumed).toBeLessThanOrEqual(last);
    expect(await hooks(engine, 'h.resumedFrom')).toBe(last);
    await frameAt(remote, last + 2);
    await pause(engine, true);
    const at = await hooks(engine, 'h.frame.index');
    await frameAt(remote, at);
    const replay = await replayDrill(log, at);
    expect(await depthHash(remote, dem.ncols * dem.nrows)).toBe(replay.hashes[at]);
    expect(await hooks(remote, 'h.board.evacuation')).toEqual(replay.boards[at].evacuation);
  });
});
