/**
 * src/core/detMath.ts against Math.* (wide seeded random ranges: a few ulps) and against exact
 * values (powers, roots, special values as Math gives them). Math.* is the reference for accuracy
 * only: the point of detMath is that it is built from + − × ÷ sqrt and so has the same bits on
 * every host.
 */
import { describe, expect, it } from 'vitest';
import {
  acos,
  asinh,
  atan,
  atan2,
  atanh,
  cbrt,
  cos,
  exp,
  log,
  log10,
  pow,
  sin,
  sinCos,
  sinh,
} from '../../src/core/detMath.ts';

/** a seeded LCG in [0, 1) */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const R = rng(20261123);
const sym = () => (R() < 0.5 ? -1 : 1);
/** exp of a uniform in ±span/2: log-uniform magnitudes */
const logU = (span: number) => Math.exp((R() - 0.5) * span);

function worstRel(
  f: (x: number) => number,
  g: (x: number) => number,
  gen: () => number,
  n = 20000,
): { worst: number; at: number } {
  let worst = 0;
  let at = NaN;
  for (let i = 0; i < n; i++) {
    const x = gen();
    const a = f(x);
    const b = g(x);
    if (Object.is(a, b)) continue;
    const e = Math.abs(a - b) / Math.abs(b);
    if (!(e <= worst)) {
      worst = e;
      at = x;
    }
  }
  return { worst, at };
}

describe('detMath against Math over wide ranges', () => {
  const cases: [string, (x: number) => number, (x: number) => number, () => number, number][] = [
    ['exp', exp, Math.exp, () => (R() - 0.5) * 1400, 4e-16],
    ['exp near 0', exp, Math.exp, () => (R() - 0.5) * 1e-3, 4e-16],
    ['log', log, Math.log, () => logU(1400), 4e-16],
    ['log near 1', log, Math.log, () => 1 + (R() - 0.5) * 0.01, 4e-16],
    ['log subnormal', log, Math.log, () => R() * 2e-308, 4e-16],
    ['log10', log10, Math.log10, () => logU(1400), 4e-16],
    ['cbrt', cbrt, Math.cbrt, () => sym() * logU(1400), 4e-16],
    ['cbrt subnormal', cbrt, Math.cbrt, () => sym() * R() * 2e-308, 4e-16],
    ['sin', sin, Math.sin, () => (R() - 0.5) * 200, 4e-16],
    ['cos', cos, Math.cos, () => (R() - 0.5) * 200, 4e-16],
    ['sin huge', sin, Math.sin, () => sym() * logU(1400), 4e-16],
    ['cos huge', cos, Math.cos, () => sym() * logU(1400), 4e-16],
    ['atan', atan, Math.atan, () => sym() * logU(80), 4e-16],
    ['acos', acos, Math.acos, () => (R() - 0.5) * 2, 5e-16],
    ['sinh', sinh, Math.sinh, () => (R() - 0.5) * 40, 5e-16],
    ['asinh', asinh, Math.asinh, () => sym() * logU(60), 5e-16],
    ['atanh', atanh, Math.atanh, () => (R() - 0.5) * 1.998, 5e-16],
  ];
  for (const [name, f, g, gen, tol] of cases) {
    it(`${name}: max relative error < ${tol}`, () => {
      const { worst, at } = worstRel(f, g, gen);
      expect(worst, `${name} at ${at}`).toBeLessThan(tol);
    });
  }

  it('pow over x in 1e-13…1e13, y in ±10; integer y up to ±64 of negative x; y·log x up to ±700', () => {
    let y = 0;
    const f = (x: number) => pow(x, y);
    const g = (x: number) => Math.pow(x, y);
    expect(
      worstRel(f, g, () => {
        y = (R() - 0.5) * 20;
        return logU(60);
      }).worst,
    ).toBeLessThan(4e-16);
    expect(
      worstRel(f, g, () => {
        y = Math.round((R() - 0.5) * 128);
        return (R() - 0.5) * 20;
      }).worst,
    ).toBeLessThan(4e-16);
    expect(
      worstRel(f, g, () => {
        y = (R() - 0.5) * 400;
        return logU(6);
      }).worst,
    ).toBeLessThan(4e-16);
    for (const c of [2 / 3, 1.5, 5 / 3, 2.5, 0.385, 8 / 3]) {
      y = c;
      expect(worstRel(f, g, () => R() * 10).worst, `y = ${c}`).toBeLessThan(4e-16);
    }
  });

  it('atan2 over the four quadrants and wide ratios', () => {
    let x = 0;
    const { worst } = worstRel(
      (y) => atan2(y, x),
      (y) => Math.atan2(y, x),
      () => {
        x = sym() * logU(40);
        return sym() * logU(40);
      },
    );
    expect(worst).toBeLessThan(4e-16);
  });
});

