/// <reference types="@webgpu/types" />
/**
 * The GPU device for the GPU flood tests: Dawn for Node (workers/flood/gpu/dawnNode.ts), on
 * SwiftShader's Vulkan where no driver is named (Chromium ships it), software adapter allowed.
 * `null` (the tests skip, saying why) where Dawn finds no adapter at all.
 */
import { existsSync } from 'node:fs';
import { dawnGpu } from '../../workers/flood/gpu/dawnNode.ts';
import { openGpuDevice, type GpuDevice } from '../../workers/flood/gpu/openDevice.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let opened: Promise<GpuDevice | null> | null = null;
export let noGpuReason = '';

export function testGpu(): Promise<GpuDevice | null> {
  if (!opened) {
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    opened = dawnGpu()
      .then((gpu) => openGpuDevice(gpu, true))
      .catch((err: Error) => {
        noGpuReason = err.message;
        return null;
      });
  }
  return opened;
}
