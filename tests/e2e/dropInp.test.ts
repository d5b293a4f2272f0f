/**
 * Dropping a SWMM .inp on the page replaces the twin's sewer network: the pipes layer is redrawn
 * from the new file, the next run couples it (its drainage summary names the new nodes, none of the
 * old), and the status says what was loaded; a broken file shows an inline error naming the file
 * and line and keeps the network. And the hazard view classes water by depth AND speed (FD2320):
 * a fast cell is drawn in a higher class colour than a still cell of the same depth.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, samplePixels } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function ready(url: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const o = await openPage(browser, url);
  await o.page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
  return o;
}

/** A four-node network (three junctions in a row, an outfall) over the grid's centre, inverts 2 m under the ground. */
function smallInp(g: { x: number; y: number; ground: number }[]): string {
  const [a, b, c, o] = g;
  const inv = (p: { ground: number }) => (p.ground - 2).toFixed(3);
  return `[TITLE]
dropped test network

[OPTIONS]
FLOW_UNITS           CMS
FLOW_ROUTING         DYNWAVE
ROUTING_STEP         0:00:05

[JUNCTIONS]
;;Name  Elevation  MaxDepth  InitDepth  SurDepth  Aponded
NEWJ1   ${inv(a)}    2.0       0          0         0
NEWJ2   ${inv(b)}    2.0       0          0         0
NEWJ3   ${inv(c)}    2.0       0          0         0

[OUTFALLS]
;;Name  Elevation  Type  Stage Data  Gated
NEWOUT  ${inv(o)}    FREE              NO

[CONDUITS]
;;Name  From   To      Length  Roughness  InOffset  OutOffset
NEWC1   NEWJ1  NEWJ2   60      0.013      0         0
NEWC2   NEWJ2  NEWJ3   60      0.013      0         0
NEWC3   NEWJ3  NEWOUT  60      0.013      0         0

[XSECTIONS]
;;Link  Shape     Geom1  Geom2  Geom3  Geom4  Barrels
NEWC1   CIRCULAR  0.6    0      0      0      1
NEWC2   CIRCULAR  0.6    0      0      0      1
NEWC3   CIRCULAR  0.6    0      0      0      1

[COORDINATES]
;;Node  X  Y
NEWJ1   ${a.x}  ${a.y}
NEWJ2   ${b.x}  ${b.y}
NEWJ3   ${c.x}  ${c.y}
NEWOUT  ${o.x}  ${o.y}
`;
}

