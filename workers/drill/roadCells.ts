/**
 * The cells under a road, for closing it in the evacuation: the evacuation engine closes a link
 * whose deepest cell is deeper than its limits (workers/evacuation/flood.ts), so a closed road is
 * a deep overlay on these cells. The cells within one and a half cells of the road's two ends are
 * left out, so the roads meeting it there stay open.
 */
import type { GridGeometry } from '../../src/core/grid.ts';

/**
 * `endGapM`: leave out the cells within this distance of the road's two ends (default 1.5 cells;
 * 0 gives every cell the road crosses).
 * @example roadCells(grid, Float64Array.of(0, 0, 100, 0)) // the cells along the 100 m road, ends excluded
 */
export function roadCells(g: GridGeometry, coords: Float64Array, endGapM = 1.5 * g.cellSize): Int32Array {
  const cs = g.cellSize;
  const top = g.yll + g.nrows * cs;
  const n = coords.length / 2;
  const ends = [
    [coords[0], coords[1]],
    [coords[2 * n - 2], coords[2 * n - 1]],
  ];
  const keep = endGapM;
  const out = new Set<number>();
  for (let i = 0; i + 1 < n; i++) {
    const x0 = coords[2 * i],
      y0 = coords[2 * i + 1],
      x1 = coords[2 * i + 2],
      y1 = coords[2 * i + 3];
    const len = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    // samples every quarter cell: every cell the segment crosses gets at least one
    const m = Math.max(1, Math.ceil((4 * len) / cs));
    for (let j = 0; j <= m; j++) {
      const x = x0 + ((x1 - x0) * j) / m;
      const y = y0 + ((y1 - y0) * j) / m;
      if (keep > 0 && ends.some(([ex, ey]) => (x - ex) * (x - ex) + (y - ey) * (y - ey) < keep * keep)) continue;
      const col = Math.floor((x - g.xll) / cs);
      const row = Math.ceil((top - y) / cs) - 1;
      if (col >= 0 && col < g.ncols && row >= 0 && row < g.nrows) out.add(row * g.ncols + col);
    }
  }
  return Int32Array.from([...out].sort((a, b) => a - b));
}
