/**
 * The hazard view's classes: FD2320 HR = d·(v + 0.5) + DF (DF 0.5 up to 0.25 m, else 1), classes
 * low < 0.75 ≤ moderate < 1.25 ≤ significant ≤ 2.0 < extreme, from depth AND speed, and the same
 * answer as the metrics' hazardClassGrid for every cell; the generated GLSL picks the same colours.
 */
import { describe, expect, it } from 'vitest';
import {
  HAZARD_CLASSES,
  hazardClass,
  hazardClassesInto,
  hazardClassOf,
  rampGlsl,
} from '../../../src/export/colorRamp.ts';
import { hazardClassGrid } from '../../../workers/analysis/hazardRating.ts';
import { FrameStore } from '../../../src/sim/frameStore.ts';

describe('hazard classes of the water layer', () => {
  it('puts the class boundaries where FD2320 does (hand-computed HR)', () => {
    // d = 0.25, DF 0.5: HR = 0.25 (v + 0.5) + 0.5 → 0.75 at v = 0.5 (moderate), just under at v = 0.49
    expect(hazardClassOf(0.25, 0.49)).toBe(0); // 0.7475
    expect(hazardClassOf(0.25, 0.5)).toBe(1); // 0.75
    // d = 0.5, DF 1: HR = 0.5 (v + 0.5) + 1 → 1.25 at v = 0 (significant), 2.0 at v = 1.5 (still significant)
    expect(hazardClassOf(0.4, 0)).toBe(1); // 1.2
    expect(hazardClassOf(0.5, 0)).toBe(2); // 1.25
    expect(hazardClassOf(0.5, 1.5)).toBe(2); // 2.0
    expect(hazardClassOf(0.5, 1.52)).toBe(3); // 2.01
    // the debris factor steps at 0.25 m: 0.25 m still is low (0.625), 0.26 m still is moderate (1.13)
    expect(hazardClassOf(0.25, 0)).toBe(0);
    expect(hazardClassOf(0.26, 0)).toBe(1);
    // negative or missing speed counts as still water
    expect(hazardClassOf(0.4, -3)).toBe(1);
    expect(HAZARD_CLASSES.map((h) => h.name)).toEqual(['low', 'moderate', 'significant', 'extreme']);
  });

  it('a fast cell is a higher class than a still one of the same depth', () => {
    expect(hazardClass(0.3, 0).name).toBe('moderate'); // 1.15
    expect(hazardClass(0.3, 3).name).toBe('extreme'); // 2.05
    expect(hazardClass(1.0, 0).name).toBe('significant'); // 1.5
    expect(hazardClass(1.0, 1.2).name).toBe('extreme'); // 2.7
  });

  it('classes a frame cell by cell exactly like the metrics (hazardClassGrid), still water without speed', () => {
    const depth = Float32Array.from([0.05, 0.2, 0.25, 0.26, 0.3, 0.5, 0.8, 1.2, 2.5, 0.3]);
    const speed = Float32Array.from([0, 2, 0.5, 0, 3, 1.5, 0.2, 0.7, 0, 0.1]);
    const out = new Float32Array(depth.length);
    hazardClassesInto(depth, speed, out);
    const ref = hazardClassGrid(depth, speed, 0.01);
    expect(Array.from(out)).toEqual(Array.from(ref));
    expect(Array.from(out)).toEqual([0, 1, 1, 1, 3, 2, 2, 3, 3, 1]);
    hazardClassesInto(depth, null, out);
    expect(Array.from(out)).toEqual(Array.from(hazardClassGrid(depth, undefined, 0.01)));
  });

  it('generates a GLSL hazardRamp of the class index with the table colours', () => {
    const g = rampGlsl();
    const f = (x: number) => (x / 255).toFixed(4);
    for (let k = 0; k < 3; k++)
      expect(g).toContain(`if (c < ${(k + 0.5).toFixed(4)}) return vec3(${HAZARD_CLASSES[k].rgb.map(f).join(', ')})`);
    expect(g).toContain(`return vec3(${HAZARD_CLASSES[3].rgb.map(f).join(', ')});\n}`);
  });
});

describe('frame store keeps each frame speed', () => {
  it('copies speed with depth, replaces both on a repeated time, keeps them aligned when thinning', () => {
    const n = 1000;
    const fs = new FrameStore(n * 4 * 2 * 4); // room for 4 frames of depth + speed
    for (let i = 0; i < 6; i++)
      fs.push(i * 10, new Float32Array(n).fill(i), i === 2 ? null : new Float32Array(n).fill(100 + i));
    expect(fs.frames.length).toBe(fs.speeds.length);
    expect(fs.bytes()).toBeLessThanOrEqual(n * 4 * 2 * 4);
    fs.frames.forEach((f, j) => {
      const i = f[0];
      expect(fs.times[j]).toBe(i * 10);
      expect(fs.speeds[j]?.[0] ?? null).toBe(i === 2 ? null : 100 + i);
    });
    const sp = new Float32Array(n).fill(7);
    fs.push(50, new Float32Array(n).fill(9), sp);
    sp[0] = -1; // a copy is kept
    expect(fs.speeds[fs.speeds.length - 1]![0]).toBe(7);
  });
});
