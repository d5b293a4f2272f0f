/**
 * Corrupted GeoTIFF and ESRI ASCII grids: every variant ends in a Grid or an InputError naming the
 * file (never a TypeError, RangeError, hang or crash).
 */
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../src/core/grid.ts';
import { readAsciiGrid, writeAsciiGrid } from '../../src/io/asciiGrid.ts';
import { encodeTiff, readGeoTiff, writeGeoTiff } from '../../src/io/geotiff.ts';
import { readGrid } from '../../src/io/readGrid.ts';
import { encodeTiffLzw } from '../io/helpers.ts';
import { LIBTIFF_F32_BIG_ENDIAN_LZW_P3, LIBTIFF_F32_BIGTIFF_DEFLATE } from '../io/libtiffSamples.ts';
import { fuzz, mutateBytes, mutateText } from './mutate.ts';

const N = 1000;

function sample(): Grid {
  const ncols = 23;
  const nrows = 17;
  const values = new Float32Array(ncols * nrows);
  for (let i = 0; i < values.length; i++) values[i] = 150 + Math.sin(i * 0.3) * 20;
  values[40] = NaN;
  return { ncols, nrows, cellSize: 5, xll: 600000, yll: 3300000, values, nodata: -9999, crs: { epsg: 32648 } };
}

function checkGrid(g: Grid): void {
  expect(g.values.length).toBe(g.ncols * g.nrows);
  expect(g.cellSize).toBeGreaterThan(0);
  expect(Number.isFinite(g.xll) && Number.isFinite(g.yll)).toBe(true);
}

const UTM48 = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32648];
const geo = { pixelScale: [5, 5, 0], tiepoint: [0, 0, 0, 600000, 3300085, 0], geoKeys: UTM48, gdalNoData: '-9999' };

describe('fuzz: GeoTIFF reader', () => {
  const g = sample();
  const samples: [string, Uint8Array][] = [
    ['float32 strips, none', writeGeoTiff(g)],
    ['float32 strips, deflate', writeGeoTiff(g, { compress: true })],
    [
      'int16 tiles, LZW',
      encodeTiff(g.values, g.ncols, g.nrows, {
        ...geo,
        sampleType: 'int16',
        tileSize: 16,
        compression: { code: 5, encode: encodeTiffLzw },
      }),
    ],
    [
      'float64 strips, LZW',
      encodeTiff(g.values, g.ncols, g.nrows, {
        ...geo,
        sampleType: 'float64',
        rowsPerStrip: 3,
        compression: { code: 5, encode: encodeTiffLzw },
      }),
    ],
    [
      'uint16 tiles, deflate',
      encodeTiff(g.values, g.ncols, g.nrows, { ...geo, sampleType: 'uint16', tileSize: 16, compression: 'deflate' }),
    ],
  ];
  samples.forEach(([name, bytes], k) => {
    it(`${N} corrupted variants of ${name}`, async () => {
      expect((await readGeoTiff(bytes, 'f.tif')).ncols).toBe(23); // the sample itself reads
      const t = await fuzz(N, 1000 + k, bytes, mutateBytes, (b) => readGeoTiff(b, 'f.tif'), checkGrid, 'f.tif');
      expect(t.values + t.inputErrors).toBe(N);
      expect(t.inputErrors).toBeGreaterThan(0);
    });
  });
});

describe('fuzz: big-endian and BigTIFF directories (libtiff samples, no georeferencing)', () => {
  for (const [name, b64, seed] of [
    ['big-endian LZW', LIBTIFF_F32_BIG_ENDIAN_LZW_P3, 1100],
    ['BigTIFF deflate', LIBTIFF_F32_BIGTIFF_DEFLATE, 1101],
  ] as const) {
    it(`${N} corrupted variants of ${name}`, async () => {
      const bytes = Uint8Array.from(Buffer.from(b64, 'base64'));
      const t = await fuzz(N, seed, bytes, mutateBytes, (b) => readGeoTiff(b, 'f.tif'), checkGrid, 'f.tif');
      expect(t.values + t.inputErrors).toBe(N);
    });
  }
});

describe('fuzz: ESRI ASCII grid reader', () => {
  const text = writeAsciiGrid(sample());
  it(`${N} corrupted variants (text edits)`, async () => {
    const t = await fuzz(N, 7, text, mutateText, (s) => readAsciiGrid(s, 'g.asc'), checkGrid, 'g.asc');
    expect(t.values + t.inputErrors).toBe(N);
    expect(t.values).toBeGreaterThan(0);
    expect(t.inputErrors).toBeGreaterThan(0);
  });
  it(`${N} corrupted variants (byte edits, through readGrid)`, async () => {
    const bytes = new TextEncoder().encode(text);
    const t = await fuzz(N, 8, bytes, mutateBytes, (b) => readGrid(b, 'g.asc'), checkGrid, 'g.asc');
    expect(t.values + t.inputErrors).toBe(N);
  });
});
