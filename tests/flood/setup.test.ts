/** Building a run from a scenario: inflow lines, grids, and the checks on coordinates. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { makeGrid } from '../../src/core/grid.ts';
import { lineCells } from '../../workers/flood/lineCells.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { demFrom, setupFor } from './helpers.ts';

describe('line inflows', () => {
  const g = makeGrid(50, 100, 10); // x 0…500, y 0…1000, row 0 at the north
  it('a line on the west edge from y = 490 to 510 splits evenly over the two cells it touches', () => {
    const { cells, weights } = lineCells(
      g,
      [
        [0, 490],
        [0, 510],
      ],
      g.values,
    );
    // y 500…510 is row 49, y 490…500 is row 50, both in column 0
    expect(Array.from(cells)).toEqual([49 * 50, 50 * 50]);
    expect(Array.from(weights)).toEqual([0.5, 0.5]);
  });

  it('a diagonal line shares its length among the cells it crosses', () => {
    const { cells, weights } = lineCells(
      g,
      [
        [5, 995],
        [35, 965],
      ],
      g.values,
    );
    // centre of cell (col 0, row 0) to centre of (3, 3) through the shared corners: half a diagonal
    // in the two end cells, a whole one in the two between
    expect(Array.from(cells)).toEqual([0, 51, 102, 153]);
    const expected = [1 / 6, 1 / 3, 1 / 3, 1 / 6];
    weights.forEach((w, i) => {
      expect(w).toBeCloseTo(expected[i], 6);
    });
  });

  it('skips wall cells and renormalises', () => {
    const z = new Float32Array(g.values);
    z[49 * 50] = NaN;
    const { cells, weights } = lineCells(
      g,
      [
        [0, 490],
        [0, 510],
      ],
      z,
    );
    expect(Array.from(cells)).toEqual([50 * 50]);
    expect(Array.from(weights)).toEqual([1]);
  });

  it('puts the whole hydrograph volume into the grid', () => {
    const dem = demFrom(20, 20, 10, () => 0);
    const s = setupFor(dem, {
      durationS: 600,
      inflows: [
        {
          id: 'river',
          line: [
            [0, 50],
            [0, 150],
          ],
          hydrograph: [
            [0, 0],
            [300, 4],
            [600, 4],
          ],
        },
      ],
      outputs: { intervalS: 60 },
    });
    expect(s.inflows[0].cells.length).toBe(10);
    const r = runFloodInProcess(s);
    expect(r.summary.massBalance.inflowM3).toBeCloseTo(0.5 * 4 * 300 + 4 * 300, 3);
    expect(r.summary.massBalance.storedM3).toBeCloseTo(1800, 3);
  });
});

describe('scenario grids and coordinates', () => {
  const dem = demFrom(10, 8, 5, () => 1);
  it('uses a Manning grid cell by cell and rejects one of another shape', () => {
    const n = demFrom(10, 8, 5, (c) => (c < 5 ? 0.02 : 0.08));
    const s = setupFor(dem, { manning: 'n.asc', durationS: 10 }, { manning: n });
    expect(s.manning[0]).toBeCloseTo(0.02, 6);
    expect(s.manning[9]).toBeCloseTo(0.08, 6);
    const wrong = demFrom(9, 8, 5, () => 0.03);
    expect(() => setupFor(dem, { manning: 'n.asc', durationS: 10 }, { manning: wrong })).toThrowError(
      /at manning: grid "n\.asc" \(9×8 at 5\) does not match the DEM \(10×8 at 5, same corner\)/,
    );
  });

  it('turns an initial water level into depths and leaves higher ground dry', () => {
    const slope = demFrom(10, 8, 5, (c) => c);
    const s = setupFor(slope, { durationS: 10, initialWaterLevel: 3.5 });
    expect(Array.from(s.initialDepth!.slice(0, 5))).toEqual([3.5, 2.5, 1.5, 0.5, 0]);
  });

  it('rejects an inflow point outside the DEM with its JSON path', () => {
    let err: unknown;
    try {
      setupFor(dem, {
        durationS: 10,
        inflows: [
          { id: 'a', point: [2, 2] },
          { id: 'b', point: [60, 2], hydrograph: [[0, 1]] },
        ].map((x) => ({ hydrograph: [[0, 1]], ...x })),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where.path).toBe('inflows[1].point');
    expect((err as Error).message).toMatch(/point \(60, 2\) is outside the DEM \(x 0…50, y 0…40\)/);
  });

  it('reads a point exactly on a cell edge from the cell to its east and north', () => {
    const s = setupFor(dem, { durationS: 10, outputs: { points: [{ id: 'edge', x: 5, y: 35 }] } });
    // x = 5 is the edge between columns 0 and 1 → column 1; y = 35 between rows 0 and 1 → row 0
    expect(s.outputs.pointCells[0]).toBe(0 * 10 + 1);
  });
});

describe('pow73 table', () => {
  it('is built from IEEE arithmetic alone and agrees with the cube root to 1 ulp', async () => {
    const { buildPow73Table, pow73 } = await import('../../workers/flood/pow73.ts');
    const t = buildPow73Table();
    // the same bits on every call (no library function whose last bit varies between engines)
    expect(Buffer.from(buildPow73Table().buffer).equals(Buffer.from(t.buffer))).toBe(true);
    for (let i = 0; i < t.length; i += 97) {
      const e = (i >> 8) - 16;
      const x = 2 ** e * (1 + ((i & 255) + 0.5) / 256);
      expect(Math.abs(t[i] * Math.cbrt(x) - 1)).toBeLessThan(4e-16);
    }
    for (const h of [0.0011, 0.37, 1, 2.5, 14.2, 600])
      expect(Math.abs(pow73(h) / Math.pow(h, 7 / 3) - 1)).toBeLessThan(2e-6);
  });
});
