/**
 * The rain field (workers/flood/rainField.ts) over the default twin's grid (1200 x 800 cells of 5 m)
 * with 2,800 stations: the Thiessen field once per station set, and the per-step cost of adding it.
 */
import { applyRainField, thiessenStations } from '../../workers/flood/rainField.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import { LEDGER_FIELDS, type FloodArrays } from '../../workers/flood/state.ts';

export async function benchRainField(): Promise<void> {
  const g = { ncols: 1200, nrows: 800, cellSize: 5, xll: 642000, yll: 3273000 };
  const n = g.ncols * g.nrows;
  const nStations = 2800;
  let s = 7;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const xy = new Float64Array(2 * nStations);
  // stations scattered over the twin and 2 km around it (a district's weather network)
  for (let i = 0; i < nStations; i++) {
    xy[2 * i] = g.xll - 2000 + rnd() * 10000;
    xy[2 * i + 1] = g.yll - 2000 + rnd() * 8000;
  }
  const runs: number[] = [];
  let field = thiessenStations(g, xy);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    field = thiessenStations(g, xy);
    runs.push(performance.now() - t0);
  }
  console.log(`Thiessen field, ${nStations} stations onto ${n} cells: ${runs.map((r) => r.toFixed(0)).join(', ')} ms`);
  const series: Series[] = [];
  for (let i = 0; i < nStations; i++)
    series.push([
      [0, 5 + 30 * rnd()],
      [3600, 5 + 30 * rnd()],
      [7200, 0],
    ]);
  const a = {
    h: new Float32Array(n),
    maxH: new Float32Array(n),
    arrival: new Float32Array(n).fill(-1),
    valid: new Uint8Array(n).fill(1),
    ledger: new Float64Array(g.nrows * LEDGER_FIELDS),
  } as unknown as FloodArrays;
  const scratch = new Float64Array(nStations);
  const steps = 50;
  const t0 = performance.now();
  for (let k = 0; k < steps; k++)
    applyRainField(
      { stationOfCell: field, stationMmPerHour: series },
      g.ncols,
      25,
      0.05,
      a,
      k * 2,
      2,
      0,
      g.nrows,
      scratch,
    );
  const per = (performance.now() - t0) / steps;
  console.log(`rain field per step, whole grid on one core: ${per.toFixed(2)} ms`);
}
