/** Builds flood setups in code for the tests: a DEM from a function, a scenario object on top. */
import { makeGrid, type Grid } from '../../src/core/grid.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { buildFloodSetup, type FloodSetup, type ScenarioGrids } from '../../workers/flood/setup.ts';

/**
 * Set by localVerification.test.ts before it imports the verification files, whose runs then step
 * locally: a case about a property of the global step alone can skip itself.
 */
export const verificationStepping = { local: false };

export function demFrom(
  ncols: number,
  nrows: number,
  cellSize: number,
  zAt: (col: number, row: number) => number,
): Grid {
  const g = makeGrid(ncols, nrows, cellSize);
  for (let r = 0; r < nrows; r++) for (let c = 0; c < ncols; c++) g.values[r * ncols + c] = zAt(c, r);
  return g;
}

export function setupFor(
  dem: Grid,
  scenario: Record<string, unknown>,
  extra: Omit<ScenarioGrids, 'dem'> = {},
): FloodSetup {
  const s = loadScenario({ name: 'test', dem: 'dem.asc', manning: 0.03, ...scenario }, 'test.json').scenario;
  return buildFloodSetup(s, { dem, ...extra }, 'test.json');
}

/**
 * The verification suite's mirror-symmetric case: 41 × 31 cells of 5 m, symmetric in x about the middle
 * column and in y about the middle row, rain, a point inflow at the centre and free east/west edges.
 */
export const SYMMETRIC_NC = 41;
export const SYMMETRIC_NR = 31;
export function symmetricSetup(theta: number): FloodSetup {
  const dem = demFrom(
    SYMMETRIC_NC,
    SYMMETRIC_NR,
    5,
    (c, r) => 0.01 * (c - 20) ** 2 + 0.02 * Math.abs(r - 15) + 0.2 * Math.cos((c - 20) / 3) * Math.cos((r - 15) / 2),
  );
  return setupFor(dem, {
    manning: 0.035,
    durationS: 1800,
    rain: {
      mmPerHour: [
        [0, 40],
        [1800, 0],
      ],
    },
    inflows: [{ id: 'centre', point: [102.5, 77.5], hydrograph: [[0, 0.5]] }],
    outputs: { intervalS: 300 },
    edges: { east: { free: { slope: 0.01 } }, west: { free: { slope: 0.01 } } },
    solver: { theta },
  });
}

/** The largest depth difference between a cell and its mirror image in x or in y, and the maximum depth. */
export function mirrorAsymmetry(
  depth: Float32Array,
  nc = SYMMETRIC_NC,
  nr = SYMMETRIC_NR,
): { asym: number; maxDepth: number } {
  let asym = 0;
  let maxDepth = 0;
  for (let row = 0; row < nr; row++) {
    for (let c = 0; c < nc; c++) {
      const h = depth[row * nc + c];
      maxDepth = Math.max(maxDepth, h);
      asym = Math.max(asym, Math.abs(h - depth[row * nc + (nc - 1 - c)]), Math.abs(h - depth[(nr - 1 - row) * nc + c]));
    }
  }
  return { asym, maxDepth };
}
