/**
 * `floodtwin compare` on the levee pair (scenarios/levee-a.json, levee-b.json: B = A plus a flood
 * wall on the low old-town bank of the small twin), then `floodtwin export` of run A. One compare
 * run (1800 s simulated, two runs of 1 worker at once) feeds every test here.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { scenarioHash } from '../../src/cli/runFolder.ts';
import type { Grid } from '../../src/core/grid.ts';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { readGeoTiff } from '../../src/io/geotiff.ts';
import { readBuildings, readRoads } from '../../src/io/layers/index.ts';
import { readSeriesCsv } from '../../src/export/seriesCsv.ts';
import { polygonCells, type XY } from '../../src/interventions/rasterise.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { metricsLayers, metricsTable, scenarioMetrics, type MetricsTableRow } from '../../src/sim/scenarioMetrics.ts';
import { loadTwinLayers, type TwinLayers } from '../../src/sim/twinLayers.ts';
import type { FloodMetrics } from '../../workers/analysis/floodMetrics.ts';

const root = resolve(__dirname, '../..');
const scenA = join(root, 'scenarios/levee-a.json');
const scenB = join(root, 'scenarios/levee-b.json');
const DURATION_S = 1800;

let out = '';
let exp = '';
let layers: TwinLayers;
let metrics: { scenarioA: string; scenarioB: string; a: FloodMetrics; b: FloodMetrics; rows: MetricsTableRow[] };
let wallS = 0;

const readAsc = (p: string): Grid => readAsciiGrid(readFileSync(p, 'utf8'), p);

beforeAll(async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-compare-'));
  out = join(tmp, 'cmp');
  exp = join(tmp, 'export');
  const t0 = performance.now();
  expect(
    await main([
      'compare',
      scenA,
      scenB,
      '--out',
      out,
      '--workers',
      '2',
      '--duration-s',
      String(DURATION_S),
      '--quiet',
    ]),
  ).toBe(0);
  wallS = (performance.now() - t0) / 1000;
  expect(await main(['export', join(out, 'A'), '--scenario', scenA, '--out', exp, '--quiet'])).toBe(0);
  metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  const scenDir = dirname(scenA);
  layers = await loadTwinLayers(
    '../data/small/twin.json',
    async (rel) => new Uint8Array(await readFile(resolve(scenDir, rel))),
    scenA,
  );
}, 300_000);

/** The old town behind the wall: cells inside the wall's line closed along its north ends, below the bank crest. */
function landSideCells(dem: Grid): number[] {
  const b = loadScenario(readFileSync(scenB, 'utf8'), scenB);
  const wall = b.interventions[0] as { line: XY[] };
  const cells = polygonCells(dem, [wall.line]); // the ring closes from the last point back to the first
  const out: number[] = [];
  for (let k = 0; k < cells.length; k++) if (dem.values[cells[k]] < 186) out.push(cells[k]);
  return out;
}

