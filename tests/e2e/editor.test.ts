/**
 * The planner's editor pieces of the compare panel, in the built page on the small twin:
 *  - undo / redo of the drawn wall (src/ui/editorHistory.ts): three points added, undone twice
 *    (Ctrl+Z and the ↶ button), redone once (Ctrl+Y); scenario B's text follows each state;
 *  - autosave to IndexedDB: reloading the page (same browser context) offers the saved edits, and
 *    `?restore=1` puts the same wall points and crest back on the panel;
 *  - the A | B swipe view (src/ui/swipe.ts): after a comparison, the bar decides which run a point
 *    of the map shows; a place flooded in A and dry in B is water left of the bar, not right of it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, samplePixels } from './browser.ts';

const DURATION_S = 1800; // the bank is overtopped after ~1000 s: shorter runs show no A/B difference
const wallB = JSON.parse(readFileSync('scenarios/levee-b.json', 'utf8')).interventions[0] as {
  line: [number, number][];
  crestM: number;
};
const P = wallB.line.slice(0, 3);

let browser: Browser;
let page: Page;
let url: string;

const ready = async () => {
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
};
/** the drawn wall in scenario B's text (null when B has none) */
const wallInB = async (): Promise<{ line: [number, number][]; crestM: number } | null> => {
  const text = await page.evaluate(() => window.floodtwin!.compare.editor.scenarioBText());
  const j = JSON.parse(text ?? '{}') as { interventions?: { id: string; line: [number, number][]; crestM: number }[] };
  const w = (j.interventions ?? []).find((i) => i.id === 'drawn-wall');
  return w ? { line: w.line, crestM: w.crestM } : null;
};
const points = (): Promise<[number, number][]> => page.evaluate(() => window.floodtwin!.compare.points());

beforeAll(async () => {
  browser = await launchChromium();
  url = `${inject('baseUrl')}?scenario=levee-a.json&durationS=${DURATION_S}`;
  ({ page } = await openPage(browser, url));
  await ready();
});
afterAll(async () => {
  await browser?.close();
});

