/**
 * Defect 2 (crashes on grids the readers accept): the readers judge a grid by its header before they
 * allocate or inflate; the CLI streams ASCII grids instead of building one string.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { writeAsciiGridFile } from '../../src/cli/writeGridFile.ts';
import { readAsciiGrid, writeAsciiGrid } from '../../src/io/asciiGrid.ts';
import { writeGeoTiff } from '../../src/io/geotiff.ts';
import { readGrid } from '../../src/io/readGrid.ts';

/** a little-endian TIFF whose ImageWidth / ImageLength tags now claim `w`×`h` */
function claimSize(tiff: Uint8Array, w: number, h: number): Uint8Array {
  const b = tiff.slice();
  const v = new DataView(b.buffer);
  expect(v.getUint16(0, true)).toBe(0x4949);
  const ifd = v.getUint32(4, true);
  for (let i = 0; i < v.getUint16(ifd, true); i++) {
    const e = ifd + 2 + 12 * i;
    const tag = v.getUint16(e, true);
    if (tag !== 256 && tag !== 257) continue;
    const x = tag === 256 ? w : h;
    if (v.getUint16(e + 2, true) === 3) v.setUint16(e + 8, x, true);
    else v.setUint32(e + 8, x, true);
  }
  return b;
}

async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('grids judged by their header', () => {
  const small = { ncols: 40, nrows: 30, xll: 0, yll: 0, cellSize: 5, nodata: -9999, values: new Float32Array(1200) };

  it('a deflate GeoTIFF claiming 19000² cells is refused before it is inflated', async () => {
    const bomb = claimSize(writeGeoTiff(small, { compress: true }), 19000, 19000);
    expect(bomb.length).toBeLessThan(10_000);
    expect(await error(readGrid(bomb, 'bomb.tif'))).toMatch(
      /bomb\.tif, field ImageWidth: a grid of 19000×19000 = 361 M cells is more than the 100 M one run can hold; use coarser cells/,
    );
  });

  it('a GeoTIFF whose samples would decode past 1 GiB is refused from the header', async () => {
    // 9000×9000 float32 with 4 samples a pixel: 81 M cells (allowed) but 1236 MiB of pixels
    const t = claimSize(writeGeoTiff(small, { compress: true }), 9000, 9000);
    const v = new DataView(t.buffer);
    const ifd = v.getUint32(4, true);
    for (let i = 0; i < v.getUint16(ifd, true); i++)
      if (v.getUint16(ifd + 2 + 12 * i, true) === 277) v.setUint16(ifd + 2 + 12 * i + 8, 4, true);
    const msg = await error(readGrid(t, 'multi.tif'));
    expect(msg).toMatch(/decode to 1236 MiB \(9000×9000, 4 sample\(s\) of 32 bits\), more than 1024 MiB/);
  });

  it('an ASCII header claiming 20000² cells is refused before any row is read', () => {
    expect(() =>
      readAsciiGrid('ncols 20000\nnrows 20000\nxllcorner 0\nyllcorner 0\ncellsize 5\n1 2 3\n', 'big.asc'),
    ).toThrow(/400 M cells is more than the 100 M/);
  });

  it('the CLI streams ASCII grids in chunks, byte for byte what writeAsciiGrid gives', async () => {
    const g = {
      ncols: 700,
      nrows: 800,
      xll: 500000,
      yll: 3270000,
      cellSize: 5,
      nodata: -9999,
      values: new Float32Array(700 * 800),
    };
    for (let k = 0; k < g.values.length; k++) g.values[k] = k % 97 === 0 ? NaN : (k % 1013) / 7.3;
    const path = join(mkdtempSync(join(tmpdir(), 'floodtwin-asc-')), 'g.asc');
    await writeAsciiGridFile(path, g);
    const text = readFileSync(path, 'utf8');
    expect(text.length).toBeGreaterThan(4 * 2 ** 20); // more than one chunk
    expect(text).toBe(writeAsciiGrid(g));
  });
});
