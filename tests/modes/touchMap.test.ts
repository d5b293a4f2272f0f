import { describe, expect, it } from 'vitest';
import { pinchView } from '../../src/modes/kiosk/touchMap.ts';

describe('pinch zoom', () => {
  it('spreading two fingers from 100 px to 200 px apart doubles the scale about their midpoint', () => {
    const v = pinchView({ x: 0, y: 0, k: 1 }, [100, 100], [200, 100], [50, 100], [250, 100]);
    expect(v.k).toBeCloseTo(2, 12);
    // the map point under the midpoint (150, 100) stays under it: (150 - x) / k = 150
    expect((150 - v.x) / v.k).toBeCloseTo(150, 12);
    expect((100 - v.y) / v.k).toBeCloseTo(100, 12);
  });
  it('moving both fingers together pans; the scale is clamped', () => {
    const v = pinchView({ x: 10, y: 20, k: 2 }, [0, 0], [100, 0], [30, 40], [130, 40]);
    expect(v).toEqual({ x: 40, y: 60, k: 2 });
    expect(pinchView({ x: 0, y: 0, k: 1 }, [0, 0], [100, 0], [0, 0], [1, 0]).k).toBe(0.5);
    expect(pinchView({ x: 0, y: 0, k: 4 }, [0, 0], [10, 0], [0, 0], [100, 0]).k).toBe(8);
  });
});
