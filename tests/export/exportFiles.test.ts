/**
 * The pieces the page's export panel adds around the CLI's writers: a run in memory as the exports
 * see it (walls masked as `run` writes them, output points at points.csv precision, the DEM's or
 * the twin's CRS), the scenario as edited in the planner, the A-vs-B report (image + every row of
 * both runs) and the scale bar's 1-2-5 lengths.
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import {
  exportFile,
  pointSeriesOf,
  runForExport,
  runMetrics,
  runReport,
  type RunForExport,
} from '../../src/export/exportFiles.ts';
import { niceLength } from '../../src/export/reportHtml.ts';
import { readSeriesCsv } from '../../src/export/seriesCsv.ts';
import { editedScenario } from '../../src/ui/exportPanel.ts';
import { metricRows } from '../../workers/analysis/compare.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

const NC = 4,
  NR = 3;
function fakeSetup(): FloodSetup {
  const z = new Float32Array(NC * NR).fill(10);
  z[5] = NaN; // a wall
  return {
    ncols: NC,
    nrows: NR,
    cellSize: 10,
    xll: 650000,
    yll: 3271000,
    z,
    outputs: { pointIds: ['p', 'q'] },
  } as unknown as FloodSetup;
}
function fakeResult(depthAdd = 0) {
  const maxDepth = Float32Array.from({ length: NC * NR }, (_, k) => 0.1 * k + depthAdd);
  return {
    maxDepth,
    maxSpeed: new Float32Array(NC * NR).fill(0.5),
    arrivalTime: Float32Array.from({ length: NC * NR }, (_, k) => (k < 6 ? 60 * k : NaN)),
    pointTimes: Float64Array.from([0, 60.000000000000014]),
    pointDepths: Float64Array.from([0, 0.1, 0.30000001192092896, 1 / 3]),
  };
}

describe('a run in memory as the exports see it', () => {
  it("masks walls, keeps the DEM's CRS, and rounds the points as points.csv does", () => {
    const dem = makeGrid(NC, NR, 10, 650000, 3271000);
    dem.crs = { epsg: 32648 };
    const r = runForExport({
      scenarioName: 's',
      setup: fakeSetup(),
      dem,
      layers: null,
      result: fakeResult(),
      summary: { simulatedS: 60 },
    });
    expect(r.grid.crs).toEqual({ epsg: 32648 });
    expect([r.grid.ncols, r.grid.nrows, r.grid.cellSize, r.grid.xll, r.grid.yll]).toEqual([4, 3, 10, 650000, 3271000]);
    expect(r.maxDepth[5]).toBeNaN();
    expect(r.maxSpeed![5]).toBeNaN();
    expect(r.arrivalTime[5]).toBeNaN();
    expect(r.maxDepth[4]).toBe(Math.fround(0.4));
    // 60.000000000000014 → "60", float32 0.3 → "0.300000012", 1/3 → "0.333333333" (9 significant digits, as points.csv)
    expect(r.points!.map((p) => p.series)).toEqual([
      [
        [0, 0],
        [60, 0.300000012],
      ],
      [
        [0, 0.1],
        [60, 0.333333333],
      ],
    ]);
    expect(Math.fround(0.300000012)).toBe(Math.fround(0.30000001192092896)); // still the float32 the engine had
    const csv = exportFile(r, 'series.csv', null, { generatedAt: 'x' })!.content as string;
    expect(csv).toBe('t_s,p,q\n0,0,0.1\n60,0.300000012,0.333333333\n');
    expect(readSeriesCsv(csv)[1].series[1][1]).toBe(0.333333333);
    expect(exportFile(r, 'scenario.json', null, { generatedAt: 'x' })).toBeNull();
    // without a DEM CRS, the twin's
    const noCrs = runForExport({
      scenarioName: 's',
      setup: fakeSetup(),
      dem: makeGrid(NC, NR, 10, 650000, 3271000),
      layers: { name: 't', epsg: 32649, dir: '', buildings: [], roads: [], shelters: [], facilities: [], gauges: [] },
      result: fakeResult(),
    });
    expect(noCrs.grid.crs).toEqual({ epsg: 32649 });
    expect(pointSeriesOf([], [0, 1], [])).toEqual([]);
  });

  it('the scenario as edited: rain series replaced, rain and river scaled; the file is untouched', () => {
    const raw = {
      name: 'x',
      rain: {
        mmPerHour: [
          [0, 10],
          [600, 20],
        ],
        source: 'gauge',
      },
      inflows: [
        {
          id: 'r',
          hydrograph: [
            [0, 100],
            [60, 200],
          ],
        },
        { id: 'p', point: [1, 2] },
      ],
    };
    const copy = structuredClone(raw);
    expect(editedScenario(raw, { rainScale: 1, riverScale: 1, rainSeries: null })).toEqual(raw);
    const e = editedScenario(raw, { rainScale: 1.5, riverScale: 0.5, rainSeries: null }) as typeof raw;
    expect(e.rain).toEqual({
      mmPerHour: [
        [0, 15],
        [600, 30],
      ],
      source: 'gauge',
    });
    expect(e.inflows[0].hydrograph).toEqual([
      [0, 50],
      [60, 100],
    ]);
    expect(e.inflows[1]).toEqual({ id: 'p', point: [1, 2] });
    const s = editedScenario(raw, {
      rainScale: 2,
      riverScale: 1,
      rainSeries: [
        [0, 1],
        [300, 4],
      ],
    }) as typeof raw;
    expect(s.rain.mmPerHour).toEqual([
      [0, 2],
      [300, 8],
    ]);
    expect(raw).toEqual(copy);
  });
});

describe('the A-vs-B report', () => {
  it('holds the map image and every metric row of both runs', () => {
    const dem = makeGrid(NC, NR, 10, 650000, 3271000);
    dem.values.fill(10);
    dem.crs = { epsg: 32648 };
    const a: RunForExport = runForExport({
      scenarioName: 'A <base>',
      setup: fakeSetup(),
      dem,
      layers: null,
      result: fakeResult(),
      summary: { simulatedS: 60 },
    });
    const b: RunForExport = runForExport({
      scenarioName: 'B & wall',
      setup: fakeSetup(),
      dem,
      layers: null,
      result: fakeResult(-0.2),
      summary: { simulatedS: 60 },
    });
    const ma = runMetrics(a),
      mb = runMetrics(b);
    const html = runReport(a, ma, { generatedAt: '2026-11-23 06:00 UTC' }, { run: b, metrics: mb });
    const errors: string[] = [];
    const doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(html, 'application/xhtml+xml');
    expect(errors).toEqual([]);
    expect(doc.getElementsByTagName('img')[0].getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const found = new Map<string, string>();
    for (const td of Array.from(doc.getElementsByTagName('td')))
      if (td.getAttribute('data-key'))
        found.set(`${td.getAttribute('data-key')}/${td.getAttribute('data-run')}`, td.getAttribute('data-value')!);
    for (const r of metricRows(ma, mb)) {
      expect(found.get(`${r.key}/a`), r.key).toBe(r.a === null ? '' : String(r.a));
      expect(found.get(`${r.key}/b`), r.key).toBe(r.b === null ? '' : String(r.b));
    }
    expect(ma.floodedAreaM2).toBeGreaterThan(mb.floodedAreaM2);
    expect(html).toContain('A &lt;base&gt; vs B &amp; wall');
    expect(html).toContain('Map: maximum depth of B (B &amp; wall).');
    // 40 m wide map: a quarter is 10 m → a 10 m bar on 150 mm × 10/40 = 37.5 mm
    expect(html).toContain(
      '<div class="scale" data-length-m="10"><div class="bar" style="width:37.5mm"></div><span>10 m</span></div>',
    );
  });

  it('scale bar lengths are the longest 1-2-5 × 10ⁿ not over a quarter of the map', () => {
    expect([
      niceLength(150),
      niceLength(750),
      niceLength(1999),
      niceLength(2000),
      niceLength(0.7),
      niceLength(0),
    ]).toEqual([100, 500, 1000, 2000, 0.5, 0]);
  });
});
