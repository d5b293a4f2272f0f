import { describe, expect, it } from 'vitest';
import { startResilientRun, type Engine } from '../../src/modes/reliability/resilientRun.ts';
import { FrameStore } from '../../src/sim/frameStore.ts';
import type { FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

/** 1 × 2 grid; duration 600 s, frames every 100 s */
const setup = {
  ncols: 2,
  nrows: 1,
  cellSize: 1,
  xll: 0,
  yll: 0,
  z: new Float32Array(2),
  manning: new Float32Array(2),
  initialDepth: null,
  edges: { north: { kind: 'closed' }, south: { kind: 'closed' }, east: { kind: 'closed' }, west: { kind: 'closed' } },
  rainMmPerHour: [
    [0, 36],
    [600, 36],
  ],
  inflows: [],
  infiltration: null,
  bedChanges: [],
  durationS: 600,
  solver: { alpha: 0.7, maxDtS: 1, theta: 1, depthThresholdM: 1e-3, maxVelocityMS: 10, friction: 'semi-implicit' },
  outputs: {
    intervalS: 60,
    pointIds: [],
    pointCells: new Int32Array(0),
    gridTimesS: [],
    arrivalDepthM: 0.05,
    frameIntervalS: 100,
  },
} as unknown as FloodSetup;

/**
 * A fake engine: every 5 ms a frame; depth = initial + 1 mm per 100 s (rain of 36 mm/h).
 * `die` says how each attempt fails: 'error' rejects after k frames, 'silent' stops talking after k frames.
 * With `checkpoints`, an engine checkpoint (its time and depth) follows each frame before the end,
 * and a run given one continues from its time with its depth, on the scenario's clock.
 */
function fakeEngine(
  plan: ({ how: 'error' | 'silent' | 'errorThenChatter'; after: number } | null)[],
  checkpoints = false,
) {
  const seen: { durationS: number; start: number; resumeT?: number }[] = [];
  const engine: Engine = (s, o) => {
    const a = plan[seen.length] ?? null;
    const from = o.resume as unknown as { t: number; h: Float32Array } | undefined;
    seen.push({
      durationS: s.durationS,
      start: from ? from.h[0] : (s.initialDepth?.[0] ?? 0),
      ...(from ? { resumeT: from.t } : {}),
    });
    let timer: ReturnType<typeof setInterval>;
    const done = new Promise<any>((resolve, reject) => {
      let k = from ? from.t / 100 : 0;
      timer = setInterval(() => {
        if (a && k === a.after) {
          if (a.how === 'error') {
            clearInterval(timer);
            reject(new Error('flood worker 0 died: boom'));
          }
          if (a.how !== 'errorThenChatter') return; // silent: no more frames, no progress, never settles
          reject(new Error('flood worker 0 died: boom')); // …but its queued frames still arrive
        }
        k++;
        const t = k * 100;
        if (t > s.durationS) {
          clearInterval(timer);
          return;
        }
        const d0 = s.initialDepth?.[0] ?? 0;
        const depth = new Float32Array([d0 + t / 1e5, 0]);
        o.onFrame?.({ t, depth, speed: new Float32Array(depth.length) });
        if (checkpoints && t < s.durationS) o.onCheckpoint?.({ t, h: depth.slice() } as unknown as FloodCheckpoint);
        o.onProgress?.({ t, durationS: s.durationS, steps: k, wallS: 0 });
        if (t >= s.durationS) {
          clearInterval(timer);
          resolve({ summary: { steps: k } });
        }
      }, 5);
    });
    return { done, cancel: () => clearInterval(timer) };
  };
  return { engine, seen };
}

describe('resilient run', () => {
  it('without engine checkpoints a failed attempt restarts from the last frame (not exact); frames keep scenario times', async () => {
    const frames = new FrameStore();
    const { engine, seen } = fakeEngine([{ how: 'error', after: 2 }]);
    const restarts: unknown[] = [];
    const d = await startResilientRun(setup, { frames, engine, onRestart: (r) => restarts.push(r) }).done;
    expect(restarts).toEqual([{ attempt: 1, fromS: 200, error: 'flood worker 0 died: boom', exact: false }]);
    expect(seen.map((x) => x.durationS)).toEqual([600, 400]);
    expect(seen[1].start).toBeCloseTo(0.002, 7); // the checkpoint's depth
    expect(frames.times).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(frames.frames[6][0]).toBeCloseTo(0.006, 7); // 6 mm as without the failure
    expect(d.summary.simulatedS).toBe(600);
    expect(d.summary.restartedFromS).toBe(200);
  });

  it('a silent worker is caught by the watchdog; too many failures reject (the caller never waits forever)', async () => {
    const frames = new FrameStore();
    const { engine } = fakeEngine([{ how: 'silent', after: 3 }]);
    const d = await startResilientRun(setup, { frames, engine, stallS: 0.1 }).done;
    expect(d.restarts).toHaveLength(1);
    expect(d.restarts[0].fromS).toBe(300);
    expect(d.restarts[0].error).toMatch(/no progress for 0.1 s/);
    expect(frames.times.at(-1)).toBe(600);

    const f2 = new FrameStore();
    const bad = fakeEngine([
      { how: 'error', after: 1 },
      { how: 'error', after: 1 },
      { how: 'error', after: 0 },
    ]);
    await expect(startResilientRun(setup, { frames: f2, engine: bad.engine, maxRestarts: 2 }).done).rejects.toThrow(
      /run failed after 2 restarts: flood worker 0 died/,
    );
    expect(f2.times).toEqual([0, 100, 200]);
  });

  it('frames a dead attempt still delivers after its failure are ignored (no mixed checkpoint)', async () => {
    const frames = new FrameStore();
    const { engine, seen } = fakeEngine([{ how: 'errorThenChatter', after: 2 }]);
    const d = await startResilientRun(setup, { frames, engine }).done;
    // the frame sent in the same tick as the failure (300 s) arrives before the failure is known:
    // the checkpoint is 300 s with the depth of 300 s, and the later chatter (400 s, …) is dropped
    expect(d.restarts.map((r) => r.fromS)).toEqual([300]);
    expect(seen[1].start).toBeCloseTo(0.003, 7);
    expect(seen[1].durationS).toBe(300);
    expect(frames.times).toEqual([0, 100, 200, 300, 400, 500, 600]);
    frames.frames.forEach((f, i) => {
      expect(f[0]).toBeCloseTo(frames.times[i] / 1e5, 7);
    });
  });
  it('with engine checkpoints it restarts from the latest one, exactly, on the scenario clock', async () => {
    const frames = new FrameStore();
    // attempt 1 dies at frame 2 (200 s), attempt 2 (from 200 s) at frame 4 (400 s)
    const { engine, seen } = fakeEngine(
      [
        { how: 'error', after: 2 },
        { how: 'error', after: 4 },
      ],
      true,
    );
    const progress: number[] = [];
    const d = await startResilientRun(setup, { frames, engine, onProgress: (f) => progress.push(f) }).done;
    expect(d.restarts).toEqual([
      { attempt: 1, fromS: 200, error: 'flood worker 0 died: boom', exact: true },
      { attempt: 2, fromS: 400, error: 'flood worker 0 died: boom', exact: true },
    ]);
    // the scenario's own setup (not shifted), resumed at the checkpoint's time with its state
    expect(seen).toEqual(
      [
        { durationS: 600, start: 0 },
        { durationS: 600, start: 0.002, resumeT: 200 },
        { durationS: 600, start: 0.004, resumeT: 400 },
      ].map((x) => ({ ...x, start: expect.closeTo(x.start, 7) })),
    );
    expect(frames.times).toEqual([0, 100, 200, 300, 400, 500, 600]);
    frames.frames.forEach((f, i) => {
      expect(f[0]).toBeCloseTo(frames.times[i] / 1e5, 7);
    });
    expect(progress.at(-1)).toBe(1);
    expect(d.summary).toMatchObject({ simulatedS: 600, restartedFromS: 400 });
  });

  it("a dead attempt's late checkpoints are ignored; no frame and no checkpoint yet restarts from the start", async () => {
    const frames = new FrameStore();
    const { engine, seen } = fakeEngine([{ how: 'errorThenChatter', after: 2 }], true);
    const d = await startResilientRun(setup, { frames, engine }).done;
    // the 300 s frame and checkpoint come in the tick of the failure; 400 s and later are dropped
    expect(d.restarts.map((r) => [r.fromS, r.exact])).toEqual([[300, true]]);
    expect(seen[1].resumeT).toBe(300);

    const f2 = new FrameStore();
    const early = fakeEngine([{ how: 'error', after: 0 }], true);
    const d2 = await startResilientRun(setup, { frames: f2, engine: early.engine }).done;
    expect(d2.restarts).toEqual([{ attempt: 1, fromS: 0, error: 'flood worker 0 died: boom', exact: true }]);
    expect(early.seen[1]).toEqual({ durationS: 600, start: 0 });
    expect(f2.times).toEqual([0, 100, 200, 300, 400, 500, 600]);
  });
});
