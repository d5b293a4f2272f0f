/**
 * The roads in use: each en-route household counted with its people on the road under it, busiest
 * first, ties by id; households waiting, safe or trapped, or off every road, are not counted.
 */
import { describe, expect, it } from 'vitest';
import { cellRoadIndex, roadsInUse } from '../../workers/drill/roadsInUse.ts';
import { roadCells } from '../../workers/drill/roadCells.ts';
import { AGENT_EN_ROUTE, AGENT_SAFE, AGENT_WAITING } from '../../workers/evacuation/types.ts';

// 4 × 3 cells of 10 m, the south-west corner at (1000, 2000): rows run north (y 2020–2030) to south
const g = { ncols: 4, nrows: 3, cellSize: 10, xll: 1000, yll: 2000 };
// r1 along the middle row (y = 2015), r2 down the last column (x = 1035), r3 along the top row
const r1 = roadCells(g, Float64Array.of(1000, 2015, 1029, 2015), 0);
const r2 = roadCells(g, Float64Array.of(1035, 2029, 1035, 2001), 0);
const r3 = roadCells(g, Float64Array.of(1001, 2025, 1029, 2025), 0);

describe('roadsInUse', () => {
  it('counts en-route people on the road under each household, busiest first', () => {
    const cellRoad = cellRoadIndex(g, [r1, r2, r3]);
    // the middle row is cells 4..7; r1 covers 4, 5, 6 (x 1000–1029); r2 the last column: 3, 7, 11
    expect([...r1]).toEqual([4, 5, 6]);
    expect([...r2]).toEqual([3, 7, 11]);
    expect(cellRoad[7]).toBe(1);
    const xy = Float32Array.of(
      1005,
      2015, // r1, en route, 3 people
      1025,
      2012, // r1, en route, 2 people
      1035,
      2005, // r2, en route, 4 people
      1035,
      2025, // r2, en route, 1 person
      1015,
      2025, // r3, waiting: not counted
      1015,
      2005, // no road (bottom row, column 1), en route: not counted
      1005,
      2015, // r1, safe: not counted
      990,
      2015, // off the grid
    );
    const states = Uint8Array.of(
      AGENT_EN_ROUTE,
      AGENT_EN_ROUTE,
      AGENT_EN_ROUTE,
      AGENT_EN_ROUTE,
      AGENT_WAITING,
      AGENT_EN_ROUTE,
      AGENT_SAFE,
      AGENT_EN_ROUTE,
    );
    const sizes = Uint16Array.of(3, 2, 4, 1, 9, 9, 9, 9);
    // r1 and r2 both carry 5 people: by id
    expect(roadsInUse(g, cellRoad, ['r1', 'r2', 'r3'], xy, states, sizes)).toEqual([
      { id: 'r1', people: 5 },
      { id: 'r2', people: 5 },
    ]);
    sizes[0] = 1;
    expect(roadsInUse(g, cellRoad, ['r1', 'r2', 'r3'], xy, states, sizes, 1)).toEqual([{ id: 'r2', people: 5 }]);
  });
});
