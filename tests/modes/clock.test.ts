import { describe, expect, it } from 'vitest';
import {
  drillTime,
  initialClock,
  jumpTo,
  jumpToInject,
  pause,
  setSpeed,
  settle,
  start,
} from '../../src/modes/drill/clock.ts';

describe('drill clock', () => {
  it('runs from its anchor at its speed, pauses and resumes where it stopped', () => {
    let c = initialClock(900);
    expect(drillTime(c, 5_000)).toBe(0);
    c = start(c, 10_000);
    expect(drillTime(c, 12_500)).toBeCloseTo(2.5, 12);
    c = setSpeed(c, 12_500, 4); // from 2.5 s on, 4 drill s per wall s
    expect(drillTime(c, 13_500)).toBeCloseTo(6.5, 12);
    c = pause(c, 14_000); // 2.5 + 1.5 * 4 = 8.5
    expect(drillTime(c, 14_000)).toBeCloseTo(8.5, 12);
    expect(drillTime(c, 99_000)).toBeCloseTo(8.5, 12);
    c = start(c, 100_000);
    expect(drillTime(c, 100_500)).toBeCloseTo(10.5, 12);
    expect(c.seq).toBe(4);
  });

  it('jumps to an inject, keeps running or paused, and clamps to [0, end]', () => {
    let c = start(initialClock(900, 2), 0);
    c = jumpToInject(c, 1_000, [90, 150, 240], 1);
    expect(drillTime(c, 1_000)).toBe(150);
    expect(drillTime(c, 2_000)).toBe(152);
    c = pause(c, 2_000);
    c = jumpTo(c, 3_000, 5_000);
    expect(drillTime(c, 3_000)).toBe(900);
    c = jumpTo(c, 3_000, -5);
    expect(drillTime(c, 3_000)).toBe(0);
    expect(() => jumpToInject(c, 0, [90], 1)).toThrow(/no inject 1/);
    expect(() => setSpeed(c, 0, 0)).toThrow(RangeError);
  });

  it('stops at the end and starts again from 0', () => {
    let c = start(initialClock(10), 0);
    expect(drillTime(c, 60_000)).toBe(10);
    c = settle(c, 60_000);
    expect(c.running).toBe(false);
    expect(drillTime(c, 70_000)).toBe(10);
    c = start(c, 70_000);
    expect(drillTime(c, 71_000)).toBe(1);
  });

  it('replay is deterministic: the same controls at the same wall times give the same times', () => {
    const script = (c0: ReturnType<typeof initialClock>) => {
      let c = start(c0, 0);
      c = setSpeed(c, 3_000, 10);
      c = jumpTo(c, 4_000, 200);
      c = pause(c, 9_000);
      return [0, 1_000, 3_500, 4_000, 8_000, 20_000].map((t) => drillTime(c, t));
    };
    expect(script(initialClock(900))).toEqual(script(initialClock(900)));
    expect(script(initialClock(900))[5]).toBe(250); // 200 + 5 s * 10
  });
});
