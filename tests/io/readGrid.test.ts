import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Grid } from '../../src/core/grid.ts';
import { detectGridFormat, readGrid, writeGridFile } from '../../src/io/readGrid.ts';

function grid(): Grid {
  const values = Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 1);
  values[2] = NaN;
  return { ncols: 4, nrows: 3, cellSize: 10, xll: 600000, yll: 3200000, values, nodata: -9999, crs: { epsg: 32648 } };
}

describe('readGrid / writeGridFile', () => {
  for (const name of ['dem.tif', 'dem.TIFF', 'dem.asc']) {
    it(`round-trips ${name}`, async () => {
      const g = grid();
      const bytes = writeGridFile(g, name);
      const r = await readGrid(bytes, name);
      expect([r.ncols, r.nrows, r.cellSize, r.xll, r.yll]).toEqual([4, 3, 10, 600000, 3200000]);
      expect(r.values[2]).toBeNaN();
      for (const i of [0, 1, 3, 11]) expect(r.values[i]).toBe(g.values[i]);
      if (name.endsWith('asc')) expect(r.crs).toBeUndefined();
      else expect(r.crs).toEqual({ epsg: 32648 });
    });
  }

  it('goes by the magic bytes, not the name', async () => {
    const tif = writeGridFile(grid(), 'x.tif');
    expect(detectGridFormat(tif, 'misnamed.asc')).toBe('geotiff');
    const r = await readGrid(tif, 'misnamed.asc');
    expect(r.values[11]).toBe(4.5);
    expect(detectGridFormat(new TextEncoder().encode('ncols 1'), 'grid.txt')).toBe('ascii');
  });

  it('refuses binary junk and unknown output extensions', async () => {
    await expect(readGrid(Uint8Array.from([1, 2, 0, 4, 5]), 'junk.bin')).rejects.toThrow(/junk\.bin: not a grid file/);
    expect(() => writeGridFile(grid(), 'out.png')).toThrow(InputError);
    expect(() => writeGridFile(grid(), 'out.png')).toThrow(/out\.png: cannot tell the grid format/);
  });
});
