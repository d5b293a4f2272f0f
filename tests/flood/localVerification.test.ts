/**
 * Every verification case (verification.test.ts) and the settling test (settling.test.ts) again,
 * with local time stepping (workers/flood/stepClasses.ts): the same files, their runs given
 * `timeStepping: "local"`, tiles of 8 cells (on these small grids tiles of 32 would all see the
 * fastest cell and step globally) with classes up to 3, and the WebAssembly kernels
 * (localSteps.test.ts shows that the JavaScript kernels give the same bits under local steps).
 */
import { afterAll, expect, vi } from 'vitest';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';
import { verificationStepping } from './helpers.ts';

const kernels = await compilePlainFloodKernels();
/** each run's share of tile-steps that computed their faces (the rest held them) */
const shares: number[] = [];

vi.mock('../../workers/flood/runInProcess.ts', async (original) => {
  const m = await original<typeof import('../../workers/flood/runInProcess.ts')>();
  return {
    ...m,
    runFloodInProcess: (setup: Parameters<typeof m.runFloodInProcess>[0], opts = {}) => {
      const r = m.runFloodInProcess(
        { ...setup, solver: { ...setup.solver, timeStepping: 'local', tileSize: 8, maxStepClass: 3 } },
        { kernels, ...opts },
      );
      shares.push(r.summary.faceStepShare ?? 1);
      return r;
    },
  };
});

// the runs do step locally, if little: these small fast cases hold the faces of at most a few per
// cent of their tile-steps (the lone cell a quarter), and four or more hold some
afterAll(() => expect(shares.filter((s) => s < 1).length).toBeGreaterThanOrEqual(4));

verificationStepping.local = true;
await import('./verification.test.ts');
await import('./settling.test.ts');