describe('floodtwin compare on the levee pair', () => {
  it('writes every output, and both runs ran the same length in parallel', () => {
    expect(readdirSync(out).sort()).toEqual([
      'A',
      'B',
      'difference.asc',
      'difference.tif',
      'metrics.json',
      'report.html',
    ]);
    for (const side of ['A', 'B']) {
      expect(readdirSync(join(out, side)).sort()).toEqual([
        'arrival_time.asc',
        'depth_1200.asc',
        'max_depth.asc',
        'max_speed.asc',
        'points.csv',
        'summary.json',
      ]);
      const s = JSON.parse(readFileSync(join(out, side, 'summary.json'), 'utf8'));
      expect(s.simulatedS).toBe(DURATION_S);
      expect(s.workers).toBe(1); // half of --workers 2
      expect(s.massBalance.relativeError).toBeLessThan(1e-6);
    }
    expect(metrics.scenarioA).toMatch(/^Levee test A/);
    expect(metrics.scenarioB).toMatch(/^Levee test B/);
    console.log(`compare wall time ${wallS.toFixed(1)} s`);
  });

  it('has less water behind the wall in B, and a negative difference map there', async () => {
    const dem = await readGeoTiff(readFileSync(join(root, 'data/small/dem.tif')), 'dem.tif');
    const a = readAsc(join(out, 'A/max_depth.asc'));
    const b = readAsc(join(out, 'B/max_depth.asc'));
    const diff = readAsc(join(out, 'difference.asc'));
    const land = landSideCells(dem);
    expect(land.length).toBeGreaterThan(2000); // the old town: about 25 ha of 100 m² cells
    let sumA = 0;
    let sumB = 0;
    let wetA = 0;
    for (const k of land) {
      sumA += a.values[k];
      sumB += b.values[k];
      if (a.values[k] > 0.1) {
        wetA++;
        expect(diff.values[k]).toBeLessThan(0);
        expect(diff.values[k]).toBeCloseTo(b.values[k] - a.values[k], 5);
      }
    }
    expect(wetA).toBeGreaterThan(0.9 * land.length); // A floods the old town
    expect(sumB).toBeLessThan(0.05 * sumA); // B keeps it (almost) dry
    // the oldtown output point (645100, 3274200) is in the old town: deep in A, dry in B
    const pa = readSeriesCsv(readFileSync(join(out, 'A/points.csv'), 'utf8').replace(/^time_s/, 't_s'));
    const pb = readSeriesCsv(readFileSync(join(out, 'B/points.csv'), 'utf8').replace(/^time_s/, 't_s'));
    const lastA = pa.find((s) => s.name === 'oldtown')!.series.at(-1)![1];
    const lastB = pb.find((s) => s.name === 'oldtown')!.series.at(-1)![1];
    expect(lastA).toBeGreaterThan(2);
    expect(lastB).toBe(0);
  });

  it('writes the difference map as B − A cell by cell, the same in ASCII grid and GeoTIFF', async () => {
    const a = readAsc(join(out, 'A/max_depth.asc'));
    const b = readAsc(join(out, 'B/max_depth.asc'));
    const asc = readAsc(join(out, 'difference.asc'));
    const tif = await readGeoTiff(readFileSync(join(out, 'difference.tif')), 'difference.tif');
    expect(tif.crs?.epsg).toBe(32648);
    expect([tif.ncols, tif.nrows, tif.cellSize, tif.xll, tif.yll]).toEqual([300, 200, 10, 643500, 3273300]);
    let negative = 0;
    for (let k = 0; k < a.values.length; k++) {
      const x = a.values[k];
      const y = b.values[k];
      const want = x > 0 || y > 0 ? Math.fround(y - x) : NaN;
      if (Number.isNaN(want)) expect(Number.isNaN(asc.values[k])).toBe(true);
      else expect(asc.values[k]).toBe(want);
      if (Number.isNaN(asc.values[k])) expect(Number.isNaN(tif.values[k])).toBe(true);
      else expect(tif.values[k]).toBe(asc.values[k]);
      if (want < -0.1) negative++;
    }
    expect(negative).toBeGreaterThan(2000);
  });

  it("gives metric rows equal to scenarioMetrics computed from each run's written outputs", () => {
    const ml = metricsLayers(layers);
    const fromFiles = (side: string): FloodMetrics => {
      const md = readAsc(join(out, side, 'max_depth.asc'));
      const ms = readAsc(join(out, side, 'max_speed.asc'));
      const summary = JSON.parse(readFileSync(join(out, side, 'summary.json'), 'utf8'));
      return scenarioMetrics({
        grid: { ...md, crs: { epsg: 32648 } },
        maxDepth: md.values,
        maxSpeed: ms.values,
        layers: ml,
        summary,
      });
    };
    const ma = fromFiles('A');
    const mb = fromFiles('B');
    expect(metrics.rows).toEqual(metricsTable(ma, mb));
    expect(metrics.a.floodedBuildings).toEqual(ma.floodedBuildings);
    // flooded area by hand: cells with max depth ≥ 0.1 m, 100 m² each
    const md = readAsc(join(out, 'A/max_depth.asc'));
    let n = 0;
    for (const v of md.values) if (v >= 0.1) n++;
    const row = (key: string) => metrics.rows.find((r) => r.metric === key)!;
    expect(row('floodedAreaHa').a).toBeCloseTo((n * 100) / 1e4, 9);
    // people exposed = the population of the flooded buildings
    expect(row('peopleExposed').a).toBe(ma.floodedBuildings.reduce((s, b) => s + b.population, 0));
    // the wall protects: every headline row is lower in B
    for (const key of ['floodedAreaHa', 'buildingsFlooded', 'peopleExposed', 'roadKmCut', 'damage']) {
      const r = row(key);
      expect(r.b!, key).toBeLessThan(r.a!);
      expect(r.change).toBeCloseTo(r.b! - r.a!, 9);
    }
    expect(row('buildingsFlooded').a).toBeGreaterThan(100);
    // no evacuation and no sewers in this pair: those rows are empty on both sides
    expect(row('evacuationClearanceMin')).toMatchObject({ a: null, b: null, change: null });
    expect(row('sewerOverflowM3')).toMatchObject({ a: null, b: null, change: null });
    console.log(
      metrics.rows
        .filter((r) => !r.metric.includes('.band') && !r.metric.includes('.hazard.'))
        .map((r) => `${r.metric}: A ${r.a} B ${r.b}`)
        .join('\n'),
    );
  });

  it('writes a report whose numbers are the metrics rows', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('(no map snapshot)');
    for (const r of metrics.rows) {
      for (const run of ['a', 'b'] as const) {
        const m = html.match(
          new RegExp(`data-key="${r.metric.replace(/\./g, '\\.')}" data-run="${run}" data-value="([^"]*)"`),
        );
        expect(m, `${r.metric} ${run}`).not.toBeNull();
        expect(m![1] === '' ? null : Number(m![1])).toBe(r[run]);
      }
    }
  });
});

