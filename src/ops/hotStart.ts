/**
 * A hot start for the nowcast: the scenario's initial river surface moved to what a gauge reads at
 * the start, so a runner started in the middle of a flood does not begin with a river metres too
 * low. (Its boundaries would then drive a bore into the reach: a 5 m run of the default twin
 * started cold at record hour 160 stopped with "velocity ran away".) The same rule as the default
 * twin's hot-started peak window (data/README.md): the surface of the water body that holds the
 * gauge is shifted by the gauge's difference, and where it rises it spreads (4-neighbour) into every
 * cell whose ground lies below it; cells it cannot reach (behind a levee higher than the new surface,
 * other ponds) keep their initial depth. Where it falls, the water body's depths fall with it, to 0
 * at least. A flat shift of the initial profile keeps its slope along the reach.
 * @example hotStartDepth({ ncols: 3, nrows: 1, z: Float32Array.of(0, 0.5, 2), initialDepth: Float32Array.of(1, 0, 0) }, 0, 1.8)
 * // Float32Array [1.8, 1.3, 0]: the river rises 0.8 m and fills the bank below 1.8 m, not the 2 m ground
 */
import type { FloodSetup } from '../../workers/flood/setup.ts';

/** The cell of the output point (gauge) `id`, or −1 when the setup has none of that name. */
export function gaugeCellOf(setup: Pick<FloodSetup, 'outputs'>, id: string): number {
  const i = setup.outputs.pointIds.indexOf(id);
  return i < 0 ? -1 : setup.outputs.pointCells[i];
}

/** true when cell `k` is on the grid and wet at the start: a gauge there can set the river's level. */
export function gaugeInWater(setup: Pick<FloodSetup, 'ncols' | 'nrows' | 'initialDepth'>, k: number): boolean {
  return Number.isInteger(k) && k >= 0 && k < setup.ncols * setup.nrows && (setup.initialDepth?.[k] ?? 0) > 0;
}

/** Initial depths with the gauge cell's water body moved to `stageM` (the level at cell `gaugeCell`). */
export function hotStartDepth(
  setup: Pick<FloodSetup, 'ncols' | 'nrows' | 'z' | 'initialDepth'>,
  gaugeCell: number,
  stageM: number,
): Float32Array {
  const { ncols, nrows, z } = setup;
  const n = ncols * nrows;
  const depth0 = setup.initialDepth ?? new Float32Array(n);
  if (!gaugeInWater(setup, gaugeCell)) throw new RangeError(`hot-start gauge cell ${gaugeCell} is dry or off the grid`);
  if (!Number.isFinite(stageM)) throw new RangeError(`hot-start stage must be a number, got ${stageM}`);
  const shift = stageM - (z[gaugeCell] + depth0[gaugeCell]);
  // level[k]: the new water level of each reached cell (NaN: not reached)
  const level = new Float64Array(n).fill(Number.NaN);
  const queue = new Int32Array(n);
  // 1. the water body that holds the gauge (cells wet at the start, 4-connected) moves by `shift`
  const reached = spread(ncols, nrows, [gaugeCell], level, queue, (j) =>
    depth0[j] > 0 ? z[j] + depth0[j] + shift : Number.NaN,
  );
  // 2. a rise spreads from it over lower ground and lower water (a bank, a pond it reaches), level with it
  if (shift > 0) {
    spread(ncols, nrows, Array.from(queue.subarray(0, reached)), level, queue, (j, from) =>
      z[j] < from && z[j] + depth0[j] < from ? from : Number.NaN,
    );
  }
  const out = Float32Array.from(depth0);
  for (let k = 0; k < n; k++) if (!Number.isNaN(level[k])) out[k] = Math.max(0, level[k] - z[k]);
  return out;
}

/**
 * Breadth-first from `seeds` (whose levels are set): a neighbour j of a reached cell joins with level
 * `levelOf(j, level of the cell it is reached from)` unless that is NaN. Returns the reached count.
 */
function spread(
  ncols: number,
  nrows: number,
  seeds: number[],
  level: Float64Array,
  queue: Int32Array,
  levelOf: (j: number, from: number) => number,
): number {
  let head = 0;
  let tail = 0;
  for (const k of seeds) {
    if (Number.isNaN(level[k])) level[k] = levelOf(k, Number.NaN);
    queue[tail++] = k;
  }
  const visit = (j: number, from: number) => {
    if (!Number.isNaN(level[j])) return;
    const l = levelOf(j, from);
    if (Number.isNaN(l)) return;
    level[j] = l;
    queue[tail++] = j;
  };
  while (head < tail) {
    const i = queue[head++];
    const r = (i / ncols) | 0;
    const c = i - r * ncols;
    if (r > 0) visit(i - ncols, level[i]);
    if (r < nrows - 1) visit(i + ncols, level[i]);
    if (c > 0) visit(i - 1, level[i]);
    if (c < ncols - 1) visit(i + 1, level[i]);
  }
  return tail;
}
