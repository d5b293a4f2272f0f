import { describe, expect, it } from 'vitest';
import { fromArrayBuffer } from 'geotiff';
import { InputError } from '../../src/core/errors.ts';
import type { Grid } from '../../src/core/grid.ts';
import {
  canCompress,
  decodeTiffLzw,
  encodeTiff,
  readGeoTiff,
  writeGeoTiff,
  type TiffEncodeOptions,
  type TiffSampleType,
} from '../../src/io/geotiff.ts';
import { encodeTiffLzw, prng } from './helpers.ts';
import {
  LIBTIFF_F32_BIG_ENDIAN_LZW_P3,
  LIBTIFF_F32_BIGTIFF_DEFLATE,
  LIBTIFF_F32_DEFLATE_TILED,
  LIBTIFF_F32_LZW,
  LIBTIFF_F32_LZW_PREDICTOR3,
  LIBTIFF_I16_LZW_PREDICTOR2,
} from './libtiffSamples.ts';

function sampleGrid(ncols = 7, nrows = 5): Grid {
  const values = new Float32Array(ncols * nrows);
  for (let r = 0; r < nrows; r++) for (let c = 0; c < ncols; c++) values[r * ncols + c] = 250.125 + r * 1.75 - c * 0.3;
  values[3] = NaN;
  values[ncols * nrows - 1] = NaN;
  return { ncols, nrows, cellSize: 12.5, xll: 512000, yll: 3289000, values, nodata: -9999, crs: { epsg: 32648 } };
}

/** Reads one SHORT/LONG value of a tag in the first IFD of a little-endian TIFF. */
function tagValue(bytes: Uint8Array, tag: number): number | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = dv.getUint32(4, true);
  const n = dv.getUint16(ifd, true);
  for (let i = 0; i < n; i++) {
    const p = ifd + 2 + i * 12;
    if (dv.getUint16(p, true) === tag) {
      const type = dv.getUint16(p + 2, true);
      return type === 3 ? dv.getUint16(p + 8, true) : dv.getUint32(p + 8, true);
    }
  }
  return undefined;
}

function patchShortTag(bytes: Uint8Array, tag: number, value: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = dv.getUint32(4, true);
  const n = dv.getUint16(ifd, true);
  for (let i = 0; i < n; i++) {
    const p = ifd + 2 + i * 12;
    if (dv.getUint16(p, true) === tag) {
      dv.setUint16(p + 8, value, true);
      return;
    }
  }
  throw new Error(`tag ${tag} not found`);
}

async function expectInputError(p: Promise<unknown>, re: RegExp): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(InputError);
  await expect(p).rejects.toThrow(re);
}

const UTM48 = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32648];

