/**
 * The flood engine with the sewers on: the small twin's rainstorm (a 50-year storm, SWMM network,
 * outfalls tied to the river on the grid). Same numbers on 1 and 2 workers, one ledger across both
 * domains, and the manholes that overflow are listed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combinedBalance } from '../../workers/drainage/coupler.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';

const dir = resolve(__dirname, '../../scenarios');

describe('rainstorm with the sewers on (small twin)', () => {
  it('runs the same on 1 and 2 workers, closes the two-domain ledger and lists overflowing manholes', async () => {
    const p = await prepareRun(
      readFileSync(resolve(dir, 'small-rainstorm.json'), 'utf8'),
      'small-rainstorm.json',
      async (f) => new Uint8Array(readFileSync(resolve(dir, f))),
    );
    expect(p.setup.drainage).toBeDefined();
    // the storm peaks at 48 min; run through the peak
    p.setup.durationS = 3000;
    p.setup.outputs.gridTimesS = [];
    const samples: unknown[] = [];
    const one = await runFloodNode(p.setup, 1, { onDrainage: (_t, s) => void samples.push(s) });
    const two = await runFloodNode(p.setup, 2);
    expect(Buffer.from(two.depth.buffer).equals(Buffer.from(one.depth.buffer))).toBe(true);
    expect(two.summary.massBalance).toEqual(one.summary.massBalance);
    expect(samples.length).toBe(1 + 3000 / 300);

    const mb = one.summary.massBalance;
    expect(mb.exchangeM3).toBeLessThan(0); // the sewers took water off the streets
    const d = one.summary.drainage as { overflowNodes: { id: string; x: number; y: number; overflow_m3: number }[] };
    expect(d.overflowNodes.length).toBeGreaterThan(0);
    for (const n of d.overflowNodes.slice(0, 5)) {
      expect(n.id).toMatch(/^\S+$/);
      expect(n.x).toBeGreaterThan(p.setup.xll);
      expect(n.y).toBeGreaterThan(p.setup.yll);
    }
    const both = combinedBalance(mb, one.summary.drainage!);
    expect(Math.abs(both.relativeError)).toBeLessThan(1e-4);
    expect(mb.relativeError).toBeLessThan(1e-5);
  });
});