describe('floodtwin export of run A', () => {
  it('writes every export', () => {
    expect(readdirSync(exp).sort()).toEqual(
      [
        'arrival_time.asc',
        'arrival_time.tif',
        'cut_roads.geojson',
        'flooded_buildings.geojson',
        'max_depth.asc',
        'max_depth.tif',
        'metrics.json',
        'report.html',
        'scenario.json',
        'series.csv',
      ].sort(),
    );
  });

  it("writes max depth and arrival time as GeoTIFF and ASCII grid with the run's values", async () => {
    for (const what of ['max_depth', 'arrival_time']) {
      const runGrid = readAsc(join(out, 'A', `${what}.asc`));
      const asc = readAsc(join(exp, `${what}.asc`));
      const tif = await readGeoTiff(readFileSync(join(exp, `${what}.tif`)), `${what}.tif`);
      expect(tif.crs?.epsg).toBe(32648);
      for (const g of [asc, tif]) {
        expect([g.ncols, g.nrows, g.cellSize, g.xll, g.yll]).toEqual([300, 200, 10, 643500, 3273300]);
        let same = 0;
        for (let k = 0; k < runGrid.values.length; k++) {
          const v = runGrid.values[k];
          if (Number.isNaN(v) ? Number.isNaN(g.values[k]) : g.values[k] === v) same++;
        }
        expect(same, what).toBe(runGrid.values.length);
      }
    }
    // arrival: nodata exactly where the water never reached 0.1 m
    const md = readAsc(join(out, 'A/max_depth.asc'));
    const at = readAsc(join(exp, 'arrival_time.asc'));
    let reached = 0;
    for (let k = 0; k < md.values.length; k++) if (!Number.isNaN(at.values[k])) reached++;
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(md.values.length);
  });

  it("writes flooded buildings and cut roads in lon/lat that load back onto the twin's geometry", () => {
    const m = JSON.parse(readFileSync(join(exp, 'metrics.json'), 'utf8')).metrics as FloodMetrics;
    expect(m.buildingsFlooded).toBe(metrics.a.buildingsFlooded);
    const bText = readFileSync(join(exp, 'flooded_buildings.geojson'), 'utf8');
    expect(JSON.parse(bText).features[0].geometry.coordinates[0][0][0]).toBeCloseTo(106.5, 0); // lon/lat, not UTM
    const bs = readBuildings(bText, 'flooded_buildings.geojson', { targetCrs: 32648 });
    expect(bs.map((b) => b.id)).toEqual(m.floodedBuildings.map((b) => b.id));
    const twinB = new Map(layers.buildings.map((b) => [b.id, b]));
    for (const b of bs) {
      const o = twinB.get(b.id)!;
      const flooded = m.floodedBuildings.find((f) => f.id === b.id)!;
      expect(b.population).toBe(flooded.population);
      expect(b.use).toBe(o.use);
      // the footprint within 2 cm of the original (1e-7° rounding): compare the ring's bounding box
      const box = (r: Float64Array) => {
        let x0 = Infinity,
          y0 = Infinity,
          x1 = -Infinity,
          y1 = -Infinity; // prettier-ignore
        for (let i = 0; i < r.length; i += 2) {
          x0 = Math.min(x0, r[i]);
          x1 = Math.max(x1, r[i]);
          y0 = Math.min(y0, r[i + 1]);
          y1 = Math.max(y1, r[i + 1]); // prettier-ignore
        }
        return [x0, y0, x1, y1];
      };
      const [p, q] = [box(b.ring), box(o.ring)];
      for (let i = 0; i < 4; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(0.02);
    }
    const rs = readRoads(readFileSync(join(exp, 'cut_roads.geojson'), 'utf8'), 'cut_roads.geojson', {
      targetCrs: 32648,
    });
    expect(rs.map((r) => r.id)).toEqual(m.cutRoads.map((r) => r.id));
    expect(rs.length).toBeGreaterThan(0);
    const twinR = new Map(layers.roads.map((r) => [r.id, r]));
    for (const r of rs) {
      const o = twinR.get(r.id)!;
      expect(r.coords.length).toBe(o.coords.length);
      for (let i = 0; i < r.coords.length; i++) expect(Math.abs(r.coords[i] - o.coords[i])).toBeLessThan(0.02);
      expect(r.cls).toBe(o.cls);
      expect(r.lanes).toBe(o.lanes);
    }
  });

  it("writes the point series as CSV with the run's values", () => {
    const series = readSeriesCsv(readFileSync(join(exp, 'series.csv'), 'utf8'), 'series.csv');
    const lines = readFileSync(join(out, 'A/points.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    expect(series.map((s) => s.name)).toEqual(head.slice(1));
    expect(series[0].series.length).toBe(lines.length - 1);
    for (let i = 1; i < lines.length; i++) {
      const v = lines[i].split(',').map(Number);
      series.forEach((s, p) => {
        expect(s.series[i - 1]).toEqual([v[0], v[p + 1]]);
      });
    }
    expect(series[0].series.at(-1)![0]).toBe(DURATION_S);
  });

  it("writes the scenario through saveScenario, its paths still pointing at the twin's files", () => {
    const text = readFileSync(join(exp, 'scenario.json'), 'utf8');
    const saved = loadScenario(text, 'scenario.json');
    const orig = loadScenario(readFileSync(scenA, 'utf8'), scenA);
    expect(JSON.parse(text).version).toBeGreaterThanOrEqual(1);
    for (const k of ['twin', 'dem', 'manning', 'initialWaterLevel'] as const) {
      const p = saved.scenario[k] as string;
      expect(resolve(exp, p)).toBe(resolve(dirname(scenA), orig.scenario[k] as string));
      expect(existsSync(resolve(exp, p))).toBe(true);
    }
    const strip = (s: Record<string, unknown>) => {
      const { twin: _t, dem: _d, manning: _m, initialWaterLevel: _i, version: _v, ...rest } = s;
      return rest;
    };
    expect(strip(saved.scenario)).toEqual(strip(orig.scenario));
    expect(saved.interventions).toEqual(orig.interventions);
  });

  it("writes a single-run report with run A's figures", () => {
    const html = readFileSync(join(exp, 'report.html'), 'utf8');
    const m = html.match(/data-key="peopleExposed" data-run="a" data-value="([^"]*)"/);
    expect(Number(m![1])).toBe(metrics.a.peopleExposed);
    expect(html).not.toContain('data-run="b"');
  });
});

describe('bad input', () => {
  const run = async (args: string[]): Promise<{ code: number; lines: string[] }> => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await main(args);
      return {
        code,
        lines: err.mock.calls
          .map((c) => c.join(' '))
          .join('\n')
          .split('\n'),
      };
    } finally {
      err.mockRestore();
    }
  };
  const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-compare-bad-'));

  it('a missing B file: one line naming it, exit 2, nothing run', async () => {
    const r = await run(['compare', scenA, join(tmp, 'no-such-b.json'), '--out', join(tmp, 'o1'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/no-such-b\.json.*cannot read the scenario: ENOENT/);
    expect(existsSync(join(tmp, 'o1'))).toBe(false);
  });

  it('A and B on different twins (DEM shape): one line, exit 2, nothing run', async () => {
    const tiny = join(root, 'scenarios/tiny/scenario.json');
    const r = await run(['compare', scenA, tiny, '--out', join(tmp, 'o2'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('A and B are on different twins');
    expect(r.lines[0]).toContain('300×200 cells of 10 m');
    expect(r.lines[0]).toContain('60×40 cells');
    expect(existsSync(join(tmp, 'o2'))).toBe(false);
  });

  it('wrong arguments: one line each, exit 2', async () => {
    for (const args of [
      ['compare', scenA, '--out', join(tmp, 'o3')],
      ['compare', scenA, scenB],
      ['compare', scenA, scenB, '--out', join(tmp, 'o3'), '--workers', '0'],
      ['compare', scenA, scenB, '--out', join(tmp, 'o3'), '--duration-s', 'soon'],
      ['export', join(tmp, 'nothing'), '--out', join(tmp, 'o3')],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.lines, args.join(' ')).toHaveLength(1);
    }
  });

  it("export of a folder without a run, of another scenario's run, or of a run on another DEM: one line, exit 2", async () => {
    const r1 = await run(['export', join(tmp, 'nothing'), '--scenario', scenA, '--out', join(tmp, 'o4'), '--quiet']);
    expect(r1.code).toBe(2);
    expect(r1.lines).toHaveLength(1);
    expect(r1.lines[0]).toMatch(/nothing: no such run folder/);
    const tiny = join(root, 'scenarios/tiny/scenario.json');
    const r2 = await run(['export', join(out, 'A'), '--scenario', tiny, '--out', join(tmp, 'o5'), '--quiet']);
    expect(r2.code).toBe(2);
    expect(r2.lines).toHaveLength(1);
    expect(r2.lines[0]).toMatch(/made from another scenario/);
    // run A's grids under a summary.json that names the tiny scenario: the scenario check passes, the DEM's does not
    const forged = join(tmp, 'A-as-tiny');
    cpSync(join(out, 'A'), forged, { recursive: true });
    const summary = JSON.parse(readFileSync(join(forged, 'summary.json'), 'utf8'));
    writeFileSync(
      join(forged, 'summary.json'),
      JSON.stringify({ ...summary, scenarioHash: scenarioHash(readFileSync(tiny, 'utf8')) }),
    );
    const r3 = await run(['export', forged, '--scenario', tiny, '--out', join(tmp, 'o6'), '--quiet']);
    expect(r3.code).toBe(2);
    expect(r3.lines).toHaveLength(1);
    expect(r3.lines[0]).toMatch(/max_depth\.asc: the run is not on the scenario's DEM: 300×200 cells/);
  });
});

describe('floodtwin export of a run without a twin (tiny scenario, ASCII DEM)', () => {
  it('writes the grids, empty layers and the series of its points', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-export-tiny-'));
    const tiny = join(root, 'scenarios/tiny/scenario.json');
    expect(await main(['run', tiny, '--out', join(tmp, 'run'), '--workers', '1', '--quiet'])).toBe(0);
    expect(await main(['export', join(tmp, 'run'), '--scenario', tiny, '--out', join(tmp, 'x'), '--quiet'])).toBe(0);
    const md = readAsc(join(tmp, 'run/max_depth.asc'));
    const tif = await readGeoTiff(readFileSync(join(tmp, 'x/max_depth.tif')), 'max_depth.tif');
    expect([tif.ncols, tif.nrows]).toEqual([60, 40]);
    for (let k = 0; k < md.values.length; k++) {
      if (Number.isNaN(md.values[k])) expect(Number.isNaN(tif.values[k])).toBe(true);
      else expect(tif.values[k]).toBe(md.values[k]);
    }
    expect(readBuildings(readFileSync(join(tmp, 'x/flooded_buildings.geojson'), 'utf8'), 'b.geojson')).toEqual([]);
    expect(readRoads(readFileSync(join(tmp, 'x/cut_roads.geojson'), 'utf8'), 'r.geojson')).toEqual([]);
    const series = readSeriesCsv(readFileSync(join(tmp, 'x/series.csv'), 'utf8'));
    expect(series.map((s) => s.name)).toEqual(['pond', 'outlet']);
    expect(series[0].series.length).toBe(1800 / 60 + 1);
    const saved = loadScenario(readFileSync(join(tmp, 'x/scenario.json'), 'utf8'), 'scenario.json');
    expect(resolve(join(tmp, 'x'), saved.scenario.dem)).toBe(join(root, 'scenarios/tiny/dem.asc'));
  });
});
