/**
 * Drill and kiosk modes in the browser (DOM and SVG only, no WebGL: fast on SwiftShader).
 * Drill: two screens in one browser context stay within one frame after play, pause and jump.
 * Kiosk: idle → attract → full reset; the language switch changes every visible string; touch
 * targets ≥ 48 px, no context menu, no selection, no remote origin; 100 attract cycles with flat heap.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isLocal, launchChromium } from './browser.ts';
import { TABLES } from '../../src/modes/i18n/index.ts';

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

async function open(ctx: BrowserContext, q: string, hook: string): Promise<Page> {
  const p = await ctx.newPage();
  const errors: string[] = [];
  const reqs: string[] = [];
  requested.set(p, reqs);
  p.on('request', (r) => reqs.push(r.url()));
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(url(q));
  await p.waitForFunction((h) => (window as any)[h]?.ready === true || (window as any)[h]?.error, hook, { timeout: 60_000 });
  expect(await p.evaluate((h) => (window as any)[h].error, hook)).toBeUndefined();
  expect(errors).toEqual([]);
  return p;
}

const shown = (p: Page) => p.evaluate(() => ({ frame: (window as any).floodtwinDrill.shownFrame(), d: (window as any).floodtwinDrill.drillTime() }));

describe('drill mode', () => {
  it('a director board and a map screen stay within one frame after play, pause and jump', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const board = await open(ctx, 'mode=drill&role=board&director=1&lang=en', 'floodtwinDrill');
    const map = await open(ctx, 'mode=drill&role=map&lang=en', 'floodtwinDrill');
    // before play both show the drill start: frame 82 (scenario 295200 s, hourly frames)
    await map.waitForFunction(() => (window as any).floodtwinDrill.shownFrame() !== null);
    expect((await shown(board)).frame).toBe(82);
    expect((await shown(map)).frame).toBe(82);

    // play at ×30 (one frame every wall second), from the director's controls
    await board.locator('#drillSpeed').selectOption('30');
    await board.locator('#drillStart').click();
    await board.waitForTimeout(2500);
    const [a, b] = await Promise.all([shown(board), shown(map)]);
    expect(a.frame).toBeGreaterThan(82);
    expect(Math.abs(a.frame - b.frame)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.d - b.d)).toBeLessThan(30); // under one frame of drill time (30 s)

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
    expect(await map.evaluate(() => getComputedStyle(document.querySelectorAll('.modes-map .gauge')[1]).fill)).toBe('rgb(224, 32, 27)');
    expect(await board.locator('#roadsCut').innerText()).toBe('1');
    expect(await board.locator('#injectLog li').count()).toBe(6);

    // a screen opened late catches up at once (hello → clock)
    const hydro = await open(ctx, 'mode=drill&role=hydrographs&lang=en', 'floodtwinDrill');
    await hydro.waitForFunction(() => (window as any).floodtwinDrill.shownFrame() === 95, null, { timeout: 5000 });

    // playing on from the jump keeps them together
    await board.locator('#drillStart').click();
    await board.waitForTimeout(1500);
    const [ra, rb] = await Promise.all([shown(board), shown(map)]);
    expect(ra.frame).toBeGreaterThan(95);
    expect(Math.abs(ra.frame - rb.frame)).toBeLessThanOrEqual(1);

    // the status board for the docs: paused after the levee breach
    await board.locator('#drillPause').click();
    await board.locator('#drillInject').selectOption('6');
    await board.locator('#drillJump').click();
    await board.waitForTimeout(300);
    await board.screenshot({ path: 'docs/screenshots/drill-board.png' });
    await ctx.close();
  });
});

/** every visible text node of the page, in document order */
const visibleTexts = (p: Page) => p.evaluate(() => {
  const out: string[] = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const s = n.textContent!.trim();
    const e = n.parentElement!;
    if (!s || e.closest('[hidden]') || e.closest('svg')) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden') out.push(s);
  }
  return out;
});

