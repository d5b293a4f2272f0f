/**
 * The GPU flood engine in Node: Dawn for Node (workers/flood/gpu/dawnNode.ts), the run's sewer
 * coupler in this thread, the CLI's observer as the engine's sink.
 */
import { createCoupler } from '../../workers/flood/couplers.ts';
import { dawnGpu } from '../../workers/flood/gpu/dawnNode.ts';
import { openGpuDevice, type GpuDevice } from '../../workers/flood/gpu/openDevice.ts';
import { runFloodGpu } from '../../workers/flood/gpu/runFloodGpu.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { RunObserver } from './floodRunNode.ts';

/** `allowFallback`: accept a software adapter (forced `--engine gpu`). */
export async function openNodeGpu(allowFallback: boolean): Promise<GpuDevice> {
  return openGpuDevice(await dawnGpu(), allowFallback);
}

export async function runFloodGpuNode(
  gpu: GpuDevice,
  setup: FloodSetup,
  observer: RunObserver = {},
): Promise<FloodResult> {
  const coupler = await createCoupler(setup);
  return runFloodGpu(gpu, setup, {
    coupler: coupler ?? undefined,
    sink: {
      progress: observer.onProgress ? (p) => observer.onProgress!({ ...p, durationS: setup.durationS }) : undefined,
      grid: observer.onGrid,
      frame: observer.onFrame,
      drainage: observer.onDrainage,
      checkpoint: observer.onCheckpoint,
    },
  });
}
