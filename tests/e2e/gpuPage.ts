/// <reference types="@webgpu/types" />
/**
 * The page side of gpuAgreement.test.ts, bundled by gpuBrowser.ts and served on the app's localhost
 * origin (WebGPU needs a secure context): `window.runGpuCase(setup)` runs the GPU flood engine on the
 * page's own WebGPU (navigator.gpu; a software adapter accepted, as when the user forces the GPU) and
 * hands back what the test compares with the CPU engine.
 */
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { openGpuDevice, type GpuDevice } from '../../workers/flood/gpu/openDevice.ts';
import { runFloodGpu } from '../../workers/flood/gpu/runFloodGpu.ts';

let opened: Promise<GpuDevice> | null = null;

async function runGpuCase(setup: FloodSetup) {
  opened ??= openGpuDevice(navigator.gpu, true);
  const gpu = await opened;
  const r = await runFloodGpu(gpu, setup);
  return { adapter: gpu.adapter, isFallback: gpu.isFallback, depth: r.depth, maxDepth: r.maxDepth, summary: r.summary };
}

export type PageCaseRun = Awaited<ReturnType<typeof runGpuCase>>;

declare global {
  interface Window {
    /** this test page's one entry (not an app page: src/ui/testHooks.ts is for those) */
    runGpuCase?: typeof runGpuCase;
  }
}
window.runGpuCase = runGpuCase;
