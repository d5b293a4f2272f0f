/**
 * The coupler inside the flood engine (workers/flood): rain on a small street grid drains into two
 * inlets; one ledger across both domains.
 */
import { describe, expect, it } from 'vitest';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { createDrainageCoupler, combinedBalance } from '../../workers/drainage/coupler.ts';
import { inpText } from './inp.ts';

describe('drainage coupled to the flood engine', () => {
  it('captures street water and keeps the two-domain volume error below 1e-4', () => {
    const nc = 20,
      nr = 10,
      cell = 5;
    const z = new Float32Array(nc * nr);
    for (let r = 0; r < nr; r++)
      for (let c = 0; c < nc; c++) z[r * nc + c] = 10 - 0.01 * c * cell - 0.002 * Math.abs(r - 4.5) * cell;
    const setup = {
      ncols: nc,
      nrows: nr,
      cellSize: cell,
      xll: 0,
      yll: 0,
      z,
      manning: new Float32Array(nc * nr).fill(0.02),
      initialDepth: null,
      edges: {
        north: { kind: 'closed' },
        south: { kind: 'closed' },
        east: { kind: 'closed' },
        west: { kind: 'closed' },
      },
      rainMmPerHour: [
        [0, 80],
        [900, 80],
        [901, 0],
      ],
      inflows: [],
      infiltration: null,
      bedChanges: [],
      durationS: 1800,
      solver: { alpha: 0.7, maxDtS: 5, theta: 1, depthThresholdM: 0.001, maxVelocityMS: 50 },
      outputs: {
        intervalS: 600,
        pointIds: [],
        pointCells: new Int32Array(0),
        gridTimesS: [],
        arrivalDepthM: 0.1,
        frameIntervalS: 0,
      },
    } as unknown as FloodSetup;
    // inlets at x = 52.5 (mid street) and x = 97.5 (the low east end); the outfall is off the grid
    const text = inpText(
      {},
      {
        JUNCTIONS: ['I1 8 0 0 0 0', 'I2 7.4 0 0 0 0'],
        OUTFALLS: ['O1 6.5 FREE NO'],
        CONDUITS: ['C1 I1 I2 45 0.013 0 0 0 0', 'C2 I2 O1 30 0.013 0 0 0 0'],
        XSECTIONS: ['C1 CIRCULAR 0.3 0 0 0 1', 'C2 CIRCULAR 0.4 0 0 0 1'],
        COORDINATES: ['I1 52.5 27.5', 'I2 97.5 27.5', 'O1 130 27.5'],
      },
    );
    const coupler = createDrainageCoupler(
      { inpText: text, file: 'street.inp' },
      { ncols: nc, nrows: nr, cellSize: cell, xll: 0, yll: 0 },
    );
    const res = runFloodInProcess(setup, { coupler });
    const mb = res.summary.massBalance;
    const d = coupler.summary() as any;
    expect(d.captured_m3).toBeGreaterThan(0.3 * mb.rainM3);
    expect(mb.exchangeM3).toBeCloseTo(d.netToSurface_m3, 6);
    expect(Math.abs(mb.relativeError)).toBeLessThan(1e-4);
    const total = mb.storedM3 + d.pipeStorage_m3.final + d.outfalls_m3.O1 + d.floodingLost_m3;
    expect(Math.abs(total - (mb.initialM3 + mb.rainM3)) / mb.rainM3).toBeLessThan(1e-4);
    expect(res.summary.drainage).toBeDefined();
    const both = combinedBalance(mb, d);
    expect(Math.abs(both.relativeError)).toBeLessThan(1e-4);
    expect(both.outfallsLeavingM3).toBeCloseTo(d.outfalls_m3.O1, 9);
  });
});
