/**
 * `floodtwin export` on the tiny scenario's run: every file of the contract, the report's map
 * snapshot (a PNG made in Node) with the pond in the depth ramp colour and a dry hill cell in the
 * hillshade grey computed here by hand from its four neighbours, every metric row in the report,
 * a scale bar of the right length, deflated GeoTIFFs that read back to the ASCII grids, and the
 * same bytes from a second export (the report differs only in its time stamp).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as exportRun } from '../../src/cli/commands/export.ts';
import { EXPORT_FILES } from '../../src/export/exportFiles.ts';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { readGrid } from '../../src/io/readGrid.ts';
import { depthColor } from '../../src/export/colorRamp.ts';
import { metricRows } from '../../workers/analysis/compare.ts';

const root = resolve(__dirname, '../..');
const tiny = join(root, 'scenarios/tiny/scenario.json');
let tmp = '';
let runDir = '';
let out = '';
let out2 = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-export-'));
  runDir = join(tmp, 'run');
  out = join(tmp, 'out');
  out2 = join(tmp, 'out2');
  execFileSync(process.execPath, [
    join(root, 'bin/floodtwin.mjs'),
    'run',
    tiny,
    '--out',
    runDir,
    '--workers',
    '1',
    '--quiet',
  ]);
  expect(await exportRun([runDir, '--scenario', tiny, '--out', out, '--quiet'])).toBe(0);
  expect(await exportRun([runDir, '--scenario', tiny, '--out', out2, '--quiet'])).toBe(0);
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const html = () => readFileSync(join(out, 'report.html'), 'utf8');

describe('floodtwin export of the tiny run', () => {
  it('writes every file of the contract, the same bytes twice (the report up to its time stamp)', () => {
    expect(readdirSync(out).sort()).toEqual([...EXPORT_FILES].sort());
    for (const f of EXPORT_FILES) {
      const a = readFileSync(join(out, f)),
        b = readFileSync(join(out2, f));
      if (f === 'report.html')
        expect(a.toString().replace(/generated [^<]*/, '')).toBe(b.toString().replace(/generated [^<]*/, ''));
      else expect(a.equals(b), f).toBe(true);
    }
  });

  it('GeoTIFFs are deflated (Compression 8) and read back to the ASCII grids, NaN where the ASCII grid has nodata', async () => {
    for (const name of ['max_depth', 'arrival_time']) {
      const tifBytes = readFileSync(join(out, `${name}.tif`));
      const ifd = tifBytes.readUInt32LE(4);
      const n = tifBytes.readUInt16LE(ifd);
      let compression = 0;
      for (let i = 0; i < n; i++)
        if (tifBytes.readUInt16LE(ifd + 2 + i * 12) === 259) compression = tifBytes.readUInt16LE(ifd + 2 + i * 12 + 8);
      expect(compression).toBe(8);
      expect(tifBytes.length).toBeLessThan(60 * 40 * 4); // smaller than the raw floats
      const tif = await readGrid(new Uint8Array(tifBytes), `${name}.tif`);
      const asc = readAsciiGrid(readFileSync(join(out, `${name}.asc`), 'utf8'));
      expect([tif.ncols, tif.nrows, tif.cellSize, tif.xll, tif.yll]).toEqual([
        asc.ncols,
        asc.nrows,
        asc.cellSize,
        asc.xll,
        asc.yll,
      ]);
      for (let k = 0; k < asc.values.length; k++) {
        if (Number.isNaN(asc.values[k])) expect(tif.values[k]).toBeNaN();
        else expect(tif.values[k]).toBe(asc.values[k]);
      }
    }
    // max_depth.asc is the run's max_depth.asc (same values)
    const ran = readAsciiGrid(readFileSync(join(runDir, 'max_depth.asc'), 'utf8'));
    const exported = readAsciiGrid(readFileSync(join(out, 'max_depth.asc'), 'utf8'));
    expect(Array.from(exported.values)).toEqual(Array.from(ran.values));
  });

  it('the report holds the map snapshot: the pond in the ramp colour of its depth, the hill in hand-computed hillshade grey', () => {
    const doc = new DOMParser().parseFromString(html(), 'application/xhtml+xml');
    const src = doc.getElementsByTagName('img')[0].getAttribute('src')!;
    expect(src.startsWith('data:image/png;base64,')).toBe(true);
    const png = PNG.sync.read(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    // 60 × 40 cells, 1600 px at most: 26 pixels a cell
    expect([png.width, png.height]).toEqual([60 * 26, 40 * 26]);
    const dem = readAsciiGrid(readFileSync(join(root, 'scenarios/tiny/dem.asc'), 'utf8'));
    const md = readAsciiGrid(readFileSync(join(out, 'max_depth.asc'), 'utf8'));
    const pixel = (row: number, col: number) => {
      const o = ((row * 26 + 13) * png.width + col * 26 + 13) * 4;
      return Array.from(png.data.subarray(o, o + 4));
    };
    // the pond (500205, 3270205): the deepest place
    const pc = Math.floor((500205 - dem.xll) / 10),
      pr = dem.nrows - 1 - Math.floor((3270205 - dem.yll) / 10);
    const d = md.values[pr * 60 + pc];
    expect(d).toBeGreaterThan(0.3);
    expect(pixel(pr, pc)).toEqual([...depthColor(d), 255]);
    // the highest interior cell that stayed dry: Lambert shade of its central-difference gradient
    let best = -1;
    for (let r = 1; r < 39; r++)
      for (let c = 1; c < 59; c++) {
        const k = r * 60 + c;
        if (!(md.values[k] >= 0.02) && !Number.isNaN(dem.values[k]) && (best < 0 || dem.values[k] > dem.values[best]))
          best = k;
      }
    const r = Math.floor(best / 60),
      c = best % 60,
      z = dem.values;
    const dzdx = (z[best + 1] - z[best - 1]) / 20,
      dzdy = (z[best - 60] - z[best + 60]) / 20;
    const shade = Math.max(0, (0.5 * dzdx - 0.5 * dzdy + Math.SQRT1_2) / Math.sqrt(dzdx * dzdx + dzdy * dzdy + 1));
    const g = Math.round(255 * (0.2 + 0.8 * shade));
    expect(pixel(r, c)).toEqual([g, g, g, 255]);
  });

  it('the report has every metric row with the values of metrics.json, a 100 m scale bar 25 mm long, a north arrow and the legend', () => {
    const text = html();
    const doc = new DOMParser().parseFromString(text, 'application/xhtml+xml');
    const { metrics } = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const found = new Map<string, string>();
    for (const td of Array.from(doc.getElementsByTagName('td')))
      if (td.getAttribute('data-key'))
        found.set(`${td.getAttribute('data-key')}/${td.getAttribute('data-run')}`, td.getAttribute('data-value')!);
    const rows = metricRows(metrics);
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(found.get(`${r.key}/a`), r.key).toBe(r.a === null ? '' : String(r.a));
    // 600 m wide map on 150 mm: a quarter is 150 m → 100 m bar = 25 mm
    expect(text).toMatch(
      /<div class="scale" data-length-m="100"><div class="bar" style="width:25mm"><\/div><span>100 m<\/span>/,
    );
    expect(text).toContain('aria-label="north arrow"');
    expect(text).toContain('@page { size: A4 landscape');
    // the map draws water from the first depth band (0.1 m): the legend starts with the ramp there,
    // 0.08/0.28 of the way from [150,215,245] to [70,160,230] → [127.1, 199.3, 240.7]
    expect(text).toContain('<i style="background:rgb(127,199,241)"></i>0.1</span>');
    expect(text).toContain('under 0.1 m (hillshade)');
  });
});
