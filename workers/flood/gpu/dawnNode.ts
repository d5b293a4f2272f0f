/// <reference types="@webgpu/types" />
/**
 * WebGPU in Node through the `webgpu` package (Google's Dawn). Dawn runs on Vulkan here: a GPU
 * driver, or SwiftShader's Vulkan (the one Chromium ships) when VK_ICD_FILENAMES points at it:
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * (Debian's lavapipe, mesa-vulkan-drivers 22.3, lacks a feature Dawn requires, see README).
 */
import { SimulationError } from '../../../src/core/errors.ts';

export async function dawnGpu(): Promise<GPU> {
  let mod: { create(flags: string[]): GPU };
  try {
    mod = (await import('webgpu')) as unknown as { create(flags: string[]): GPU };
  } catch (err) {
    throw new SimulationError(`the GPU engine needs the "webgpu" package (Dawn for Node): ${(err as Error).message}`);
  }
  return mod.create([]);
}