describe('kiosk mode', () => {
  it('the start screen: touch targets ≥ 48 px, no context menu, no selection, no remote origin', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true });
    const k = await open(ctx, 'mode=kiosk', 'floodtwinKiosk');
    const sizes = await k.evaluate(() => [...document.querySelectorAll('button')].filter((b) => !b.closest('[hidden]')).map((b) => { const r = b.getBoundingClientRect(); return [r.width, r.height]; }));
    expect(sizes.length).toBe(6); // language, four cards, story
    for (const [w, h] of sizes) expect(Math.min(w, h)).toBeGreaterThanOrEqual(48);
    const blocked = await k.evaluate(() => {
      const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.querySelector('.k-card')!.dispatchEvent(ev);
      const sel = new Event('selectstart', { bubbles: true, cancelable: true });
      document.querySelector('h1')!.dispatchEvent(sel);
      return { menu: ev.defaultPrevented, select: sel.defaultPrevented, userSelect: getComputedStyle(document.querySelector('.kiosk')!).userSelect, touch: getComputedStyle(document.querySelector('.kiosk')!).touchAction };
    });
    expect(blocked).toEqual({ menu: true, select: true, userSelect: 'none', touch: 'none' });
    // the content security policy allows no remote origin
    const csp = await k.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.blockedURI));
      const r = await fetch('https://example.com/tiles.png').then(() => 'loaded', () => 'refused');
      await new Promise((res) => setTimeout(res, 100));
      return { r, seen };
    });
    expect(csp.r).toBe('refused');
    expect(csp.seen.some((u) => u.startsWith('https://example.com'))).toBe(true);
    await k.screenshot({ path: 'docs/screenshots/kiosk-start.png' });
    // offline from the built bundle: every request went to this server (the blocked one never left)
    const reqs = requested.get(k)!;
    expect(reqs.length).toBeGreaterThan(3);
    expect(reqs.filter((u) => !isLocal(u))).toEqual([]);

    // drag on the map (one pointer) pans it; pinch (two pointers) zooms it
    await k.locator('.k-card[data-card="river"]').click();
    const view = await k.evaluate(() => {
      const svg = document.querySelector('.k-map svg') as SVGSVGElement;
      const r = svg.getBoundingClientRect();
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      const pe = (type: string, id: number, x: number, y: number) => svg.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: y, bubbles: true, pointerType: 'touch' }));
      pe('pointerdown', 1, cx, cy); pe('pointermove', 1, cx + 40, cy); pe('pointerup', 1, cx + 40, cy);
      const afterDrag = (svg as any).__view();
      pe('pointerdown', 2, cx - 50, cy); pe('pointerdown', 3, cx + 50, cy); pe('pointermove', 3, cx + 150, cy);
      pe('pointerup', 2, 0, 0); pe('pointerup', 3, 0, 0);
      return { afterDrag, afterPinch: (svg as any).__view() };
    });
    expect(view.afterDrag.x).toBeGreaterThan(0);
    expect(view.afterDrag.k).toBe(1);
    expect(view.afterPinch.k).toBeCloseTo(2, 6); // 100 px apart → 200 px apart
    await ctx.close();
  });

  it('switching language changes every visible string (start screen, a card, the story)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const k = await open(ctx, 'mode=kiosk', 'floodtwinKiosk');
    const zhValues = new Set(Object.values(TABLES.zh)), enValues = new Set(Object.values(TABLES.en));
    const check = async () => {
      const before = await visibleTexts(k);
      expect(before.length).toBeGreaterThan(2);
      for (const s of before) expect(zhValues.has(s), s).toBe(true);
      await k.locator('#langBtn').click();
      const after = await visibleTexts(k);
      expect(after.length).toBe(before.length);
      after.forEach((s, i) => {
        expect(s, `string ${i}`).not.toBe(before[i]);
        expect(enValues.has(s), s).toBe(true);
      });
      await k.locator('#langBtn').click(); // back to Chinese
      expect(await visibleTexts(k)).toEqual(before);
    };
    await check(); // the start screen
    await k.locator('.k-card[data-card="levee"]').click();
    await check(); // a card's page
    await k.locator('#storyBtn').click();
    await k.locator('#storyNext').click();
    await check(); // the story, step 2
    await ctx.close();
  });

  it('left idle it goes to the attract loop, then resets to the start screen in Chinese', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const k = await open(ctx, 'mode=kiosk&idleS=2&resetS=4', 'floodtwinKiosk');
    await k.locator('#langBtn').click();
    await k.locator('.k-card[data-card="sponge"]').click();
    const t0 = Date.now();
    expect(await k.evaluate(() => (window as any).floodtwinKiosk.state())).toBe('active');
    await k.waitForFunction(() => (window as any).floodtwinKiosk.state() === 'attract', null, { timeout: 5000, polling: 50 });
    const tAttract = (Date.now() - t0) / 1000;
    expect(tAttract).toBeGreaterThan(1.5);
    expect(await k.locator('.k-attract').isVisible()).toBe(true);
    expect(await k.locator('.k-detail').isVisible()).toBe(true); // not reset yet
    await k.waitForFunction(() => (window as any).floodtwinKiosk.resets === 1, null, { timeout: 5000, polling: 50 });
    const tReset = (Date.now() - t0) / 1000;
    expect(tReset).toBeGreaterThan(3.5);
    // reset: start screen, start language, attract loop still running over it
    expect(await k.locator('.k-detail').isVisible()).toBe(false);
    expect(await k.locator('.k-cards').isVisible()).toBe(true);
    expect(await k.locator('h1').innerText()).toBe(TABLES.zh['kiosk.title']);
    expect(await k.locator('.k-attract').isVisible()).toBe(true);
    // a touch brings it back
    await k.mouse.click(600, 400);
    expect(await k.evaluate(() => (window as any).floodtwinKiosk.state())).toBe('active');
    expect(await k.locator('.k-attract').isVisible()).toBe(false);
    await ctx.close();
  });

  it('soak: 100 attract cycles on the real timers (touch → attract → reset) keep the JS heap within 10 %', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const k = await open(ctx, 'mode=kiosk&idleS=0.05&resetS=0.1', 'floodtwinKiosk');
    const cdp = await ctx.newCDPSession(k);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const m = await cdp.send('Performance.getMetrics');
      return m.metrics.find((x: { name: string }) => x.name === 'JSHeapUsedSize')!.value;
    };
    // each cycle: a touch on a card (opens it), then idle until the kiosk resets itself
    const cycles = (n: number) => k.evaluate(async (n) => {
      const h = (window as any).floodtwinKiosk;
      let attracts = 0;
      for (let i = 0; i < n; i++) {
        const before = h.resets;
        const card = document.querySelectorAll<HTMLElement>('.k-card')[i % 4];
        card.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
        card.click();
        while (h.resets === before) {
          await new Promise((r) => setTimeout(r, 5));
          if (h.state() === 'attract') attracts++;
        }
      }
      return { resets: h.resets, attracts };
    }, n);
    const warm = await cycles(10); // warm up (JIT, first layouts)
    expect(warm.resets).toBe(10);
    const before = await heap();
    const t0 = Date.now();
    const r = await cycles(100);
    const wallS = (Date.now() - t0) / 1000;
    const after = await heap();
    expect(r.resets).toBe(110);
    expect(r.attracts).toBeGreaterThan(0);
    const growth = (after - before) / before;
    console.log(`kiosk soak: JSHeapUsedSize ${(before / 1e6).toFixed(2)} MB → ${(after / 1e6).toFixed(2)} MB after 100 cycles in ${wallS.toFixed(1)} s (${(100 * growth).toFixed(2)} %)`);
    expect(growth).toBeLessThan(0.1);
    expect(await k.locator('.k-card').count()).toBe(4); // one start screen, not 110
    expect(await k.locator('.k-detail').isVisible()).toBe(false);
    await ctx.close();
  });

  it('soak: a drill board jumping through its injects 100 times keeps the JS heap within 10 %', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const board = await open(ctx, 'mode=drill&role=board&director=1&lang=en', 'floodtwinDrill');
    const cdp = await ctx.newCDPSession(board);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Performance.getMetrics')).metrics.find((x: { name: string }) => x.name === 'JSHeapUsedSize')!.value;
    };
    const jumps = (n: number) => board.evaluate(async (n) => {
      const h = (window as any).floodtwinDrill;
      for (let i = 0; i < n; i++) {
        h.jump(i % h.script.injects.length);
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      return h.state().fired.length;
    }, n);
    await jumps(20);
    const before = await heap();
    const fired = await jumps(100); // the last jump is to inject 99 % 10 = 9: all ten fired
    const after = await heap();
    expect(fired).toBe(10);
    const growth = (after - before) / before;
    console.log(`drill soak: JSHeapUsedSize ${(before / 1e6).toFixed(2)} MB → ${(after / 1e6).toFixed(2)} MB after 100 jumps (${(100 * growth).toFixed(2)} %)`);
    expect(growth).toBeLessThan(0.1);
    await ctx.close();
  });
});

