import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePack } from '../../src/modes/makeFramePacks.ts';
import { unpackFrames } from '../../src/modes/framePack.ts';
import { depthClassOfMm } from '../../src/modes/floodRaster.ts';

const readPack = (f: string) => unpackFrames(gunzipSync(readFileSync(f)), f);

describe('frame packs come from the engine', () => {
  it('rerunning the first 1440 s of levee A gives the committed kiosk frames (the same depth class in 99 % of the cells)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-pack-'));
    const out = join(dir, 'fails.frames.gz');
    await makePack(
      out,
      [{ id: 'fails', scenario: 'scenarios/levee-a.json', durationS: 1440, frameIntervalS: 120 }],
      1,
      () => undefined,
    );
    const fresh = readPack(out);
    const committed = readPack('scenarios/kiosk/levee.frames.gz');
    const clip = committed.clips.find((c) => c.id === 'fails')!;
    expect(clip.scenario).toBe('scenarios/levee-a.json');
    const times = Array.from({ length: 13 }, (_, i) => 120 * i);
    expect(fresh.times).toEqual(times);
    expect(committed.times.slice(clip.first, clip.first + 13)).toEqual(times);
    const wetCells = (f: Uint16Array) => f.reduce((n, v) => n + (depthClassOfMm(v) >= 0 ? 1 : 0), 0);
    for (let i = 0; i < 13; i++) {
      const a = fresh.frames[i],
        b = committed.frames[clip.first + i];
      let sameClass = 0,
        wetA = 0,
        wetB = 0;
      for (let k = 0; k < a.length; k++) {
        if (depthClassOfMm(a[k]) === depthClassOfMm(b[k])) sameClass++;
        if (depthClassOfMm(a[k]) >= 0) wetA++;
        if (depthClassOfMm(b[k]) >= 0) wetB++;
      }
      // what a visitor sees: the depth class of (almost) every cell. The tolerance lets the engine's
      // numerics move (a new time-step rule changes depths by centimetres); a stale or wrong pack
      // (another scenario, another twin, a broken engine) is far outside it. Past it: rerun makeFramePacks
      expect(sameClass / a.length, `frame ${i}: cells in the same class`).toBeGreaterThan(0.99);
      expect(Math.abs(wetA - wetB) / wetB, `frame ${i}: wet cells ${wetA} vs ${wetB}`).toBeLessThan(0.02);
    }
    // the tolerance tells the clips apart: with the wall (levee B) 1440 s in, 7 % fewer cells are wet
    const holds = committed.clips.find((c) => c.id === 'holds')!;
    const wetHolds = wetCells(committed.frames[holds.first + 12]),
      wetFresh = wetCells(fresh.frames[12]);
    expect((wetFresh - wetHolds) / wetHolds).toBeGreaterThan(0.05);
  }, 60_000);
});
