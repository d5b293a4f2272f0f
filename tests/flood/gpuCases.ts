/**
 * The verification cases of verification.test.ts for the GPU engine, shared by the CLI suite
 * (gpuVerification.test.ts, Dawn for Node) and the e2e suite (tests/e2e/gpuAgreement.test.ts, the
 * page's WebGPU): each case builds a setup and checks a GPU result with the CPU thresholds, against
 * the analytical answer where there is one and against the CPU engine on the same setup.
 * `small` shortens the runs (fewer cells and simulated seconds, same thresholds) so a software
 * adapter finishes them in seconds; `full` is verification.test.ts's size.
 */
import { expect } from 'vitest';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { demFrom, mirrorAsymmetry, setupFor, symmetricSetup } from './helpers.ts';

/** What a GPU run hands back (a FloodResult, or its parts carried out of a page). */
export type CaseRun = Pick<FloodResult, 'depth' | 'maxDepth' | 'summary'>;
export type CaseSize = 'full' | 'small';

export interface GpuCase {
  name: string;
  setup: () => FloodSetup;
  /** expects the CPU thresholds of the case; `cpu` is the CPU engine on the same setup */
  check: (gpu: CaseRun, cpu: FloodResult, setup: FloodSetup) => void;
  /** run it twice: two runs on the same adapter must give the same bits */
  twice?: boolean;
  /** an hour of simulated time even when small (many steps: slow where a step's round trip is slow) */
  long?: boolean;
}

/** The largest absolute difference between two arrays. */
export function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** The ledger (1e-5 relative) and the stored volume against the CPU engine (1e-5 relative). */
function expectLedgerAgrees(gpu: CaseRun, cpu: FloodResult): void {
  const g = gpu.summary.massBalance;
  const c = cpu.summary.massBalance;
  expect(g.relativeError).toBeLessThan(1e-5);
  expect(Math.abs(g.storedM3 - c.storedM3) / Math.max(c.storedM3, 1e-9)).toBeLessThan(1e-5);
}

function lakeAtRest(size: CaseSize): GpuCase {
  const [nc, nr, durationS, minSteps] = size === 'full' ? [60, 50, 3600, 1000] : [30, 25, 600, 150];
  return {
    name: `lake at rest over bumpy ground stays still (${nc}×${nr}, ${durationS} s, implicit friction)`,
    setup: () =>
      setupFor(
        demFrom(
          nc,
          nr,
          10,
          (c, r) => 0.6 * Math.sin(c / 3.1) * Math.cos(r / 2.3) + 0.4 * Math.cos((c + r) / 5.7) + 0.2,
        ),
        {
          manning: 0.03,
          durationS,
          initialWaterLevel: 1.0,
          outputs: { intervalS: durationS / 6 },
          solver: { friction: 'implicit' },
        },
      ),
    check: (gpu, cpu, setup) => {
      let dry = 0;
      for (const h of setup.initialDepth!) if (h === 0) dry++;
      expect(dry).toBeGreaterThan(5); // islands: wet/dry edges are there
      expect(gpu.summary.steps).toBeGreaterThan(minSteps);
      expect(gpu.summary.steps).toBe(cpu.summary.steps);
      expect(maxDiff(gpu.depth, setup.initialDepth!)).toBeLessThan(1e-5);
      expectLedgerAgrees(gpu, cpu);
    },
  };
}

/**
 * Hunter et al. (2005): h(x, t) = (7/3 · n² · u² · (u·t − x))^(3/7) behind a front moving at u = 1 m/s.
 * Full length at either size: its thresholds hold from about an hour on (the CPU engine itself has an
 * RMSE of 0.022 m at 900 s and its front 10 % behind), and 500 × 4 cells cost little a step.
 */
function planarFront(): GpuCase {
  const [nc, T] = [500, 3600];
  const n = 0.01;
  const hAt = (x: number, t: number): number => (t - x > 0 ? ((7 / 3) * n * n * (t - x)) ** (3 / 7) : 0);
  return {
    name: `planar front matches the analytical profile at t = ${T} s (Hunter et al. 2005; semi-implicit, θ = 1)`,
    long: true,
    setup: () => {
      const stage: [number, number][] = [];
      for (let t = 0; t <= T; t += 5) stage.push([t, hAt(0, t)]);
      return setupFor(
        demFrom(nc, 4, 10, () => 0),
        { manning: n, durationS: T, edges: { west: { stage } }, outputs: { intervalS: T / 6 }, solver: { theta: 1 } },
      );
    },
    check: (gpu, cpu) => {
      let se = 0;
      let m = 0;
      let front = 0;
      for (let c = 0; c < nc; c++) {
        const x = (c + 0.5) * 10;
        const h = gpu.depth[nc + c];
        expect(gpu.depth[3 * nc + c]).toBe(h); // every row of the strip is the same
        if (x <= (5 / 6) * T) {
          se += (h - hAt(x, T)) ** 2;
          m++;
        }
        if (h > 0.001) front = (c + 1) * 10;
      }
      expect(Math.sqrt(se / m)).toBeLessThan(0.02);
      expect(front).toBeGreaterThan(0.92 * T);
      expect(front).toBeLessThanOrEqual(T + 10);
      const g = gpu.summary.massBalance;
      expect(g.boundaryInflowM3).toBeGreaterThan(0);
      expect(g.relativeError).toBeLessThan(1e-6);
      expect(maxDiff(gpu.depth, cpu.depth)).toBeLessThan(0.01);
      const c = cpu.summary.massBalance;
      expect(Math.abs(g.boundaryInflowM3 - c.boundaryInflowM3) / c.boundaryInflowM3).toBeLessThan(1e-4);
      expectLedgerAgrees(gpu, cpu);
    },
  };
}

