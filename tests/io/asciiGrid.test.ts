import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Grid } from '../../src/core/grid.ts';
import { readAsciiGrid, writeAsciiGrid } from '../../src/io/asciiGrid.ts';

const SAMPLE = [
  'ncols 4',
  'nrows 3',
  'xllcorner 500000',
  'yllcorner 3300000',
  'cellsize 2.5',
  'NODATA_value -9999',
  '1 2 3 4',
  '5.5 -9999 7 8',
  '9 10 11 1e-3',
  '',
].join('\n');

function expectInputError(f: () => unknown, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(re);
}

describe('ESRI ASCII grid', () => {
  it('reads the header and the rows, north row first, nodata as NaN', () => {
    const g = readAsciiGrid(SAMPLE, 'a.asc');
    expect([g.ncols, g.nrows, g.cellSize, g.xll, g.yll, g.nodata]).toEqual([4, 3, 2.5, 500000, 3300000, -9999]);
    expect(g.values[0]).toBe(1);
    expect(g.values[4]).toBe(5.5);
    expect(g.values[5]).toBeNaN();
    expect(g.values[11]).toBe(Math.fround(0.001));
  });

  it('xllcenter / yllcenter move the corner by half a cell; CRLF and a BOM are fine', () => {
    const text =
      '\ufeff' +
      SAMPLE.replace('xllcorner 500000', 'xllcenter 500001.25')
        .replace('yllcorner 3300000', 'yllcenter 3300001.25')
        .replace(/\n/g, '\r\n');
    const g = readAsciiGrid(text, 'c.asc');
    expect([g.xll, g.yll]).toEqual([500000, 3300000]);
    expect(g.values[3]).toBe(4);
  });

  it('round-trips read → write → read with the same values (float32 exact)', () => {
    const values = new Float32Array(6 * 5);
    for (let i = 0; i < values.length; i++) values[i] = Math.fround(Math.sin(i) * 123.456789);
    values[7] = NaN;
    const g: Grid = { ncols: 6, nrows: 5, cellSize: 0.5, xll: -12.25, yll: 7.125, values, nodata: -32768 };
    const a = readAsciiGrid(writeAsciiGrid(g), 'r.asc');
    const b = readAsciiGrid(writeAsciiGrid(a), 'r.asc');
    for (const r of [a, b]) {
      expect([r.ncols, r.nrows, r.cellSize, r.xll, r.yll, r.nodata]).toEqual([6, 5, 0.5, -12.25, 7.125, -32768]);
      for (let i = 0; i < values.length; i++) {
        if (i === 7) expect(r.values[i]).toBeNaN();
        else expect(r.values[i]).toBe(values[i]);
      }
    }
    expect(writeAsciiGrid(a)).toBe(writeAsciiGrid(b));
  });

  it('writes -9999 when the nodata marker is missing or not finite', () => {
    const g: Grid = {
      ncols: 2,
      nrows: 1,
      cellSize: 1,
      xll: 0,
      yll: 0,
      values: Float32Array.from([NaN, 1.5]),
      nodata: NaN,
    };
    expect(writeAsciiGrid(g)).toContain('NODATA_value -9999\n-9999 1.5\n');
    expect(writeAsciiGrid({ ...g, nodata: null })).toContain('-9999 1.5');
  });

  it('missing header', () => {
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('cellsize 2.5\n', ''), 'h.asc'),
      /h\.asc, field cellsize: missing header "cellsize"/,
    );
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('yllcorner 3300000\n', ''), 'h.asc'),
      /missing header "yllcorner"/,
    );
    expectInputError(() => readAsciiGrid('1 2 3\n4 5 6\n', 'h.asc'), /missing header "ncols"/);
  });

  it('wrong column count', () => {
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('5.5 -9999 7 8', '5.5 -9999 7'), 'w.asc'),
      /w\.asc, line 8: row 2 has 3 values, expected ncols = 4/,
    );
  });

  it('non-numeric cell, with line, column and cell', () => {
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('9 10 11', '9 ten 11'), 'n.asc'),
      /n\.asc, line 9, column 2, cell \(col 1, row 2\): "ten" is not a number/,
    );
    expectInputError(() => readAsciiGrid(SAMPLE.replace('9 10 11', '9 0x10 11'), 'n.asc'), /"0x10" is not a number/);
  });

  it('truncated file', () => {
    const cut = SAMPLE.split('\n').slice(0, 8).join('\n');
    expectInputError(
      () => readAsciiGrid(cut, 't.asc'),
      /t\.asc, line 8: file ends after 2 lines of data, expected nrows = 3/,
    );
    const cutMid = SAMPLE.slice(0, SAMPLE.indexOf('11'));
    expectInputError(() => readAsciiGrid(cutMid, 't.asc'), /row 3 has 2 values, expected ncols = 4/);
  });

  it('too many rows, bad header values', () => {
    expectInputError(
      () => readAsciiGrid(SAMPLE + '1 2 3 4\n', 'm.asc'),
      /m\.asc, line 10: more data rows than nrows = 3/,
    );
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('ncols 4', 'ncols 4.5'), 'b.asc'),
      /ncols must be a positive integer, got 4.5/,
    );
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('cellsize 2.5', 'cellsize -1'), 'b.asc'),
      /cellsize must be positive/,
    );
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('cellsize 2.5', 'cellsize abc'), 'b.asc'),
      /header value of cellsize is not a number/,
    );
    // a huge nrows in a small file is refused before the grid is allocated
    expectInputError(
      () => readAsciiGrid(SAMPLE.replace('nrows 3', 'nrows 3000000'), 'b.asc'),
      /expected nrows = 3000000/,
    );
  });
});
