import { describe, expect, it } from 'vitest';
import { DEPTH_RAMP } from '../../src/export/colorRamp.ts';
import {
  classLabel,
  DEPTH_CLASSES,
  depthClassOf,
  depthClassOfMm,
  gridToMapMatrix,
  paintDepthM,
  paintDepthMm,
  WATER_ALPHA,
} from '../../src/modes/floodRaster.ts';
import { depthToMm, NODATA_MM } from '../../src/modes/framePack.ts';
import { mulberry32 } from '../../src/core/random.ts';

const px = (out: Uint8ClampedArray, k: number) => Array.from(out.subarray(4 * k, 4 * k + 4));

describe('depth classes from the one ramp', () => {
  it('six classes bounded by the ramp stops, each in its stop colour', () => {
    expect(DEPTH_CLASSES.map((c) => [c.fromM, c.toM])).toEqual([
      [0.02, 0.3],
      [0.3, 0.5],
      [0.5, 1],
      [1, 2],
      [2, 4],
      [4, Infinity],
    ]);
    DEPTH_CLASSES.forEach((c, i) => {
      expect(c.rgb).toEqual(DEPTH_RAMP[i].rgb);
    });
    expect(classLabel(DEPTH_CLASSES[0])).toBe('0.02–0.3 m');
    expect(classLabel(DEPTH_CLASSES[5])).toBe('≥ 4 m');
  });

  it('class of a depth: stops belong to the class above; dry, negative and NaN have none', () => {
    const cases: [number, number][] = [
      [NaN, -1],
      [-0.5, -1],
      [0, -1],
      [0.0199, -1],
      [0.02, 0],
      [0.29, 0],
      [0.3, 1],
      [0.499, 1],
      [0.5, 2],
      [1, 3],
      [1.99, 3],
      [2, 4],
      [4, 5],
      [60, 5],
    ];
    for (const [d, k] of cases) expect(depthClassOf(d), String(d)).toBe(k);
    const mm: [number, number][] = [
      [0, -1],
      [19, -1],
      [20, 0],
      [299, 0],
      [300, 1],
      [500, 2],
      [999, 2],
      [1000, 3],
      [2000, 4],
      [4000, 5],
      [65534, 5],
      [NODATA_MM, -1],
    ];
    for (const [d, k] of mm) expect(depthClassOfMm(d), String(d)).toBe(k);
  });
});

describe('painting a frame', () => {
  it('cells at known depths (mm) get the ramp colours, dry and nodata cells are transparent', () => {
    // a 4 × 2 grid: dry, 1 cm, 5 cm, 40 cm / 75 cm, 1.5 m, 3 m, nodata
    const depth = new Uint16Array([0, 10, 50, 400, 750, 1500, 3000, NODATA_MM]);
    const out = new Uint8ClampedArray(depth.length * 4).fill(77); // stale pixels must be overwritten
    expect(paintDepthMm(depth, out)).toBe(5);
    expect(px(out, 0)).toEqual([0, 0, 0, 0]);
    expect(px(out, 1)).toEqual([0, 0, 0, 0]);
    expect(px(out, 2)).toEqual([150, 215, 245, 255]);
    expect(px(out, 3)).toEqual([70, 160, 230, 255]);
    expect(px(out, 4)).toEqual([35, 115, 210, 255]);
    expect(px(out, 5)).toEqual([25, 75, 175, 255]);
    expect(px(out, 6)).toEqual([20, 40, 130, 255]);
    expect(px(out, 7)).toEqual([0, 0, 0, 0]);
    expect(WATER_ALPHA).toBe(255);
  });

  it('depths in metres (NaN nodata) paint the same', () => {
    const depth = new Float32Array([0, 0.01, 0.05, 0.4, 0.75, 1.5, 3, NaN, 9]);
    const out = new Uint8ClampedArray(depth.length * 4);
    expect(paintDepthM(depth, out)).toBe(6);
    expect(px(out, 7)).toEqual([0, 0, 0, 0]);
    expect(px(out, 3)).toEqual([70, 160, 230, 255]);
    expect(px(out, 8)).toEqual([30, 15, 85, 255]);
  });

  it('mm and metre painters agree cell for cell on a random field (away from the stops by more than the mm rounding)', () => {
    const rnd = mulberry32(8);
    const n = 5000;
    const m = new Float32Array(n);
    const stops = DEPTH_CLASSES.map((c) => c.fromM);
    for (let k = 0; k < n; k++) {
      let d = rnd() ** 3 * 6;
      while (stops.some((s) => Math.abs(d - s) < 0.001)) d += 0.0025;
      m[k] = rnd() < 0.05 ? NaN : d;
    }
    const mm = new Uint16Array(n);
    for (let k = 0; k < n; k++) mm[k] = depthToMm(m[k]);
    const a = new Uint8ClampedArray(4 * n),
      b = new Uint8ClampedArray(4 * n);
    const wa = paintDepthMm(mm, a),
      wb = paintDepthM(m, b);
    expect(wa).toBe(wb);
    expect(wa).toBeGreaterThan(1000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    // a second paint replaces the first: an all-dry frame leaves no water
    expect(paintDepthMm(new Uint16Array(n), a)).toBe(0);
    expect(a.every((v) => v === 0)).toBe(true);
  });

  it('refuses an output of the wrong size', () => {
    expect(() => paintDepthMm(new Uint16Array(4), new Uint8ClampedArray(15))).toThrow(RangeError);
  });
});

describe('grid placement', () => {
  it('three corners give the affine map of cell corners and centres', () => {
    // a 300 × 200 grid, north-west at (10, 20), north-east at (610, 26), south-west at (6, 420)
    const m = gridToMapMatrix(300, 200, [10, 20], [610, 26], [6, 420]);
    expect(m).toEqual([2, 0.02, -0.02, 2, 10, 20]);
    const at = (u: number, v: number) => [m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]];
    expect(at(300, 200)).toEqual([606, 426]); // south-east = ne + sw − nw
    expect(at(0.5, 0.5)[0]).toBeCloseTo(10.99, 12);
    expect(at(0.5, 0.5)[1]).toBeCloseTo(21.01, 12);
  });
});
