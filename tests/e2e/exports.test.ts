/**
 * Exports from the page: run the small twin's rainstorm (?durationS=3600) in the browser, click every
 * export button, capture each download and read it back with the project's own readers (grid
 * reader for GeoTIFF / ASCII grid, the layer readers for GeoJSON, the series CSV reader, the
 * scenario loader), and compare it with what `floodtwin run` + `floodtwin export` write for the same
 * scenario: the same bytes. Two exceptions, both measured here rather than assumed:
 *  - report.html carries its time stamp;
 *  - metrics built on the twin's reprojected vector geometry (road km, damage) may differ in the
 *    last bits between Node's and Chromium's Math (see tests/e2e/compare.test.ts): metrics.json and
 *    the report's data-value of those rows are compared to 1e-9 relative, the rest exactly. The
 *    sewer overflow volume is exact (it differed by 3e-15 relative, 1422.5552900004016 m³ in the
 *    page against 1422.5552900003968 m³ from the CLI, until the drainage solver used detMath).
 * The scenario file is offered as edited (no edits here): `saveScenario` of the file, version 2.
 *
 * After "compare A against B" (levee-a.json, B = A plus levee-b.json's wall drawn through the tool,
 * ?durationS=1800) the panel offers A's and B's files and an A-vs-B report: A's equal
 * `floodtwin export` of `floodtwin compare`'s A/ folder with levee-a.json, B's grids, GeoJSON and
 * series equal the export of its B/ folder with levee-b.json (B's name differs: the page calls it
 * "… + drawn flood wall"), and the report's B column holds the CLI's B metrics.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { floodtwinCli, launchChromium, openScenario } from './browser.ts';
import { readGrid } from '../../src/io/readGrid.ts';
import { readBuildings, readRoads } from '../../src/io/layers/index.ts';
import { readSeriesCsv } from '../../src/export/seriesCsv.ts';
import { loadScenario, saveScenario } from '../../src/scenario/scenarioFile.ts';
import { CURRENT_SCENARIO_VERSION } from '../../src/scenario/versions.ts';

const SCENARIO = 'small-rainstorm.json';
const DURATION_S = 3600;
/** metrics with last-bit differences between Node's and Chromium's Math: proj4's reprojection of the twin's layers
 * (the sewer overflow is exact since the drainage solver uses src/core/detMath.ts: tests/e2e/determinism.test.ts) */
const GEOMETRY_KEYS = new Set(['roadKmCut', 'damage']);

