import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Grid } from '../../src/core/grid.ts';
import { writeGeoTiff } from '../../src/io/geotiff.ts';
import { detectKind, formatReport, inspectFile } from '../../src/io/inspect.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function dem(): Grid {
  const values = new Float32Array(6 * 4);
  for (let i = 0; i < values.length; i++) values[i] = 100 + i; // 100 … 123
  values[0] = NaN;
  return { ncols: 6, nrows: 4, cellSize: 10, xll: 600000, yll: 3300000, values, nodata: -9999, crs: { epsg: 32648 } };
}

const SWMM = `[TITLE]
tiny
[OPTIONS]
FLOW_UNITS CMS
FLOW_ROUTING DYNWAVE
START_DATE 07/01/2024
START_TIME 00:00:00
END_DATE 07/01/2024
END_TIME 06:00:00
REPORT_STEP 00:05:00
[JUNCTIONS]
;;Name Elev MaxDepth InitDepth SurDepth Aponded
J1 10 2 0 0 0
J2 9 2 0 0 0
[OUTFALLS]
O1 8 FREE NO
[CONDUITS]
C1 J1 J2 100 0.013 0 0 0 0
C2 J2 O1 100 0.013 0 0 0 0
[XSECTIONS]
C1 CIRCULAR 0.5 0 0 0 1
C2 CIRCULAR 0.5 0 0 0 1
[COORDINATES]
J1 100 200
J2 150 200
O1 200 180
`;

describe('inspectFile', () => {
  it('a GeoTIFF: CRS, extent, cells and value range', async () => {
    const r = await inspectFile(writeGeoTiff(dem(), { compress: true }), 'dem.tif');
    expect(r.kind).toBe('grid');
    expect(r.format).toBe('GeoTIFF');
    expect(r.crs).toBe('EPSG:32648');
    expect(r.extent).toEqual({ xmin: 600000, ymin: 3300000, xmax: 600060, ymax: 3300040 });
    expect(r.grid).toEqual({
      ncols: 6,
      nrows: 4,
      cellSize: 10,
      nodataCells: 1,
      min: 101,
      max: 123,
      mean: 112,
      nodata: -9999,
    });
    expect(formatReport(r)).toContain('6 × 4 cells of 10');
  });

  it('warns about a grid CRS that floodtwin cannot reproject', async () => {
    const g = dem();
    g.crs = { epsg: 2154 };
    const r = await inspectFile(writeGeoTiff(g), 'lambert.tif');
    expect(r.crs).toBe('EPSG:2154');
    expect(r.warnings).toEqual([expect.stringMatching(/^EPSG:2154 is not a CRS floodtwin can reproject/)]);
  });

  it('an ASCII grid warns that it has no CRS', async () => {
    const r = await inspectFile(enc('ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 3\n'), 'a.asc');
    expect(r.format).toBe('ESRI ASCII grid');
    expect(r.grid?.mean).toBe(2);
    expect(r.warnings[0]).toMatch(/no CRS/);
  });

  it('a gauge CSV: station, time range, median step and gap warnings', async () => {
    const csv =
      'timestamp,value,unit\n2024-07-01T08:00:00+08:00,1,m\n2024-07-01T08:15:00+08:00,2,m\n2024-07-01T08:30:00+08:00,3,m\n2024-07-01T10:00:00+08:00,2.5,m\n';
    const r = await inspectFile(enc(csv), 'data/cuntan.csv');
    expect(r.kind).toBe('gauge');
    expect(r.timeRange).toEqual({
      start: '2024-07-01T00:00:00Z',
      end: '2024-07-01T02:00:00Z',
      count: 4,
      medianStepS: 900,
    });
    expect(r.details).toMatchObject({ station: 'cuntan', quantity: 'stage', unit: 'm', min: 1, max: 3 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^line 5: gap of 1.5 h/);
  });

  it('a GeoJSON layer: kind, counts, extent and totals', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [106.5, 29.5] },
          properties: { id: 's1', capacity: 500 },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [106.6, 29.4] },
          properties: { id: 's2', capacity: 250 },
        },
      ],
    };
    const r = await inspectFile(enc(JSON.stringify(fc)), 'shelters.geojson');
    expect(r.format).toBe('GeoJSON shelters');
    expect(r.crs).toBe('EPSG:4326');
    expect(r.extent).toEqual({ xmin: 106.5, ymin: 29.4, xmax: 106.6, ymax: 29.5 });
    expect(r.counts).toEqual({ features: 2, Point: 2, shelters: 2 });
    expect(r.details).toEqual({ capacity: 750 });
  });

  it('a SWMM .inp: element counts, extent, simulation time', async () => {
    const r = await inspectFile(enc(SWMM), 'net.inp');
    expect(r.kind).toBe('swmm');
    expect(r.counts).toMatchObject({ junctions: 2, outfalls: 1, conduits: 2 });
    expect(r.extent).toEqual({ xmin: 100, ymin: 180, xmax: 200, ymax: 200 });
    expect(r.details).toMatchObject({ flowUnits: 'CMS', flowRouting: 'DYNWAVE' });
    expect(r.timeRange?.start).toBe('07/01/2024 00:00:00');
    expect(r.timeRange?.medianStepS).toBe(300);
  });

  it('OSM XML', async () => {
    const osm = `<osm version="0.6"><node id="1" lat="29.5" lon="106.5"/><node id="2" lat="29.5" lon="106.6"/>
      <way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>`;
    const r = await inspectFile(enc(osm), 'town.osm');
    expect(r.format).toBe('OSM XML');
    expect(r.counts).toEqual({ nodes: 2, ways: 1, relations: 0, buildings: 0, roads: 1 });
    expect(r.extent!.xmin).toBeCloseTo(106.5, 9);
    expect(r.extent!.xmax).toBeCloseTo(106.6, 9);
  });

  it('detects kinds from content when the name says nothing', () => {
    expect(detectKind(writeGeoTiff(dem()), 'x.bin')).toBe('grid');
    expect(detectKind(enc('ncols 3\n'), 'x')).toBe('grid');
    expect(detectKind(enc('[TITLE]\n'), 'x')).toBe('swmm');
    expect(detectKind(enc('<osm>'), 'x')).toBe('osm');
    expect(detectKind(enc('<wml2:Collection>'), 'x')).toBe('gauge');
    expect(detectKind(enc('{"type":"FeatureCollection"}'), 'x')).toBe('layer');
    expect(detectKind(enc('timestamp,value\n'), 'x')).toBe('gauge');
  });

  it("passes the reader's InputError through", async () => {
    await expect(
      inspectFile(enc('timestamp,value,unit\n2024-07-01T00:00Z,1,furlong\n'), 'bad.csv'),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe('floodtwin inspect (CLI)', () => {
  it('prints JSON with --json, and exits 2 with one line on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-inspect-'));
    const tif = join(dir, 'dem.tif');
    writeFileSync(tif, writeGeoTiff(dem()));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,value,unit\n2024-07-01T00:00Z,1,furlong\n');
    const bin = join(__dirname, '../../bin/floodtwin.mjs');
    // (two runs only: each starts node and tsx, about 2 s)
    const json = JSON.parse(execFileSync('node', [bin, 'inspect', tif, '--json'], { encoding: 'utf8' }));
    expect(json.grid.ncols).toBe(6);
    let status = 0;
    let stderr = '';
    try {
      execFileSync('node', [bin, 'inspect', bad], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr.trim()).toMatch(/^floodtwin inspect: .*bad\.csv, line 2, field unit: unknown unit "furlong"/);
  });
});