describe('detMath exact values', () => {
  it('exact powers and roots', () => {
    expect(pow(10, 3)).toBe(1000);
    expect(pow(2, -3)).toBe(0.125);
    expect(pow(-3, 3)).toBe(-27);
    expect(pow(1.1, 2)).toBe(1.1 * 1.1);
    expect(pow(7, 22)).toBe(3909821048582988049); // 7^22 < 2^53·2^9, a double
    expect(pow(2, 0.5)).toBe(Math.SQRT2);
    expect(pow(16, 0.25)).toBe(2);
    expect(pow(8, 1 / 3)).toBe(2);
    expect(pow(4, 1.5)).toBe(8);
    expect(pow(2, 1023)).toBe(8.98846567431158e307);
    expect(pow(2, -1074)).toBe(5e-324);
    expect(cbrt(27)).toBe(3);
    expect(cbrt(-0.001)).toBe(-0.1);
    expect(cbrt(2 ** -1071)).toBe(2 ** -357);
    expect(exp(1)).toBe(Math.E);
    expect(log(Math.E)).toBe(1);
    expect(log(8)).toBe(3 * Math.LN2);
    for (let j = 0; j <= 22; j++) expect(log10(Number(`1e${j}`))).toBe(j);
    expect(log10(0.001)).toBe(-3);
    expect(sin(Math.PI / 6)).toBe(0.49999999999999994); // sin of the double nearest π/6
    expect(cos(Math.PI / 3)).toBe(0.5000000000000001);
    expect(atan(1)).toBe(Math.PI / 4);
    expect(acos(-1)).toBe(Math.PI);
    expect(acos(0)).toBe(Math.PI / 2);
    expect(sinCos(2)).toEqual([sin(2), cos(2)]);
  });

  it('special values as Math gives them: 0, −0, ±1, ±∞, NaN, subnormals, overflow', () => {
    const sp = [
      0,
      -0,
      1,
      -1,
      0.5,
      -0.5,
      2,
      -2,
      3,
      -3,
      1.5,
      -1.5,
      Infinity,
      -Infinity,
      NaN,
      5e-324,
      -5e-324,
      2.2250738585072014e-308,
      1e-310,
      1.7976931348623157e308,
      -1.7976931348623157e308,
      709.78,
      709.79,
      -745.1,
      -745.14,
      710,
      -746,
      1e22,
      1e300,
    ];
    const same = (a: number, b: number) =>
      Object.is(a, b) ||
      (Number.isFinite(b) && b !== 0 && Math.abs(a - b) <= 4e-16 * Math.abs(b)) ||
      (b !== 0 && Math.abs(b) < 1e-300 && Math.abs(a - b) <= 1e-323);
    const unary: [string, (x: number) => number, (x: number) => number][] = [
      ['exp', exp, Math.exp],
      ['log', log, Math.log],
      ['log10', log10, Math.log10],
      ['cbrt', cbrt, Math.cbrt],
      ['sin', sin, Math.sin],
      ['cos', cos, Math.cos],
      ['atan', atan, Math.atan],
      ['acos', acos, Math.acos],
      ['sinh', sinh, Math.sinh],
      ['asinh', asinh, Math.asinh],
      ['atanh', atanh, Math.atanh],
    ];
    const bad: string[] = [];
    for (const [n, f, g] of unary)
      for (const x of sp) if (!same(f(x), g(x))) bad.push(`${n}(${x}) = ${f(x)}, Math: ${g(x)}`);
    for (const x of sp) {
      for (const y of sp) {
        if (!same(pow(x, y), Math.pow(x, y))) bad.push(`pow(${x}, ${y}) = ${pow(x, y)}, Math: ${Math.pow(x, y)}`);
        if (!same(atan2(y, x), Math.atan2(y, x)))
          bad.push(`atan2(${y}, ${x}) = ${atan2(y, x)}, Math: ${Math.atan2(y, x)}`);
      }
    }
    expect(bad).toEqual([]);
    // the signs of zero, spelled out
    expect(Object.is(pow(-0, 3), -0)).toBe(true);
    expect(pow(-0, -3)).toBe(-Infinity);
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(Object.is(cbrt(-0), -0)).toBe(true);
    expect(atan2(-0, -1)).toBe(-Math.PI);
    expect(pow(1, Infinity)).toBeNaN();
    expect(pow(NaN, 0)).toBe(1);
    expect(pow(-8, 1 / 3)).toBeNaN();
  });

  it('correctly rounded values (50-digit references), where Math.log(3) is one ulp off', () => {
    // references: Python decimal at 50 digits, rounded to the nearest double
    expect(exp(0.1)).toBe(1.1051709180756477); // 1.10517091807564763094…
    expect(log(3)).toBe(1.0986122886681098); // 1.09861228866810969139… (Node's Math.log(3): …096)
    expect(pow(0.3, 2 / 3)).toBe(0.4481404746557165); // 0.44814047465571647978…
    expect(cbrt(0.7)).toBe(0.8879040017426006); // 0.88790400174260068965…
    expect(pow(1.7, 5 / 3)).toBe(2.42148362000221); // 2.42148362000220979219…
  });
});
