/**
 * Wall time of a forecast on the default twin (1200 × 800 cells of 5 m) on 2 workers with the wasm
 * kernels: the third peak's hot start (scenarios/river-flood-peak.json, the levee overtopping: the
 * busiest hours of the record) run for `simulatedS` (default 1800 s), extrapolated to 24 h. A full
 * 24 h run takes tens of minutes on this engine; run it with 86400 to measure it outright.
 *   npm run bench -- forecast            (FORECAST_S=86400 npm run bench -- forecast for a full day)
 */
import { loadRun } from '../../src/cli/scenarioRun.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';

export async function benchForecast(simulatedS = Number(process.env.FORECAST_S ?? 1800)): Promise<void> {
  const run = await loadRun('scenarios/river-flood-peak.json', simulatedS);
  const { setup } = run.prepared;
  const t0 = performance.now();
  const res = await runFloodNode(setup, 2, {}, 'wasm');
  const wallS = (performance.now() - t0) / 1000;
  console.log(
    `forecast on the default twin (${setup.ncols}×${setup.nrows} cells), 2 workers, wasm: ${simulatedS} s simulated in ${wallS.toFixed(1)} s wall, ${res.summary.steps} steps; 24 h at this rate: ${((wallS * 86400) / simulatedS / 60).toFixed(0)} min`,
  );
}
