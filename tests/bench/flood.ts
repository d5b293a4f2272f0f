/**
 * Flood engine benchmark. First the default twin's river flood peak (2 h) and rainstorm with sewers
 * (first hour) on 2 workers, dense against active tiles (FLOODTWIN_BENCH_SCALE=0.1 shortens them).
 * Then a 1000 × 1000 DEM at 5 m, gently undulating, with a water level that
 * leaves about 90 % of the cells wet, rain on top and a free outflow edge. Runs the same run on 1
 * and on 2 workers (Node worker_threads over shared memory) and prints cell-updates per second.
 *
 *   node --import tsx tests/bench/flood.ts [simulatedSeconds]
 */
import { fileURLToPath } from 'node:url';
import { makeGrid } from '../../src/core/grid.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import { floodAgreement, type FloodAgreement } from '../../workers/flood/agreement.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import { buildFloodSetup } from '../../workers/flood/setup.ts';

export function benchSetup(simulatedS: number) {
  const n = 1000;
  const dem = makeGrid(n, n, 5);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      dem.values[r * n + c] =
        10 + 0.0005 * c + 0.4 * Math.sin(c / 37) * Math.cos(r / 23) + 0.2 * Math.sin((c + 2 * r) / 11);
  const s = loadScenario({
    name: 'bench',
    dem: 'bench',
    manning: 0.035,
    durationS: simulatedS,
    initialWaterLevel: 10.6,
    rain: { mmPerHour: [[0, 30]] },
    edges: { east: { free: { slope: 0.001 } } },
    outputs: { intervalS: simulatedS },
  }).scenario;
  return buildFloodSetup(s, { dem });
}

/** The default twin's windows the issue measures: the river flood peak and the rainstorm with its sewers. */
const TWIN_WINDOWS = [
  { label: 'river-flood peak, 2 h', file: 'scenarios/river-flood-peak.json', durationS: 7200 },
  { label: 'rainstorm with sewers, first hour (peak at 48 min)', file: 'scenarios/rainstorm.json', durationS: 3600 },
];

/**
 * The solver variants compared on each window (scenario `solver` options). Active tiles are exact,
 * so they must give the dense run's bits; local steps need only agree (agreement.ts).
 */
const VARIANTS = [
  { label: 'dense, global step', solver: { activeTiles: false, timeStepping: 'global' }, exact: true },
  { label: 'active tiles, global step', solver: { activeTiles: true, timeStepping: 'global' }, exact: true },
  { label: 'active tiles, local steps', solver: { activeTiles: true, timeStepping: 'local' }, exact: false },
];

const agreementLine = (a: FloodAgreement): string =>
  `against dense: max depth within 2 cm in ${(100 * a.depthShareWithin).toFixed(2)} % of ${a.wetCells} wet cells ` +
  `(99th percentile ${(100 * a.p99DepthDiffM).toFixed(2)} cm), arrival within 5 % in ${(100 * a.arrivalShareWithin).toFixed(2)} % of ${a.arrivalCells}`;

/**
 * Each twin window on 2 workers with each solver variant: wall time, times real time, and the
 * speed-up over dense. Every variant must give the same depths (active tiles are exact).
 * `scale` shortens the windows (e.g. 0.1 for a quick look).
 */
export async function benchTwinWindows(scale = 1): Promise<Record<string, number>> {
  const { loadRun } = await import('../../src/cli/scenarioRun.ts');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const out: Record<string, number> = {};
  for (const w of TWIN_WINDOWS) {
    const durationS = Math.round(w.durationS * scale);
    console.log(`twin: ${w.label}${scale !== 1 ? ` (scaled to ${durationS} s)` : ''}, 2 workers`);
    let denseS = 0;
    let reference: FloodResult | null = null;
    for (const v of VARIANTS) {
      const run = await loadRun(`${root}/${w.file}`, durationS);
      Object.assign(run.prepared.setup.solver, v.solver);
      const r = await runFloodNode(run.prepared.setup, 2);
      const wall = r.summary.solverWallS;
      if (!denseS) denseS = wall;
      if (!reference) reference = r;
      else if (v.exact && !Buffer.from(r.depth.buffer).equals(Buffer.from(reference.depth.buffer)))
        throw new Error(`${v.label} gave different depths from ${VARIANTS[0].label}`);
      const share = r.summary.activeTileShare;
      console.log(
        `  ${v.label.padEnd(28)} ${wall.toFixed(1).padStart(7)} s wall, ${(durationS / wall).toFixed(0).padStart(5)}× real time, ${(denseS / wall).toFixed(2)}× dense (${r.summary.steps} steps, ${(100 * share).toFixed(0)} % of tile-steps computed)`,
      );
      if (!v.exact) console.log(`  ${''.padEnd(28)} ${agreementLine(floodAgreement(reference, r))}`);
      out[`${w.file}:${v.label}`] = wall;
    }
  }
  return out;
}

export async function benchFlood(simulatedS = 120): Promise<Record<string, number>> {
  await benchTwinWindows(Number(process.env.FLOODTWIN_BENCH_SCALE ?? 1));
  const setup = benchSetup(simulatedS);
  let wet = 0;
  for (const d of setup.initialDepth!) if (d > 0.001) wet++;
  console.log(
    `flood: ${setup.ncols}×${setup.nrows} cells at ${setup.cellSize} m, ${((100 * wet) / setup.initialDepth!.length).toFixed(0)} % wet at the start, ${simulatedS} s simulated`,
  );
  const out: Record<string, number> = {};
  let reference: Float32Array | null = null;
  for (const [kernel, workers] of [
    ['wasm', 1],
    ['wasm', 2],
    ['js', 1],
  ] as const) {
    // best of two runs: the machine may be shared
    let best = 0;
    let steps = 0;
    let wait = 0;
    for (let rep = 0; rep < 2; rep++) {
      const r = await runFloodNode(setup, workers, {}, kernel);
      steps = r.summary.steps;
      if (r.summary.cellUpdatesPerS > best) wait = r.summary.barrierWaitS / r.summary.solverWallS;
      best = Math.max(best, r.summary.cellUpdatesPerS);
      // every configuration must give the same bits
      if (!reference) reference = r.depth;
      else if (!Buffer.from(r.depth.buffer).equals(Buffer.from(reference.buffer)))
        throw new Error(`${kernel} on ${workers} worker(s) gave different depths`);
    }
    out[`flood_${kernel}_${workers}w`] = best;
    console.log(
      `  ${kernel} kernels, ${workers} worker(s): ${(best / 1e6).toFixed(1)} M cell-updates/s (${steps} steps${workers > 1 ? `; band 0 waited at barriers ${(100 * wait).toFixed(1)} % of the time` : ''})`,
    );
  }
  out.floodSpeedup2w = out.flood_wasm_2w / out.flood_wasm_1w;
  console.log(`  speed-up on 2 workers: ${out.floodSpeedup2w.toFixed(2)}× (identical results in every configuration)`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchFlood(Number(process.argv[2] ?? 120));
}
