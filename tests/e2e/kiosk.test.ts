/**
 * The kiosk's sand table in headless chromium (WebGL on SwiftShader), the small twin:
 * - a card tap starts a live engine run; the water mesh's wet area grows as its frames come;
 * - the language switch changes every visible string, and every Chinese character on the page
 *   draws a real glyph from the self-hosted subset (this machine has no CJK font: a character
 *   outside the subset draws the missing-glyph box, and no visible character draws like it);
 * - idle → attract (the table turns while a card plays) → reset to the start in Chinese;
 * - 500 card cycles keep the JS heap within 10 % and three.js's geometries/textures flat;
 * - touch targets ≥ 64 px, no context menu, no selection, no remote origin.
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

async function open(
  ctx: BrowserContext,
  q: string,
  waitThumbs = true,
): Promise<{ k: Page; requests: string[]; errors: string[] }> {
  const k = await ctx.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  k.on('request', (r) => requests.push(r.url()));
  k.on('pageerror', (e) => errors.push(String(e)));
  await k.goto(`${inject('baseUrl')}?mode=kiosk&${q}`, { timeout: 120_000 });
  await k.waitForFunction(() => window.floodtwinKiosk?.ready === true || window.floodtwinKiosk?.error, null, {
    timeout: 120_000,
  });
  expect(await k.evaluate(() => window.floodtwinKiosk!.error)).toBeUndefined();
  // the card pictures are rendered from the table at first start (a new context has no cache)
  if (waitThumbs)
    await k.waitForFunction(() => window.floodtwinKiosk!.thumbs !== undefined, null, { timeout: 120_000 });
  return { k, requests, errors };
}

const water = (k: Page) => k.evaluate(() => window.floodtwinKiosk!.water());

/**
 * every visible text node of the page, in document order; with `still`, only those that do not
 * change by themselves (the running card's status and clock do)
 */
const visibleTexts = (p: Page, still = false) =>
  p.evaluate((still) => {
    const out: string[] = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const s = n.textContent!.trim();
      const e = n.parentElement!;
      if (!s || (still && e.closest('.k-status'))) continue;
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden') out.push(s);
    }
    return out;
  }, still);

