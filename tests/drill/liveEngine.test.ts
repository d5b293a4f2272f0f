/**
 * The live drill engine (workers/drill/liveEngine.ts): frame by frame it gives the uninterrupted
 * run's bits; a breach picked at a point lets the water through a levee; rain scaled from now
 * changes the volume by the factor's share; the log replays byte for byte.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { parseDrillLog, drillLogJson } from '../../src/modes/drill/log.ts';
import { LiveDrillEngine, type LiveFrame } from '../../workers/drill/liveEngine.ts';
import { replayLog } from '../../workers/drill/replay.ts';
import { scaledRain } from '../../workers/drill/rainScale.ts';
import { roadCells } from '../../workers/drill/roadCells.ts';
import type { DrillLog } from '../../workers/drill/injects.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { demFrom, setupFor } from '../flood/helpers.ts';

const dir = resolve(__dirname, '../../scenarios');

async function tiny(): Promise<FloodSetup> {
  const file = resolve(dir, 'tiny/scenario.json');
  return (
    await prepareRun(
      readFileSync(file, 'utf8'),
      'scenario.json',
      async (f) => new Uint8Array(readFileSync(resolve(dir, 'tiny', f))),
    )
  ).setup;
}

const bytes = (x: ArrayBufferView): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
const digest = (frames: LiveFrame[]): string => {
  const h = createHash('sha256');
  for (const f of frames) {
    h.update(String(f.t));
    h.update(bytes(f.depth));
    h.update(bytes(f.speed));
    h.update(JSON.stringify(f.board));
  }
  return h.digest('hex');
};

/** a reservoir (west, 5 m deep) behind a levee at columns 19–20 (crest 8 m) from dry land at 2 m (east) */
function leveeSetup(): FloodSetup {
  const dem = demFrom(40, 20, 10, (c) => (c === 19 || c === 20 ? 8 : c < 19 ? 0 : 2));
  const setup = setupFor(dem, {
    durationS: 900,
    edges: { north: 'closed', south: 'closed', east: 'closed', west: 'closed' },
    outputs: { points: [], intervalS: 60, gridTimesS: [], arrivalDepthM: 0.05, frameIntervalS: 60 },
  });
  setup.initialDepth = Float32Array.from({ length: 40 * 20 }, (_, k) => (k % 40 < 19 ? 5 : 0));
  return setup;
}

