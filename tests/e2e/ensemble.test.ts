/**
 * The page opens a merged ensemble (`?ensemble=<folder>`): a 2-member small-twin ensemble made in
 * the test from scenarios/ensembles/small-zoning.json (its 10- and 100-year storms, clear inlets,
 * 120 s members; the name carries markup) is run and merged by the CLI, and its merged folder is
 * served under the page's own origin. Checked: the panel lists the merge's maps and shows the
 * name as text; with the 100-year hazard zoning drawn, the screen changes where the map has zones
 * and stays the same where it has none; the prevention zoning paints the key zone red; the
 * buildings' risk points draw one per building; the report link opens the one-page report; a
 * folder on another origin is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { floodtwinCli, launchChromium, samplePixels } from './browser.ts';
import { cellCentre, type Grid } from '../../src/core/grid.ts';
import { readGrid } from '../../src/io/readGrid.ts';
import type { MergedIndex } from '../../src/ensemble/mergedIndex.ts';

const NAME = 'E2E <i>zoning</i> & co';
/** where the page finds the merged folder (served from the temporary folder by the test) */
const SERVED = 'e2e-ensemble/merged';

let tmp = '';
let merged = '';
let index: MergedIndex;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

/** A copy of the small-zoning ensemble: its 10- and 100-year storms only, base scenario paths made absolute. */
function writeEnsemble(dir: string): string {
  const base = JSON.parse(readFileSync('scenarios/small-rainstorm.json', 'utf8'));
  for (const k of ['twin', 'dem', 'manning', 'initialWaterLevel']) base[k] = resolve('scenarios', base[k]);
  base.drainage.network = resolve('scenarios', base.drainage.network);
  writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
  const e = JSON.parse(readFileSync('scenarios/ensembles/small-zoning.json', 'utf8'));
  e.name = NAME;
  e.base = 'base.json';
  e.durationS = 120;
  e.axes = [{ ...e.axes[0], values: e.axes[0].values.filter((v: { id: string }) => v.id !== 'T2') }];
  const file = join(dir, 'ensemble.json');
  writeFileSync(file, JSON.stringify(e));
  return file;
}

async function grid(file: string): Promise<Grid> {
  return readGrid(new Uint8Array(readFileSync(join(merged, file))), file);
}

/** Screen points (on the map canvas) of up to `max` cells that pass `pick`, with all 8 neighbours passing too. */
async function screenCells(g: Grid, pick: (v: number) => boolean, max = 16): Promise<[number, number][]> {
  const cells: [number, number][] = [];
  const step = Math.max(1, Math.floor((g.ncols * g.nrows) / 4000));
  for (let k = 0; k < g.values.length; k += step) {
    const col = k % g.ncols,
      row = Math.floor(k / g.ncols);
    if (col < 1 || row < 1 || col >= g.ncols - 1 || row >= g.nrows - 1) continue;
    let all = true;
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) all &&= pick(g.values[k + dr * g.ncols + dc]);
    if (all) cells.push(cellCentre(g, col, row));
  }
  const at = await page.evaluate((pts) => {
    const f = window.floodtwin;
    return pts
      .map(([x, y]) => f?.toScreen(x, y, 0) ?? null)
      .filter((p): p is [number, number] => !!p && document.elementFromPoint(p[0], p[1])?.tagName === 'CANVAS');
  }, cells);
  // spread over the map: every n-th
  const every = Math.max(1, Math.floor(at.length / max));
  return at.filter((_, i) => i % every === 0).slice(0, max);
}

async function show(file: string | null, risk = false): Promise<void> {
  await page.evaluate(([f, r]) => window.floodtwinEnsemble?.show?.(f as string | null, r as boolean), [file, risk]);
  await page.evaluate(() => window.floodtwin?.renderNow());
}