describe('kiosk sand table', () => {
  it('a card runs live: engine frames arrive and the wet area grows; targets ≥ 64 px; locked down; offline', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      hasTouch: true,
    });
    const { k, requests, errors } = await open(ctx, 'lang=en');
    const sizes = await k.evaluate(() =>
      [...document.querySelectorAll('button')].map((b) => {
        const r = b.getBoundingClientRect();
        return [b.className + b.id, r.width, r.height] as const;
      }),
    );
    expect(sizes.length).toBe(7); // language, five cards, story
    for (const [what, w, h] of sizes) expect(Math.min(w, h), what).toBeGreaterThanOrEqual(64);
    const blocked = await k.evaluate(() => {
      const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(ev);
      const sel = new Event('selectstart', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(sel);
      return [ev.defaultPrevented, sel.defaultPrevented];
    });
    expect(blocked).toEqual([true, true]);
    const rest = await water(k);
    expect(rest.card).toBeNull();
    expect(rest.wet).toBeGreaterThan(1000); // the river at its start level
    // the river card: levee-a's river flood (no sewers, so the engine is quick)
    await k.locator('.k-card[data-card="river"]').click();
    const seen: any[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 150_000) {
      const w = await water(k);
      seen.push(w);
      if (w.error) throw new Error(w.error);
      if (w.source === 'live' && w.liveFrames >= 8) break;
      await k.waitForTimeout(500);
    }
    const last = seen[seen.length - 1];
    expect(last.source).toBe('live');
    expect(last.liveFrames).toBeGreaterThanOrEqual(8);
    expect(last.wet).toBeGreaterThan(rest.wet! + 500); // 5 ha more water than the river at rest
    // the wet area grows (monotone up to a few cells of drying at the edges)
    const wets = seen.map((s) => s.wet);
    for (let i = 1; i < wets.length; i++) expect(wets[i]).toBeGreaterThanOrEqual(wets[i - 1] - 50);
    console.log(
      `kiosk river card: tap → first water ${Math.round(last.firstWaterMs ?? -1)} ms, first live frame ${Math.round(last.liveFirstFrameMs ?? -1)} ms; wet cells ${rest.wet} → ${last.wet}`,
    );
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('switching language changes every string; every Chinese character draws a real glyph (no CJK font installed)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const { k } = await open(ctx, 'lang=zh');
    const zhValues = new Set(Object.values(TABLES.zh)),
      enValues = new Set(Object.values(TABLES.en));
    const check = async () => {
      const stillZh = await visibleTexts(k, true);
      const before = await visibleTexts(k);
      expect(before.length).toBeGreaterThan(6);
      await k.locator('#langBtn').click();
      const after = await visibleTexts(k);
      expect(after.length).toBe(before.length);
      after.forEach((s, i) => {
        expect(s, `string ${i}`).not.toBe(before[i]);
      });
      // whole strings from the tables are the tables' own (others hold a number or a name)
      expect(after.filter((s) => zhValues.has(s))).toEqual([]);
      expect(after.filter((s) => enValues.has(s)).length).toBeGreaterThan(4);
      await k.locator('#langBtn').click(); // back to Chinese
      expect(await visibleTexts(k, true)).toEqual(stillZh);
      return before;
    };
    const texts = [...(await check())];
    await k.locator('#storyBtn').click();
    texts.push(...(await check())); // the story
    await k.locator('.k-story .k-btn').last().click();
    await k.locator('.k-card[data-card="levee"]').click();
    texts.push(...(await check())); // a card's panel
    // glyphs: each distinct Chinese character drawn in the page font against the missing-glyph box
    const cjk = [
      ...new Set(
        texts
          .join('')
          .split('')
          .filter((ch) => /[\u3000-\u9fff\uff00-\uffef]/.test(ch)),
      ),
    ];
    expect(cjk.length).toBeGreaterThan(30);
    const r = await k.evaluate(async (chars) => {
      await document.fonts.ready;
      const family = getComputedStyle(document.querySelector('h1')!).fontFamily;
      const draw = async (ch: string) => {
        await document.fonts.load(`40px ${family}`, ch);
        const c = document.createElement('canvas');
        c.width = c.height = 48;
        const g = c.getContext('2d')!;
        g.font = `40px ${family}`;
        g.fillText(ch, 4, 40);
        return Array.from(g.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3)).join(',');
      };
      const tofu = await draw('\u4e02'); // 丂: in no string of the app, so not in the subset
      const same: string[] = [];
      for (const ch of chars) if ((await draw(ch)) === tofu) same.push(ch);
      const faces = [...document.fonts].filter((f) => f.family.includes('FloodTwin') && f.status === 'loaded').length;
      return { family, same, faces };
    }, cjk);
    expect(r.family).toContain('FloodTwin Noto Sans SC');
    expect(r.faces).toBeGreaterThan(0);
    expect(r.same).toEqual([]);
    await ctx.close();
  });

  it('idle → attract (a card plays, the table turns) → reset to the start in Chinese; a touch wakes it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const { k } = await open(ctx, 'idleS=3&resetS=8', false);
    await k.locator('#langBtn').click();
    expect(await k.evaluate(() => window.floodtwinKiosk!.lang())).toBe('en');
    await k.waitForFunction(() => window.floodtwinKiosk!.state() === 'attract', null, {
      timeout: 10_000,
      polling: 100,
    });
    expect(await k.locator('.k-attract').isVisible()).toBe(true);
    const az0 = await k.evaluate(() => window.floodtwinKiosk!.view()!.azimuth);
    await k.waitForTimeout(1500);
    const w = await water(k);
    expect(w.card).not.toBeNull(); // a what-if plays
    expect(await k.evaluate(() => window.floodtwinKiosk!.view()!.azimuth)).toBeGreaterThan(az0); // slow orbit
    expect(await k.evaluate(() => window.floodtwinKiosk!.resets)).toBe(0);
    await k.waitForFunction(() => window.floodtwinKiosk!.resets >= 1, null, { timeout: 15_000, polling: 100 });
    expect(await k.evaluate(() => window.floodtwinKiosk!.lang())).toBe('zh');
    expect(await k.locator('h1').innerText()).toBe(TABLES.zh['kiosk.title']);
    const v = await k.evaluate(() => window.floodtwinKiosk!.view());
    expect(Math.abs(v!.azimuth)).toBeLessThan(0.5); // home view (plus at most a few seconds of spin)
    await k.mouse.click(640, 300);
    expect(await k.evaluate(() => window.floodtwinKiosk!.state())).toBe('active');
    expect(await k.locator('.k-attract').count()).toBe(0);
    await ctx.close();
  });

  it('soak: 500 card cycles keep the JS heap within 10 % and geometries/textures flat', async () => {
    const ctx = await browser.newContext({ viewport: { width: 240, height: 160 }, deviceScaleFactor: 1 });
    const { k } = await open(ctx, 'lang=en');
    const cdp = await ctx.newCDPSession(k);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const m = await cdp.send('Performance.getMetrics');
      return m.metrics.find((x: { name: string }) => x.name === 'JSHeapUsedSize')!.value;
    };
    // a cycle: tap a card (its recorded water goes onto the mesh), two rendered frames, home
    const cycles = (n: number) =>
      k.evaluate(async (n) => {
        const h = window.floodtwinKiosk!;
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        let updates = 0;
        for (let i = 0; i < n; i++) {
          const before = h.water().updates;
          document.querySelectorAll<HTMLElement>('.k-card')[i % 5].click();
          for (let f = 0; f < 12 && h.water().updates === before; f++) await frame();
          if (h.water().updates > before) updates++;
          const home = h.water().updates;
          document.querySelector<HTMLElement>('#homeBtn')?.click();
          for (let f = 0; f < 12 && h.water().updates === home; f++) await frame();
        }
        return { updates, gl: h.gl() };
      }, n);
    // warm up: the heap settles over the first ~200 cycles (measured after 20 / 120 / 220 / 320 / 420 / 520
    // cycles: 17.23, 17.73, 18.28, 18.40, 18.45, 18.52 MB), so after a warm-up of 20 the 500 cycles' growth
    // was 6.9-11.3 % run to run (CI failed once at 11.3 %); a leak would keep growing after it
    await cycles(200);
    const before = await heap();
    const gl0 = await k.evaluate(() => window.floodtwinKiosk!.gl());
    const t0 = Date.now();
    const r = await cycles(500);
    const after = await heap();
    const growth = (after - before) / before;
    console.log(
      `kiosk soak: JSHeapUsedSize ${(before / 1e6).toFixed(2)} → ${(after / 1e6).toFixed(2)} MB (${(100 * growth).toFixed(2)} %) after 500 cycles in ${((Date.now() - t0) / 1000).toFixed(0)} s; geometries ${gl0!.geometries} → ${r.gl!.geometries}, textures ${gl0!.textures} → ${r.gl!.textures}; cycles with a water update ${r.updates}`,
    );
    expect(r.updates).toBeGreaterThan(250);
    expect(growth).toBeLessThan(0.1);
    expect(r.gl!.geometries).toBe(gl0!.geometries);
    expect(r.gl!.textures).toBe(gl0!.textures);
    await ctx.close();
  }, 600_000);
});