describe('dropping a SWMM network', () => {
  it('replaces the pipes layer and the network the next run couples; a broken file keeps it', async () => {
    const { page } = await ready(`${inject('baseUrl')}?scenario=small-rainstorm.json&durationS=600`);
    const before = await page.evaluate(() => window.floodtwin!.pipesLayer());
    expect(before!.linkIds.length).toBeGreaterThan(3);
    expect(before!.drawn.conduits).toBe(before!.linkIds.length);
    expect(await page.evaluate(() => window.floodtwin!.runDrainageFile())).toMatch(/network\.inp$/);

    // four points 60 m apart on the grid's middle row, with their ground heights
    const pts = await page.evaluate(() => {
      const d = window.floodtwin!.dem;
      const r = d.nrows >> 1;
      return [0, 6, 12, 18].map((dc) => {
        const c = (d.ncols >> 1) + dc;
        return {
          x: d.xll + (c + 0.5) * d.cellSize,
          y: d.yll + (d.nrows - r - 0.5) * d.cellSize,
          ground: d.values[r * d.ncols + c],
        };
      });
    });
    const inp = smallInp(pts);
    const ok = await page.evaluate(
      ([text]) => window.floodtwin!.acceptFile('new-sewers.inp', new TextEncoder().encode(text)),
      [inp],
    );
    expect(ok).toBe(true);
    const after = await page.evaluate(() => window.floodtwin!.pipesLayer());
    expect(after!.linkIds).toEqual(['NEWC1', 'NEWC2', 'NEWC3']);
    expect([...after!.nodeIds].sort()).toEqual(['NEWJ1', 'NEWJ2', 'NEWJ3', 'NEWOUT']);
    expect(after!.drawn).toEqual({ conduits: 3, nodes: 4 });
    expect(await page.evaluate(() => window.floodtwin!.runDrainageFile())).toBe('new-sewers.inp');
    const msg = await page.locator('#dropMsg').textContent();
    expect(msg).toContain('new-sewers.inp');
    expect(msg).toContain('4 nodes');
    expect(msg).toContain('3 conduits');
    expect(msg).toContain('0 pumps');
    expect(await page.locator('#dropMsg').getAttribute('data-state')).toBe('ok');

    // the next run couples the dropped network: its drainage summary names the new nodes only
    await page.evaluate(() => window.floodtwin!.run());
    expect(await page.evaluate(() => window.floodtwin!.status)).toBe('done');
    const drainage = (await page.evaluate(() => window.floodtwin!.summary!.drainage)) as
      | { peakNodeDepth_m: Record<string, number>; peakLinkFlow_m3s: Record<string, number> }
      | undefined;
    expect(Object.keys(drainage!.peakNodeDepth_m).sort()).toEqual(['NEWJ1', 'NEWJ2', 'NEWJ3', 'NEWOUT']);
    expect(Object.keys(drainage!.peakLinkFlow_m3s).sort()).toEqual(['NEWC1', 'NEWC2', 'NEWC3']);
    for (const id of before!.nodeIds) expect(drainage!.peakNodeDepth_m[id]).toBeUndefined();

    // a broken file (a conduit to a node that does not exist, line 25): error names file and line, network kept
    const broken = inp.replace('NEWC3   NEWJ3  NEWOUT', 'NEWC3   NEWJ3  NOWHERE');
    const lineNo = broken.split('\n').findIndex((l) => l.includes('NOWHERE')) + 1;
    const ok2 = await page.evaluate(
      ([text]) => window.floodtwin!.acceptFile('broken.inp', new TextEncoder().encode(text)),
      [broken],
    );
    expect(ok2).toBe(false);
    const err = await page.locator('#dropMsg').textContent();
    expect(err).toContain('broken.inp');
    expect(err).toMatch(new RegExp(`line ${lineNo}\\b`));
    expect(await page.locator('#dropMsg').getAttribute('data-state')).toBe('error');
    expect(await page.evaluate(() => window.floodtwin!.pipesLayer()!.linkIds)).toEqual(['NEWC1', 'NEWC2', 'NEWC3']);
    expect(await page.evaluate(() => window.floodtwin!.runDrainageFile())).toBe('new-sewers.inp');
    await page.close();
  });
});

describe('hazard view', () => {
  it('draws a fast cell in a higher FD2320 class colour than a still cell of the same depth', async () => {
    const { page } = await ready(`${inject('baseUrl')}?scenario=small-rainstorm.json&layers=water&hazard=1`);
    // 0.3 m of water everywhere; speed 3 m/s in the east half: HR 1.15 (moderate) west, 2.05 (extreme) east
    const pts = await page.evaluate(() => {
      const f = window.floodtwin!;
      const d = f.dem;
      const n = d.ncols * d.nrows;
      const depth = new Float32Array(n).fill(0.3);
      const speed = new Float32Array(n);
      for (let k = 0; k < n; k++) if (k % d.ncols >= d.ncols >> 1) speed[k] = 3;
      f.waterLayer().setFrames(depth, -900, depth, -900, 0, speed, speed);
      const y = d.yll + d.nrows * d.cellSize * 0.5;
      return [0.3, 0.7].map((u) => [d.xll + d.ncols * d.cellSize * u, y]);
    });
    await page.evaluate(() => window.floodtwin!.renderNow());
    const screen = await Promise.all(
      pts.map(([x, y]) => page.evaluate(([x, y]) => window.floodtwin!.toScreen(x, y, 0.3), [x, y])),
    );
    const [still, fast] = await samplePixels(page, screen as [number, number][]);
    // moderate (240,200,60) and extreme (170,20,60), times the relief shade 0.85–1
    expect(still[1]).toBeGreaterThan(150);
    expect(still[0]).toBeGreaterThan(180);
    expect(fast[1]).toBeLessThan(60);
    expect(fast[0]).toBeGreaterThan(120);
    // the same frames in the depth view: one colour for both (the speed only matters for hazard)
    await page.evaluate(() => window.floodtwin!.waterLayer().setHazardMode(false));
    await page.evaluate(() => window.floodtwin!.renderNow());
    const [a, b] = await samplePixels(page, screen as [number, number][]);
    for (let k = 0; k < 3; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(25);
    expect(a[2]).toBeGreaterThan(a[0] + 50); // blue depth ramp
    await page.close();
  });
});