describe('live drill engine', () => {
  it("without injects, frame by frame gives the uninterrupted run's frames bit for bit", async () => {
    const setup = await tiny();
    const want: { t: number; depth: Float32Array }[] = [];
    runFloodInProcess(setup, { sink: { frame: (t, depth) => want.push({ t, depth }) } });
    const engine = new LiveDrillEngine(setup);
    const got: LiveFrame[] = [engine.current()];
    for (let f = engine.next(); f; f = engine.next()) got.push(f);
    expect(got.map((f) => f.t)).toEqual(want.map((f) => f.t));
    got.forEach((f, i) => {
      expect(bytes(f.depth).equals(bytes(want[i].depth))).toBe(true);
    });
    expect(engine.done).toBe(true);
  });

  it('a breach picked on the levee lets the reservoir through; without it the land stays dry', () => {
    const land = 10 * 40 + 30; // row 10, column 30: 100 m east of the levee
    const run = (breach: boolean): number[] => {
      const e = new LiveDrillEngine(leveeSetup());
      e.next();
      if (breach) e.apply({ kind: 'leveeBreach', x: 200, y: 105, widthM: 60, finalCrestM: 0, durationS: 60 }, 30);
      const out: number[] = [];
      for (let f = e.next(); f; f = e.next()) out.push(f.depth[land]);
      return out;
    };
    const dry = run(false);
    const wet = run(true);
    expect(Math.max(...dry)).toBe(0);
    // the level evens out behind the gap: the land (2 m) gets water within the run
    expect(wet[wet.length - 1]).toBeGreaterThan(0.5);
    // a point off the levee with nothing above the final crest is refused, naming the point
    const e = new LiveDrillEngine(leveeSetup());
    expect(() => e.apply({ kind: 'leveeBreach', x: 50, y: 105, widthM: 20, finalCrestM: 3, durationS: 60 }, 0)).toThrow(
      InputError,
    );
  });

  it('rain scaled from now changes the rain the run books by the factor', async () => {
    const base: [number, number][] = [
      [0, 0],
      [300, 80],
      [1200, 80],
      [1500, 0],
    ];
    const s = scaledRain(base, [[600, 2]]);
    // before 600 s the scenario's rain, after 601 s twice it (a 1 s ramp between)
    expect(seriesIntegral(s, 0, 600)).toBeCloseTo(seriesIntegral(base, 0, 600), 9);
    expect(seriesIntegral(s, 601, 1800)).toBeCloseTo(2 * seriesIntegral(base, 601, 1800), 9);
    const volume = (factor: number | null): number => {
      const e = new LiveDrillEngine(setupWithRain());
      for (let k = 0; k < 3; k++) e.next();
      if (factor !== null) e.apply({ kind: 'rain', factor }, 0);
      let last = e.current();
      for (let f = e.next(); f; f = e.next()) last = f;
      return last.depth.reduce((a, b) => a + b, 0);
    };
    const v1 = volume(null);
    const v0 = volume(0);
    const v2 = volume(2);
    // closed box, no infiltration: the water is the rain; 3 of 10 frames at the base rate
    expect(v0 / v1).toBeCloseTo(0.3, 2);
    expect(v2 / v1).toBeCloseTo(1.7, 2);
  });

  it('the cells that close a road leave out its two ends', () => {
    const g = { ncols: 20, nrows: 5, cellSize: 10, xll: 0, yll: 0 };
    const all = roadCells(g, Float64Array.of(5, 25, 195, 25), 0);
    const inner = roadCells(g, Float64Array.of(5, 25, 195, 25));
    expect(all.length).toBe(20);
    // columns 2 to 18: the samples less than 15 m from an end are left out
    expect(inner.length).toBe(17);
    expect(inner[0]).toBe(2 * 20 + 2);
  });

  it('a saved log replays to byte-identical frames and board numbers', async () => {
    const setup = leveeSetup();
    const live = new LiveDrillEngine(setup);
    const shown: LiveFrame[] = [];
    const injects: [number, Parameters<LiveDrillEngine['apply']>[0]][] = [
      [2, { kind: 'warning', colour: 'orange', text: 'levee at risk' }],
      [3, { kind: 'leveeBreach', x: 200, y: 60, widthM: 40, finalCrestM: 1, durationS: 120 }],
      [3, { kind: 'message', text: 'evacuate the east bank' }],
      [6, { kind: 'leveeBreach', x: 200, y: 160, widthM: 20, finalCrestM: 4, durationS: 30 }],
    ];
    // the live drill: each frame's board as it stood when the next frame was computed
    for (let f: LiveFrame | null = live.current(); f; f = live.next()) {
      for (const [k, i] of injects) if (k === f.index) live.apply(i, 10 * k + 3);
      shown.push(live.current());
    }
    const log: DrillLog = {
      format: 'floodtwin-drill-log',
      version: 1,
      scenario: 'levee',
      frameIntervalS: 60,
      entries: live.log,
    };
    const saved = parseDrillLog(drillLogJson(log), 'drill-log.json');
    const again: LiveFrame[] = [];
    replayLog(new LiveDrillEngine(setup), saved.entries, (f) => again.push(f));
    expect(again.length).toBe(shown.length);
    expect(digest(again)).toBe(digest(shown));
    expect(again[again.length - 1].board.alert).toBe('orange');
    // and the breaches made a difference (the replay is not trivially equal to a plain run)
    const plain: LiveFrame[] = [];
    replayLog(new LiveDrillEngine(setup), [], (f) => plain.push(f));
    expect(digest(plain)).not.toBe(digest(shown));
  });

  it('in steps: the frames of a run stopping every step; an inject mid-frame shows in that frame and replays', () => {
    const setup = leveeSetup();
    // four steps a frame: every 15 s the flood stops; its frames are a plain run's with 15 s frames, every 4th
    const want: { t: number; depth: Float32Array }[] = [];
    const every15 = { ...setup, outputs: { ...setup.outputs, frameIntervalS: 15 } };
    runFloodInProcess(every15, { sink: { frame: (t, depth) => want.push({ t, depth }) } });
    const plain = new LiveDrillEngine(setup, { stepsPerFrame: 4 });
    expect(plain.frameIntervalS).toBe(60);
    const got: LiveFrame[] = [plain.current()];
    for (let f = plain.next(); f; f = plain.next()) got.push(f);
    expect(got.map((f) => f.t)).toEqual(want.filter((_, i) => i % 4 === 0).map((f) => f.t));
    for (const [i, f] of got.entries()) expect(bytes(f.depth).equals(bytes(want[4 * i].depth))).toBe(true);

    // a breach given after two steps of frame 3 (at 150 s): it shows in frame 3 already
    const breach = { kind: 'leveeBreach', x: 200, y: 60, widthM: 40, finalCrestM: 1, durationS: 10 } as const;
    const live = new LiveDrillEngine(setup, { stepsPerFrame: 4 });
    const shown: LiveFrame[] = [live.current()];
    for (let r = live.advance(); r !== null; r = live.advance()) {
      if (r) shown.push(r);
      const p = live.position();
      if (p.frame === 2 && p.step === 2) expect(live.apply(breach, 7).step).toBe(2);
    }
    expect(live.log.map((e) => [e.frame, e.step])).toEqual([[2, 2]]);
    // east of the levee (dry land at 2 m): water in frame 3 with the breach, none in the plain run
    const east = (f: LiveFrame) => f.depth.reduce((sum, d, k) => (k % 40 > 20 ? sum + d : sum), 0);
    expect(east(got[3])).toBe(0);
    expect(east(shown[2])).toBe(0);
    expect(east(shown[3])).toBeGreaterThan(0);
    // the log (saved and read back) replays to the same frames, byte for byte
    const saved = parseDrillLog(
      drillLogJson({
        format: 'floodtwin-drill-log',
        version: 1,
        scenario: 'levee',
        frameIntervalS: 60,
        stepsPerFrame: 4,
        entries: live.log,
      }),
    );
    expect(saved.entries[0].step).toBe(2);
    const again: LiveFrame[] = [];
    replayLog(new LiveDrillEngine(setup, { stepsPerFrame: 4 }), saved.entries, (f) => again.push(f));
    expect(digest(again)).toBe(digest(shown));
    expect(() => new LiveDrillEngine(setup, { stepsPerFrame: 7 })).toThrow(
      /divides the 60 s frame into whole milliseconds/,
    );
  });

  it('a log with a bad inject names the JSON path', () => {
    const bad = {
      format: 'floodtwin-drill-log',
      version: 1,
      scenario: 'x',
      frameIntervalS: 60,
      entries: [
        { frame: 1, drillS: 3, inject: { kind: 'leveeBreach', x: 1, y: 2, widthM: -5, finalCrestM: 1, durationS: 10 } },
      ],
    };
    expect(() => parseDrillLog(JSON.stringify(bad), 'log.json')).toThrow(/log\.json, at entries\[0\]\.inject\.widthM/);
  });
});