const differs = (a: number[], b: number[]): boolean =>
  Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 24;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-ensemble-e2e-'));
  const file = writeEnsemble(tmp);
  floodtwinCli('ensemble', 'run', file, '--out', join(tmp, 'out'), '--local');
  floodtwinCli('ensemble', 'merge', file, '--out', join(tmp, 'out'));
  merged = join(tmp, 'out', 'merged');
  index = JSON.parse(readFileSync(join(merged, 'index.json'), 'utf8'));

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 960, height: 640 }, deviceScaleFactor: 1 });
  // the merged folder, served under the app's origin as a data folder would be
  await context.route(`**/${SERVED}/*`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    let body: Buffer;
    try {
      body = readFileSync(join(merged, name));
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
    const type = name.endsWith('.html') ? 'text/html' : name.endsWith('.json') ? 'application/json' : 'image/tiff';
    return route.fulfill({ status: 200, body, contentType: type });
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // no water, buildings or roads: the zoning maps alone on the hillshade
  await page.goto(`${inject('baseUrl')}?scenario=small-rainstorm.json&ensemble=${SERVED}&layers=none`);
  await page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
  await page.waitForFunction(() => window.floodtwinEnsemble?.status !== 'loading', null, { timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a merged ensemble in the page', () => {
  it('lists the merged maps and shows the ensemble name as text', async () => {
    const hooks = await page.evaluate(() => window.floodtwinEnsemble);
    expect(hooks?.error).toBeUndefined();
    expect(hooks?.status).toBe('ready');
    expect(hooks?.maps).toEqual(index.maps.map((m) => m.file));
    expect(hooks?.maps).toEqual(
      expect.arrayContaining([
        'max_depth_T10.tif',
        'hazard_class_T100.tif',
        'exceedance_0.15m.tif',
        'prevention_zone.tif',
      ]),
    );
    expect(await page.locator('#ensemblePanel .ensembleName').textContent()).toContain(NAME);
    expect(await page.locator('#ensemblePanel i').count()).toBe(0);
    expect(await page.locator('#ensemblePanel select option').count()).toBe(index.maps.length + 1);
  });

  it('draws the hazard zoning where it has zones and nowhere else', async () => {
    const hz = await grid('hazard_class_T100.tif');
    const zoned = await screenCells(hz, (v) => !Number.isNaN(v));
    const bare = await screenCells(hz, (v) => Number.isNaN(v));
    expect(zoned.length).toBeGreaterThanOrEqual(5);
    expect(bare.length).toBeGreaterThanOrEqual(5);
    await show(null);
    const before = await samplePixels(page, [...zoned, ...bare]);
    await show('hazard_class_T100.tif');
    expect(await page.locator('#ensemblePanel .ensembleLegend').textContent()).toContain('extreme');
    const after = await samplePixels(page, [...zoned, ...bare]);
    const changed = after.map((p, i) => differs(p, before[i]));
    const zonedChanged = changed.slice(0, zoned.length).filter(Boolean).length;
    const bareChanged = changed.slice(zoned.length).filter(Boolean).length;
    expect(zonedChanged, JSON.stringify({ before, after })).toBeGreaterThanOrEqual(Math.ceil(0.8 * zoned.length));
    expect(bareChanged, JSON.stringify({ before, after })).toBeLessThanOrEqual(Math.floor(0.2 * bare.length));
  });

  it('paints the key prevention zone red', async () => {
    const zones = await grid('prevention_zone.tif');
    const key = await screenCells(zones, (v) => v === 3);
    expect(key.length).toBeGreaterThanOrEqual(5);
    await show('prevention_zone.tif');
    const px = await samplePixels(page, key);
    const red = px.filter(([r, g, b]) => r > g + 60 && r > b + 60).length;
    expect(red, JSON.stringify(px)).toBeGreaterThanOrEqual(Math.ceil(0.8 * key.length));
  });

  it("draws one risk point per building of the merge's buildings.geojson", async () => {
    const buildings = JSON.parse(readFileSync(join(merged, 'buildings.geojson'), 'utf8')).features.length;
    await show('prevention_zone.tif', true);
    expect(await page.evaluate(() => window.floodtwinEnsemble?.riskPoints)).toBe(buildings);
    expect(await page.locator('#ensemblePanel .ensembleLegend').textContent()).toContain('expected annual damage');
  });

  it('opens the one-page zoning report from the panel', async () => {
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.locator('#ensemblePanel a.ensembleReport').click(),
    ]);
    await report.waitForLoadState('load');
    expect(new URL(report.url()).pathname).toMatch(new RegExp(`/${SERVED}/zoning_report\\.html$`));
    // the name stays text in the report too (escaped by the merge)
    expect(await report.locator('h1').textContent()).toContain(NAME);
    expect(await report.locator('h1 i').count()).toBe(0);
    const widths = await report
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths.length).toBe(2);
    for (const w of widths) expect(w).toBeGreaterThan(0);
    await report.close();
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a folder on another origin', async () => {
    const other = await context.newPage();
    await other.goto(`${inject('baseUrl')}?scenario=small-rainstorm.json&ensemble=//evil.example/merged&layers=none`);
    await other.waitForFunction(() => window.floodtwinEnsemble?.status === 'error', null, { timeout: 120_000 });
    expect(await other.locator('#ensemblePanel .ensembleError').textContent()).toMatch(/another origin/);
    await other.close();
  });
});
