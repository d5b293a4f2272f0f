/**
 * MIN_SURFAREA as SWMM uses it (dynwave.c): a floor on a node's surface area — storage plus half of each
 * connected conduit's top width — not a shaft added to it. Rectangular conduits keep the hand numbers exact.
 */
import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { inpText, runDrainage } from './inp.ts';

/** J1 → O1 through a closed rectangle 1 m high, `width` m wide, 20 m long; MIN_SURFAREA 5 m² (CMS: m²). */
const net = (width: number, extra: string[] = []) =>
  inpText(
    { end: '00:20:00', routingStep: 1 },
    {
      JUNCTIONS: ['J1 10 3 0 0 0'],
      OUTFALLS: ['O1 9.9 FREE NO'],
      CONDUITS: ['C1 J1 O1 20 0.013 0 0 0 0'],
      XSECTIONS: [`C1 RECT_CLOSED 1 ${width} 0 0 1`],
      ...(extra.length ? { INFLOWS: extra } : {}),
    },
  ).replace('FLOW_ROUTING DYNWAVE', 'FLOW_ROUTING DYNWAVE\nMIN_SURFAREA 5');

const solverOf = (text: string) => new DrainageSolver(networkFromSwmm(readSwmmInp(text, 't.inp'), 't.inp'), 't.inp');

describe('MIN_SURFAREA is a floor on the node surface area', () => {
  it('a node whose conduit area (10 m · 0.2 m = 2 m²) is below the floor gets exactly 5 m²', () => {
    const s = solverOf(net(0.2));
    for (const y of [0, 0.1, 0.45, 0.9]) {
      const v = s.volumeAt(0, 10 + y);
      // hand: area = max(2, 5) = 5 m² at every depth below the crown; V = 5·y (a shaft would give 7·y)
      expect(v).toBeCloseTo(5 * y, 9);
    }
    s.volumeAt(0, 10.5);
    expect((s as unknown as { SURF: number }).SURF).toBeCloseTo(5, 9);
  });

  it('a node whose conduit area (10 m · 1 m = 10 m²) is above the floor keeps it: no extra shaft', () => {
    const s = solverOf(net(1));
    expect(s.volumeAt(0, 10.4)).toBeCloseTo(10 * 0.4, 9); // a shaft would give 15·0.4 = 6 m³
    expect((s as unknown as { SURF: number }).SURF).toBeCloseTo(10, 9);
  });

  it('a dry node still has the floor area (no division by zero at the first step)', () => {
    const s = solverOf(net(1));
    s.volumeAt(0, 10);
    expect((s as unknown as { SURF: number }).SURF).toBe(5);
  });

  it('continuity stays at round-off with the floor (SWMM scheme and explicit)', async () => {
    const inflow = ['J1 FLOW "" FLOW 1.0 1.0 0.05'];
    for (const extra of [[], ['--scheme', 'explicit']]) {
      const r = await runDrainage(net(0.2, inflow), extra);
      expect(Math.abs(r.summary.flowRoutingContinuity.continuityErrorPct)).toBeLessThan(1e-6);
    }
  });
});
