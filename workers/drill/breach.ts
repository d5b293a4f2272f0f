/**
 * A levee breach picked on the map as a bed change: every cell whose centre lies within widthM/2 of
 * the picked point and whose bed now stands above finalCrestM falls linearly to finalCrestM over
 * [t, t + durationS] (the engine's bed changes, as a scripted breach in src/events/leveeBreach.ts).
 */
import type { BedChange, FloodSetup } from '../flood/setup.ts';
import type { LiveInject } from './injects.ts';

type Breach = Extract<LiveInject, { kind: 'leveeBreach' }>;

/**
 * `zNow`: the bed at time t (earlier bed changes included). Null when no cell of the disc stands
 * above the final crest (the breach changes nothing).
 * @example breachBedChange(setup, z, { kind: 'leveeBreach', x: 645000, y: 3273950, widthM: 40, finalCrestM: 183, durationS: 600 }, 3600)
 */
export function breachBedChange(setup: FloodSetup, zNow: Float32Array, b: Breach, t: number): BedChange | null {
  const cs = setup.cellSize;
  const top = setup.yll + setup.nrows * cs;
  const r = b.widthM / 2;
  const c0 = Math.max(0, Math.floor((b.x - r - setup.xll) / cs));
  const c1 = Math.min(setup.ncols - 1, Math.floor((b.x + r - setup.xll) / cs));
  const r0 = Math.max(0, Math.floor((top - (b.y + r)) / cs));
  const r1 = Math.min(setup.nrows - 1, Math.floor((top - (b.y - r)) / cs));
  const cells: number[] = [];
  for (let row = r0; row <= r1; row++) {
    for (let col = c0; col <= c1; col++) {
      const dx = setup.xll + (col + 0.5) * cs - b.x;
      const dy = top - (row + 0.5) * cs - b.y;
      const k = row * setup.ncols + col;
      // walls (NaN in the setup's bed) never move
      if (dx * dx + dy * dy <= r * r && !Number.isNaN(setup.z[k]) && zNow[k] > b.finalCrestM) cells.push(k);
    }
  }
  if (cells.length === 0) return null;
  return {
    cells: Int32Array.from(cells),
    startS: t,
    endS: t + b.durationS,
    fromZ: Float32Array.from(cells, (k) => zNow[k]),
    finalZ: new Float32Array(cells.length).fill(b.finalCrestM),
  };
}
