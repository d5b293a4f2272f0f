/**
 * Builds the surface coupler a run asks for, inside the worker that runs band 0. Loaded lazily so
 * a run without sewers never loads the drainage solver.
 */
import type { SurfaceCoupler } from './coupling.ts';
import type { FloodSetup } from './setup.ts';

export async function createCoupler(setup: FloodSetup): Promise<SurfaceCoupler | null> {
  if (setup.drainage === undefined) return null;
  const { createDrainageCoupler } = await import('../drainage/coupler.ts');
  return createDrainageCoupler(setup.drainage as Parameters<typeof createDrainageCoupler>[0], setup);
}
