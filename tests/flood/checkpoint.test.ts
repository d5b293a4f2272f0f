/**
 * Engine checkpoints (workers/flood/checkpoint.ts): a run interrupted at an output time and resumed
 * from its checkpoint ends BIT-IDENTICAL to the uninterrupted run (depths, maxima, speeds, arrival,
 * point series, mass balance, step count, dt range, sewer summary), on 1 and 2 workers and with the
 * sewers coupled; a checkpoint of another run is refused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import { checkpointBytes, restoreCheckpoint, type FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import { createCoupler } from '../../workers/flood/couplers.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { createFloodBuffers, floodArrays } from '../../workers/flood/state.ts';

const dir = resolve(__dirname, '../../scenarios');

async function scenario(name: string): Promise<FloodSetup> {
  const file = resolve(dir, name);
  const base = resolve(file, '..');
  const p = await prepareRun(
    readFileSync(file, 'utf8'),
    name,
    async (f) => new Uint8Array(readFileSync(resolve(base, f))),
  );
  return p.setup;
}

const bytes = (x: ArrayBufferView): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/** every output of two runs, compared bit for bit (wall times aside) */
function expectSameRun(got: FloodResult, want: FloodResult): void {
  expect(bytes(got.depth).equals(bytes(want.depth))).toBe(true);
  expect(bytes(got.maxDepth).equals(bytes(want.maxDepth))).toBe(true);
  expect(bytes(got.maxSpeed).equals(bytes(want.maxSpeed))).toBe(true);
  expect(bytes(got.arrivalTime).equals(bytes(want.arrivalTime))).toBe(true);
  expect(bytes(got.pointTimes).equals(bytes(want.pointTimes))).toBe(true);
  expect(bytes(got.pointDepths).equals(bytes(want.pointDepths))).toBe(true);
  expect(got.summary.massBalance).toEqual(want.summary.massBalance);
  const pick = (r: FloodResult) => ({
    steps: r.summary.steps,
    t: r.summary.simulatedS,
    minDt: r.summary.minDtS,
    maxDt: r.summary.maxDtS,
    wet: r.summary.wetCells,
    max: r.summary.maxDepthM,
    drainage: r.summary.drainage,
  });
  expect(pick(got)).toEqual(pick(want));
}

/** frames and grids after time t, as [t, bytes] */
type Outs = { frames: [number, Buffer][]; grids: [number, Buffer][] };
function recorder(): { outs: Outs; checkpoints: FloodCheckpoint[] } & Required<
  Pick<import('../../workers/flood/band.ts').BandSink, 'frame' | 'grid' | 'checkpoint'>
> {
  const outs: Outs = { frames: [], grids: [] };
  const checkpoints: FloodCheckpoint[] = [];
  return {
    outs,
    checkpoints,
    frame: (t, d, s) => void outs.frames.push([t, Buffer.concat([bytes(d), bytes(s)])]),
    grid: (t, d) => void outs.grids.push([t, Buffer.from(bytes(d))]),
    checkpoint: (c) => void checkpoints.push(c),
  };
}
const after = (o: Outs, t: number): Outs => ({
  frames: o.frames.filter(([x]) => x > t),
  grids: o.grids.filter(([x]) => x > t),
});

