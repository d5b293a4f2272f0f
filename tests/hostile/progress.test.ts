import { describe, expect, it } from 'vitest';
import { eta, progressAtFrame } from '../../src/sim/runController.ts';

// the page's progress text stayed at "running 9 % · 4 min 54 s left" while the frames reached 1 h 04 min of 3 h
describe('progress follows the frames', () => {
  it('a frame ahead of the last progress message moves the progress and its estimate', () => {
    const last = { t: 0.09 * 10800, durationS: 10800, steps: 500, wallS: 30 };
    const p = progressAtFrame(last, 3840, 120)!;
    expect(p.t / p.durationS).toBeCloseTo(0.356, 3);
    expect(eta(p)).toBeCloseTo((10800 - 3840) * (120 / 3840), 6);
    expect(progressAtFrame(last, 600, 130)).toBeNull(); // behind the message: keep the message
  });
});
