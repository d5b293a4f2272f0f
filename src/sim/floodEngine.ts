/**
 * Which flood engine runs a scenario from the CLI: `cpu` (WebAssembly workers, the reference),
 * `gpu` (WebGPU kernels through Dawn for Node, workers/flood/gpu; a software adapter is accepted
 * when forced) or `auto` (the GPU when a hardware adapter is present, else the CPU, saying why).
 * The one seam between the CLI and the GPU engine: same observer, same FloodResult.
 */
import { InputError } from '../core/errors.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { runFloodNode, type RunObserver } from './floodRunNode.ts';

export type EngineChoice = 'cpu' | 'gpu' | 'auto';
export const ENGINES: readonly EngineChoice[] = ['cpu', 'gpu', 'auto'];

/** What ran a flood, for summary.json: the engine and, on the GPU, the adapter. */
export interface EngineUsed {
  engine: 'cpu' | 'gpu';
  adapter: string | null;
}

export function engineChoice(v: string | undefined, usage: string): EngineChoice {
  const e = (v ?? 'cpu') as EngineChoice;
  if (!ENGINES.includes(e))
    throw new InputError(`--engine must be cpu, gpu or auto, got "${v}" (usage: floodtwin ${usage})`);
  return e;
}

/** Runs the flood on the chosen engine; `log` hears about a fallback to the CPU. */
export async function runFloodEngine(
  setup: FloodSetup,
  workers: number,
  observer: RunObserver,
  choice: EngineChoice,
  log: (s: string) => void,
): Promise<{ result: FloodResult; used: EngineUsed }> {
  if (choice !== 'cpu') {
    const { openNodeGpu, runFloodGpuNode } = await import('./floodRunGpuNode.ts');
    let opened: Awaited<ReturnType<typeof openNodeGpu>> | null = null;
    try {
      opened = await openNodeGpu(choice === 'gpu');
    } catch (err) {
      if (choice === 'gpu') throw err;
      log(`GPU engine not used: ${(err as Error).message}; running on the CPU`);
    }
    if (opened) {
      log(`GPU engine on ${opened.adapter}`);
      const result = await runFloodGpuNode(opened, setup, observer);
      return { result, used: { engine: 'gpu', adapter: opened.adapter } };
    }
  }
  return { result: await runFloodNode(setup, workers, observer), used: { engine: 'cpu', adapter: null } };
}
