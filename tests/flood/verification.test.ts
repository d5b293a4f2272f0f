/**
 * Verification of the 2D solver against analytical solutions and conservation laws
 * (docs/ARCHITECTURE.md "Sources": Hunter et al. 2005 planar front, lake at rest, closed-basin mass balance).
 */
import { describe, expect, it } from 'vitest';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { demFrom, setupFor, mirrorAsymmetry, symmetricSetup, verificationStepping } from './helpers.ts';

const FRICTIONS = ['semi-implicit', 'implicit'] as const;

describe('lake at rest over bumpy ground', () => {
  for (const friction of FRICTIONS) {
    it(`stays still for an hour (${friction} friction)`, () => {
      // bumps up to 1.4 m; a few islands rise above the 1.0 m water level (wet/dry edges)
      const dem = demFrom(
        60,
        50,
        10,
        (c, r) => 0.6 * Math.sin(c / 3.1) * Math.cos(r / 2.3) + 0.4 * Math.cos((c + r) / 5.7) + 0.2,
      );
      const setup = setupFor(dem, {
        manning: 0.03,
        durationS: 3600,
        initialWaterLevel: 1.0,
        outputs: { intervalS: 600 },
        solver: { friction },
      });
      const before = setup.initialDepth!.slice();
      const r = runFloodInProcess(setup);
      let maxChange = 0;
      let dry = 0;
      for (let k = 0; k < before.length; k++) {
        maxChange = Math.max(maxChange, Math.abs(r.depth[k] - before[k]));
        if (before[k] === 0) dry++;
      }
      expect(dry).toBeGreaterThan(20); // the islands are really there
      expect(r.summary.steps).toBeGreaterThan(1000);
      expect(maxChange).toBeLessThan(1e-5);
    });
  }
});

describe('planar front over a flat rough plane (Hunter et al. 2005)', () => {
  const n = 0.01;
  const u = 1;
  const hAt = (x: number, t: number): number =>
    u * t - x > 0 ? ((7 / 3) * n * n * u * u * (u * t - x)) ** (3 / 7) : 0;
  const stage: [number, number][] = [];
  for (let t = 0; t <= 3600; t += 5) stage.push([t, hAt(0, t)]);

  for (const [friction, theta] of [
    ['semi-implicit', 1],
    ['implicit', 1],
    ['implicit', 0.7],
  ] as const) {
    it(`matches the analytical profile at t = 1 h (${friction} friction, θ = ${theta})`, () => {
      const dem = demFrom(500, 4, 10, () => 0);
      const setup = setupFor(dem, {
        manning: n,
        durationS: 3600,
        edges: { west: { stage } },
        outputs: { intervalS: 600 },
        solver: { friction, theta },
      });
      const r = runFloodInProcess(setup);
      let se = 0;
      let m = 0;
      let front = 0;
      for (let c = 0; c < 500; c++) {
        const x = (c + 0.5) * 10;
        const h = r.depth[500 + c];
        // every row of the strip is the same
        expect(r.depth[1500 + c]).toBe(h);
        if (x <= 3000) {
          se += (h - hAt(x, 3600)) ** 2;
          m++;
        }
        if (h > 0.001) front = (c + 1) * 10;
      }
      const rmse = Math.sqrt(se / m);
      expect(rmse).toBeLessThan(0.02);
      // the wet front may lag u·t by at most 8 % (LISFLOOD-FP 8.1: 7.6 %), and is not ahead of it;
      // the q-centred variant is a little more diffusive at the front
      expect(front).toBeGreaterThan((theta === 1 ? 0.92 : 0.9) * 3600);
      expect(front).toBeLessThanOrEqual(3600 + 10);
      // water enters only through the west stage boundary, and all of it is accounted for
      const mb = r.summary.massBalance;
      expect(mb.boundaryInflowM3).toBeGreaterThan(0);
      expect(mb.relativeError).toBeLessThan(1e-6);
    });
  }
});

