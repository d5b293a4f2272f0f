/**
 * The GPU flood engine's benchmark (`npm run bench -- flood --engine gpu`): the adapter, then
 * M cell-updates/s on the 1000 × 1000 bench grid (flood.ts benchSetup) and on the default
 * scenario (river-flood-peak.json, the page's), each against the CPU engine on the same run:
 * steps, max depth difference and stored volume. Simulated times are short so a software
 * adapter finishes; a real GPU is given longer ones by tools/gpuBench.sh.
 *   node --import tsx tests/bench/floodGpu.ts [benchSeconds] [peakSeconds]
 */
import { fileURLToPath } from 'node:url';
import { loadRun } from '../../src/cli/scenarioRun.ts';
import { openNodeGpu, runFloodGpuNode } from '../../src/sim/floodRunGpuNode.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
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

async function one(name: string, setup: FloodSetup, gpu: Awaited<ReturnType<typeof openNodeGpu>>): Promise<number> {
  const g = await runFloodGpuNode(gpu, setup);
  const m = g.summary.cellUpdatesPerS / 1e6;
  console.log(
    `  ${name}: GPU ${m.toFixed(1)} M cell-updates/s (${g.summary.steps} steps in ${g.summary.solverWallS.toFixed(1)} s)`,
  );
  // the CPU engine on the same run (its workers need tsx: absent from a packed bundle, tools/gpuBench.sh)
  try {
    const c = await runFloodNode(setup, 2);
    console.log(
      `    CPU, 2 workers: ${(c.summary.cellUpdatesPerS / 1e6).toFixed(1)} M cell-updates/s (${c.summary.steps} steps); ${agreement(g, c)}`,
    );
  } catch (err) {
    console.log(`    CPU comparison not run: ${(err as Error).message}`);
  }
  return m;
}

export async function benchFloodGpu(benchS = 10, peakS = 30): Promise<Record<string, number>> {
  const gpu = await openNodeGpu(true);
  console.log(`flood on the GPU: ${gpu.adapter}`);
  const out: Record<string, number> = {};
  out.flood_gpu_bench = await one(`1000×1000 bench grid, ${benchS} s`, benchSetup(benchS), gpu);
  const peak = await loadRun(fileURLToPath(new URL('../../scenarios/river-flood-peak.json', import.meta.url)), peakS);
  const s = peak.prepared.setup;
  out.flood_gpu_peak = await one(`river-flood-peak (${s.ncols}×${s.nrows}), ${peakS} s`, s, gpu);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchFloodGpu(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 30));
}
