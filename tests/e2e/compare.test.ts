/**
 * "Compare A against B" in the page, on the small twin: open levee-a.json with ?durationS=1800,
 * draw the old-town flood wall of levee-b.json, run A and B in the page, and check
 *  - clicking the map adds the map point under the cursor (terrain pick → DEM coordinates);
 *  - the difference map is negative (less water) behind the wall, and equals the CLI's
 *    difference.asc in every cell;
 *  - every row of the page's metrics table EQUALS (Object.is, all 35 rows) the row `floodtwin compare`
 *    writes to metrics.json for levee-a.json / levee-b.json with --duration-s 1800.
 * The preparation and the metrics run in the compare worker (workers/analysis/compare.worker.ts).
 * The small twin, not the default one the issue names: on this 2-core machine `floodtwin compare` of a
 * levee pair on the default twin (960 000 cells of 5 m) takes about a minute per 300 s simulated, and
 * the page as long again, so the test would run 3–4 minutes; the page's code path is the same.
 * The wall used for the comparison is entered through the draw tool's `addPoint` (the code a click
 * ends in) with levee-b.json's exact coordinates: a clicked point lands within a cell of where it
 * was aimed, but not on the file's exact coordinates, and equality with the CLI needs the same wall.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, samplePixels } from './browser.ts';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { formatMetric, formatMetricChange } from '../../src/core/formatMetric.ts';

const DURATION_S = 1800;
const wallB = JSON.parse(readFileSync('scenarios/levee-b.json', 'utf8')).interventions[0] as {
  kind: string;
  line: [number, number][];
  crestM: number;
};
/** behind the wall (the old town, north of the bank); the CLI's B − A there is −5 to −8 m */
const BEHIND: [number, number][] = [
  [645100, 3274200],
  [644700, 3274300],
  [645400, 3274350],
  [645200, 3274400],
];

let browser: Browser;
let page: Page;
let outDir: string;
let cli: {
  rows: { metric: string; label: string; unit: string; a: number | null; b: number | null; change: number | null }[];
};

