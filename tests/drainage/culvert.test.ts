import { describe, expect, it } from 'vitest';
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from '../../workers/drainage/fromSwmm.ts';
import { DrainageSolver } from '../../workers/drainage/solver.ts';
import { inpText } from './inp.ts';

const FT = 0.3048;
const CFS = FT ** 3;
const D = 1.5;
const SLOPE = 0.6 / 30;

/** A large pond (depth `hw` at the culvert invert) drained by a 30 m, 2 % concrete culvert of diameter 1.5 m. */
function culvert(hw: number, code: string): DrainageSolver {
  const text = inpText(
    {},
    {
      STORAGE: [`W 0 6 ${hw} FUNCTIONAL 0 0 1000000 0 0`],
      OUTFALLS: ['O1 -0.6 FREE NO'],
      CONDUITS: ['C1 W O1 30 0.013 0 0'],
      XSECTIONS: [`C1 CIRCULAR ${D} 0 0 0 1 ${code}`],
    },
  );
  const s = new DrainageSolver(networkFromSwmm(readSwmmInp(text, 'culvert.inp'), 'culvert.inp'), 'culvert.inp');
  s.advanceTo(120);
  return s;
}

/** Circle geometry by hand: area and top width at depth y. */
function circle(y: number): [number, number] {
  const th = 2 * Math.acos(1 - (2 * y) / D);
  return [((D * D) / 8) * (th - Math.sin(th)), D * Math.sin(th / 2)];
}

const aFt = (Math.PI / 4) * (D / FT) ** 2;
const dFt = D / FT;

describe('culvert inlet control (FHWA HDS-5, code 1: concrete pipe, square edge with headwall)', () => {
  it('submerged inlet (HW = 3 m = 2D): Q = A·D^0.5·√((HW/D − Y + 0.5 S)/c) in US units', () => {
    const q = culvert(3, '1').lQ[0];
    const x = Math.sqrt((2 - 0.67 + 0.5 * SLOPE) / 0.0398);
    const want = x * aFt * Math.sqrt(dFt) * CFS; // ≈ 6.9 m³/s
    expect(Math.abs(q - want) / want).toBeLessThan(0.01);
    // without the culvert code the barrel alone carries far more: the inlet is what limits
    expect(culvert(3, '').lQ[0]).toBeGreaterThan(1.2 * want);
  });

  it('unsubmerged inlet (HW = 0.9 m): the flow satisfies form 1, HW/D = Hc/D + K·x^M − 0.5·S', () => {
    const q = culvert(0.9, '1').lQ[0];
    // critical depth of q in the circle, by hand (bisection on q²T = gA³)
    let lo = 1e-6;
    let hi = D * 0.999;
    for (let i = 0; i < 60; i++) {
      const m = 0.5 * (lo + hi);
      const [a, t] = circle(m);
      if (q * q * t > 9.80665 * a * a * a) lo = m;
      else hi = m;
    }
    const [ac, tc] = circle(lo);
    const hc = lo + ac / (2 * tc);
    const x = q / CFS / (aFt * Math.sqrt(dFt));
    expect(x).toBeLessThan(3.5);
    const hw = D * (hc / D + 0.0098 * x ** 2 - 0.5 * SLOPE);
    expect(Math.abs(hw - 0.9) / 0.9).toBeLessThan(0.01);
  });

  it('a culvert code outside the table is refused, naming the conduit', () => {
    expect(() => culvert(1, '57')).toThrow(/C1.*culvert code 57/);
  });
});
