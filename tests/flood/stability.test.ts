/**
 * Deep water pouring over a levee (levee-a.json: 6000 m³/s into the small twin, the bank overtopped
 * within the first hour). With Bates' time step α·dx/√(g·h_max) alone the scheme grows a spurious
 * wave there when outputs every 60 s cut steps short (a runaway velocity, or max depths over 40 m
 * with θ < 1); with u_max of the deep faces in the time step (the default) every output interval
 * and θ give the same, physical, maximum.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';

const dir = resolve(__dirname, '../../scenarios');

async function leveeA(intervalS: number, solver: Record<string, unknown>) {
  const json = JSON.parse(readFileSync(resolve(dir, 'levee-a.json'), 'utf8'));
  json.outputs.intervalS = intervalS;
  json.solver = solver;
  return prepareRun(JSON.stringify(json), 'levee-a.json', async (f) => new Uint8Array(readFileSync(resolve(dir, f))));
}

const maxOf = (a: Float32Array): number => a.reduce((m, v) => (v > m ? v : m), 0);

describe('stability where deep water overtops a levee', () => {
  it('the maximum depth does not depend on the output interval or θ (u_max in the time step)', async () => {
    const maxima: number[] = [];
    for (const [intervalS, theta] of [
      [300, 1],
      [60, 1],
      [60, 0.8],
    ] as const) {
      const p = await leveeA(intervalS, { theta });
      const r = await runFloodNode(p.setup, 1);
      expect(r.summary.massBalance.relativeError).toBeLessThan(1e-6);
      maxima.push(maxOf(r.maxDepth));
    }
    // the river channel's deepest water, about 18.2 m, in every run
    for (const m of maxima) {
      expect(m).toBeGreaterThan(17.5);
      expect(m).toBeLessThan(19);
    }
  }, 120_000);

  it('without u_max (Bates 2010 time step) the same case goes unstable: the test can tell', async () => {
    const p = await leveeA(60, { theta: 0.8, velocityInTimeStep: false });
    let outcome: string;
    try {
      const r = await runFloodNode(p.setup, 1);
      outcome = `max depth ${maxOf(r.maxDepth).toFixed(1)} m`;
      expect(maxOf(r.maxDepth)).toBeGreaterThan(25);
    } catch (e) {
      outcome = (e as Error).message;
      expect(outcome).toMatch(/velocity ran away/);
    }
  }, 120_000);
});
