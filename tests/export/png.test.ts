/**
 * The project's own deflate and PNG encoder: every stream inflates back (Node's zlib) to the input,
 * the PNG decodes (pngjs) to the pixels given, and the output is a function of the input only.
 */
import { inflateSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { adler32, deflateRaw, zlibDeflate } from '../../src/export/deflate.ts';
import { base64, crc32, encodePng, pngDataUrl } from '../../src/export/png.ts';
import { mulberry32 } from '../../src/core/random.ts';

describe('deflate', () => {
  it('Adler-32 and CRC-32 of "Wikipedia" / "123456789" are the published check values', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips through zlib inflate: empty, one byte, runs, text, random and long repeats', () => {
    const rnd = mulberry32(7);
    const random = Uint8Array.from({ length: 70_000 }, () => Math.floor(rnd() * 256));
    const runs = new Uint8Array(100_000).fill(42);
    const periodic = Uint8Array.from({ length: 90_000 }, (_, i) => (i % 4 === 3 ? 255 : (i >> 11) & 0xff));
    const far = new Uint8Array(80_000);
    for (let i = 0; i < far.length; i++) far[i] = i < 32768 ? Math.floor(rnd() * 256) : far[i - 32768]; // distance exactly 32768
    const text = new TextEncoder().encode('the quick brown fox jumps over the lazy dog; '.repeat(500));
    for (const data of [new Uint8Array(0), new Uint8Array([7]), runs, periodic, far, random, text]) {
      const z = zlibDeflate(data);
      expect(Buffer.from(inflateSync(z)).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(inflateRawSync(deflateRaw(data))).equals(Buffer.from(data))).toBe(true);
    }
    // runs and repeats compress: 100 000 equal bytes take under 1 % of their size
    expect(zlibDeflate(runs).length).toBeLessThan(1000);
    expect(zlibDeflate(far).length).toBeLessThan(32768 * 1.15 + 2000);
  });

  it('any bytes round-trip (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 40 }), (bytes, rep) => {
        const data = new Uint8Array(bytes.length * rep);
        for (let r = 0; r < rep; r++) data.set(bytes, r * bytes.length);
        return Buffer.from(inflateSync(zlibDeflate(data))).equals(Buffer.from(data));
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});

describe('PNG', () => {
  it('decodes (pngjs) to the pixels given, and the same pixels give the same bytes', () => {
    const w = 37,
      h = 23;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      rgba[i * 4] = (i * 7) & 255;
      rgba[i * 4 + 1] = (i >> 3) & 255;
      rgba[i * 4 + 2] = 200;
      rgba[i * 4 + 3] = i % 5 === 0 ? 0 : 255;
    }
    const png = encodePng(w, h, rgba);
    const back = PNG.sync.read(Buffer.from(png));
    expect([back.width, back.height]).toEqual([w, h]);
    expect(Buffer.from(back.data).equals(Buffer.from(rgba))).toBe(true);
    expect(Buffer.from(encodePng(w, h, rgba.slice())).equals(Buffer.from(png))).toBe(true);
  });

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive/);
  });

  it("base64 equals Node's for every tail length; the data URL carries it", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 3071, 3072, 3073, 10_000]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 17) & 255);
      expect(base64(b)).toBe(Buffer.from(b).toString('base64'));
    }
    expect(pngDataUrl(new Uint8Array([1, 2, 3]))).toBe('data:image/png;base64,AQID');
  });
});