describe('writeGeoTiff → readGeoTiff round trip', () => {
  for (const compress of [false, true]) {
    it(`keeps values, NaN cells, extent and EPSG (compress=${compress})`, async () => {
      const g = sampleGrid();
      const bytes = writeGeoTiff(g, { compress });
      expect(tagValue(bytes, 259)).toBe(compress ? 8 : 1);
      expect(tagValue(bytes, 317)).toBe(compress ? 3 : undefined); // floating-point predictor
      expect(tagValue(bytes, 339)).toBe(3); // IEEE float
      expect(tagValue(bytes, 258)).toBe(32);
      const r = await readGeoTiff(bytes, 'dem.tif');
      expect([r.ncols, r.nrows, r.cellSize, r.xll, r.yll]).toEqual([7, 5, 12.5, 512000, 3289000]);
      expect(r.crs).toEqual({ epsg: 32648 });
      expect(r.nodata).toBe(-9999);
      for (let i = 0; i < g.values.length; i++) {
        if (Number.isNaN(g.values[i])) expect(r.values[i]).toBeNaN();
        else expect(r.values[i]).toBe(g.values[i]);
      }
    });
  }

  // (libtiff's tiffcp decodes writeGeoTiff's predictor-3 deflate strips and tiles to the same bytes:
  // checked by hand with `tiffcp -c none`, libtiff 4.5)
  it('deflate makes a smooth 64×64 grid smaller and still exact', async () => {
    expect(canCompress()).toBe(true); // Node has zlib
    const g: Grid = {
      ncols: 64,
      nrows: 64,
      cellSize: 5,
      xll: 0,
      yll: 0,
      values: new Float32Array(4096),
      nodata: -9999,
      crs: { epsg: 32648 },
    };
    for (let i = 0; i < 4096; i++) g.values[i] = Math.floor(i / 64) * 0.5;
    const plain = writeGeoTiff(g);
    const packed = writeGeoTiff(g, { compress: true });
    expect(plain.length).toBeGreaterThan(4096 * 4);
    expect(packed.length).toBeLessThan(plain.length / 4);
    const r = await readGeoTiff(packed, 'smooth.tif');
    expect(Array.from(r.values)).toEqual(Array.from(g.values));
  });

  it('writes geographic CRSs as GeographicTypeGeoKey and projected ones as ProjectedCSTypeGeoKey', async () => {
    const g = sampleGrid();
    g.crs = { epsg: 4326 };
    g.cellSize = 0.001;
    g.xll = 106.5;
    g.yll = 29.5;
    const bytes = writeGeoTiff(g);
    const img = await (await fromArrayBuffer(bytes.slice().buffer)).getImage();
    const keys = img.getGeoKeys()!;
    expect(keys.GeographicTypeGeoKey).toBe(4326);
    expect(keys.GTModelTypeGeoKey).toBe(2);
    expect(keys.ProjectedCSTypeGeoKey).toBeUndefined();
    const r = await readGeoTiff(bytes, 'geo.tif');
    expect(r.crs).toEqual({ epsg: 4326 });
    expect(r.xll).toBeCloseTo(106.5, 12);
    expect(r.yll).toBeCloseTo(29.5, 12);

    g.crs = { epsg: 4547 }; // CGCS2000 3° GK CM 114E (projected although in the 4xxx range)
    const k2 = (await (await fromArrayBuffer(writeGeoTiff(g).slice().buffer)).getImage()).getGeoKeys()!;
    expect(k2.ProjectedCSTypeGeoKey).toBe(4547);
    expect(k2.GTModelTypeGeoKey).toBe(1);
  });

  it('keeps a proj4-only CRS through GTCitationGeoKey', async () => {
    const g = sampleGrid();
    g.crs = { proj4: '+proj=tmerc +lat_0=0 +lon_0=106.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs' };
    const r = await readGeoTiff(writeGeoTiff(g, { compress: true }), 'local.tif');
    expect(r.crs).toEqual(g.crs);
  });

  it('writes a grid without a nodata marker with -9999 for its NaN cells', async () => {
    const g = sampleGrid();
    g.nodata = null;
    const r = await readGeoTiff(writeGeoTiff(g), 'x.tif');
    expect(r.nodata).toBe(-9999);
    expect(r.values[3]).toBeNaN();
    expect(r.values[0]).toBe(250.125);
  });
});

