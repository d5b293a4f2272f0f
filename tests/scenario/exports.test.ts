import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { makeGrid, type Grid } from '../../src/core/grid.ts';
import { seriesAt } from '../../src/core/timeSeries.ts';
import { readTimeTableCsv } from '../../src/events/timeTableCsv.ts';
import { cutRoadsGeoJson, floodedBuildingsGeoJson } from '../../src/export/geojson.ts';
import { arrivalTimeGrid, exportGrid, gridFileName, maxDepthGrid } from '../../src/export/grids.ts';
import { reportHtml } from '../../src/export/reportHtml.ts';
import { readSeriesCsv, seriesCsv } from '../../src/export/seriesCsv.ts';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { makeTransform } from '../../src/io/crs.ts';
import { readGeoTiff } from '../../src/io/geotiff.ts';
import { metricRows } from '../../workers/analysis/compare.ts';
import { floodMetrics, type BuildingInput, type RoadInput } from '../../workers/analysis/floodMetrics.ts';

// a small twin in UTM 48N near Chongqing (≈ 106.5°E, 29.56°N)
const X0 = 650000;
const Y0 = 3271000;
function twin(): { g: Grid; depth: Float32Array; speed: Float32Array; arrival: Float32Array } {
  const g = makeGrid(6, 4, 10, X0, Y0);
  g.crs = { epsg: 32648 };
  const depth = new Float32Array(24);
  const speed = new Float32Array(24);
  const arrival = new Float32Array(24).fill(Infinity);
  for (let i = 0; i < 24; i++) {
    const col = i % 6;
    depth[i] = col * 0.25; // 0, 0.25, … 1.25 m west → east
    speed[i] = 0.1 * (i % 4);
    if (depth[i] > 0) arrival[i] = 600 + 60 * i;
  }
  depth[23] = NaN;
  return { g, depth, speed, arrival };
}

const buildings: BuildingInput[] = [
  {
    id: 'B-east',
    ring: [
      [X0 + 41, Y0 + 11],
      [X0 + 58, Y0 + 11],
      [X0 + 58, Y0 + 28],
      [X0 + 41, Y0 + 28],
    ],
    population: 12,
    use: 'residential',
  },
  {
    id: 'B-west',
    ring: [
      [X0 + 1, Y0 + 1],
      [X0 + 8, Y0 + 1],
      [X0 + 8, Y0 + 8],
      [X0 + 1, Y0 + 8],
    ],
    population: 3,
  },
  { id: 'B-point', centroid: [X0 + 35, Y0 + 35], population: 5, areaM2: 80, use: 'commercial' },
];
const roads: RoadInput[] = [
  {
    id: 'R1',
    line: [
      [X0, Y0 + 15],
      [X0 + 60, Y0 + 15],
    ],
    class: 'primary',
    name: 'Riverside Rd',
  },
  {
    id: 'R2',
    line: [
      [X0 + 5, Y0],
      [X0 + 5, Y0 + 40],
    ],
    class: 'residential',
  },
];

describe('grid exports round-trip through the project readers', () => {
  it('max depth and arrival time as ESRI ASCII grid', () => {
    const { g, depth, arrival } = twin();
    for (const grid of [maxDepthGrid(g, depth), arrivalTimeGrid(g, arrival)]) {
      const back = readAsciiGrid(exportGrid(grid, 'asc') as string, 'x.asc');
      expect(back.ncols).toBe(6);
      expect(back.nrows).toBe(4);
      expect(back.xll).toBe(X0);
      expect(back.yll).toBe(Y0);
      expect(back.cellSize).toBe(10);
      for (let i = 0; i < 24; i++) {
        if (Number.isNaN(grid.values[i])) expect(Number.isNaN(back.values[i])).toBe(true);
        else expect(back.values[i]).toBe(grid.values[i]);
      }
    }
    const arr = arrivalTimeGrid(g, arrival);
    expect(Number.isNaN(arr.values[0])).toBe(true); // never flooded
    expect(arr.values[1]).toBe(660);
  });
  it('max depth and arrival time as GeoTIFF (plain and deflate)', async () => {
    const { g, depth, arrival } = twin();
    for (const grid of [maxDepthGrid(g, depth), arrivalTimeGrid(g, arrival)]) {
      for (const compress of [false, true]) {
        const bytes = exportGrid(grid, 'tif', { compress }) as Uint8Array;
        const back = await readGeoTiff(bytes, 'x.tif');
        expect([back.ncols, back.nrows, back.cellSize]).toEqual([6, 4, 10]);
        expect(back.xll).toBeCloseTo(X0, 6);
        expect(back.yll).toBeCloseTo(Y0, 6);
        expect(back.crs?.epsg).toBe(32648);
        for (let i = 0; i < 24; i++) {
          if (Number.isNaN(grid.values[i])) expect(Number.isNaN(back.values[i])).toBe(true);
          else expect(back.values[i]).toBe(grid.values[i]);
        }
      }
    }
    expect(gridFileName('老城 levee/plan', 'max-depth', 'tif')).toBe('老城-levee-plan-max-depth.tif');
  });
});

