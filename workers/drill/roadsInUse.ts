/**
 * The roads the evacuees are on now, busiest first: each en-route household is counted on the road
 * under its position (the cells each road crosses, roadCells.ts), with its people. The director's
 * road-closure picker lists these first, so a closure can hit the roads the evacuation uses.
 */
import type { GridGeometry } from '../../src/core/grid.ts';
import { AGENT_EN_ROUTE } from '../evacuation/types.ts';

/** cell → index of the first road crossing it (-1: none), from each road's cells */
export function cellRoadIndex(g: GridGeometry, cellsByRoad: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(g.ncols * g.nrows).fill(-1);
  cellsByRoad.forEach((cells, r) => {
    for (const k of cells) if (out[k] < 0) out[k] = r;
  });
  return out;
}

/**
 * People en route on each road, busiest first (ties by id), at most `top` roads.
 * `xy`: agent x,y pairs in map metres; `states` and `sizes` per agent (Evacuation.agentStates / agentSizes).
 * @example roadsInUse(grid, cellRoad, ['r1', 'r2'], xy, states, sizes) // [{ id: 'r2', people: 14 }, …]
 */
export function roadsInUse(
  g: GridGeometry,
  cellRoad: Int32Array,
  roadIds: readonly string[],
  xy: Float32Array,
  states: Uint8Array,
  sizes: Uint16Array,
  top = 5,
): { id: string; people: number }[] {
  const people = new Float64Array(roadIds.length);
  const yTop = g.yll + g.nrows * g.cellSize;
  for (let a = 0; a < states.length; a++) {
    if (states[a] !== AGENT_EN_ROUTE) continue;
    const col = Math.floor((xy[2 * a] - g.xll) / g.cellSize);
    const row = Math.floor((yTop - xy[2 * a + 1]) / g.cellSize);
    if (col < 0 || col >= g.ncols || row < 0 || row >= g.nrows) continue;
    const r = cellRoad[row * g.ncols + col];
    if (r >= 0) people[r] += sizes[a];
  }
  const order: number[] = [];
  for (let r = 0; r < roadIds.length; r++) if (people[r] > 0) order.push(r);
  order.sort((p, q) => people[q] - people[p] || (roadIds[p] < roadIds[q] ? -1 : 1));
  return order.slice(0, top).map((r) => ({ id: roadIds[r], people: people[r] }));
}
