/// <reference types="@webgpu/types" />
/**
 * Finds a WebGPU adapter and opens a device for the flood kernels, in the page (navigator.gpu) or
 * in Node (dawnNode.ts). Prefers a hardware adapter (powerPreference "high-performance"); a
 * software one (SwiftShader, `isFallbackAdapter`) is taken only when `allowFallback`.
 */
import { SimulationError } from '../../../src/core/errors.ts';

export interface GpuDevice {
  device: GPUDevice;
  /** what runs the kernels, for summary.json and the page: "vendor architecture device (description)" */
  adapter: string;
  isFallback: boolean;
  /** held so the instance and adapter live as long as the device (Dawn for Node frees them on GC) */
  keep: [GPU, GPUAdapter];
}

/** The storage a 4 M-cell grid needs per array is 16 MiB; ask for the adapter's maximum. */
export async function openGpuDevice(gpu: GPU | undefined, allowFallback: boolean): Promise<GpuDevice> {
  if (!gpu) throw new SimulationError('no WebGPU here (navigator.gpu is missing): use the CPU engine');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new SimulationError('no GPU adapter: WebGPU found no usable GPU (use the CPU engine)');
  const info = adapter.info;
  const isFallback =
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    /swiftshader|llvmpipe|lavapipe/i.test(`${info?.description} ${info?.device} ${info?.architecture}`);
  const name = describeAdapter(info, isFallback);
  if (isFallback && !allowFallback)
    throw new SimulationError(`only a software GPU adapter is present (${name}): the CPU engine is faster`);
  const lim = adapter.limits;
  // the depth kernel binds ten storage buffers (WebGPU's default limit is eight)
  if (lim.maxStorageBuffersPerShaderStage < 10) {
    throw new SimulationError(
      `the GPU (${name}) offers ${lim.maxStorageBuffersPerShaderStage} storage buffers per shader stage, the flood kernels need 10`,
    );
  }
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxStorageBuffersPerShaderStage: 10,
    },
  });
  return { device, adapter: name, isFallback, keep: [gpu, adapter] };
}

function describeAdapter(info: GPUAdapterInfo | undefined, isFallback: boolean): string {
  const parts = [info?.vendor, info?.architecture, info?.device].filter((s) => s);
  const desc = info?.description ? ` (${info.description})` : '';
  const text = `${parts.join(' ')}${desc}`.trim() || 'unnamed adapter';
  return isFallback ? `${text} [software]` : text;
}
