/**
 * The cells a polyline crosses, each with its share of the line's length (shares sum to 1).
 * A line inflow spreads its total discharge over these cells. Each segment is cut where it crosses
 * a grid line; each piece goes, whole, to the cell holding its midpoint (the edge rule of `cellAt`),
 * so the shares are exact and a line lying on a cell edge or on the grid's outer boundary is
 * handled. Wall cells (NaN bed) get nothing; the remaining shares are renormalised.
 */
import type { Grid } from '../../src/core/grid.ts';

export function lineCells(
  g: Grid,
  line: ReadonlyArray<readonly [number, number]>,
  z: Float32Array,
): { cells: Int32Array; weights: Float64Array } {
  const share = new Map<number, number>();
  const top = g.yll + g.nrows * g.cellSize;
  const add = (x: number, y: number, length: number): void => {
    let col = Math.floor((x - g.xll) / g.cellSize);
    let row = Math.ceil((top - y) / g.cellSize) - 1;
    // a line lying on the east or south outer edge belongs to the last column / row
    col = Math.min(Math.max(col, 0), g.ncols - 1);
    row = Math.min(Math.max(row, 0), g.nrows - 1);
    const k = row * g.ncols + col;
    if (!Number.isNaN(z[k])) share.set(k, (share.get(k) ?? 0) + length);
  };
  for (let s = 0; s + 1 < line.length; s++) {
    const [x0, y0] = line[s];
    const [x1, y1] = line[s + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) {
      add(x0, y0, 1);
      continue;
    }
    // parameters where the segment crosses a vertical or horizontal grid line
    const ts = [0, 1];
    const cross = (a0: number, a1: number, origin: number): void => {
      if (a0 === a1) return;
      const lo = Math.ceil((Math.min(a0, a1) - origin) / g.cellSize);
      const hi = Math.floor((Math.max(a0, a1) - origin) / g.cellSize);
      for (let i = lo; i <= hi; i++) {
        const t = (origin + i * g.cellSize - a0) / (a1 - a0);
        if (t > 0 && t < 1) ts.push(t);
      }
    };
    cross(x0, x1, g.xll);
    cross(y0, y1, g.yll);
    ts.sort((a, b) => a - b);
    for (let i = 0; i + 1 < ts.length; i++) {
      const dt = ts[i + 1] - ts[i];
      if (dt <= 1e-12) continue;
      const tm = 0.5 * (ts[i] + ts[i + 1]);
      add(x0 + tm * (x1 - x0), y0 + tm * (y1 - y0), dt * len);
    }
  }
  const keys = [...share.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of keys) total += share.get(k)!;
  const cells = Int32Array.from(keys);
  const weights = Float64Array.from(keys, (k) => share.get(k)! / total);
  return { cells, weights };
}
