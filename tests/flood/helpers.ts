/** Builds flood setups in code for the tests: a DEM from a function, a scenario object on top. */
import { makeGrid, type Grid } from '../../src/core/grid.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { buildFloodSetup, type FloodSetup, type ScenarioGrids } from '../../workers/flood/setup.ts';

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