describe('reliability', () => {
  it('killing the flood worker mid-run is reported; the run restarts from the engine checkpoint and ends EQUAL to an uninterrupted run', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const p = await open(ctx, 'mode=drill&role=run&lang=en&scenario=tiny/scenario.json', 'floodtwinRun');
    const result = () => p.evaluate(() => {
      const h = (window as any).floodtwinRun;
      const k = h.pointCell('pond');
      const times: number[] = h.frames().times;
      return { status: h.status, error: h.error, times, restarts: h.restarts, crashed: h.crashed, pond: h.depthAt(k), stored: h.storedM3(), live: h.liveFloodWorkers(), summary: h.summary, depths: times.map((_, i) => h.depths(i)) };
    });
    // an uninterrupted run for reference
    await p.evaluate(() => (window as any).floodtwinRun.run());
    const clean = await result();
    expect(clean.status).toBe('done');
    expect(clean.restarts).toEqual([]);
    expect(clean.times.at(-1)).toBe(1800);

    // the worker dies with an error when frame 6 (t = 600 s) arrives
    await p.evaluate(() => (window as any).floodtwinRun.run({ crashAtFrame: 6 }));
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
    expect(await p.locator('#runLog li').innerText()).toMatch(new RegExp(`restarted from the checkpoint at ${r.restarts[0].fromS} s`));
    // the checkpoint holds the engine's whole state (discharges, maxima, ledger, …): every frame,
    // the pond and the mass balance are those of the uninterrupted run, bit for bit
    console.log(`restarted from ${r.restarts[0].fromS} s; at 1800 s: stored clean ${clean.stored.toFixed(1)} m3, restarted ${r.stored.toFixed(1)} m3; pond depth clean ${clean.pond.toFixed(4)} m, restarted ${r.pond.toFixed(4)} m`);
    expect(r.depths).toEqual(clean.depths);
    expect(r.pond).toBe(clean.pond);
    expect(r.stored).toBe(clean.stored);
    expect(r.summary.massBalance).toEqual(clean.summary.massBalance);
    expect(r.summary.steps).toBe(clean.summary.steps);

    await ctx.close();
  });
});