/** a closed flat box, 10 mm/h of rain all along */
function setupWithRain(): FloodSetup {
  const dem = demFrom(20, 10, 10, () => 0);
  return setupFor(dem, {
    durationS: 600,
    rain: {
      mmPerHour: [
        [0, 10],
        [600, 10],
      ],
    },
    edges: { north: 'closed', south: 'closed', east: 'closed', west: 'closed' },
    outputs: { points: [], intervalS: 60, gridTimesS: [], arrivalDepthM: 0.05, frameIntervalS: 60 },
  });
}

describe('a restarted engine', () => {
  it('replays the log to the frame the screens had and goes on with the same frames', () => {
    const setup = leveeSetup();
    const live = new LiveDrillEngine(setup);
    const frames: LiveFrame[] = [live.current()];
    for (let f = live.next(); f; f = live.next()) {
      if (f.index === 2)
        live.apply({ kind: 'leveeBreach', x: 200, y: 100, widthM: 40, finalCrestM: 1, durationS: 60 }, 5);
      frames.push(live.current());
    }
    // the engine screen died after frame 5: a new engine replays the log to it, then runs on
    const again = new LiveDrillEngine(setup);
    replayLog(again, live.log, () => undefined, 5);
    const after: LiveFrame[] = [];
    for (let f = again.next(); f; f = again.next()) after.push(f);
    expect(digest(after)).toBe(digest(frames.slice(6)));
  });
});
