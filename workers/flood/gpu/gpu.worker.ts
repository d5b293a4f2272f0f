/// <reference types="@webgpu/types" />
/**
 * Browser Web Worker entry (comlink) of the GPU flood engine: opens WebGPU in the worker
 * (navigator.gpu), reports the adapter, runs the whole flood with the sewer coupler here and hands
 * frames over as the CPU workers do. Throws (the page falls back to the CPU workers) when there is
 * no adapter, only a software one and the user did not force the GPU, or the device fails.
 */
import * as Comlink from 'comlink';
import type { BandSink } from '../band.ts';
import { createCoupler } from '../couplers.ts';
import type { FloodResult } from '../result.ts';
import type { FloodSetup } from '../setup.ts';
import { openGpuDevice } from './openDevice.ts';
import { runFloodGpu } from './runFloodGpu.ts';

export interface GpuWorkerApi {
  /** `forced`: the user chose the GPU (a software adapter is then accepted) */
  run(setup: FloodSetup, sink: BandSink, onAdapter: (name: string) => void, forced: boolean): Promise<FloodResult>;
  cancel(): void;
}

let stop = false;

const api: GpuWorkerApi = {
  async run(setup, sink, onAdapter, forced) {
    stop = false;
    const gpu = await openGpuDevice((self.navigator as Navigator & { gpu?: GPU }).gpu, forced);
    onAdapter(gpu.adapter);
    const coupler = await createCoupler(setup);
    const r = await runFloodGpu(gpu, setup, {
      coupler: coupler ?? undefined,
      cancelled: () => stop,
      sink: {
        progress: (p) => void sink.progress?.(p),
        grid: (t, depth) => void sink.grid?.(t, Comlink.transfer(depth, [depth.buffer as ArrayBuffer])),
        frame: (t, depth, speed) =>
          void sink.frame?.(
            t,
            Comlink.transfer(depth, [depth.buffer as ArrayBuffer]),
            Comlink.transfer(speed, [speed.buffer as ArrayBuffer]),
          ),
        drainage: (t, sample) => void sink.drainage?.(t, sample),
      },
    });
    gpu.device.destroy();
    return Comlink.transfer(r, [
      r.depth.buffer,
      r.maxDepth.buffer,
      r.maxSpeed.buffer,
      r.arrivalTime.buffer,
    ] as ArrayBuffer[]);
  },
  cancel() {
    stop = true;
  },
};

Comlink.expose(api);
