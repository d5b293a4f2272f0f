/// <reference types="@webgpu/types" />
/**
 * The GPU device for the GPU flood tests: Dawn for Node (workers/flood/gpu/dawnNode.ts), with
 * SwiftShader's Vulkan (Chromium ships it) added to the drivers the Vulkan loader finds, software
 * adapter allowed: a real GPU's driver, where there is one, is still found and preferred.
 * `null` (the tests skip, saying why) where Dawn finds no adapter at all.
 */
import { existsSync } from 'node:fs';
import { dawnGpu } from '../../workers/flood/gpu/dawnNode.ts';
import { openGpuDevice, type GpuDevice } from '../../workers/flood/gpu/openDevice.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let opened: Promise<GpuDevice | null> | null = null;
export let noGpuReason = '';

/**
 * Adds SwiftShader to the Vulkan drivers (VK_ADD_DRIVER_FILES, loader 1.3.234+; VK_ICD_FILENAMES
 * would hide the others) unless a driver list is set already. Child processes inherit it.
 */
export function addSwiftShaderVulkan(): void {
  const env = process.env;
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || env.VK_ADD_DRIVER_FILES || !existsSync(SWIFTSHADER_ICD)) return;
  env.VK_ADD_DRIVER_FILES = SWIFTSHADER_ICD;
}

export function testGpu(): Promise<GpuDevice | null> {
  if (!opened) {
    addSwiftShaderVulkan();
    opened = dawnGpu()
      .then((gpu) => openGpuDevice(gpu, true))
      .catch((err: Error) => {
        noGpuReason = err.message;
        return null;
      });
  }
  return opened;
}