describe('GeoJSON exports: lon/lat, and back to map coordinates within a centimetre', () => {
  const { g, depth, speed } = twin();
  const m = floodMetrics({ grid: g, maxDepth: depth, maxSpeed: speed, buildings, roads });
  const toMap = makeTransform(4326, 32648);
  it('flooded buildings', () => {
    const fc = JSON.parse(JSON.stringify(floodedBuildingsGeoJson(m.floodedBuildings, buildings, g.crs)));
    expect(fc.type).toBe('FeatureCollection');
    const ids = fc.features.map((f: { properties: { id: string } }) => f.properties.id).sort();
    expect(ids).toEqual(['B-east', 'B-point']); // B-west stands in dry column 0
    const east = fc.features.find((f: { properties: { id: string } }) => f.properties.id === 'B-east');
    expect(east.geometry.type).toBe('Polygon');
    const ring: [number, number][] = east.geometry.coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring[0][0]).toBeGreaterThan(106);
    expect(ring[0][0]).toBeLessThan(107);
    expect(ring[0][1]).toBeGreaterThan(29);
    expect(ring[0][1]).toBeLessThan(30);
    // counter-clockwise exterior (RFC 7946) and back to map metres
    let a = 0;
    for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(a).toBeGreaterThan(0);
    const [x, y] = toMap(ring[0][0], ring[0][1]);
    expect(Math.abs(x - (X0 + 41))).toBeLessThan(0.02);
    expect(Math.abs(y - (Y0 + 11))).toBeLessThan(0.02);
    // deepest cell under the footprint: column 5, 1.25 m (row 3 col 5 is NaN, so rows 2: 1.25)
    expect(east.properties.depthM).toBeCloseTo(1.25, 4);
    expect(east.properties.population).toBe(12);
    expect(east.properties.use).toBe('residential');
    expect(east.properties.hazardClass).toBe(m.floodedBuildings.find((b) => b.id === 'B-east')!.hazardClass);
    const pt = fc.features.find((f: { properties: { id: string } }) => f.properties.id === 'B-point');
    expect(pt.geometry.type).toBe('Point');
    const [px, py] = toMap(pt.geometry.coordinates[0], pt.geometry.coordinates[1]);
    expect(Math.hypot(px - (X0 + 35), py - (Y0 + 35))).toBeLessThan(0.02);
  });
  it('cut roads', () => {
    const fc = JSON.parse(JSON.stringify(cutRoadsGeoJson(m.cutRoads, roads, g.crs)));
    expect(fc.features).toHaveLength(1); // R2 runs in column 0 (dry)
    const f = fc.features[0];
    expect(f.properties).toEqual({ id: 'R1', cutLengthM: 40, maxDepthM: 1.25, class: 'primary', name: 'Riverside Rd' }); // columns 2–5 ≥ 0.3 m
    expect(f.geometry.type).toBe('LineString');
    const [x, y] = toMap(f.geometry.coordinates[1][0], f.geometry.coordinates[1][1]);
    expect(Math.hypot(x - (X0 + 60), y - (Y0 + 15))).toBeLessThan(0.02);
    expect(() => cutRoadsGeoJson(m.cutRoads, roads, undefined)).toThrow(/no CRS/);
  });
});

