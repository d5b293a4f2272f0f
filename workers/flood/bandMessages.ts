/** What a band worker is given, and what it sends back (Node worker_threads and browser workers alike). */
import type { BandResult, KernelChoice } from './band.ts';
import type { FloodCheckpoint, ResumePoint } from './checkpoint.ts';
import type { CouplerState, DrainageSample } from './coupling.ts';
import { floodPointers, loadFloodKernels } from './wasm/loader.ts';
import type { FloodSetup } from './setup.ts';
import type { FloodBuffers } from './state.ts';

export interface BandInit {
  /** the setup without its big per-cell arrays (they are already in the shared state) */
  setup: FloodSetup;
  buffers: FloodBuffers;
  band: number;
  nBands: number;
  /** 'wasm': the WebAssembly kernels (the default); 'js': the JavaScript reference kernels */
  kernel: 'wasm' | 'js';
  /** continue from a checkpoint whose arrays the host has put into the shared state */
  resume?: ResumePoint;
  /** band 0: the checkpoint's sewer state */
  couplerState?: CouplerState | null;
  /** band 0: hand out a checkpoint at each frame time */
  checkpoints?: boolean;
}

export type BandMessage =
  | { type: 'progress'; t: number; steps: number; wallS: number; dt: number }
  | { type: 'grid'; t: number; depth: Float32Array }
  | { type: 'frame'; t: number; depth: Float32Array; speed: Float32Array }
  | { type: 'drainage'; t: number; sample: DrainageSample }
  | { type: 'checkpoint'; checkpoint: FloodCheckpoint }
  | { type: 'done'; band: number; result: BandResult }
  | { type: 'failed'; band: number; message: string };

/** The kernels for this worker: WebAssembly unless asked for JavaScript or the module cannot load. */
export async function bandKernels(init: BandInit): Promise<KernelChoice> {
  if (init.kernel === 'js') return null;
  try {
    return { K: await loadFloodKernels(init.buffers.memory), P: floodPointers(init.buffers) };
  } catch (e) {
    console.warn(`flood: WebAssembly kernels unavailable, using JavaScript (${(e as Error).message})`);
    return null;
  }
}

/** The setup a worker needs: per-cell inputs are dropped since they live in the shared state. */
export function liteSetup(setup: FloodSetup): FloodSetup {
  return { ...setup, z: new Float32Array(0), manning: new Float32Array(0), initialDepth: null, infiltration: null };
}
