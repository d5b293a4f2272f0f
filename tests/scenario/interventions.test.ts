import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import { applyInterventions } from '../../src/interventions/applyInterventions.ts';
import { polygonCells, polylineCellLengths, polylineCells, segmentCells } from '../../src/interventions/rasterise.ts';
import { interventionsSchema } from '../../src/core/scenario/edits.ts';

/** True when every cell of the set is reachable from every other through 4-neighbours in the set. */
function fourConnected(cells: Iterable<number>, ncols: number): boolean {
  const set = new Set(cells);
  if (set.size === 0) return true;
  const start = set.values().next().value as number;
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    const c = stack.pop()!;
    const r = Math.floor(c / ncols);
    const col = c % ncols;
    for (const [dc, dr] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const cc = col + dc;
      if (cc < 0 || cc >= ncols) continue;
      const n = (r + dr) * ncols + cc;
      if (set.has(n) && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen.size === set.size;
}

describe('supercover rasterisation', () => {
  const g = makeGrid(10, 10, 1, 0, 0);
  it('an exact diagonal adds both side cells at every corner (no diagonal gap)', () => {
    const cells = polylineCells(g, [
      [0, 0],
      [3, 3],
    ]);
    // (col,row): rows count from the north (row 9 is the south row)
    const set = new Set(Array.from(cells));
    for (const [c, r] of [
      [0, 9],
      [1, 8],
      [2, 7],
      [1, 9],
      [0, 8],
      [2, 8],
      [1, 7],
    ])
      expect(set.has(r * 10 + c)).toBe(true);
    expect(fourConnected(set, 10)).toBe(true);
  });
  it('random segments: 4-connected, both end cells included, lengths sum to the segment length', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        (x0, y0, x1, y1) => {
          const cells: number[] = [];
          const lengths: number[] = [];
          segmentCells(g, x0, y0, x1, y1, cells, lengths);
          const cellOf = (x: number, y: number) => (9 - Math.floor(y)) * 10 + Math.floor(x);
          expect(cells).toContain(cellOf(x0, y0));
          expect(cells).toContain(cellOf(x1, y1));
          expect(fourConnected(cells, 10)).toBe(true);
          expect(lengths.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.hypot(x1 - x0, y1 - y0), 9);
          for (const l of lengths) expect(l).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
  it('per-cell lengths of a hand case: (0.5,0.5)→(2.5,1.5) in 1 m cells', () => {
    const { cells, lengths } = polylineCellLengths(g, [
      [0.5, 0.5],
      [2.5, 1.5],
    ]);
    // crosses x = 1 at y = 0.75, y = 1 at x = 1.5, x = 2 at y = 1.25; total √5
    const L = Math.sqrt(5);
    expect(cells).toEqual([90, 91, 81, 82]);
    expect(lengths[0]).toBeCloseTo(L * 0.25, 12);
    expect(lengths[1]).toBeCloseTo(L * 0.25, 12);
    expect(lengths[2]).toBeCloseTo(L * 0.25, 12);
    expect(lengths[3]).toBeCloseTo(L * 0.25, 12);
  });
  it('segments outside the grid are clipped; polygons take the cells whose centres are inside', () => {
    expect(
      polylineCells(g, [
        [-50, 5.5],
        [50, 5.5],
      ]).length,
    ).toBe(10);
    expect(
      polylineCells(g, [
        [-50, -5],
        [-40, -5],
      ]).length,
    ).toBe(0);
    // square 1.2..3.8 holds centres 1.5, 2.5, 3.5 in x and y → 9 cells
    const sq = polygonCells(g, [
      [
        [1.2, 1.2],
        [3.8, 1.2],
        [3.8, 3.8],
        [1.2, 3.8],
      ],
    ]);
    expect(sq.length).toBe(9);
    // with a hole around centre (2.5, 2.5)
    const holed = polygonCells(g, [
      [
        [1.2, 1.2],
        [3.8, 1.2],
        [3.8, 3.8],
        [1.2, 3.8],
      ],
      [
        [2.2, 2.2],
        [2.8, 2.2],
        [2.8, 2.8],
        [2.2, 2.8],
      ],
    ]);
    expect(holed.length).toBe(8);
    expect(Array.from(holed)).not.toContain(7 * 10 + 2);
    // a sliver holding no centre still takes the cell under it
    expect(
      Array.from(
        polygonCells(g, [
          [
            [4.1, 4.1],
            [4.3, 4.1],
            [4.2, 4.3],
          ],
        ]),
      ),
    ).toEqual([5 * 10 + 4]);
  });
});

describe('applyInterventions', () => {
  const g = makeGrid(10, 10, 2, 100, 200); // 2 m cells
  const base = () => {
    const z = new Float32Array(100).fill(1);
    z[0] = NaN; // a wall cell
    return { z, manning: 0.03 };
  };
  it('levee raises crossed cells to max(z, crest) and blocks a diagonal', () => {
    const b = base();
    b.z[55] = 4; // higher than the crest already
    const ivs = interventionsSchema.parse([
      {
        kind: 'floodWall',
        line: [
          [100, 200],
          [120, 220],
        ],
        crestM: 3,
      },
    ]);
    const out = applyInterventions(b, ivs, g);
    const raised = [];
    for (let i = 0; i < 100; i++) if (out.z[i] !== b.z[i] && !Number.isNaN(b.z[i])) raised.push(i);
    for (const i of raised) expect(out.z[i]).toBe(3);
    expect(out.z[55]).toBe(4);
    expect(Number.isNaN(out.z[0])).toBe(true);
    expect(fourConnected([...raised, 55], 10)).toBe(true);
    expect(b.z[90]).toBe(1); // base untouched
    expect(out.summary[0].volumeChangeM3).toBeCloseTo(raised.length * 2 * 4, 6);
  });
  it('detention storage lowers its cells to hold exactly volumeM3; raised ground adds heightM', () => {
    const b = base();
    const poly = [
      [102, 202],
      [110, 202],
      [110, 210],
      [102, 210],
    ]; // 4×4 cells of 4 m²
    const ivs = interventionsSchema.parse([
      { kind: 'detention', polygon: poly, volumeM3: 96 },
      {
        kind: 'raisedGround',
        polygon: [
          [112, 212],
          [116, 212],
          [116, 216],
          [112, 216],
        ],
        heightM: 0.5,
      },
    ]);
    const out = applyInterventions(b, ivs, g);
    let removed = 0;
    let added = 0;
    for (let i = 0; i < 100; i++) {
      if (Number.isNaN(b.z[i])) continue;
      const d = out.z[i] - b.z[i];
      if (d < 0) removed -= d * 4;
      else added += d * 4;
    }
    expect(removed).toBeCloseTo(96, 4); // 16 cells lowered by 96/(16·4) = 1.5 m
    expect(out.z[9 * 10 - 10 + 1]).toBeCloseTo(-0.5, 6); // row 8, col 1 is inside the basin
    expect(added).toBeCloseTo(4 * 4 * 0.5, 6);
    expect(out.summary.map((s) => s.cells)).toEqual([16, 4]);
  });
  it('permeable areas fill the infiltration grids; pumps and pipes become overrides; barriers bed changes', () => {
    const b = base();
    const ivs = interventionsSchema.parse([
      {
        kind: 'spongeArea',
        polygon: [
          [100, 200],
          [104, 200],
          [104, 204],
          [100, 204],
        ],
        infiltrationMmPerHour: 30,
        storageDepthMm: 80,
      },
      { kind: 'pump', pumpId: 'P1', capacityM3s: 2 },
      { kind: 'pump', pumpId: 'P1', capacityM3s: 3.5 },
      { kind: 'pipeUpsize', conduitId: 'C7', diameterM: 1.2 },
      {
        kind: 'barrier',
        line: [
          [100, 219],
          [120, 219],
        ],
        crestM: 2.5,
        deployAtS: 1800,
        deployDurationS: 900,
      },
    ]);
    const out = applyInterventions(b, ivs, g);
    const inside = [90, 91, 80, 81];
    for (const c of inside) {
      expect(out.infiltration!.rateMmPerHour[c]).toBe(30);
      expect(out.infiltration!.capacityM[c]).toBeCloseTo(0.08, 7);
    }
    expect(out.infiltration!.rateMmPerHour[92]).toBe(0);
    expect(out.pumpOverrides).toEqual([{ id: 'P1', capacityM3s: 3.5 }]);
    expect(out.pipeOverrides).toEqual([{ id: 'C7', diameterM: 1.2 }]);
    expect(out.bedChanges).toHaveLength(1);
    const bc = out.bedChanges[0];
    expect(Array.from(bc.cells)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]); // row 0 without the wall cell 0
    expect(bc.startS).toBe(1800);
    expect(bc.endS).toBe(2700);
    expect(Array.from(bc.finalZ).every((v) => v === 2.5)).toBe(true);
    for (let i = 0; i < 100; i++) if (!Number.isNaN(b.z[i])) expect(out.z[i]).toBe(b.z[i]); // nothing static
  });
});