let browser: Browser;
let page: Page;
let consoleErrors: string[];
let tmp = '';
let cliOut = '';
let downloadDir = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-exports-e2e-'));
  cliOut = join(tmp, 'cli');
  downloadDir = join(tmp, 'page');
  floodtwinCli('run', `scenarios/${SCENARIO}`, '--out', join(tmp, 'run'), '--duration-s', String(DURATION_S));
  floodtwinCli('export', join(tmp, 'run'), '--scenario', `scenarios/${SCENARIO}`, '--out', cliOut);
  browser = await launchChromium();
  ({ page, consoleErrors } = await openScenario(browser, SCENARIO, DURATION_S));
});
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Clicks the button of `key` and returns the download's suggested name and bytes. */
async function download(key: string, on: Page = page): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    on.waitForEvent('download', { timeout: 60_000 }),
    on.locator(`button[data-export="${key}"]`).click(),
  ]);
  const path = join(downloadDir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** The report without its time stamp and with the geometry rows' values pulled out. */
function splitReport(html: string): { rest: string; values: Map<string, number> } {
  const values = new Map<string, number>();
  const rest = html
    .replace(/generated [^<·]*/, 'generated …')
    .replace(/data-key="([^"]+)" data-run="(\w+)" data-value="([^"]*)"/g, (m, key: string, run: string, v: string) => {
      if (!GEOMETRY_KEYS.has(key)) return m;
      values.set(`${key}/${run}`, Number(v));
      return `data-key="${key}" data-run="${run}" data-value="…"`;
    });
  return { rest, values };
}

const close = (p: number, c: number): boolean => Math.abs(p - c) <= 1e-9 * Math.max(1, Math.abs(c));

describe('exports from the page', () => {
  it("after a run, every export button downloads the CLI's file for the same scenario, and each reads back", async () => {
    expect(await page.locator('#exportPanel').isVisible()).toBe(false);
    await page.locator('#runBtn').click();
    await page.waitForFunction(() => window.floodtwin!.status === 'running', null, { timeout: 60_000 });
    await page.waitForFunction(() => window.floodtwin!.status !== 'running', null, {
      timeout: 400_000,
      polling: 500,
    });
    expect(await page.evaluate(() => window.floodtwin!.error ?? null)).toBeNull();
    expect(await page.evaluate(() => window.floodtwin!.status)).toBe('done');
    await page.evaluate(() => window.floodtwin!.exportsReady);
    expect(await page.locator('#exportPanel').isVisible()).toBe(true);

    const keys: string[] = await page.evaluate(() => window.floodtwin!.exports.keys());
    const cliFiles = readdirSync(cliOut).sort();
    expect([...keys].sort()).toEqual(cliFiles);

    const got = new Map<string, Buffer>();
    for (const key of keys) {
      const { name, bytes } = await download(key);
      expect(name).toBe(key);
      got.set(key, bytes);
    }
    const cli = (f: string) => readFileSync(join(cliOut, f));

    // grids: byte-equal, and the GeoTIFF reads back to the ASCII grid's values
    for (const f of ['max_depth.tif', 'max_depth.asc', 'arrival_time.tif', 'arrival_time.asc'])
      expect(got.get(f)!.equals(cli(f)), f).toBe(true);
    for (const what of ['max_depth', 'arrival_time']) {
      const tif = await readGrid(new Uint8Array(got.get(`${what}.tif`)!), `${what}.tif`);
      const asc = await readGrid(new Uint8Array(got.get(`${what}.asc`)!), `${what}.asc`);
      expect([tif.ncols, tif.nrows, tif.cellSize, tif.xll, tif.yll]).toEqual([
        asc.ncols,
        asc.nrows,
        asc.cellSize,
        asc.xll,
        asc.yll,
      ]);
      expect(tif.crs?.epsg).toBe(32648);
      let diff = 0,
        wet = 0;
      for (let k = 0; k < asc.values.length; k++) {
        if (Number.isNaN(asc.values[k]) ? !Number.isNaN(tif.values[k]) : tif.values[k] !== asc.values[k]) diff++;
        if (what === 'max_depth' && asc.values[k] >= 0.3) wet++;
      }
      expect(diff, what).toBe(0);
      if (what === 'max_depth') expect(wet).toBeGreaterThan(100);
    }

    // GeoJSON: byte-equal; the layer readers take them back
    for (const f of ['flooded_buildings.geojson', 'cut_roads.geojson'])
      expect(got.get(f)!.toString(), f).toBe(cli(f).toString());
    const metricsCli = JSON.parse(cli('metrics.json').toString()).metrics;
    const buildings = readBuildings(got.get('flooded_buildings.geojson')!.toString(), 'flooded_buildings.geojson', {
      targetCrs: 32648,
    });
    expect(buildings.length).toBe(metricsCli.buildingsFlooded);
    expect(buildings.length).toBeGreaterThan(10);
    const roads = readRoads(got.get('cut_roads.geojson')!.toString(), 'cut_roads.geojson', { targetCrs: 32648 });
    expect(roads.length).toBe(metricsCli.cutRoads.length);
    expect(roads.length).toBeGreaterThan(0);

    // series: byte-equal; read back, one column per output point
    expect(got.get('series.csv')!.toString()).toBe(cli('series.csv').toString());
    const series = readSeriesCsv(got.get('series.csv')!.toString());
    expect(series.map((s) => s.name)).toEqual(
      expect.arrayContaining(['upstream', 'town', 'downstream', 'old-town-pocket', 'centre']),
    );
    expect(series[0].series.at(-1)![0]).toBe(DURATION_S);

    // metrics.json: equal, geometry-based numbers to 1e-9 relative
    const metricsPage = JSON.parse(got.get('metrics.json')!.toString()).metrics;
    for (const [k, v] of Object.entries(metricsCli)) {
      if (GEOMETRY_KEYS.has(k)) expect(close(metricsPage[k] as number, v as number), k).toBe(true);
      else if (k !== 'cutRoads' && k !== 'floodedBuildings') expect(metricsPage[k], k).toEqual(v);
    }

    // the report: the same page but for its time stamp (and the geometry rows' last bits)
    const rp = splitReport(got.get('report.html')!.toString()),
      rc = splitReport(cli('report.html').toString());
    expect(rp.rest).toBe(rc.rest);
    expect([...rp.values.keys()]).toEqual([...rc.values.keys()]);
    for (const [k, v] of rc.values) expect(close(rp.values.get(k)!, v), k).toBe(true);
    const doc = new DOMParser().parseFromString(got.get('report.html')!.toString(), 'application/xhtml+xml');
    const src = doc.getElementsByTagName('img')[0].getAttribute('src')!;
    const png = PNG.sync.read(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    expect([png.width, png.height]).toEqual([300 * 5, 200 * 5]); // 300 × 200 cells, 5 px a cell within 1600
    expect(got.get('report.html')!.toString()).toContain('@page { size: A4 landscape');

    // the scenario as edited (no edits): the file at the current version; it loads
    const raw = JSON.parse(readFileSync(`scenarios/${SCENARIO}`, 'utf8'));
    expect(got.get('scenario.json')!.toString()).toBe(saveScenario(raw));
    const back = JSON.parse(got.get('scenario.json')!.toString());
    expect(back.version).toBe(CURRENT_SCENARIO_VERSION);
    expect(loadScenario(back, 'scenario.json').scenario.name).toBe(raw.name);

    // nothing went over the network but this server; no errors in the page
    expect(consoleErrors.filter((e) => /export/i.test(e))).toEqual([]);
  });
});

describe('exports of A and B after a comparison in the page', () => {
  const DUR = 1800;
  const wallB = JSON.parse(readFileSync('scenarios/levee-b.json', 'utf8')).interventions[0] as {
    line: [number, number][];
    crestM: number;
  };
  let p2: Page;
  let cmp = '';
  beforeAll(async () => {
    cmp = join(tmp, 'cmp');
    floodtwinCli(
      'compare',
      'scenarios/levee-a.json',
      'scenarios/levee-b.json',
      '--out',
      cmp,
      '--duration-s',
      String(DUR),
    );
    floodtwinCli('export', join(cmp, 'A'), '--scenario', 'scenarios/levee-a.json', '--out', join(cmp, 'expA'));
    floodtwinCli('export', join(cmp, 'B'), '--scenario', 'scenarios/levee-b.json', '--out', join(cmp, 'expB'));
    ({ page: p2 } = await openScenario(browser, 'levee-a.json', DUR));
  });
  afterAll(async () => {
    await p2?.context().close();
  });

  it("offers A's and B's files (the CLI's bytes) and an A-vs-B report with the CLI's B column", async () => {
    await p2.locator('#compareBtn').click();
    await p2.evaluate(
      ([line, crest]) => {
        const c = window.floodtwin!.compare;
        c.addPoints(line);
        c.setCrest(crest);
      },
      [wallB.line, wallB.crestM] as const,
    );
    await p2.locator('#cmpRun').click();
    await p2.waitForFunction(() => window.floodtwin!.compare.state === 'running', null, { timeout: 30_000 });
    await p2.waitForFunction(() => window.floodtwin!.compare.state !== 'running', null, {
      timeout: 400_000,
      polling: 500,
    });
    expect(await p2.evaluate(() => window.floodtwin!.compare.error)).toBeNull();
    await p2.evaluate(() => window.floodtwin!.exportsReady);
    const keys: string[] = await p2.evaluate(() => window.floodtwin!.exports.keys());
    expect(keys).toContain('AB/report.html');
    const side = (prefix: string) =>
      keys
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length))
        .sort();
    expect(side('A/')).toEqual(readdirSync(join(cmp, 'expA')).sort());
    expect(side('B/')).toEqual(readdirSync(join(cmp, 'expB')).sort());

    const same = [
      'max_depth.tif',
      'max_depth.asc',
      'arrival_time.tif',
      'arrival_time.asc',
      'flooded_buildings.geojson',
      'cut_roads.geojson',
      'series.csv',
    ];
    const unequal: string[] = [];
    for (const [prefix, dir] of [
      ['A/', 'expA'],
      ['B/', 'expB'],
    ] as const) {
      for (const f of same) {
        const { name, bytes } = await download(prefix + f, p2);
        expect(name).toBe(`${prefix[0]}_${f}`);
        const cliBytes = readFileSync(join(cmp, dir, f));
        if (bytes.equals(cliBytes)) continue;
        let detail = '';
        if (f.endsWith('.asc')) {
          const pg = await readGrid(new Uint8Array(bytes), f),
            cg = await readGrid(new Uint8Array(cliBytes), f);
          let n = 0,
            maxAbs = 0;
          for (let k = 0; k < cg.values.length; k++) {
            const d = Math.abs(pg.values[k] - cg.values[k]);
            if (
              !(Object.is(pg.values[k], cg.values[k]) || (Number.isNaN(pg.values[k]) && Number.isNaN(cg.values[k])))
            ) {
              n++;
              if (d > maxAbs) maxAbs = d;
            }
          }
          detail = ` (${n} cells differ, at most ${maxAbs} )`;
        }
        unequal.push(prefix + f + detail);
      }
    }
    expect(unequal).toEqual([]);
    // A's report equals the CLI's export of A/ (but for the time stamp and last bits)
    const ra = splitReport((await download('A/report.html', p2)).bytes.toString()),
      rc = splitReport(readFileSync(join(cmp, 'expA', 'report.html'), 'utf8'));
    expect(ra.rest).toBe(rc.rest);
    // B's scenario file is levee-a.json plus the drawn wall: levee-b.json's wall, version 2
    const b = JSON.parse((await download('B/scenario.json', p2)).bytes.toString());
    expect(b.version).toBe(CURRENT_SCENARIO_VERSION);
    expect(b.interventions.at(-1)).toMatchObject({ kind: 'floodWall', line: wallB.line, crestM: wallB.crestM });
    // the A-vs-B report: both columns, every row; B's values are the CLI's (metrics.json of compare)
    const { name, bytes } = await download('AB/report.html', p2);
    expect(name).toBe('compare_report.html');
    const doc = new DOMParser().parseFromString(bytes.toString(), 'application/xhtml+xml');
    expect(doc.getElementsByTagName('img')[0].getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const cli = JSON.parse(readFileSync(join(cmp, 'metrics.json'), 'utf8')) as {
      rows: { metric: string; a: number | null; b: number | null }[];
    };
    const found = new Map<string, string>();
    for (const td of Array.from(doc.getElementsByTagName('td')))
      if (td.getAttribute('data-key'))
        found.set(`${td.getAttribute('data-key')}/${td.getAttribute('data-run')}`, td.getAttribute('data-value')!);
    for (const r of cli.rows) {
      for (const run of ['a', 'b'] as const) {
        const v = found.get(`${r.metric}/${run}`);
        expect(v, `${r.metric}/${run}`).toBeDefined();
        const c = r[run];
        if (c === null) expect(v).toBe('');
        else if (GEOMETRY_KEYS.has(r.metric)) expect(close(Number(v), c), `${r.metric}/${run}`).toBe(true);
        else expect(Number(v), `${r.metric}/${run}`).toBe(c);
      }
    }
  });
});