beforeAll(async () => {
  // the CLI's comparison of the same two files (about 5 s on the small twin)
  outDir = mkdtempSync(join(tmpdir(), 'floodtwin-compare-e2e-'));
  execFileSync(
    process.execPath,
    [
      'bin/floodtwin.mjs',
      'compare',
      'scenarios/levee-a.json',
      'scenarios/levee-b.json',
      '--out',
      outDir,
      '--duration-s',
      String(DURATION_S),
      '--quiet',
    ],
    { stdio: 'pipe' },
  );
  cli = JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8'));
  browser = await launchChromium();
  ({ page } = await openPage(browser, `${inject('baseUrl')}?scenario=levee-a.json&durationS=${DURATION_S}`));
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
});
afterAll(async () => {
  await browser?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('compare A against B in the page', () => {
  it('the Compare button opens the panel; clicking the map in draw mode adds the map point under the cursor', async () => {
    expect(await page.locator('#comparePanel').isVisible()).toBe(false);
    await page.locator('#compareBtn').click();
    expect(await page.locator('#comparePanel').isVisible()).toBe(true);
    expect(await page.locator('#cmpRun').isDisabled()).toBe(true);
    await page.locator('#cmpDraw').click();
    expect(await page.locator('#cmpDraw').innerText()).toBe('Finish wall');
    await page.evaluate(() => window.floodtwin!.renderNow());
    // aim at wall vertices that are on the map (not under a panel) on screen
    const aims = await page.evaluate(
      (line: [number, number][]) =>
        line
          .map(([x, y]) => {
            const at = window.floodtwin!.toScreen(x, y, 0);
            return { x, y, at, onMap: !!at && document.elementFromPoint(at[0], at[1])?.tagName === 'CANVAS' };
          })
          .filter((a) => a.onMap),
      wallB.line,
    );
    expect(aims.length).toBeGreaterThanOrEqual(3);
    const picked = aims.slice(0, 3);
    for (const a of picked) await page.mouse.click(a.at![0], a.at![1]);
    const pts: [number, number][] = await page.evaluate(() => window.floodtwin!.compare.points());
    expect(pts.length).toBe(3);
    // a 10 m twin seen from ~3.5 km: a pixel is a few metres; the pick lands within 1.5 cells of the aim
    pts.forEach(([x, y], i) => {
      expect(Math.hypot(x - picked[i].x, y - picked[i].y), `point ${i}`).toBeLessThan(15);
    });
    expect(await page.locator('#cmpLine').innerText()).toMatch(/^3 points/);
    expect(await page.locator('#cmpRun').isDisabled()).toBe(false);
    await page.locator('#cmpDraw').click(); // finish
    expect(await page.locator('#cmpDraw').innerText()).toBe('Draw wall');
    await page.locator('#cmpClear').click();
    expect(await page.evaluate(() => window.floodtwin!.compare.points().length)).toBe(0);
  });

  it("runs A and B (levee-b.json's wall, drawn through the tool): B − A < 0 behind the wall, the difference map and every metrics row equal the CLI's", async () => {
    await page.evaluate(
      ([line, crest]) => {
        const c = window.floodtwin!.compare;
        c.addPoints(line);
        c.setCrest(crest);
      },
      [wallB.line, wallB.crestM] as const,
    );
    expect(await page.locator('#cmpLine').innerText()).toMatch(new RegExp(`^${wallB.line.length} points`));
    await page.locator('#cmpRun').click();
    await page.waitForFunction(() => window.floodtwin!.compare.state === 'running', null, { timeout: 30_000 });
    await page.waitForFunction(() => window.floodtwin!.compare.state !== 'running', null, {
      timeout: 200_000,
      polling: 500,
    });
    const st = await page.evaluate(() => ({
      state: window.floodtwin!.compare.state,
      error: window.floodtwin!.compare.error,
    }));
    expect(st.error).toBeNull();
    expect(st.state).toBe('done');
    // A and B were prepared and summed up off the main thread, in the compare worker
    expect(
      page
        .workers()
        .map((w) => w.url())
        .filter((u) => /compare\.worker/.test(u)),
    ).toHaveLength(1);

    // (1) less water behind the wall
    const behind: (number | null)[] = await page.evaluate(
      (ps) => ps.map(([x, y]) => window.floodtwin!.compare.differenceAt(x, y)),
      BEHIND,
    );
    behind.forEach((d, i) => {
      expect(d, `B − A at ${BEHIND[i]}`).toBeLessThan(-1);
    });
    // the whole difference map equals the CLI's difference.asc (written to float32 precision)
    const cliDiff = readAsciiGrid(readFileSync(join(outDir, 'difference.asc'), 'utf8'), 'difference.asc');
    const pageDiff: (number | null)[] = await page.evaluate(() =>
      Array.from(window.floodtwin!.compare.result!.diff.values, (v) => (Number.isNaN(v) ? null : v)),
    );
    expect(pageDiff.length).toBe(cliDiff.values.length);
    let mismatches = 0,
      negative = 0;
    for (let k = 0; k < pageDiff.length; k++) {
      const c = cliDiff.values[k];
      const p = pageDiff[k];
      if (Number.isNaN(c) ? p !== null : p !== c) mismatches++;
      if (p !== null && p < 0) negative++;
    }
    expect(mismatches).toBe(0);
    expect(negative).toBeGreaterThan(1000);

    // (2) the page's table, row by row, equals metrics.json (full precision in data-*; text formatted)
    const rows = await page.locator('#compareTable tr[data-metric]').evaluateAll((trs) =>
      trs.map((tr) => {
        const d = (tr as HTMLElement).dataset;
        const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
        return {
          metric: d.metric!,
          a: num(d.a),
          b: num(d.b),
          change: num(d.change),
          cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? ''),
        };
      }),
    );
    expect(rows.map((r) => r.metric)).toEqual(cli.rows.map((r) => r.metric));
    // Every row is bit-identical (Object.is), also those built on the twin's reprojected vector
    // geometry (road lengths, building footprint areas): lon/lat → UTM goes through our own
    // transverse Mercator (src/io/crs/tmerc.ts, IEEE arithmetic only), not proj4's Math.sin/atan/exp,
    // whose last bits differ between Node's V8 and Chromium's.
    const inexact: string[] = [];
    for (const [i, r] of cli.rows.entries()) {
      for (const k of ['a', 'b', 'change'] as const)
        if (!Object.is(rows[i][k], r[k])) inexact.push(`${r.metric}.${k}: page ${rows[i][k]} CLI ${r[k]}`);
      // what the table shows is the CLI's number, formatted
      expect(rows[i].cells.slice(1), r.metric).toEqual([
        formatMetric(r.a, r.unit),
        formatMetric(r.b, r.unit),
        formatMetricChange(r.change, r.unit),
      ]);
    }
    expect(inexact).toEqual([]);
    expect(rows.length).toBe(35);
    // the rows the brief names are there and say what the CLI says, also as shown
    const byKey = new Map(rows.map((r) => [r.metric, r]));
    for (const k of ['floodedAreaHa', 'buildings.band0', 'people.band0', 'roadKmCut', 'damage'])
      expect(byKey.has(k), k).toBe(true);
    // the page and the report share one formatter (src/core/formatMetric.ts), so what is shown is the CLI's
    // number written the report's way
    for (const key of ['floodedAreaHa', 'peopleExposed', 'damage']) {
      const r = cli.rows.find((x) => x.metric === key)!;
      expect(byKey.get(key)!.cells.slice(1), key).toEqual([
        formatMetric(r.a, r.unit),
        formatMetric(r.b, r.unit),
        formatMetricChange(r.change, r.unit),
      ]);
    }
    // the wall protects: fewer people exposed and less damage in B
    const people = cli.rows.find((r) => r.metric === 'peopleExposed')!;
    expect(people.b!).toBeLessThan(people.a!);
    expect(cli.rows.find((r) => r.metric === 'damage')!.change!).toBeLessThan(0);
  });

  it('draws the difference map: blue behind the wall with the toggle on, not with it off', async () => {
    expect(await page.locator('#cmpDiff').isChecked()).toBe(true);
    // buildings and roads off, so the draped map is what the camera sees
    for (const l of ['buildings', 'roads']) {
      const box = page.locator(`input[data-layer="${l}"]`);
      if (await box.count()) await box.uncheck();
    }
    // cells well behind the wall whose screen point is map
    const targets = await page.evaluate(() => {
      const f = window.floodtwin!;
      const d = f.compare.result!.diff;
      const out: { at: [number, number]; v: number }[] = [];
      for (let k = 0; k < d.values.length && out.length < 12; k += 7) {
        const v = d.values[k];
        if (!(v < -3)) continue;
        const x = d.xll + ((k % d.ncols) + 0.5) * d.cellSize,
          y = d.yll + (d.nrows - Math.floor(k / d.ncols) - 0.5) * d.cellSize;
        // all eight neighbours also well below zero (away from the edges of the blue area)
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
          if (!(d.values[k + dr * d.ncols + dc] < -3)) inner = false;
        if (!inner) continue;
        const at = f.toScreen(x, y, 0);
        if (at && document.elementFromPoint(at[0], at[1])?.tagName === 'CANVAS') out.push({ at, v });
      }
      return out;
    });
    expect(targets.length).toBeGreaterThanOrEqual(5);
    await page.evaluate(() => window.floodtwin!.renderNow());
    const on = await samplePixels(
      page,
      targets.map((t) => t.at),
    );
    const blue = on.filter(([r, g, b]) => b > r + 60 && b > g + 20).length;
    expect(blue, JSON.stringify(on)).toBeGreaterThanOrEqual(Math.ceil(0.8 * targets.length));
    await page.locator('#cmpDiff').uncheck();
    await page.evaluate(() => window.floodtwin!.renderNow());
    const off = await samplePixels(
      page,
      targets.map((t) => t.at),
    );
    // without the map these places show the page's own state before any run: dry land, not blue
    const blueOff = off.filter(([r, g, b]) => b > r + 60 && b > g + 20).length;
    expect(blueOff, JSON.stringify(off)).toBeLessThan(Math.ceil(0.8 * targets.length));
  });
});
