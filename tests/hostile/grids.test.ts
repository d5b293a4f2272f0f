/**
 * Defect 2 (crashes on grids the readers accept): the readers judge a grid by its header before they
 * allocate or inflate; the CLI streams ASCII and GeoTIFF grids to disk and reads ASCII grids from bytes line by
 * line instead of building one string or buffer.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { writeAsciiGridFile, writeGeoTiffFile } from '../../src/cli/writeGridFile.ts';
import { DEFLATE_CODEC, exportGrid } from '../../src/export/grids.ts';
import { asciiGridBytes, readAsciiGrid, writeAsciiGrid } from '../../src/io/asciiGrid.ts';
import { geoTiffLayout, readGeoTiff, writeGeoTiff } from '../../src/io/geotiff.ts';
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
});

/** a grid with NaN cells and values known from the cell index, in float32 */
function patterned(ncols: number, nrows: number) {
  const values = new Float32Array(ncols * nrows);
  for (let k = 0; k < values.length; k++) values[k] = k % 97 === 0 ? NaN : (k % 1013) / 7.3;
  return { ncols, nrows, xll: 500000, yll: 3270000, cellSize: 5, nodata: -9999, values, crs: { epsg: 32650 } };
}

describe("large grids streamed to and from disk (a city: 36 M cells, past V8's 512 MiB string)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'floodtwin-stream-'));

  it('the CLI writes ASCII grids in chunks, byte for byte what writeAsciiGrid gives', async () => {
    const g = patterned(70, 80);
    const path = join(dir, 'g.asc');
    await writeAsciiGridFile(path, g, 1000); // ~30 chunks
    expect(readFileSync(path, 'utf8')).toBe(writeAsciiGrid(g));
  });

  it("the page's ASCII export of a grid past ASCII_TEXT_MAX_CELLS is bytes made a chunk at a time, not one string", () => {
    const g = patterned(70, 80);
    const text = writeAsciiGrid(g);
    expect(exportGrid(g, 'asc')).toBe(text); // small: text, as before
    const big = exportGrid(g, 'asc', { asciiTextMaxCells: 5599 });
    expect(big).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(big as Uint8Array)).toBe(text);
    const chunked = asciiGridBytes(g, 9, 500); // ~100 chunks
    expect(Buffer.from(chunked).equals(Buffer.from(text))).toBe(true);
  });

  it.each([
    ['uncompressed', false],
    ['deflate (Node zlib)', true],
    ["deflate (the page's codec)", DEFLATE_CODEC],
  ] as const)(
    'a %s GeoTIFF is written strip by strip with the bytes of writeGeoTiff, and reads back',
    async (_n, compress) => {
      // 300 columns of float32: 54 rows (~64 KiB) a strip, 4 strips; 20 KB chunks: each write holds one or two
      const g = patterned(300, 200);
      const path = join(dir, `g-${String(compress !== false)}-${typeof compress}.tif`);
      await writeGeoTiffFile(path, g, { compress }, 20_000);
      const bytes = new Uint8Array(readFileSync(path));
      expect(Buffer.from(bytes).equals(writeGeoTiff(g, { compress }))).toBe(true); // (toEqual is slow on 240 KB)
      const back = await readGeoTiff(bytes, path);
      expect([back.ncols, back.nrows, back.cellSize, back.xll, back.yll]).toEqual([300, 200, 5, 500000, 3270000]);
      expect(back.crs?.epsg).toBe(32650);
      expect(Number.isNaN(back.values[0])).toBe(true); // cell 0: k % 97 = 0, written as nodata -9999
      expect(Number.isNaN(back.values[97 * 300])).toBe(true);
      expect(back.values[1]).toBe(Math.fround(1 / 7.3));
      expect(back.values[1012]).toBe(Math.fround(1012 / 7.3));
      expect(back.values[59999]).toBe(Math.fround((59999 % 1013) / 7.3));
      for (let k = 0; k < g.values.length; k++)
        if (!Object.is(back.values[k], g.values[k])) throw new Error(`cell ${k}: ${back.values[k]} ≠ ${g.values[k]}`);
    },
  );

  it("a GeoTIFF layout refuses a file past classic TIFF's 4 GiB with a clear error", () => {
    const layout = geoTiffLayout(patterned(300, 200));
    expect(() => layout.header([2 ** 31, 2 ** 31, 1, 1])).toThrow(InputError);
    expect(() => layout.header([2 ** 31, 2 ** 31, 1, 1])).toThrow(/past a classic TIFF's 4 GiB/);
  });

  it('an ASCII grid read from bytes, line by line, equals the one read from its text (CRLF, BOM)', async () => {
    const text = writeAsciiGrid(patterned(30, 40));
    const variants = [text, text.replace(/\n/g, '\r\n'), `\ufeff${text}`, `${text}\n\n`];
    for (const t of variants) {
      const fromText = readAsciiGrid(t, 'g.asc');
      const fromBytes = readAsciiGrid(new TextEncoder().encode(t), 'g.asc');
      expect(fromBytes).toEqual(fromText);
      expect(await readGrid(new TextEncoder().encode(t), 'g.asc')).toEqual(fromText);
    }
    // the errors name the same line from bytes as from text
    const bad = text.replace(/\n([^\n]*)\n$/, '\n$1 7\n');
    expect(() => readAsciiGrid(new TextEncoder().encode(bad), 'bad.asc')).toThrow(
      /bad\.asc, line 46: row 40 has 31 values/,
    );
    expect(() => readAsciiGrid(bad, 'bad.asc')).toThrow(/bad\.asc, line 46: row 40 has 31 values/);
  });
});