describe('engine checkpoint and exact resume', () => {
  it('tiny scenario, one thread: resuming from EVERY checkpoint (odd and even steps) gives the uninterrupted run', async () => {
    const setup = await scenario('tiny/scenario.json');
    const full = recorder();
    const clean = runFloodInProcess(setup, { sink: full });
    // frames every 120 s in 1800 s: a checkpoint at 120 … 1680 s, none at the start or the end
    expect(full.checkpoints.map((c) => c.t)).toEqual(Array.from({ length: 14 }, (_, i) => 120 * (i + 1)));
    expect(new Set(full.checkpoints.map((c) => c.steps & 1)).size).toBe(2);
    for (const c of full.checkpoints) {
      const again = recorder();
      const resumed = runFloodInProcess(setup, { sink: again, resume: c });
      expectSameRun(resumed, clean);
      // the outputs after the checkpoint repeat exactly; none at or before it
      expect(again.outs).toEqual(after(full.outs, c.t));
      expect(again.checkpoints.map((x) => x.t)).toEqual(full.checkpoints.filter((x) => x.t > c.t).map((x) => x.t));
    }
    // the checkpoint is the state, not a view of it
    const c = full.checkpoints[6];
    expect(c.t).toBe(840);
    expect(c.h.buffer).not.toBe(full.checkpoints[7].h.buffer);
    // h, z, maxH, arrival, maxSpeed, the old x and y fluxes (float32); ledger and point rows (float64)
    expect(checkpointBytes(c)).toBe(4 * (5 * 60 * 40 + 61 * 40 + 60 * 41) + 8 * (5 * 40 + (1800 / 60 + 1) * 2));
    // the resumed run's mass balance is the whole run's, not the part after the restart
    expect(c.initialM3).toBe(clean.summary.massBalance.initialM3);
  });

  it('a run that crashes right after a checkpoint and is resumed from it ends as the uninterrupted run', async () => {
    const setup = await scenario('tiny/scenario.json');
    const clean = runFloodInProcess(setup);
    let last: FloodCheckpoint | null = null;
    expect(() =>
      runFloodInProcess(setup, {
        sink: {
          checkpoint: (c) => {
            last = c;
            if (c.t === 600) throw new Error('worker crashed');
          },
        },
      }),
    ).toThrow('worker crashed');
    expect(last!.t).toBe(600);
    expectSameRun(runFloodInProcess(setup, { resume: last! }), clean);
    // the discharges are part of the state: water restarted from rest ends elsewhere
    const fromRest = runFloodInProcess(setup, {
      resume: { ...last!, qxOld: new Float32Array(last!.qxOld.length), qyOld: new Float32Array(last!.qyOld.length) },
    });
    expect(bytes(fromRest.depth).equals(bytes(clean.depth))).toBe(false);
  });

  it('Node workers: a checkpoint of a 2-worker run resumes on 1 and on 2 workers to the uninterrupted result', async () => {
    const setup = await scenario('tiny/scenario.json');
    const clean = runFloodInProcess(setup);
    const cps: FloodCheckpoint[] = [];
    const frames: number[] = [];
    const two = await runFloodNode(setup, 2, {
      onCheckpoint: (c) => void cps.push(c),
      onFrame: (t) => void frames.push(t),
    });
    expectSameRun(two, clean);
    expect(frames[0]).toBe(0);
    expect(cps.map((c) => c.t)).toEqual(frames.filter((t) => t > 0 && t < 1800));
    const c = cps.find((x) => x.t === 960)!;
    const resumedFrames: number[] = [];
    expectSameRun(await runFloodNode(setup, 2, { onFrame: (t) => void resumedFrames.push(t) }, 'wasm', c), clean);
    expect(resumedFrames).toEqual(frames.filter((t) => t > 960));
    expectSameRun(await runFloodNode(setup, 1, {}, 'wasm', c), clean);
    expectSameRun(await runFloodNode(setup, 2, {}, 'js', cps[0]), clean);
  });

  it('sewers coupled (small twin, SWMM network): resume restores the drainage solver and exchange exactly', async () => {
    const setup = await scenario('small-rainstorm.json');
    expect(setup.drainage).toBeDefined();
    setup.durationS = 600;
    setup.outputs.gridTimesS = [];
    setup.outputs.frameIntervalS = 200;
    const coupler = async () => (await createCoupler(setup))!;
    // the uninterrupted run on 2 workers (WebAssembly kernels: the same bits as the JavaScript ones)
    const cps: FloodCheckpoint[] = [];
    const clean = await runFloodNode(setup, 2, { onCheckpoint: (x) => void cps.push(x) });
    expect(cps.map((c) => c.t)).toEqual([200, 400]);
    const [c200, c400] = cps;
    expect(c400.coupler).not.toBeNull();
    expect(c400.coupler!.numbers['solver.t']).toBe(400);
    expect(c400.exchangeM3).not.toBe(0);
    // in this thread (the coupler restored by runFloodInProcess) and across worker threads (in band 0's worker)
    const resumed = runFloodInProcess(setup, { resume: c400, coupler: await coupler() });
    expectSameRun(resumed, clean);
    expect((resumed.summary.drainage as { captured_m3: number }).captured_m3).toBeGreaterThan(0);
    expectSameRun(await runFloodNode(setup, 1, {}, 'wasm', c200), clean);
    // with the sewer state of another time the run is NOT the same (the test can tell)
    const wrongSewers = await runFloodNode(setup, 2, {}, 'wasm', { ...c400, coupler: c200.coupler });
    expect(bytes(wrongSewers.depth).equals(bytes(clean.depth))).toBe(false);
    // a sewer checkpoint needs a run with sewers, and the other way round
    expect(() => runFloodInProcess(setup, { resume: c400 })).toThrow(/has sewer state, the run does not couple/);
  });

  it('a checkpoint of another grid or run, or outside the run, is refused with InputError', async () => {
    const setup = await scenario('tiny/scenario.json');
    const rec = recorder();
    runFloodInProcess({ ...setup, durationS: 240 }, { sink: rec });
    const c = rec.checkpoints[0];
    const a = floodArrays(createFloodBuffers(setup, 1, false));
    expect(() => restoreCheckpoint(setup, a, c)).toThrow(/durationS is 240, the run's 1800/);
    expect(() => restoreCheckpoint(setup, a, { ...c, durationS: 1800, ncols: 61 })).toThrow(InputError);
    expect(() => restoreCheckpoint(setup, a, { ...c, durationS: 1800, h: c.h.subarray(1) })).toThrow(/field h/);
    expect(() => restoreCheckpoint(setup, a, { ...c, durationS: 1800, t: 1800 })).toThrow(/not inside the run/);
  });
});
