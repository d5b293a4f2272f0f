/** Random small networks: the ledger closes to round-off and depths stay finite and non-negative. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import {
  circular,
  conduit,
  defaultRoutingOptions,
  type DrainageNetwork,
  type NodeSpec,
  type LinkSpec,
} from '../../workers/drainage/network.ts';

function randomTree(seed: number[], nNodes: number, q: number, stage: number | null): DrainageNetwork {
  const nodes: NodeSpec[] = [];
  const links: LinkSpec[] = [];
  for (let i = 0; i < nNodes; i++) {
    nodes.push({
      id: `J${i}`,
      kind: 'junction',
      invert: 10 - 0.3 * i + 0.1 * seed[i % seed.length],
      maxDepth: 2 + seed[(i + 1) % seed.length],
      initDepth: 0,
      surchargeDepth: 0,
      pondedArea: 0,
    });
  }
  nodes.push({
    id: 'OUT',
    kind: 'outfall',
    invert: 10 - 0.3 * nNodes - 0.5,
    maxDepth: 0,
    initDepth: 0,
    surchargeDepth: 0,
    pondedArea: 0,
    outfall:
      stage === null
        ? { mode: 'free', gated: false }
        : { mode: 'fixed', stage: 10 - 0.3 * nNodes + stage, gated: false },
  });
  for (let i = 1; i < nNodes; i++) {
    // each node drains into a later-numbered one, so the tree ends at the outfall
    const to =
      i + 1 + Math.floor(seed[i % seed.length] * 2) < nNodes
        ? i + 1 + Math.floor(seed[i % seed.length] * 2)
        : nNodes - 1;
    if (to <= i) continue;
    links.push({
      id: `C${i}`,
      kind: 'conduit',
      from: `J${i}`,
      to: `J${to}`,
      conduit: conduit(20 + 60 * seed[(i + 2) % seed.length], 0.013, circular(0.2 + 0.6 * seed[(i + 3) % seed.length])),
    });
  }
  links.push({ id: 'C0', kind: 'conduit', from: 'J0', to: 'J1', conduit: conduit(30, 0.013, circular(0.4)) });
  links.push({
    id: 'COUT',
    kind: 'conduit',
    from: `J${nNodes - 1}`,
    to: 'OUT',
    conduit: conduit(30, 0.013, circular(0.8)),
  });
  const inflows = [
    { node: 'J0', baseline: q, scale: 0, kind: 'external' as const },
    {
      node: `J${Math.floor(nNodes / 2)}`,
      baseline: 0,
      scale: 1,
      series: [
        [0, 0],
        [300, 2 * q],
        [900, 0],
      ] as [number, number][],
      kind: 'external' as const,
    },
  ];
  return { nodes, links, inflows, options: defaultRoutingOptions() };
}

describe('random networks', () => {
  it('close the ledger to round-off, with finite, non-negative depths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 3, max: 12 }),
        fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 3, noNaN: true })),
        (seed, n, q, stage) => {
          const s = new DrainageSolver(randomTree(seed, n, q, stage));
          s.advanceTo(1200);
          for (let i = 0; i < s.nN; i++) {
            expect(Number.isFinite(s.nH[i])).toBe(true);
            expect(s.nH[i]).toBeGreaterThanOrEqual(s.nInv[i] - 1e-9);
          }
          const c = s.continuity();
          expect(Math.abs(c.relError)).toBeLessThan(1e-9);
          expect(s.volClamp).toBe(0);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});
