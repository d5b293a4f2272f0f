/**
 * The GPU flood engine, quickly (small grids, SwiftShader through Dawn for Node, tests/flood/gpuDevice.ts):
 * the positivity limiter and ledger on a draining cell against the CPU engine, a checkpoint resumed
 * on the GPU, and the clear messages when there is no usable adapter. The verification cases are
 * in gpuVerification.test.ts (FLOODTWIN_GPU_VERIFY=1).
 */
import { describe, expect, it } from 'vitest';
import type { FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import { openGpuDevice } from '../../workers/flood/gpu/openDevice.ts';
import { runFloodGpu } from '../../workers/flood/gpu/runFloodGpu.ts';
import { thiessenStations } from '../../workers/flood/rainField.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { noGpuReason, testGpu } from './gpuDevice.ts';
import { demFrom, setupFor } from './helpers.ts';

const gpu = await testGpu();
const maybe = gpu ? describe : describe.skip;
if (!gpu) console.warn(`GPU flood tests skipped: ${noGpuReason}`);

maybe(`GPU flood engine (${gpu?.adapter})`, () => {
  it('a lone wet cell drains without going negative or losing water, as on the CPU', async () => {
    // 1 m in one cell on flat ground: four faces would take 4·α² ≈ 2 m in the first step
    const dem = demFrom(21, 21, 5, () => 0);
    const wl = demFrom(21, 21, 5, (c, r) => (c === 10 && r === 10 ? 1 : 0));
    const s = setupFor(
      dem,
      { durationS: 2, initialWaterLevel: 'wl.asc', outputs: { intervalS: 1 } },
      { initialWaterLevel: wl },
    );
    const r = await runFloodGpu(gpu!, s);
    const cpu = runFloodInProcess(s);
    expect(Math.min(...r.depth)).toBe(0);
    expect(r.depth[10 * 21 + 10]).toBeLessThan(1);
    expect(r.summary.massBalance.clampedM3).toBe(0);
    expect(Math.abs(r.summary.massBalance.storedM3 - 25)).toBeLessThan(1e-5);
    expect(r.summary.steps).toBe(cpu.summary.steps);
    let diff = 0;
    for (let k = 0; k < r.depth.length; k++) diff = Math.max(diff, Math.abs(r.depth[k] - cpu.depth[k]));
    expect(diff).toBeLessThan(1e-5);
    // the point series were read back at each interval
    expect(Array.from(r.pointTimes)).toEqual([0, 1, 2]);
  });

  it('rain, a stage edge and an inflow: a run resumed from a checkpoint ends as the uninterrupted one', async () => {
    const dem = demFrom(24, 16, 10, (c, r) => 1 + 0.01 * c + 0.05 * Math.sin(r / 2));
    const s = setupFor(dem, {
      manning: 0.03,
      durationS: 240,
      rain: {
        mmPerHour: [
          [0, 50],
          [240, 0],
        ],
      },
      edges: {
        west: {
          stage: [
            [0, 1.3],
            [240, 1.5],
          ],
        },
        east: { free: { slope: 0.01 } },
      },
      inflows: [{ id: 'p', point: [125, 85], hydrograph: [[0, 0.3]] }],
      outputs: { intervalS: 60, frameIntervalS: 120 },
    });
    const checkpoints: FloodCheckpoint[] = [];
    const whole = await runFloodGpu(gpu!, s, { sink: { checkpoint: (c) => checkpoints.push(c) } });
    expect(checkpoints.map((c) => c.t)).toEqual([120]);
    const resumed = await runFloodGpu(gpu!, s, { resume: checkpoints[0] });
    expect(Buffer.from(resumed.depth.buffer).equals(Buffer.from(whole.depth.buffer))).toBe(true);
    expect(resumed.summary.steps).toBe(whole.summary.steps);
    const mb = whole.summary.massBalance;
    expect(mb.boundaryInflowM3).toBeGreaterThan(0);
    expect(mb.inflowM3).toBeCloseTo(0.3 * 240, 2);
    expect(mb.relativeError).toBeLessThan(1e-5);
    expect(Math.abs(resumed.summary.massBalance.errorM3 - mb.errorM3)).toBeLessThan(1e-6 * mb.storedM3);
    // and it agrees with the CPU engine
    const cpu = runFloodInProcess(s);
    expect(Math.abs(mb.storedM3 - cpu.summary.massBalance.storedM3) / cpu.summary.massBalance.storedM3).toBeLessThan(
      1e-5,
    );
    let diff = 0;
    for (let k = 0; k < cpu.maxDepth.length; k++) diff = Math.max(diff, Math.abs(whole.maxDepth[k] - cpu.maxDepth[k]));
    expect(diff).toBeLessThan(0.01);
  });
});

maybe('GPU rain field', () => {
  it('rain from two gauges (Thiessen) lands and is booked as on the CPU', async () => {
    const s = setupFor(
      demFrom(16, 10, 10, (c) => 1 + 0.002 * c),
      { manning: 0.03, durationS: 120, outputs: { intervalS: 60 } },
    );
    s.rainField = {
      stationOfCell: thiessenStations(s, [s.xll + 20, s.yll + 50, s.xll + 140, s.yll + 50]),
      stationMmPerHour: [
        [[0, 100]],
        [
          [0, 0],
          [120, 40],
        ],
      ],
    };
    const r = await runFloodGpu(gpu!, s);
    const cpu = runFloodInProcess(s);
    const mb = r.summary.massBalance;
    // hand calculation: half the cells at 100 mm/h for 120 s, half at 0 → 40 mm/h (mean 20) for 120 s
    expect(mb.inflowM3).toBeCloseTo(((80 * 100 + 80 * 20) / 3.6e6) * 120 * 100, 3);
    expect(Math.abs(mb.inflowM3 - cpu.summary.massBalance.inflowM3)).toBeLessThan(1e-5 * mb.inflowM3);
    expect(mb.relativeError).toBeLessThan(1e-5);
    let diff = 0;
    for (let k = 0; k < r.depth.length; k++) diff = Math.max(diff, Math.abs(r.depth[k] - cpu.depth[k]));
    expect(diff).toBeLessThan(1e-4);
  });
});

describe('no usable GPU', () => {
  it('says so when WebGPU is missing, finds no adapter, or only a software one', async () => {
    await expect(openGpuDevice(undefined, true)).rejects.toThrow(/no WebGPU here/);
    const none = { requestAdapter: async () => null } as unknown as GPU;
    await expect(openGpuDevice(none, true)).rejects.toThrow(/no GPU adapter/);
    const soft = {
      requestAdapter: async () => ({
        isFallbackAdapter: true,
        info: { vendor: 'google', device: 'swiftshader' },
        limits: {},
      }),
    } as unknown as GPU;
    await expect(openGpuDevice(soft, false)).rejects.toThrow(
      /only a software GPU adapter is present \(google swiftshader \[software\]\)/,
    );
    const small = {
      requestAdapter: async () => ({ info: { vendor: 'acme' }, limits: { maxStorageBuffersPerShaderStage: 8 } }),
    } as unknown as GPU;
    await expect(openGpuDevice(small, true)).rejects.toThrow(
      /offers 8 storage buffers per shader stage, the flood kernels need 10/,
    );
  });
});
