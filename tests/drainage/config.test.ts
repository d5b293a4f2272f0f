import { describe, expect, it } from 'vitest';
import { drainageSchema } from '../../src/core/scenario/drainage.ts';
import { couplingConfigFromScenario } from '../../workers/drainage/config.ts';
import { createDrainageCoupler } from '../../workers/drainage/coupler.ts';
import { InputError } from '../../src/core/errors.ts';
import { inpText } from './inp.ts';

const text = inpText(
  {},
  {
    JUNCTIONS: ['J1 2 3 0 0 0'],
    OUTFALLS: ['O1 0 FREE NO'],
    CONDUITS: ['C1 J1 O1 50 0.013 0 0 0 0'],
    XSECTIONS: ['C1 CIRCULAR 0.5 0 0 0 1'],
    COORDINATES: ['J1 5 5', 'O1 500 500'],
  },
);

describe('scenario "drainage" field', () => {
  it('fills the documented defaults', () => {
    const d = drainageSchema.parse({ network: 'network.inp' });
    expect(d).toMatchObject({
      weirCoeff: 0.54,
      orificeCoeff: 0.167,
      submergedCoeff: 0.056,
      relaxation: 0.5,
      outfallMode: 'file',
      useFileInflows: true,
      outfalls: {},
    });
  });

  it('rejects bad values with the path', () => {
    expect(drainageSchema.safeParse({ network: 'n.inp', relaxation: 0 }).success).toBe(false);
    expect(drainageSchema.safeParse({ network: 'n.inp', extra: 1 }).success).toBe(false);
    const r = drainageSchema.safeParse({ network: 'n.inp', outfalls: { O1: { mode: 'gauge' } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['outfalls', 'O1', 'gauge']);
  });

  it('ties an outfall to a gauge record through a structured-clone config', () => {
    const d = drainageSchema.parse({ network: 'n.inp', outfalls: { O1: { mode: 'gauge', gauge: 'cuntan' } } });
    const stage: [number, number][] = [
      [0, 1.0],
      [600, 1.6],
    ];
    const cfg = structuredClone(
      couplingConfigFromScenario(d, text, 'n.inp', (id) => (id === 'cuntan' ? stage : undefined)),
    );
    const c = createDrainageCoupler(cfg, { ncols: 2, nrows: 1, cellSize: 10, xll: 0, yll: 0 });
    const h = new Float32Array(2);
    const z = new Float32Array([5, 5]);
    c.exchange(h, z, 0, 300);
    expect(c.solver.nH[1]).toBeCloseTo(1.3, 6); // the outfall head follows the gauge at t = 300 s
    expect(() => couplingConfigFromScenario(d, text, 'n.inp', () => undefined)).toThrow(InputError);
  });
});