describe('readGeoTiff on sample types, layouts and compressions', () => {
  const W = 37; // not a multiple of the 16-pixel tile: exercises partial edge tiles
  const H = 21;
  const kinds: { type: TiffSampleType; nodata: number; value: (i: number) => number }[] = [
    { type: 'float32', nodata: -3.4e38, value: (i) => Math.fround(i * 0.37 - 50) },
    { type: 'float64', nodata: -9999, value: (i) => i * 0.123456789012 - 40 },
    { type: 'int16', nodata: -32768, value: (i) => ((i * 97) % 20001) - 10000 },
    { type: 'uint16', nodata: 65535, value: (i) => (i * 131) % 60000 },
    { type: 'int32', nodata: -2147483648, value: (i) => i * 100003 - 5e7 },
  ];
  const lzw = { code: 5, encode: encodeTiffLzw };
  const layouts: { name: string; opts: TiffEncodeOptions }[] = [
    { name: 'strips, none', opts: { rowsPerStrip: 4 } },
    { name: 'strips, deflate', opts: { rowsPerStrip: 4, compression: 'deflate' } },
    { name: 'strips, LZW', opts: { rowsPerStrip: 6, compression: lzw } },
    { name: 'tiles, none', opts: { tileSize: 16 } },
    { name: 'tiles, deflate', opts: { tileSize: 16, compression: 'deflate' } },
    { name: 'tiles, LZW', opts: { tileSize: 16, compression: lzw } },
    // (ignored for integer samples)
    { name: 'strips, deflate + float predictor', opts: { rowsPerStrip: 5, compression: 'deflate', predictor: 3 } },
    { name: 'tiles, LZW + float predictor', opts: { tileSize: 16, compression: lzw, predictor: 3 } },
  ];
  for (const k of kinds) {
    for (const l of layouts) {
      it(`${k.type}, ${l.name}`, async () => {
        const v = new Float64Array(W * H);
        for (let i = 0; i < v.length; i++) v[i] = k.value(i);
        v[W + 2] = k.nodata; // one missing cell
        const bytes = encodeTiff(v, W, H, {
          ...l.opts,
          sampleType: k.type,
          pixelScale: [30, 30, 0],
          tiepoint: [0, 0, 0, 400000, 3400000, 0],
          geoKeys: UTM48,
          gdalNoData: String(k.nodata),
        });
        const g = await readGeoTiff(bytes, 'k.tif');
        expect([g.ncols, g.nrows, g.cellSize, g.xll, g.yll]).toEqual([W, H, 30, 400000, 3400000 - 30 * H]);
        expect(g.crs).toEqual({ epsg: 32648 });
        for (let i = 0; i < v.length; i++) {
          if (i === W + 2) expect(g.values[i]).toBeNaN();
          else expect(g.values[i]).toBe(Math.fround(v[i]));
        }
      });
    }
  }
});

describe('pixels written by libtiff (independent encoder)', () => {
  const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));
  const f32 = (r: number, c: number) => (r === 0 && c === 5 ? -9999 : 100 + 0.25 * r + 1.5 * (c % 7));

  it('LZW with the horizontal predictor (int16)', async () => {
    const img = await (await fromArrayBuffer(b64(LIBTIFF_I16_LZW_PREDICTOR2).buffer)).getImage();
    expect(img.getFileDirectory().getValue('Compression')).toBe(5);
    const px = (await img.readRasters({ interleave: true })) as unknown as Int16Array;
    for (let i = 0; i < 240; i++) expect(px[i]).toBe(((37 * i) % 500) - 250);
  });

  it('LZW with the floating-point predictor (float32)', async () => {
    const img = await (await fromArrayBuffer(b64(LIBTIFF_F32_LZW_PREDICTOR3).buffer)).getImage();
    const px = (await img.readRasters({ interleave: true })) as unknown as Float32Array;
    for (let r = 0; r < 12; r++) for (let c = 0; c < 20; c++) expect(px[r * 20 + c]).toBe(Math.fround(f32(r, c)));
  });

  it('deflate in 16×16 tiles (float32)', async () => {
    const img = await (await fromArrayBuffer(b64(LIBTIFF_F32_DEFLATE_TILED).buffer)).getImage();
    expect(img.isTiled).toBe(true);
    const px = (await img.readRasters({ interleave: true })) as unknown as Float32Array;
    for (let r = 0; r < 12; r++) for (let c = 0; c < 20; c++) expect(px[r * 20 + c]).toBe(Math.fround(f32(r, c)));
  });

  for (const [name, b64s] of [
    ['big-endian ("MM")', LIBTIFF_F32_BIG_ENDIAN_LZW_P3],
    ['BigTIFF', LIBTIFF_F32_BIGTIFF_DEFLATE],
  ] as const) {
    it(`${name}: pixels decode, and readGeoTiff's directory check lets it through`, async () => {
      const bytes = b64(b64s);
      const img = await (await fromArrayBuffer(bytes.slice().buffer)).getImage();
      const px = (await img.readRasters({ interleave: true })) as unknown as Float32Array;
      for (let r = 0; r < 12; r++) for (let c = 0; c < 20; c++) expect(px[r * 20 + c]).toBe(Math.fround(f32(r, c)));
      // it fails only later, for want of georeferencing (libtiff dropped the GeoTIFF tags)
      await expectInputError(readGeoTiff(bytes, 'be.tif'), /be\.tif, field ModelTiepoint: no georeferencing/);
    });
  }

  it('readGeoTiff says a TIFF without georeferencing has none', async () => {
    await expectInputError(
      readGeoTiff(b64(LIBTIFF_F32_DEFLATE_TILED), 'plain.tif'),
      /plain\.tif, field ModelTiepoint: no georeferencing/,
    );
  });
});

