import { describe, expect, it } from 'vitest';
import {
  SEC,
  section,
  shapeCode,
  criticalDepth,
  criticalDepthFrom,
  normalDepth,
  normalDepthFrom,
} from '../../workers/drainage/xsection.ts';

const CIRC = shapeCode('circular');
const RECT = shapeCode('rect_open');
const TRAP = shapeCode('trapezoidal');

describe('cross-section geometry', () => {
  it('circle: half and full area, hydraulic radius D/4 at half and full (tabulated within 0.1 %)', () => {
    const d = 0.9;
    section(CIRC, d, 0, 0, 0, d / 2);
    expect(SEC.a).toBeCloseTo((Math.PI * d * d) / 8, 9);
    expect(SEC.r).toBeCloseTo(d / 4, 9);
    expect(SEC.t).toBeCloseTo(d, 9);
    section(CIRC, d, 0, 0, 0, d);
    expect(SEC.a).toBeCloseTo((Math.PI * d * d) / 4, 9);
    expect(SEC.t).toBe(0);
    // between table nodes, against the closed form
    for (const f of [0.0007, 0.13, 0.377, 0.81, 0.9993]) {
      const y = f * d;
      const th = 2 * Math.acos(1 - 2 * f);
      section(CIRC, d, 0, 0, 0, y);
      expect(Math.abs(SEC.a - ((d * d) / 8) * (th - Math.sin(th))) / SEC.a).toBeLessThan(1e-3);
    }
  });

  it('trapezoid: A = b·y + ½(m1 + m2)·y², T = b + (m1 + m2)·y', () => {
    section(TRAP, 2, 3, 1, 2, 1.5);
    expect(SEC.a).toBeCloseTo(3 * 1.5 + 0.5 * 3 * 2.25, 12);
    expect(SEC.t).toBeCloseTo(3 + 3 * 1.5, 12);
  });

  it('critical depth of a rectangular channel: yc = (q²/(g·b²))^(1/3)', () => {
    const b = 2,
      q = 1.3;
    const yc = Math.cbrt((q * q) / (9.80665 * b * b));
    expect(criticalDepth(RECT, 3, b, 0, 0, q)).toBeCloseTo(yc, 5);
    expect(criticalDepthFrom(RECT, 3, b, 0, 0, q, 0.1)).toBeCloseTo(yc, 5);
  });

  it('normal depth of a wide rectangle from Manning, Newton and bisection agree', () => {
    const b = 2,
      n = 0.015,
      s = 0.002,
      y = 0.6;
    const q = (1 / n) * b * y * ((b * y) / (b + 2 * y)) ** (2 / 3) * Math.sqrt(s);
    const beta = Math.sqrt(s) / n;
    expect(normalDepth(RECT, 3, b, 0, 0, q, beta)).toBeCloseTo(y, 5);
    expect(normalDepthFrom(RECT, 3, b, 0, 0, q, beta, 0.2)).toBeCloseTo(y, 5);
    expect(normalDepthFrom(CIRC, 1, 0, 0, 0, 0.3, beta, 0.3)).toBeCloseTo(normalDepth(CIRC, 1, 0, 0, 0, 0.3, beta), 5);
  });
});