describe('mass balance', () => {
  const basin = (friction: 'implicit' | 'semi-implicit') =>
    setupFor(
      demFrom(
        80,
        60,
        5,
        (c, r) => 3 + (0.02 * ((c - 40) ** 2 + (r - 30) ** 2)) / 20 + 0.3 * Math.sin(c / 4) * Math.sin(r / 3),
      ),
      {
        manning: 0.04,
        durationS: 7200,
        rain: {
          mmPerHour: [
            [0, 0],
            [1200, 60],
            [3600, 10],
            [5400, 0],
          ],
        },
        outputs: { intervalS: 300 },
        solver: { friction },
      },
    );

  for (const friction of FRICTIONS) {
    it(`rain on a closed basin keeps the relative volume error below 1e-5 (${friction})`, () => {
      const r = runFloodInProcess(basin(friction));
      const mb = r.summary.massBalance;
      // hand calculation of the rain volume: trapezoids of the series, times the basin area
      const rainMm = (0.5 * 60 * 1200 + 0.5 * (60 + 10) * 2400 + 0.5 * 10 * 1800) / 3600;
      expect(mb.rainM3).toBeCloseTo((rainMm / 1000) * 80 * 60 * 25, 6);
      expect(mb.outflowM3).toBe(0);
      expect(mb.clampedM3).toBe(0);
      expect(mb.relativeError).toBeLessThan(1e-5);
      expect(Math.abs(mb.storedM3 - mb.rainM3) / mb.rainM3).toBeLessThan(1e-5);
    });
  }

  it('a lone wet cell among dry ones drains without going negative or losing water', () => {
    // 1 m of water in one cell on flat ground: four faces would take 4·α² ≈ 2 m in the first step
    const dem = demFrom(21, 21, 5, () => 0);
    const wl = demFrom(21, 21, 5, (c, r) => (c === 10 && r === 10 ? 1 : 0));
    const s = setupFor(
      dem,
      { durationS: 2, initialWaterLevel: 'wl.asc', outputs: { intervalS: 1 } },
      { initialWaterLevel: wl },
    );
    const r = runFloodInProcess(s);
    let min = Infinity;
    for (const v of r.depth) min = Math.min(min, v);
    expect(min).toBe(0);
    expect(r.depth[10 * 21 + 10]).toBeLessThan(1); // it did drain
    expect(r.summary.massBalance.clampedM3).toBe(0);
    expect(Math.abs(r.summary.massBalance.storedM3 - 25)).toBeLessThan(1e-5);
  });

  it('a closed depression filled by an inflow holds the inflow volume with a flat water surface', () => {
    // a bowl 2 m deep; 1.5 m³/s for 10 minutes = 900 m³, then 50 minutes to settle
    const dem = demFrom(40, 40, 5, (c, r) => 0.004 * ((c - 19.5) ** 2 + (r - 19.5) ** 2));
    const setup = setupFor(dem, {
      manning: 0.03,
      durationS: 3600,
      inflows: [
        {
          id: 'pipe',
          point: [60, 140],
          hydrograph: [
            [0, 1.5],
            [600, 1.5],
            [600.001, 0],
          ],
        },
      ],
      outputs: { intervalS: 600 },
    });
    const r = runFloodInProcess(setup);
    const mb = r.summary.massBalance;
    const expected = 1.5 * 600 + 0.5 * 1.5 * 0.001;
    expect(mb.inflowM3).toBeCloseTo(expected, 3);
    expect(mb.storedM3).toBeCloseTo(expected, 2);
    let lo = Infinity;
    let hi = -Infinity;
    let wet = 0;
    for (let k = 0; k < r.depth.length; k++) {
      if (r.depth[k] > 0.05) {
        const eta = setup.z[k] + r.depth[k];
        lo = Math.min(lo, eta);
        hi = Math.max(hi, eta);
        wet++;
      }
    }
    expect(wet).toBeGreaterThan(100);
    expect(hi - lo).toBeLessThan(0.002);
  });
});

describe('symmetry', () => {
  // θ = 1: float32 sums in a fixed order are mirror-exact only to rounding (< 1e-6 m here). θ < 1 adds
  // de Almeida's switch to the Bates form where the centred flux would flow uphill: a face whose slope
  // rounds to 0 on one side and not on its mirror takes the other branch, a jump of (1 − θ)·q, so
  // rounding differences grow to a few 1e-5 m (θ 0.9: 1.5e-5; 0.7: 4.6e-5). An index bug gives mm.
  // under local steps (localVerification.test.ts) the tiles of 8 cells do not mirror on 41 × 31
  // cells, so mirror cells may get different step classes: 0.9 mm, not rounding (not met there)
  for (const [theta, tolerance] of [
    [1, 1e-5],
    [0.9, 5e-5],
  ] as const)
    it.skipIf(verificationStepping.local)(`a mirror-symmetric case stays symmetric (θ = ${theta})`, () => {
      const setup = symmetricSetup(theta);
      const r = runFloodInProcess(setup);
      const { asym, maxDepth } = mirrorAsymmetry(r.depth);
      expect(maxDepth).toBeGreaterThan(0.1);
      expect(r.summary.massBalance.outflowM3).toBeGreaterThan(0);
      expect(asym).toBeLessThan(tolerance);
    });
});
