/**
 * Builds the surface coupler a run asks for, inside the worker that runs band 0. Loaded lazily so
 * a run without sewers never loads the drainage solver.
 */
import type { CouplerGrid, SurfaceCoupler } from './coupling.ts';
import type { FloodSetup } from './setup.ts';

export async function createCoupler(setup: FloodSetup): Promise<SurfaceCoupler | null> {
  if (setup.drainage === undefined) return null;
  const grid: CouplerGrid = { ncols: setup.ncols, nrows: setup.nrows, cellSize: setup.cellSize, xll: setup.xll, yll: setup.yll };
  const { createDrainageCoupler } = await import('../drainage/coupler.ts');
  return createDrainageCoupler(setup.drainage as Parameters<typeof createDrainageCoupler>[0], grid);
}