describe('compare panel editor: undo / redo, autosave, swipe', () => {
  it('three wall points, undo twice → one, redo once → two; scenario B follows each state', async () => {
    await page.locator('#compareBtn').click();
    await page.waitForFunction(() => window.floodtwin!.compare.editor.scenarioBText() !== null);
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.restore)).toBe('none');
    expect(await page.locator('#cmpEditUndo').isDisabled()).toBe(true);
    await page.evaluate(() => window.floodtwin!.compare.setCrest(190.5));
    for (const p of P) await page.evaluate((q) => window.floodtwin!.compare.addPoints([q]), p);
    expect(await points()).toEqual(P);
    expect(await wallInB()).toEqual({ line: P, crestM: 190.5 });
    // 1 crest edit + 3 point edits
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.history.past.length)).toBe(4);

    await page.locator('#cmpEditUndo').click(); // the button
    expect(await points()).toEqual(P.slice(0, 2));
    expect(await wallInB()).toEqual({ line: P.slice(0, 2), crestM: 190.5 });
    await page
      .locator('body')
      .click({ position: { x: 2, y: 2 } })
      .catch(() => undefined);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+z'); // the keyboard
    expect(await points()).toEqual(P.slice(0, 1));
    expect(await page.locator('#cmpLine').innerText()).toMatch(/^1 point:/);
    expect(await wallInB()).toBeNull(); // one point is no wall: B is A
    expect(await page.locator('#cmpEditRedo').isDisabled()).toBe(false);

    await page.keyboard.press('Control+y');
    expect(await points()).toEqual(P.slice(0, 2));
    expect(await wallInB()).toEqual({ line: P.slice(0, 2), crestM: 190.5 });
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.canRedo())).toBe(true);
    // a new edit clears the redo step
    await page.evaluate(() => window.floodtwin!.compare.setCrest(191));
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.canRedo())).toBe(false);
    expect(await wallInB()).toEqual({ line: P.slice(0, 2), crestM: 191 });
    await page.keyboard.press('Control+z');
    expect(await page.evaluate(() => window.floodtwin!.compare.crest())).toBe(190.5);
    expect(await page.locator('#cmpCrest').inputValue()).toBe('190.5');
  });

  it('autosaves to IndexedDB; a reload offers the edits, ?restore=1 puts the same wall back', async () => {
    await page.evaluate(() => window.floodtwin!.compare.editor.flush());
    const saved = await page.evaluate(() => window.floodtwin!.compare.editor.saved());
    expect(saved!.key).toBe('floodtwin.autosave:levee-a.json');
    const savedWall = (JSON.parse(saved!.text).interventions as { id: string; line: unknown }[]).find(
      (i) => i.id === 'drawn-wall',
    );
    expect(savedWall?.line).toEqual(P.slice(0, 2));

    // plain reload: offered, not applied
    await page.goto(url);
    await ready();
    await page.waitForFunction(() => window.floodtwin!.compare.editor.restore !== 'none', null, {
      timeout: 10_000,
    });
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.restore)).toBe('offered');
    expect(await points()).toEqual([]);
    // the offer's Restore button applies it
    await page.locator('#compareBtn').click();
    await page.locator('#cmpRestoreBtn').click();
    expect(await points()).toEqual(P.slice(0, 2));
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.restore)).toBe('restored');

    // ?restore=1: applied on load
    await page.goto(`${url}&restore=1`);
    await ready();
    await page.waitForFunction(() => window.floodtwin!.compare.editor.restore !== 'none', null, {
      timeout: 10_000,
    });
    expect(await page.evaluate(() => window.floodtwin!.compare.editor.restore)).toBe('restored');
    expect(await points()).toEqual(P.slice(0, 2));
    expect(await page.evaluate(() => window.floodtwin!.compare.crest())).toBe(190.5);
    // the restore is an edit: undo goes back to the empty panel
    await page.evaluate(() => window.floodtwin!.compare.editor.undo());
    expect(await points()).toEqual([]);
  });

  it("swipe: after a comparison the bar decides whether a place shows A's water or B's", async () => {
    await page.locator('#compareBtn').click();
    await page.evaluate(
      ([line, crest]) => {
        const c = window.floodtwin!.compare;
        c.clearLine();
        c.addPoints(line);
        c.setCrest(crest);
      },
      [wallB.line, wallB.crestM] as const,
    );
    expect(await page.locator('#cmpSwipe').isDisabled()).toBe(true);
    await page.evaluate(() => window.floodtwin!.compare.run());
    expect(await page.evaluate(() => window.floodtwin!.compare.state)).toBe('done');
    expect(await page.locator('#cmpSwipe').isDisabled()).toBe(false);
    for (const l of ['buildings', 'roads']) {
      const box = page.locator(`input[data-layer="${l}"]`);
      if (await box.count()) await box.uncheck();
    }
    // places flooded in A (> 1 m) and dry in B, with all neighbours alike, in the middle 80 % of the map
    const targets: { at: [number, number] }[] = await page.evaluate(() => {
      const f = window.floodtwin!;
      const { depthA: a, depthB: b } = f.compare.result!;
      const out: { at: [number, number] }[] = [];
      const ok = (k: number) => a.values[k] > 1 && b.values[k] < 0.01;
      const canvas = f.cesiumScene().canvas.getBoundingClientRect();
      for (let k = 0; k < a.values.length && out.length < 12; k += 7) {
        if (!ok(k)) continue;
        let inner = true;
        for (const [dc, dr] of [
          [-1, 0],
          [1, 0],
          [0, -1],
          [0, 1],
          [-1, -1],
          [1, 1],
          [-1, 1],
          [1, -1],
        ])
          if (!ok(k + dr * a.ncols + dc)) inner = false;
        if (!inner) continue;
        const x = a.xll + ((k % a.ncols) + 0.5) * a.cellSize,
          y = a.yll + (a.nrows - Math.floor(k / a.ncols) - 0.5) * a.cellSize;
        const at = f.toScreen(x, y, 0);
        if (!at || at[0] < canvas.left + 0.1 * canvas.width || at[0] > canvas.left + 0.9 * canvas.width) continue;
        if (document.elementFromPoint(at[0], at[1])?.tagName === 'CANVAS') out.push({ at });
      }
      return out;
    });
    expect(targets.length).toBeGreaterThanOrEqual(5);

    await page.evaluate(() => {
      const s = window.floodtwin!.compare.swipe;
      s.show(true);
      s.setPosition(0.98);
    });
    expect(await page.locator('#swipeBar').isVisible()).toBe(true);
    expect(await page.locator('#cmpDiff').isChecked()).toBe(false);
    expect(await page.evaluate(() => window.floodtwin!.cesiumScene().splitPosition)).toBeCloseTo(0.98, 10);
    const sides = (): Promise<string[]> =>
      page.evaluate((ts) => ts.map((t) => window.floodtwin!.compare.swipe.sideAt(t.at[0])), targets);
    expect(new Set(await sides())).toEqual(new Set(['A']));
    await page.evaluate(() => window.floodtwin!.renderNow());
    // water in the page's one depth ramp (src/export/colorRamp.ts): blue to deep indigo (about 30, 15, 85)
    const blue = (px: [number, number, number][]) => px.filter(([r, g, b]) => b > r + 40 && b > g + 40).length;
    const left = await samplePixels(
      page,
      targets.map((t) => t.at),
    );
    expect(blue(left), JSON.stringify(left)).toBeGreaterThanOrEqual(Math.ceil(0.8 * targets.length));

    await page.evaluate(() => window.floodtwin!.compare.swipe.setPosition(0.02));
    expect(await page.evaluate(() => window.floodtwin!.cesiumScene().splitPosition)).toBeCloseTo(0.02, 10);
    expect(new Set(await sides())).toEqual(new Set(['B']));
    await page.evaluate(() => window.floodtwin!.renderNow());
    const right = await samplePixels(
      page,
      targets.map((t) => t.at),
    );
    expect(blue(right), JSON.stringify(right)).toBeLessThan(Math.ceil(0.2 * targets.length));

    // dragging the bar with the mouse moves the split: from the middle to a quarter of the map
    await page.evaluate(() => window.floodtwin!.compare.swipe.setPosition(0.5));
    const box = (await page.locator('#swipeBar').boundingBox())!;
    const map = await page.evaluate(() => {
      const r = window.floodtwin!.cesiumScene().canvas.getBoundingClientRect();
      return { left: r.left, width: r.width };
    });
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(map.left + 0.25 * map.width, box.y + 100, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.floodtwin!.compare.swipe.position)).toBeCloseTo(0.25, 2);
    expect(await page.evaluate(() => window.floodtwin!.cesiumScene().splitPosition)).toBeCloseTo(0.25, 2);
    await page.evaluate(() => window.floodtwin!.compare.swipe.show(false));
    expect(await page.locator('#swipeBar').isVisible()).toBe(false);
  });
});
