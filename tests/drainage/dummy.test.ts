/**
 * DUMMY conduits (no cross-section): SWMM passes the upstream node's inflow on through them and stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { inpText, runDrainage } from './inp.ts';

describe('DUMMY conduits', () => {
  it('pass the upstream inflow on: 0.04 + 0.06 m³/s reach the outfall through a dummy link, none stored in it', async () => {
    const r = await runDrainage(
      inpText(
        { end: '01:00:00', routingStep: 5 },
        {
          JUNCTIONS: ['J0 11 3 0 0 0', 'J1 10 3 0 0 0', 'J2 9 3 0 0 0'],
          OUTFALLS: ['O1 8.5 FREE NO'],
          CONDUITS: ['C0 J0 J1 50 0.013 0 0 0 0', 'D1 J1 J2 400 0.013 0 0 0 0', 'C2 J2 O1 50 0.013 0 0 0 0'],
          XSECTIONS: ['C0 CIRCULAR 0.5 0 0 0 1', 'D1 DUMMY 0 0 0 0 1', 'C2 CIRCULAR 0.5 0 0 0 1'],
          INFLOWS: ['J0 FLOW "" FLOW 1.0 1.0 0.04', 'J1 FLOW "" FLOW 1.0 1.0 0.06'],
        },
      ),
    );
    const last = (id: string) => Number(r.links.filter((l) => l[1] === id).at(-1)![2]);
    // hand: at steady state the dummy carries J1's inflow, 0.04 from C0 plus J1's own 0.06
    expect(Math.abs(last('D1') - 0.1) / 0.1).toBeLessThan(0.005);
    expect(Math.abs(last('C2') - 0.1) / 0.1).toBeLessThan(0.005);
    // a 400 m dummy holds no water: J1 stays (nearly) dry, unlike the head a 400 m pipe would need
    const j1 = r.nodes.filter((n) => n[1] === 'J1').at(-1)!;
    expect(Number(j1[3])).toBeLessThan(0.05);
    expect(Math.abs(r.summary.flowRoutingContinuity.continuityErrorPct)).toBeLessThan(1e-6);
  });
});
