/**
 * The spatially varying rain field (workers/flood/rainField.ts): Thiessen stations worked out by
 * hand on a 3-station case, the water each cell gets in a real run, the exact ledger, and the same
 * bits from the JS and the wasm kernels.
 */
import { describe, expect, it } from 'vitest';
import { thiessenStations } from '../../workers/flood/rainField.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';
import { demFrom, setupFor } from '../flood/helpers.ts';

describe('Thiessen stations', () => {
  it('gives each cell centre its nearest of 3 stations, as worked out by hand', () => {
    // 4 x 3 cells of 10 m, xll 0, yll 0: centres x = 5, 15, 25, 35; rows north to south y = 25, 15, 5
    // A (0, 30) north-west, B (40, 30) north-east, C (20, 0) south middle
    const g = { ncols: 4, nrows: 3, cellSize: 10, xll: 0, yll: 0 };
    const st = thiessenStations(g, [0, 30, 40, 30, 20, 0]);
    // row 0 (y 25): (5,25) A d²=50, C 850 -> A; (15,25) A 250, B 650, C 650 -> A; (25,25) -> B; (35,25) -> B
    // row 1 (y 15): (5,15) A 250, C 450 -> A; (15,15) A 450, B 850, C 250 -> C; (25,15) -> C; (35,15) B 250, C 450 -> B
    // row 2 (y 5): (5,5) A 650, C 250 -> C; (15,5) -> C; (25,5) -> C; (35,5) B 650, C 250 -> C
    expect(Array.from(st)).toEqual([0, 0, 1, 1, 0, 2, 2, 1, 2, 2, 2, 2]);
  });

  it('breaks an exact tie towards the lower station index, whatever the order found', () => {
    const g = { ncols: 1, nrows: 1, cellSize: 10, xll: 0, yll: 0 };
    expect(thiessenStations(g, [15, 5, -5, 5])[0]).toBe(0);
    expect(thiessenStations(g, [-5, 5, 15, 5])[0]).toBe(0);
  });

  it('matches a brute-force search for 300 scattered stations, some outside the grid', () => {
    const g = { ncols: 60, nrows: 40, cellSize: 7, xll: 1000, yll: 2000 };
    let s = 12345;
    const rnd = (): number => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const xy: number[] = [];
    for (let i = 0; i < 300; i++) xy.push(1000 - 50 + rnd() * 520, 2000 - 50 + rnd() * 380);
    const st = thiessenStations(g, xy);
    for (let r = 0; r < g.nrows; r++) {
      for (let c = 0; c < g.ncols; c++) {
        const x = g.xll + (c + 0.5) * g.cellSize;
        const y = g.yll + (g.nrows - r - 0.5) * g.cellSize;
        let best = -1;
        let bd = Infinity;
        for (let i = 0; i < 300; i++) {
          const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
          if (d < bd) [bd, best] = [d, i];
        }
        expect(st[r * g.ncols + c]).toBe(best);
      }
    }
  });

  it('refuses no stations', () => {
    expect(() => thiessenStations({ ncols: 1, nrows: 1, cellSize: 1, xll: 0, yll: 0 }, [])).toThrow(
      /1 to 65535 stations/,
    );
  });
});

describe('rain field in a flood run', () => {
  // a flat closed box, 12 x 8 cells of 5 m: west half under station 0 (36 mm/h), east half under station 1 (none)
  const dem = demFrom(12, 8, 5, () => 10);
  const setup = () => {
    const s = setupFor(dem, { durationS: 600, edges: {}, outputs: { intervalS: 300 } });
    const st = thiessenStations(s, [0, 20, 60, 20]);
    s.rainField = {
      stationOfCell: st,
      stationMmPerHour: [
        [
          [0, 36],
          [600, 36],
        ],
        [[0, 0]],
      ],
    };
    return s;
  };

  it('puts the station rain on its cells only, books it exactly, and JS and wasm give the same bits', async () => {
    const js = runFloodInProcess(setup());
    // 36 mm/h for 10 min = 6 mm on the 48 west cells (water spreads east once it is there)
    const stored = js.summary.massBalance.storedM3;
    expect(stored).toBeCloseTo(0.006 * 48 * 25, 4);
    // the ledger books what the float32 cells received; the flow between them rounds in float32 too
    expect(js.summary.massBalance.inflowM3).toBeCloseTo(0.006 * 48 * 25, 4);
    expect(Math.abs(js.summary.massBalance.errorM3) / stored).toBeLessThan(1e-6);
    expect(js.maxDepth[0]).toBeGreaterThan(js.maxDepth[11]);
    const wasm = runFloodInProcess(setup(), { kernels: await compilePlainFloodKernels() });
    expect(Buffer.from(wasm.depth.buffer).equals(Buffer.from(js.depth.buffer))).toBe(true);
    expect(Buffer.from(wasm.maxDepth.buffer).equals(Buffer.from(js.maxDepth.buffer))).toBe(true);
    expect(wasm.summary.massBalance).toEqual(js.summary.massBalance);
  });
});

describe('rain field in the nowcast', () => {
  it("drives the nowcast from rain gauge readings: 36 mm/h for an hour on the west station's 48 cells", async () => {
    const { Nowcast } = await import('../../src/ops/nowcast.ts');
    const dem = demFrom(12, 8, 5, () => 10);
    const base = setupFor(dem, {
      durationS: 7200,
      inflows: [{ id: 'up', point: [2.5, 2.5], hydrograph: [[0, 0]] }],
      outputs: { intervalS: 3600, frameIntervalS: 3600 },
    });
    const H = 3.6e6;
    const rating = { a: 10, h0: 5, b: 1.5 };
    const now = new Nowcast(base, 0, {
      inflow: { index: 0, stationId: 'up', rating, baseFlowM3s: 0, recessionKS: 3600 },
      rain: { stationIds: ['r0', 'r1'], xy: [0, 20, 60, 20] },
    });
    const readings = (id: string): [number, number][] =>
      id === 'up'
        ? [
            [0, 5],
            [H, 5],
          ]
        : id === 'r0'
          ? [
              [0, 36],
              [H, 36],
            ]
          : [
              [0, 0],
              [H, 0],
            ];
    now.advance(readings, H);
    let stored = 0;
    for (const v of now.checkpoint!.h) stored += v * 25;
    expect(stored).toBeCloseTo(0.036 * 48 * 25, 3);
  });
});
