import { describe, expect, it } from 'vitest';
import { inpText, runDrainage } from './inp.ts';

const N = 0.013;
const SLOPE = 0.01;
const LEN = 100;

function singleConduit(xsection: string, q: number, jMax = 3): string {
  return inpText(
    {},
    {
      JUNCTIONS: [`J1 10 ${jMax} 0 0 0`],
      OUTFALLS: ['O1 9 FREE NO'],
      CONDUITS: [`C1 J1 O1 ${LEN} ${N} 0 0 0 0`],
      XSECTIONS: [`C1 ${xsection} 1`],
      INFLOWS: [`J1 FLOW "" FLOW 1.0 1.0 ${q}`],
    },
  );
}

/** Depth at which Manning's Q(y) = q, by bisection (hand method). */
function normalDepth(areaPerim: (y: number) => [number, number], q: number, hi: number): number {
  let lo = 1e-9;
  for (let i = 0; i < 80; i++) {
    const m = 0.5 * (lo + hi);
    const [a, p] = areaPerim(m);
    if ((1 / N) * a * (a / p) ** (2 / 3) * Math.sqrt(SLOPE) < q) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

const lastDepth = (r: Awaited<ReturnType<typeof runDrainage>>, node: string) =>
  Number(r.nodes.filter((l) => l[1] === node).at(-1)![3]);

describe("conduits of SWMM's other shapes run at Manning's normal depth", () => {
  it('PARABOLIC channel (H 1 m, top width 2 m): the inlet settles at the hand normal depth', async () => {
    const q = 0.8;
    const parab = (y: number): [number, number] => {
      const b = Math.sqrt(y); // half-width: W/2·√(y/H) = √y
      const c = 1; // y = c·x²
      const arc = 2 * ((b / 2) * Math.sqrt(1 + 4 * c * c * b * b) + Math.asinh(2 * c * b) / (4 * c));
      return [(2 / 3) * 2 * b * y, arc];
    };
    const yn = normalDepth(parab, q, 1);
    const r = await runDrainage(singleConduit('PARABOLIC 1 2 0 0', q));
    expect(Math.abs(lastDepth(r, 'J1') - yn) / yn).toBeLessThan(0.01);
    expect(Math.abs(Number(r.links.filter((l) => l[1] === 'C1').at(-1)![2]) - q) / q).toBeLessThan(0.01);
  });

  it('RECT_TRIANGULAR (H 1.2, W 1, triangle 0.4 m): the inlet settles at the hand normal depth', async () => {
    const q = 1.2;
    const side = Math.sqrt(0.4 * 0.4 + 0.25);
    const rt = (y: number): [number, number] =>
      y < 0.4 ? [(y * y) / 0.8, (2 * side * y) / 0.4] : [y - 0.2, 2 * side + 2 * (y - 0.4)];
    const yn = normalDepth(rt, q, 1.1);
    const r = await runDrainage(singleConduit('RECT_TRIANGULAR 1.2 1 0.4 0', q));
    expect(Math.abs(lastDepth(r, 'J1') - yn) / yn).toBeLessThan(0.01);
  });

  it('a chain of EGG, HORSESHOE, GOTHIC, ARCH, HORIZ_ELLIPSE, BASKETHANDLE conduits passes its inflow with closed continuity', async () => {
    const shapes = [
      'EGG 1.5 0 0 0',
      'HORSESHOE 1.2 0 0 0',
      'GOTHIC 1.4 0 0 0',
      'ARCH 1 1.6 0 0',
      'HORIZ_ELLIPSE 1 1.6 0 0',
      'BASKETHANDLE 1.3 0 0 0',
    ];
    const nodes = shapes.map((_, i) => `J${i + 1} ${20 - i} 3 0 0 0`);
    const conduits = shapes.map(
      (_, i) => `C${i + 1} J${i + 1} ${i + 1 < shapes.length ? `J${i + 2}` : 'O1'} ${LEN} ${N} 0 0 0 0`,
    );
    const text = inpText(
      { end: '02:00:00' },
      {
        JUNCTIONS: nodes,
        OUTFALLS: [`O1 ${20 - shapes.length} FREE NO`],
        CONDUITS: conduits,
        XSECTIONS: shapes.map((s, i) => `C${i + 1} ${s} 1`),
        INFLOWS: ['J1 FLOW "" FLOW 1.0 1.0 1.5'],
      },
    );
    const r = await runDrainage(text);
    // steady state: every conduit carries the inflow (the step's front peaks higher, as it does in circles)
    for (let i = 1; i <= shapes.length; i++) {
      expect(Number(r.links.filter((l) => l[1] === `C${i}`).at(-1)![2])).toBeCloseTo(1.5, 3);
    }
    expect(Math.abs(r.summary.flowRoutingContinuity.continuityErrorPct)).toBeLessThan(1e-6);
    expect(r.summary.nodeFloodingSummary ?? []).toEqual([]);
  });
});