/** Rain on a closed basin: every drop stays, so stored = rain (the hyetograph's area by hand). */
function closedBasin(size: CaseSize): GpuCase {
  const [nc, nr, T] = size === 'full' ? [80, 60, 7200] : [32, 24, 1800];
  const [a, b, c] = [T / 6, T / 2, (3 * T) / 4];
  const rainMm = (0.5 * 60 * a + 0.5 * (60 + 10) * (b - a) + 0.5 * 10 * (c - b)) / 3600;
  return {
    name: `rain on a closed basin keeps the relative volume error below 1e-5 (${nc}×${nr}, ${T} s, semi-implicit)`,
    setup: () =>
      setupFor(
        demFrom(
          nc,
          nr,
          5,
          (col, row) =>
            3 + (0.02 * ((col - nc / 2) ** 2 + (row - nr / 2) ** 2)) / 20 + 0.3 * Math.sin(col / 4) * Math.sin(row / 3),
        ),
        {
          manning: 0.04,
          durationS: T,
          rain: {
            mmPerHour: [
              [0, 0],
              [a, 60],
              [b, 10],
              [c, 0],
            ],
          },
          outputs: { intervalS: T / 24 },
        },
      ),
    check: (gpu, cpu) => {
      const g = gpu.summary.massBalance;
      expect(g.rainM3).toBeCloseTo((rainMm / 1000) * nc * nr * 25, 6);
      expect(g.outflowM3).toBe(0);
      expect(g.clampedM3).toBe(0);
      expect(Math.abs(g.storedM3 - g.rainM3) / g.rainM3).toBeLessThan(1e-5);
      expect(maxDiff(gpu.maxDepth, cpu.maxDepth)).toBeLessThan(0.01);
      expectLedgerAgrees(gpu, cpu);
    },
  };
}

/** A closed bowl filled by a point inflow: it holds the volume, and the surface comes to rest flat. */
function inflowBowl(size: CaseSize): GpuCase {
  const [n, T, q, tq] = size === 'full' ? [40, 3600, 1.5, 600] : [24, 1200, 0.5, 300];
  const mid = (n - 1) / 2;
  const expected = q * tq + 0.5 * q * 0.001;
  return {
    name: `a closed bowl filled by an inflow holds its volume with a flat surface (${n}×${n}, ${T} s)`,
    setup: () =>
      setupFor(
        demFrom(n, n, 5, (c, r) => 0.004 * ((c - mid) ** 2 + (r - mid) ** 2)),
        {
          manning: 0.03,
          durationS: T,
          inflows: [
            {
              id: 'pipe',
              point: [1.5 * n, 3.5 * n],
              hydrograph: [
                [0, q],
                [tq, q],
                [tq + 0.001, 0],
              ],
            },
          ],
          outputs: { intervalS: T / 6 },
        },
      ),
    check: (gpu, cpu, setup) => {
      const g = gpu.summary.massBalance;
      expect(g.inflowM3).toBeCloseTo(expected, 3);
      expect(g.storedM3).toBeCloseTo(expected, 2);
      let lo = Infinity;
      let hi = -Infinity;
      let wet = 0;
      for (let k = 0; k < gpu.depth.length; k++) {
        if (gpu.depth[k] > 0.05) {
          const eta = setup.z[k] + gpu.depth[k];
          lo = Math.min(lo, eta);
          hi = Math.max(hi, eta);
          wet++;
        }
      }
      expect(wet).toBeGreaterThan(n * 2);
      expect(hi - lo).toBeLessThan(0.002);
      expect(maxDiff(gpu.maxDepth, cpu.maxDepth)).toBeLessThan(0.01);
      expectLedgerAgrees(gpu, cpu);
    },
  };
}

/**
 * helpers.ts symmetricSetup at θ = 1 (main's default 0.9 gives the CPU engine itself an asymmetry of
 * 1.46e-5 m on the full run, the GPU 1.58e-5 m; at θ = 1: 6.6e-7 and 8.0e-7). `small` stops at 600 s.
 */
function symmetric(size: CaseSize): GpuCase {
  const T = size === 'full' ? 1800 : 600;
  return {
    name: `a mirror-symmetric case stays symmetric, and two runs give the same bits (${T} s, θ = 1)`,
    twice: true,
    setup: () => {
      const s = symmetricSetup(1);
      s.durationS = T;
      return s;
    },
    check: (gpu, cpu) => {
      const { asym, maxDepth } = mirrorAsymmetry(gpu.depth);
      expect(maxDepth).toBeGreaterThan(0.1);
      expect(asym).toBeLessThan(1e-5);
      const g = gpu.summary.massBalance;
      const c = cpu.summary.massBalance;
      expect(g.outflowM3).toBeGreaterThan(0);
      expect(Math.abs(g.outflowM3 - c.outflowM3) / c.outflowM3).toBeLessThan(1e-3);
      expect(maxDiff(gpu.maxDepth, cpu.maxDepth)).toBeLessThan(0.01);
      expectLedgerAgrees(gpu, cpu);
    },
  };
}

/** The five verification cases, in verification.test.ts's order; the last is the symmetric one. */
export function gpuCases(size: CaseSize): GpuCase[] {
  return [lakeAtRest(size), planarFront(), closedBasin(size), inflowBowl(size), symmetric(size)];
}