describe('TIFF LZW codec', () => {
  it('round-trips 60 000 bytes through table growth to 12 bits and clear codes', () => {
    const rnd = prng(7);
    const data = new Uint8Array(60000);
    for (let i = 0; i < data.length; i++) data[i] = rnd() < 0.9 ? Math.floor(rnd() * 6) : Math.floor(rnd() * 256);
    const enc = encodeTiffLzw(data);
    // more than 4094 codes were written, so the encoder had to emit clear codes mid-stream
    expect(enc.length * 8).toBeGreaterThan(4094 * 12);
    expect(Array.from(decodeTiffLzw(enc, data.length))).toEqual(Array.from(data));
  });

  it('decodes the TIFF 6.0 example by hand: Clear 7 7 258 8 8 258 6 6 EOI', () => {
    // codes in 9 bits, MSB first; 258 = "7 7"
    const codes = [256, 7, 7, 258, 8, 8, 258, 6, 6, 257];
    let bits = '';
    for (const c of codes) bits += c.toString(2).padStart(9, '0');
    bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
    const bytes = new Uint8Array(bits.length / 8);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
    expect(Array.from(decodeTiffLzw(bytes, 100))).toEqual([7, 7, 7, 7, 8, 8, 7, 7, 6, 6]);
  });

  it('the test encoder writes the same bytes as libtiff for each strip', async () => {
    const file = Uint8Array.from(Buffer.from(LIBTIFF_F32_LZW, 'base64'));
    const img = await (await fromArrayBuffer(file.buffer)).getImage();
    const fd = img.getFileDirectory();
    const offs = Array.from((await fd.loadValue('StripOffsets')) as ArrayLike<number>);
    const counts = Array.from((await fd.loadValue('StripByteCounts')) as ArrayLike<number>);
    expect(offs.length).toBe(3); // 12 rows, 5 a strip
    for (let s = 0; s < 3; s++) {
      const rows = Math.min(5, 12 - 5 * s);
      const raw = new Uint8Array(rows * 20 * 4);
      const dv = new DataView(raw.buffer);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < 20; c++) {
          const row = 5 * s + r;
          dv.setFloat32((r * 20 + c) * 4, row === 0 && c === 5 ? -9999 : 100 + 0.25 * row + 1.5 * (c % 7), true);
        }
      }
      expect(Array.from(encodeTiffLzw(raw))).toEqual(Array.from(file.subarray(offs[s], offs[s] + counts[s])));
      expect(Array.from(decodeTiffLzw(file.subarray(offs[s], offs[s] + counts[s]), raw.length))).toEqual(
        Array.from(raw),
      );
    }
  });

  it('rejects a code beyond the table and output beyond the block', () => {
    const pack = (codes: number[]) => {
      let bits = codes.map((c) => c.toString(2).padStart(9, '0')).join('');
      bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
      return Uint8Array.from({ length: bits.length / 8 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
    };
    expect(() => decodeTiffLzw(pack([256, 300]), 100)).toThrow(/LZW code 300 right after a clear code/);
    // after "7" the next free code is 258; 259 cannot appear yet
    expect(() => decodeTiffLzw(pack([256, 7, 259, 257]), 100)).toThrow(
      /LZW code 259 is not yet in the table \(next 258\)/,
    );
    const enc = encodeTiffLzw(new Uint8Array(50).fill(3));
    expect(() => decodeTiffLzw(enc, 20)).toThrow(/more than the 20 bytes/);
  });
});

