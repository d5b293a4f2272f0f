import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../../src/core/errors.ts';
import {
  depthToMm,
  frameIndexAt,
  isGzip,
  NODATA_MM,
  packFrames,
  unpackFrames,
  type PackHeader,
} from '../../src/modes/framePack.ts';

const header = (
  times: number[],
  clips = [{ id: 'a', scenario: 's.json', first: 0, count: times.length }],
): PackHeader => ({
  ncols: 3,
  nrows: 2,
  cellSize: 10,
  xll: 100,
  yll: 200,
  epsg: 32648,
  cornersLonLat: { nw: [106.48, 29.6], ne: [106.51, 29.6], sw: [106.48, 29.58] },
  times,
  clips,
});

describe('frame packs', () => {
  it('round trip: depths to whole mm, NaN to nodata, deeper than 65.534 m held', () => {
    const f0 = new Float32Array([0, 0.0004, 0.0006, 1.2345, NaN, 70]);
    const f1 = new Float32Array([-0.01, 0.02, 0.3, 0.5, 2, 4]);
    const bytes = packFrames(header([3600, 7200]), [f0, f1]);
    const p = unpackFrames(bytes, 'x.frames');
    expect(p.ncols).toBe(3);
    expect(p.times).toEqual([3600, 7200]);
    expect(Array.from(p.frames[0])).toEqual([0, 0, 1, 1235, NODATA_MM, 65534]);
    expect(Array.from(p.frames[1])).toEqual([0, 20, 300, 500, 2000, 4000]);
    expect(depthToMm(0.0305)).toBe(31);
    // an unaligned view (as a sliced network buffer may be) reads the same
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(unpackFrames(shifted.subarray(1)).frames[1])).toEqual([0, 20, 300, 500, 2000, 4000]);
  });

  it('the frame at a time is the last at or before it, per clip', () => {
    const h = header(
      [0, 120, 240, 0, 120],
      [
        { id: 'holds', scenario: 'b', first: 0, count: 3 },
        { id: 'fails', scenario: 'a', first: 3, count: 2 },
      ],
    );
    expect(frameIndexAt(h, -1)).toBe(-1);
    expect(frameIndexAt(h, 0)).toBe(0);
    expect(frameIndexAt(h, 119.9)).toBe(0);
    expect(frameIndexAt(h, 120)).toBe(1);
    expect(frameIndexAt(h, 1e6)).toBe(2);
    expect(frameIndexAt(h, 130, 1)).toBe(4);
  });

  it('bad bytes throw InputErrors naming the file and the field', () => {
    const good = packFrames(header([1]), [new Float32Array(6)]);
    const bad = (b: Uint8Array) => {
      try {
        unpackFrames(b, 'd.frames');
      } catch (e) {
        return e as InputError;
      }
      throw new Error('no error');
    };
    const e1 = bad(new Uint8Array([1, 2, 3]));
    expect(e1).toBeInstanceOf(InputError);
    expect(e1.message).toMatch(/^d\.frames, field header: 3 bytes/);
    const m = good.slice();
    m[0] = 0x58;
    expect(bad(m).message).toMatch(/d\.frames, field byte 0: not a frame pack/);
    expect(bad(good.subarray(0, good.length - 2)).message).toMatch(/field byte \d+: \d+ bytes, 1 frames of 3×2 need/);
    const v = good.slice();
    v[4] = 9;
    expect(bad(v).message).toMatch(/field byte 4: version 9/);
    const twoClips = packFrames(header([5, 5], [{ id: 'a', scenario: 's', first: 0, count: 2 }]), [
      new Float32Array(6),
      new Float32Array(6),
    ]);
    expect(bad(twoClips).message).toMatch(/field times\[1\]: times must increase/);
    const outside = packFrames(header([5], [{ id: 'a', scenario: 's', first: 0, count: 2 }]), [new Float32Array(6)]);
    expect(bad(outside).message).toMatch(/field clips\[0\]/);
  });

  it('the committed drill pack covers the drill window, hour by hour, on the small twin', () => {
    const file = 'scenarios/drills/jialing-flood-drill.frames.gz';
    expect(existsSync(file)).toBe(true);
    const raw = new Uint8Array(readFileSync(file));
    expect(isGzip(raw)).toBe(true);
    const p = unpackFrames(gunzipSync(raw), file);
    const drill = JSON.parse(readFileSync('scenarios/drills/jialing-flood-drill.json', 'utf8'));
    expect([p.ncols, p.nrows, p.cellSize, p.xll, p.yll]).toEqual([300, 200, 10, 643500, 3273300]);
    // drill 0 s ↔ scenario 295200 s (frame 82); drill 900 s ↔ 295200 + 900 · 120 = 403200 s (frame 112)
    expect(p.times[0]).toBe(drill.scenarioStartS);
    expect(p.times.at(-1)).toBe(drill.scenarioStartS + drill.durationS * drill.scenarioSecondsPerDrillSecond);
    expect(p.times.length).toBe(31);
    p.times.forEach((t, i) => {
      expect(t).toBe(295200 + 3600 * i);
    });
    // the drill's run: the base scenario plus the breach inject (420 s → 295200 + 420 · 120 = 345600 s)
    expect(p.clips).toEqual([
      {
        id: 'drill',
        scenario: 'scenarios/small-river-flood.json',
        first: 0,
        count: 31,
        note: 'levee breach "breach" at 345600 s',
      },
    ]);
    // the old town behind the levee (col 150, row 110) is dry until the breach and deep after it
    const town = p.frames.map((f) => f[110 * p.ncols + 150]);
    for (let i = 0; i <= 14; i++) expect(town[i], `${p.times[i]} s`).toBeLessThan(20);
    expect(town[16]).toBeGreaterThan(2000);
    // the south-west corner is the twin's origin (data/small/twin.json)
    expect(p.cornersLonLat.sw[0]).toBeCloseTo(106.4815867, 6);
    expect(p.cornersLonLat.sw[1]).toBeCloseTo(29.5812322, 6);
  });
});