describe('series CSV', () => {
  const level: [number, number][] = [
    [0, 180.5],
    [600, 181.25],
    [1200, 182],
  ];
  const inflow: [number, number][] = [
    [0, 10],
    [900, 40],
  ];
  it('reads back with the gauge CSV reader (ISO times with offset) and readSeriesCsv', () => {
    const start = Date.parse('2024-07-01T08:00:00+08:00');
    const text = seriesCsv(
      [
        { name: 'level_m', series: level },
        { name: 'inflow_m3s', series: inflow },
      ],
      { startMs: start, offsetMin: 480 },
    );
    expect(text.split('\n')[1]).toBe('2024-07-01T08:00:00+08:00,0,180.5,10');
    const t = readTimeTableCsv(text, 'series.csv');
    expect(t.timesMs.map((ms) => (ms - start) / 1000)).toEqual([0, 600, 900, 1200]);
    expect(t.columns.get('level_m')).toEqual([180.5, 181.25, seriesAt(level, 900), 182]);
    expect(t.columns.get('inflow_m3s')).toEqual([10, seriesAt(inflow, 600), 40, 40]);
    const back = readSeriesCsv(text);
    expect(back.map((c) => c.name)).toEqual(['level_m', 'inflow_m3s']);
    for (const tt of [0, 300, 600, 750, 1200])
      expect(seriesAt(back[0].series, tt)).toBeCloseTo(seriesAt(level, tt), 12);
    expect(() => seriesCsv([{ name: 'a,b', series: level }])).toThrow(/column name/);
  });
});

describe('printable report', () => {
  const { g, depth, speed } = twin();
  const a = floodMetrics({
    grid: g,
    maxDepth: depth,
    maxSpeed: speed,
    buildings,
    roads,
    sewerOverflowM3: 250,
    evacuationClearanceS: 5400,
  });
  const lower = Float32Array.from(depth, (v) => Math.max(0, v - 0.2));
  const b = floodMetrics({
    grid: g,
    maxDepth: lower,
    maxSpeed: speed,
    buildings,
    roads,
    sewerOverflowM3: 100,
    evacuationClearanceS: 4200,
  });
  const png =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  it('is well-formed XHTML whose table holds every metric row with its exact values', () => {
    const html = reportHtml(
      a,
      png,
      {
        title: 'Levee <plan> & co',
        scenarioA: 'baseline',
        scenarioB: 'levee',
        generatedAt: '2026-11-23 14:00 +08:00',
        notes: ['synthetic twin'],
      },
      b,
    );
    const errors: string[] = [];
    const doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(html, 'application/xhtml+xml');
    expect(errors).toEqual([]);
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('Levee <plan> & co');
    const img = doc.getElementsByTagName('img')[0];
    expect(img.getAttribute('src')).toBe(png);
    // every metric row's values, read back from the data-* attributes of the number cells
    const found = new Map<string, string>();
    for (const td of Array.from(doc.getElementsByTagName('td'))) {
      const k = td.getAttribute('data-key');
      if (k) found.set(`${k}/${td.getAttribute('data-run')}`, td.getAttribute('data-value') ?? '');
    }
    const expected = metricRows(a, b);
    for (const e of expected) {
      expect(found.get(`${e.key}/a`)).toBe(e.a === null ? '' : String(e.a));
      expect(found.get(`${e.key}/b`)).toBe(e.b === null ? '' : String(e.b));
    }
    const headline = Array.from(doc.getElementsByTagName('tr')).filter((r) => r.getAttribute('data-key'));
    for (const r of headline) {
      const e = expected.find((x) => x.key === r.getAttribute('data-key'))!;
      expect(found.get(`${e.key}/change`)).toBe(e.change === null ? '' : String(e.change));
    }
    expect(headline.length).toBe(8);
    const clearance = headline.find((r) => r.getAttribute('data-key') === 'evacuationClearanceMin')!;
    const cells = Array.from(clearance.getElementsByTagName('td')).map((td) => td.textContent);
    expect(cells).toEqual(['Evacuation clearance time', 'min', '90.0', '70.0', '-20.0']);
    expect(clearance.getElementsByTagName('td')[4].getAttribute('class')).toBe('num better');
    expect(html).toContain('@page { size: A4 landscape');
  });
  it('a single run, no snapshot; a non-PNG snapshot is refused', () => {
    const html = reportHtml(a, null);
    const doc = new DOMParser().parseFromString(html, 'application/xhtml+xml');
    expect(doc.getElementsByTagName('img').length).toBe(0);
    expect(doc.getElementsByTagName('table')[0].getElementsByTagName('th').length).toBe(3);
    expect(html).not.toContain('data-run="b"');
    expect(() => reportHtml(a, 'javascript:alert(1)')).toThrow(/PNG data URL/);
    expect(() => reportHtml(a, 'data:image/png;base64,AAAA" onerror="x')).toThrow(/PNG data URL/);
  });
});

