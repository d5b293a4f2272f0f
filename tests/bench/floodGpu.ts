/**
 * The GPU flood engine's benchmark (`npm run bench -- flood --engine gpu`): the adapter, then
 * M cell-updates/s on the 1000 × 1000 bench grid (flood.ts benchSetup) and on the default
 * scenario (river-flood-peak.json, the page's), each against the CPU engine on the same run:
 * steps, max depth difference and stored volume. Simulated times are short so a software
 * adapter finishes (gpuBenchSeconds); a real GPU is given longer ones by tools/gpuBench.sh.
 *   node --import tsx tests/bench/floodGpu.ts [benchSeconds] [peakSeconds]
 */
import { fileURLToPath } from 'node:url';
import { loadRun } from '../../src/cli/scenarioRun.ts';
import { openNodeGpu, runFloodGpuNode } from '../../src/sim/floodRunGpuNode.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { addSwiftShaderVulkan } from '../flood/gpuDevice.ts';
import { benchSetup } from './flood.ts';

function agreement(gpu: FloodResult, cpu: FloodResult): string {
  let within = 0;
  let wet = 0;
  for (let k = 0; k < gpu.maxDepth.length; k++) {
    if (!(cpu.maxDepth[k] > 0.01 || gpu.maxDepth[k] > 0.01)) continue;
    wet++;
    if (Math.abs(gpu.maxDepth[k] - cpu.maxDepth[k]) <= 0.01) within++;
  }
  const v =
    Math.abs(gpu.summary.massBalance.storedM3 - cpu.summary.massBalance.storedM3) / cpu.summary.massBalance.storedM3;
  return `max depth within 1 cm in ${((100 * within) / Math.max(1, wet)).toFixed(3)} % of ${wet} wet cells, stored volume ${v.toExponential(2)} apart`;
}

/** M cell-updates/s with three significant digits (a software adapter is below 1), whole above 100. */
const mcups = (perS: number): string => (perS >= 1e8 ? (perS / 1e6).toFixed(0) : (perS / 1e6).toPrecision(3));

async function one(name: string, setup: FloodSetup, gpu: Awaited<ReturnType<typeof openNodeGpu>>): Promise<number> {
  const g = await runFloodGpuNode(gpu, setup);
  const m = g.summary.cellUpdatesPerS / 1e6;
  console.log(
    `  ${name}: GPU ${mcups(g.summary.cellUpdatesPerS)} M cell-updates/s (${g.summary.steps} steps in ${g.summary.solverWallS.toFixed(1)} s)`,
  );
  // the CPU engine on the same run (its workers need tsx: absent from a packed bundle, tools/gpuBench.sh)
  try {
    const c = await runFloodNode(setup, 2);
    console.log(
      `    CPU, 2 workers: ${mcups(c.summary.cellUpdatesPerS)} M cell-updates/s (${c.summary.steps} steps); ${agreement(g, c)}`,
    );
  } catch (err) {
    console.log(`    CPU comparison not run: ${(err as Error).message}`);
  }
  return m;
}

/**
 * Default simulated seconds [bench grid, river-flood peak]: a 1000 × 1000 step takes seconds on a
 * software adapter (SwiftShader: about 14 s a step on a busy 2-core machine), so 2 s each there (about
 * 10 steps of the peak); 10 and 30 s on a GPU.
 */
export function gpuBenchSeconds(isFallback: boolean): [number, number] {
  return isFallback ? [2, 2] : [10, 30];
}

export async function benchFloodGpu(seconds?: [number, number]): Promise<Record<string, number>> {
  addSwiftShaderVulkan(); // no GPU here: SwiftShader's Vulkan; a GPU's driver is still preferred
  const gpu = await openNodeGpu(true);
  const [benchS, peakS] = seconds ?? gpuBenchSeconds(gpu.isFallback);
  console.log(`flood on the GPU: ${gpu.adapter}`);
  const out: Record<string, number> = {};
  out.flood_gpu_bench = await one(`1000×1000 bench grid, ${benchS} s`, benchSetup(benchS), gpu);
  const peak = await loadRun(fileURLToPath(new URL('../../scenarios/river-flood-peak.json', import.meta.url)), peakS);
  const s = peak.prepared.setup;
  out.flood_gpu_peak = await one(`river-flood-peak (${s.ncols}×${s.nrows}), ${peakS} s`, s, gpu);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const given = process.argv.length > 2;
  await benchFloodGpu(given ? [Number(process.argv[2]), Number(process.argv[3] ?? process.argv[2])] : undefined);
}
