import { describe, expect, it } from 'vitest';
import { restartSetup, shiftSeries } from '../../src/modes/reliability/checkpoint.ts';
import { seriesAt } from '../../src/core/timeSeries.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

const rain: [number, number][] = [
  [0, 0],
  [300, 80],
  [1200, 80],
  [1500, 0],
];
function setup(): FloodSetup {
  return {
    ncols: 3,
    nrows: 2,
    cellSize: 10,
    xll: 0,
    yll: 0,
    z: new Float32Array([1, 2, 3, 4, 5, 6]),
    manning: new Float32Array(6).fill(0.03),
    initialDepth: null,
    edges: {
      north: { kind: 'closed' },
      south: { kind: 'closed' },
      west: { kind: 'closed' },
      east: {
        kind: 'stage',
        series: [
          [0, 1],
          [1800, 3],
        ],
      },
    },
    rainMmPerHour: rain,
    inflows: [
      {
        id: 'c',
        cells: new Int32Array([0]),
        weights: new Float64Array([1]),
        hydrograph: [
          [0, 0],
          [300, 2],
          [1800, 0.5],
        ],
      },
    ],
    infiltration: null,
    bedChanges: [
      {
        cells: new Int32Array([1]),
        startS: 100,
        endS: 200,
        fromZ: new Float32Array([2]),
        finalZ: new Float32Array([0]),
      },
      {
        cells: new Int32Array([2]),
        startS: 500,
        endS: 900,
        fromZ: new Float32Array([3]),
        finalZ: new Float32Array([1]),
      },
      {
        cells: new Int32Array([3]),
        startS: 1000,
        endS: 1100,
        fromZ: new Float32Array([4]),
        finalZ: new Float32Array([2]),
      },
    ],
    durationS: 1800,
    solver: { alpha: 0.7, maxDtS: 10, theta: 0.9, depthThresholdM: 1e-4, maxVelocityMS: 10, friction: 'semi-implicit' },
    outputs: {
      intervalS: 60,
      pointIds: [],
      pointCells: new Int32Array(0),
      gridTimesS: [600, 900, 1800],
      arrivalDepthM: 0.05,
      frameIntervalS: 120,
    },
  };
}

describe('restart from a checkpoint', () => {
  it('shifted series give the original values at t + t0', () => {
    const s = shiftSeries(rain, 720);
    for (const t of [0, 100, 480, 600, 780, 2000]) expect(seriesAt(s, t)).toBeCloseTo(seriesAt(rain, t + 720), 12);
    expect(s[0]).toEqual([0, 80]);
    expect(shiftSeries(rain, 0)).toEqual(rain);
  });

  it('the restarted setup: checkpoint depth, time left, inputs and bed changes shifted', () => {
    const depth = new Float32Array([0.1, 0, 0.3, 0, 0, 0.2]);
    const r = restartSetup(setup(), 720, depth);
    expect(r.durationS).toBe(1080);
    expect(Array.from(r.initialDepth!)).toEqual(Array.from(depth));
    expect(r.initialDepth).not.toBe(depth);
    expect(seriesAt(r.inflows[0].hydrograph, 0)).toBeCloseTo(2 - (1.5 * 420) / 1500, 12); // 1.58 m3/s at 720 s
    expect(seriesAt((r.edges.east as unknown as { series: [number, number][] }).series, 0)).toBeCloseTo(
      1 + (2 * 720) / 1800,
      12,
    );
    expect(r.outputs.gridTimesS).toEqual([180, 1080]);
    // the breach at 100–200 s is done: its cell is at its final bed; 500–900 s is half way; 1000–1100 s is later
    expect(r.z[1]).toBe(0);
    expect(r.bedChanges).toHaveLength(2);
    expect(r.bedChanges[0]).toMatchObject({ startS: 0, endS: 180 });
    expect(r.bedChanges[0].fromZ[0]).toBeCloseTo(3 - 2 * (220 / 400), 6);
    expect(r.bedChanges[1]).toMatchObject({ startS: 280, endS: 380 });
    // the original is untouched
    expect(setup().z[1]).toBe(2);
    expect(() => restartSetup(setup(), 1800, depth)).toThrow(RangeError);
    expect(() => restartSetup(setup(), 10, new Float32Array(5))).toThrow(RangeError);
  });
});
