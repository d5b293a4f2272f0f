import { describe, expect, it } from 'vitest';
import { FrameStore } from '../../../src/sim/frameStore.ts';
import { Playback } from '../../../src/sim/playback.ts';
import { eta } from '../../../src/sim/runController.ts';
import { depthColor, hazardClass, rampGlsl, DEPTH_RAMP } from '../../../src/export/colorRamp.ts';

const f = (...v: number[]) => Float32Array.from(v);

describe('FrameStore', () => {
  it('brackets a time between recorded frames with the linear weight', () => {
    const s = new FrameStore();
    s.push(0, f(0, 0));
    s.push(60, f(1, 0));
    s.push(180, f(3, 2));
    expect(s.bracket(90)).toEqual({ i0: 1, i1: 2, w: 0.25 });
    expect(s.bracket(-5)).toEqual({ i0: 0, i1: 0, w: 0 });
    expect(s.bracket(500)).toEqual({ i0: 2, i1: 2, w: 0 });
    // depth at cell 0, t = 120: halfway between 1 and 3
    expect(s.depthAt(0, 120)).toBeCloseTo(2, 6);
    expect(s.depthAt(1, 150)).toBeCloseTo(1.5, 6);
  });

  it('copies frames in, so the engine may reuse its buffer', () => {
    const s = new FrameStore();
    const buf = f(1, 2);
    s.push(0, buf);
    buf[0] = 99;
    expect(s.frames[0][0]).toBe(1);
  });

  it('replaces a frame at a repeated time and rejects going back', () => {
    const s = new FrameStore();
    s.push(0, f(0));
    s.push(10, f(1));
    const k = s.keys[1];
    s.push(10, f(2));
    expect(s.length).toBe(2);
    expect(s.frames[1][0]).toBe(2);
    expect(s.keys[1]).not.toBe(k);
    expect(() => s.push(5, f(0))).toThrow(/before the last frame/);
  });

  it('thins interior frames past its byte budget, keeping first and last', () => {
    const s = new FrameStore(4 * 4 * 5); // five frames of four cells
    for (let i = 0; i <= 6; i++) s.push(i * 10, new Float32Array(4).fill(i));
    expect(s.bytes()).toBeLessThanOrEqual(4 * 4 * 5);
    expect(s.times[0]).toBe(0);
    expect(s.times[s.length - 1]).toBe(60);
    for (let i = 1; i < s.length; i++) expect(s.times[i]).toBeGreaterThan(s.times[i - 1]);
  });
});

describe('Playback', () => {
  it('follows the newest frame, then plays at its speed and stops at the end', () => {
    let end = 100;
    const p = new Playback(() => end);
    p.tick(0.1);
    expect(p.t).toBe(100);
    end = 1000;
    p.seek(200);
    expect(p.follow).toBe(false);
    p.speed = 300;
    p.play();
    p.tick(0.5);
    expect(p.t).toBe(350);
    p.tick(10);
    expect(p.t).toBe(1000);
    expect(p.playing).toBe(false);
    p.play(); // from the end it starts over
    expect(p.t).toBe(0);
  });
});

describe('run progress', () => {
  it('estimates the time left from the simulated-time rate so far', () => {
    // 600 of 3600 s simulated in 2 s of wall time -> 3000 s left at 300×: 10 s
    expect(eta({ t: 600, durationS: 3600, wallS: 2 })).toBeCloseTo(10, 9);
    expect(eta({ t: 0, durationS: 3600, wallS: 2 })).toBeNull();
  });
});

describe('depth colours', () => {
  it('interpolates the ramp between stops and holds it at the ends', () => {
    expect(depthColor(0)).toEqual(DEPTH_RAMP[0].rgb);
    expect(depthColor(10)).toEqual(DEPTH_RAMP[DEPTH_RAMP.length - 1].rgb);
    // halfway between 0.5 m (35,115,210) and 1.0 m (25,75,175)
    expect(depthColor(0.75)).toEqual([30, 95, 193]);
  });
  it('classes hazard by the FD2320 rating from depth and speed (tests/unit/web/hazardRamp.test.ts has the boundaries)', () => {
    expect(hazardClass(0.2, 0).name).toBe('low');
    expect(hazardClass(0.3, 3).name).toBe('extreme');
  });
  it('generates GLSL for the same stops', () => {
    const g = rampGlsl();
    expect(g).toContain('vec3 depthRamp(float d)');
    expect(g).toContain('if (d <= 0.3000)');
    expect(g).toContain('vec3 hazardRamp(float c)');
  });
});