describe('the kiosk packs say what their captions say', () => {
  const read = (f: string) => unpackFrames(gunzipSync(readFileSync(f)), f);
  const wet = (f: Uint16Array) => {
    let n = 0;
    for (let k = 0; k < f.length; k++) if (f[k] >= 20 && f[k] !== NODATA_MM) n++;
    return n;
  };
  const stored = (f: Uint16Array) => {
    let v = 0;
    for (let k = 0; k < f.length; k++) if (f[k] !== NODATA_MM) v += f[k];
    return v;
  };

  it('a sponge city: the same storm leaves less water than without it', () => {
    const rain = read('scenarios/kiosk/rain.frames.gz'),
      sponge = read('scenarios/kiosk/sponge.frames.gz');
    expect(sponge.times).toEqual(rain.times);
    expect(rain.times.at(-1)).toBe(7200);
    for (let i = 1; i < rain.times.length; i++)
      expect(stored(sponge.frames[i]), `t = ${rain.times[i]} s`).toBeLessThan(stored(rain.frames[i]));
    const last = rain.times.length - 1;
    expect(wet(sponge.frames[last])).toBeLessThan(wet(rain.frames[last]));
  });

  it('the levee: without the wall more cells are wet and the old town stands deeper', () => {
    const p = read('scenarios/kiosk/levee.frames.gz');
    const holds = p.clips.find((c) => c.id === 'holds')!,
      fails = p.clips.find((c) => c.id === 'fails')!;
    const lastH = p.frames[holds.first + holds.count - 1],
      lastF = p.frames[fails.first + fails.count - 1];
    expect(wet(lastF) - wet(lastH)).toBeGreaterThan(1000); // 0.1 km² more under water
    // the old-town point of levee-b.json (645100, 3274200): col 160, row 110
    const k = 110 * p.ncols + 160;
    expect(lastF[k] - lastH[k]).toBeGreaterThan(2000);
  });
});