describe('georeferencing', () => {
  const v = Float32Array.from({ length: 12 }, (_, i) => i);
  it('PixelIsPoint tiepoints name the centre of the first pixel', async () => {
    const keys = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 2, 3072, 0, 1, 32648];
    const g = await readGeoTiff(
      encodeTiff(v, 4, 3, { pixelScale: [10, 10, 0], tiepoint: [0, 0, 0, 1005, 2025, 0], geoKeys: keys }),
      'p.tif',
    );
    expect([g.xll, g.yll, g.cellSize]).toEqual([1000, 2000, 10]);
  });
  it('a tiepoint at pixel (2, 1) places the grid from that pixel', async () => {
    const g = await readGeoTiff(
      encodeTiff(v, 4, 3, { pixelScale: [10, 10, 0], tiepoint: [2, 1, 0, 1020, 2020, 0], geoKeys: UTM48 }),
      'p.tif',
    );
    expect([g.xll, g.yll]).toEqual([1000, 2000]);
  });
  it('reads a north-up ModelTransformation', async () => {
    const t = [10, 0, 0, 1000, 0, -10, 0, 2030, 0, 0, 0, 0, 0, 0, 0, 1];
    const g = await readGeoTiff(encodeTiff(v, 4, 3, { transformation: t, geoKeys: UTM48 }), 'p.tif');
    expect([g.xll, g.yll, g.cellSize]).toEqual([1000, 2000, 10]);
    expect(Array.from(g.values)).toEqual(Array.from(v));
  });
  it('rejects a rotated ModelTransformation', async () => {
    const t = [10, 2, 0, 1000, 2, -10, 0, 2030, 0, 0, 0, 0, 0, 0, 0, 1];
    await expectInputError(
      readGeoTiff(encodeTiff(v, 4, 3, { transformation: t, geoKeys: UTM48 }), 'rot.tif'),
      /rot\.tif.*rotated or skewed/,
    );
  });
  it('rejects non-square cells', async () => {
    await expectInputError(
      readGeoTiff(
        encodeTiff(v, 4, 3, { pixelScale: [10, 5, 0], tiepoint: [0, 0, 0, 0, 0, 0], geoKeys: UTM48 }),
        'ns.tif',
      ),
      /ns\.tif.*non-square cells \(10 × 5\)/,
    );
  });
});

describe('bad GeoTIFF input', () => {
  it('a truncated file', async () => {
    const bytes = writeGeoTiff(sampleGrid(40, 30));
    await expectInputError(readGeoTiff(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.tif'), /cut\.tif/);
    await expectInputError(readGeoTiff(bytes.subarray(0, 5), 'cut.tif'), /cut\.tif: file is 5 bytes long/);
  });
  it('not a TIFF', async () => {
    await expectInputError(
      readGeoTiff(new TextEncoder().encode('ncols 3\nnrows 2\n'), 'a.tif'),
      /a\.tif: not a TIFF file/,
    );
  });
  it('an unsupported sample type', async () => {
    const bytes = writeGeoTiff(sampleGrid());
    patchShortTag(bytes, 339, 5); // complex integer
    await expectInputError(readGeoTiff(bytes, 'c.tif'), /c\.tif, field SampleFormat: unsupported sample type/);
  });
  it('a tag whose values run past the end of the file', async () => {
    const bytes = writeGeoTiff(sampleGrid());
    const dv = new DataView(bytes.buffer);
    const n = dv.getUint16(8, true);
    for (let i = 0; i < n; i++) {
      const p = 10 + i * 12;
      if (dv.getUint16(p, true) === 33922) dv.setUint32(p + 4, 0x7fffffff, true); // ModelTiepoint count
    }
    await expectInputError(
      readGeoTiff(bytes, 't.tif'),
      /t\.tif: damaged TIFF: tag 33922: 2147483647 values at offset \d+ run past the end/,
    );
  });
  it('a size field claiming more pixels than the file holds', async () => {
    const bytes = writeGeoTiff(sampleGrid());
    patchShortTag(bytes, 256, 60000); // ImageWidth is a LONG; its low 16 bits now say 60000
    await expectInputError(readGeoTiff(bytes, 'w.tif'), /w\.tif/);
  });
});