describe('GeoJSON exports load back with the layer readers (src/io/layers)', () => {
  it('buildings and roads: read → metrics → export → read gives the same features', async () => {
    const { readBuildings, readRoads } = await import('../../src/io/layers/index.ts');
    const { buildingsFromLayer, roadsFromLayer } = await import('../../workers/analysis/layerInputs.ts');
    const toLonLat = makeTransform(32648, 4326);
    const ll = (x: number, y: number) => toLonLat(x, y);
    const srcBuildings = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'B1', population: 12, use: 'commercial', floors: 4 },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                ll(X0 + 41, Y0 + 11),
                ll(X0 + 58, Y0 + 11),
                ll(X0 + 58, Y0 + 28),
                ll(X0 + 41, Y0 + 28),
                ll(X0 + 41, Y0 + 11),
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { id: 'B2', population: 3 },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [ll(X0 + 1, Y0 + 1), ll(X0 + 8, Y0 + 1), ll(X0 + 8, Y0 + 8), ll(X0 + 1, Y0 + 8), ll(X0 + 1, Y0 + 1)],
            ],
          },
        },
      ],
    };
    const srcRoads = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'R1', class: 'secondary', lanes: 2, speedKmh: 40, oneway: true, name: '滨江路' },
          geometry: { type: 'LineString', coordinates: [ll(X0, Y0 + 15), ll(X0 + 30, Y0 + 16), ll(X0 + 60, Y0 + 15)] },
        },
      ],
    };
    const bl = readBuildings(JSON.stringify(srcBuildings), 'buildings.geojson');
    const rl = readRoads(JSON.stringify(srcRoads), 'roads.geojson');
    const bIn = buildingsFromLayer(bl);
    const rIn = roadsFromLayer(rl);
    const { g, depth, speed } = twin();
    const m = floodMetrics({ grid: g, maxDepth: depth, maxSpeed: speed, buildings: bIn, roads: rIn });
    expect(m.floodedBuildings.map((b) => b.id)).toEqual(['B1']);

    const bBack = readBuildings(
      JSON.stringify(floodedBuildingsGeoJson(m.floodedBuildings, bIn, g.crs)),
      'flooded-buildings.geojson',
    );
    expect(bBack).toHaveLength(1);
    expect(bBack[0].id).toBe('B1');
    expect(bBack[0].population).toBe(12);
    expect(bBack[0].use).toBe('commercial');
    expect(bBack[0].ring.length).toBe(bl[0].ring.length);
    for (let k = 0; k < bl[0].ring.length; k++) expect(Math.abs(bBack[0].ring[k] - bl[0].ring[k])).toBeLessThan(0.02);

    const rBack = readRoads(JSON.stringify(cutRoadsGeoJson(m.cutRoads, rIn, g.crs)), 'cut-roads.geojson');
    expect(rBack).toHaveLength(1);
    expect(rBack[0]).toMatchObject({
      id: 'R1',
      cls: 'secondary',
      lanes: 2,
      speedKmh: 40,
      oneway: true,
      name: '滨江路',
    });
    expect(rBack[0].coords.length).toBe(6);
    for (let k = 0; k < 6; k++) expect(Math.abs(rBack[0].coords[k] - rl[0].coords[k])).toBeLessThan(0.02);
  });
});
