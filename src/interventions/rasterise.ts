/**
 * Rasterising map geometry onto a Grid (row 0 north).
 *
 * Lines use a supercover traversal (Amanatides & Woo 1987, "A fast voxel traversal algorithm"): every
 * cell the segment passes through, in order, with the length inside it. Where the segment passes
 * exactly through a cell corner, both side cells are added too, so the cell set is 4-connected and
 * a wall drawn from it has no diagonal gap water could leak through. A point on a cell edge belongs
 * to the cell east / north of it (as `cellAt`), unless the segment moves away from that cell.
 *
 * Polygons take the cells whose centres are inside (even-odd rule over all rings, so holes work).
 */
import type { Grid } from '../core/grid.ts';

export type XY = readonly [number, number];

const EPS = 1e-9;

function isInt(p: number): boolean {
  return Math.abs(p - Math.round(p)) < EPS;
}

/**
 * Visits the cells crossed by segment (x0,y0)–(x1,y1) in order. `cells` receives cell indices, `lengths`
 * (when given) the map length of the segment inside each (0 for corner touches). Cells outside the
 * grid are skipped; a cell may repeat at a polyline's joints (callers dedupe if they need to).
 */
export function segmentCells(
  g: Grid,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  cells: number[],
  lengths?: number[],
): void {
  const cs = g.cellSize;
  const top = g.yll + g.nrows * cs;
  // grid units: u east from the west edge, v south from the north edge
  let u0 = (x0 - g.xll) / cs;
  let v0 = (top - y0) / cs;
  let u1 = (x1 - g.xll) / cs;
  let v1 = (top - y1) / cs;
  // sqrt, not Math.hypot: IEEE-exact in every engine, so road lengths have the same bits in Node and the page
  const segLen = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
  // clip to the grid (Liang–Barsky) so a long segment outside costs nothing
  const du0 = u1 - u0;
  const dv0 = v1 - v0;
  let ta = 0;
  let tb = 1;
  const p = [-du0, du0, -dv0, dv0];
  const q = [u0, g.ncols - u0, v0, g.nrows - v0];
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) {
      if (q[i] < 0) return;
    } else {
      const r = q[i] / p[i];
      if (p[i] < 0) {
        if (r > tb) return;
        if (r > ta) ta = r;
      } else {
        if (r < ta) return;
        if (r < tb) tb = r;
      }
    }
  }
  const su = u0;
  const sv = v0;
  u0 = su + ta * du0;
  v0 = sv + ta * dv0;
  u1 = su + tb * du0;
  v1 = sv + tb * dv0;
  const du = u1 - u0;
  const dv = v1 - v0;
  const lenUnit = segLen * (tb - ta); // map length of the clipped part

  let col = isInt(u0) ? (du < 0 ? Math.round(u0) - 1 : Math.round(u0)) : Math.floor(u0);
  let row = isInt(v0) ? (dv > 0 ? Math.round(v0) : Math.round(v0) - 1) : Math.floor(v0);
  let endCol = isInt(u1) ? (du > 0 ? Math.round(u1) - 1 : Math.round(u1)) : Math.floor(u1);
  let endRow = isInt(v1) ? (dv < 0 ? Math.round(v1) : Math.round(v1) - 1) : Math.floor(v1);
  const clampC = (c: number) => (c < 0 ? 0 : c >= g.ncols ? g.ncols - 1 : c);
  const clampR = (r: number) => (r < 0 ? 0 : r >= g.nrows ? g.nrows - 1 : r);
  col = clampC(col);
  row = clampR(row);
  endCol = clampC(endCol);
  endRow = clampR(endRow);
  const stepX = du > 0 ? 1 : du < 0 ? -1 : 0;
  const stepY = dv > 0 ? 1 : dv < 0 ? -1 : 0;
  const tDeltaX = stepX !== 0 ? 1 / Math.abs(du) : Infinity;
  const tDeltaY = stepY !== 0 ? 1 / Math.abs(dv) : Infinity;
  let tMaxX = stepX > 0 ? (col + 1 - u0) / du : stepX < 0 ? (u0 - col) / -du : Infinity;
  let tMaxY = stepY > 0 ? (row + 1 - v0) / dv : stepY < 0 ? (v0 - row) / -dv : Infinity;
  let steps = Math.abs(endCol - col) + Math.abs(endRow - row);
  let tEnter = 0;
  const push = (c: number, r: number, len: number) => {
    if (c < 0 || c >= g.ncols || r < 0 || r >= g.nrows) return;
    cells.push(r * g.ncols + c);
    if (lengths) lengths.push(len);
  };
  while (steps > 0) {
    if (stepX !== 0 && stepY !== 0 && Math.abs(tMaxX - tMaxY) < EPS && steps >= 2) {
      // through a corner: the two side cells are touched at a point; add them so the set stays 4-connected
      const tExit = Math.min(tMaxX, 1);
      push(col, row, (tExit - tEnter) * lenUnit);
      push(col + stepX, row, 0);
      push(col, row + stepY, 0);
      col += stepX;
      row += stepY;
      tEnter = tExit;
      tMaxX += tDeltaX;
      tMaxY += tDeltaY;
      steps -= 2;
    } else if (tMaxX < tMaxY) {
      const tExit = Math.min(tMaxX, 1);
      push(col, row, (tExit - tEnter) * lenUnit);
      col += stepX;
      tEnter = tExit;
      tMaxX += tDeltaX;
      steps--;
    } else {
      const tExit = Math.min(tMaxY, 1);
      push(col, row, (tExit - tEnter) * lenUnit);
      row += stepY;
      tEnter = tExit;
      tMaxY += tDeltaY;
      steps--;
    }
  }
  push(col, row, Math.max(0, 1 - tEnter) * lenUnit);
}

/** Distinct cells crossed by a polyline (supercover, 4-connected), in first-visit order. */
export function polylineCells(g: Grid, line: readonly XY[]): Int32Array {
  const raw: number[] = [];
  if (line.length === 1) segmentCells(g, line[0][0], line[0][1], line[0][0], line[0][1], raw);
  for (let i = 0; i + 1 < line.length; i++)
    segmentCells(g, line[i][0], line[i][1], line[i + 1][0], line[i + 1][1], raw);
  return dedupe(raw);
}

function dedupe(raw: number[]): Int32Array {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const c of raw) {
    if (!seen.has(c)) {
      seen.add(c);
      out.push(c);
    }
  }
  return Int32Array.from(out);
}

/**
 * Cells whose centres lie inside the polygon (rings: outer first, holes after; even-odd rule), in
 * row-major order. A polygon too small to hold any centre gets the cell under its vertex mean, so a
 * drawn shape always does something.
 */
export function polygonCells(g: Grid, rings: readonly (readonly XY[])[]): Int32Array {
  const cs = g.cellSize;
  const top = g.yll + g.nrows * cs;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings)
    for (const [, y] of ring) {
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  const out: number[] = [];
  if (!(minY <= maxY)) return new Int32Array(0);
  const rowFirst = Math.max(0, Math.floor((top - maxY) / cs - 0.5));
  const rowLast = Math.min(g.nrows - 1, Math.ceil((top - minY) / cs - 0.5));
  const xs: number[] = [];
  for (let r = rowFirst; r <= rowLast; r++) {
    const yc = top - (r + 0.5) * cs;
    xs.length = 0;
    for (const ring of rings) {
      const n = ring.length;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        // half-open rule: an edge counts when yc is in [min, max)
        if (yi > yc !== yj > yc) xs.push(xi + ((yc - yi) * (xj - xi)) / (yj - yi));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // centres xc = xll + (c + 0.5)·cs with xs[k] <= xc < xs[k+1]
      const c0 = Math.max(0, Math.ceil((xs[k] - g.xll) / cs - 0.5));
      const c1 = Math.min(g.ncols - 1, Math.ceil((xs[k + 1] - g.xll) / cs - 0.5) - 1);
      for (let c = c0; c <= c1; c++) out.push(r * g.ncols + c);
    }
  }
  if (out.length === 0 && rings.length > 0 && rings[0].length > 0) {
    let sx = 0;
    let sy = 0;
    for (const [x, y] of rings[0]) {
      sx += x;
      sy += y;
    }
    const x = sx / rings[0].length;
    const y = sy / rings[0].length;
    const col = Math.floor((x - g.xll) / cs);
    const row = Math.ceil((top - y) / cs) - 1;
    if (col >= 0 && col < g.ncols && row >= 0 && row < g.nrows) out.push(row * g.ncols + col);
  }
  return dedupe(out);
}

/** Length-weighted cells of a polyline: for each segment piece, the cell and the map length inside it. */
export function polylineCellLengths(g: Grid, line: readonly XY[]): { cells: number[]; lengths: number[] } {
  const cells: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i + 1 < line.length; i++)
    segmentCells(g, line[i][0], line[i][1], line[i + 1][0], line[i + 1][1], cells, lengths);
  return { cells, lengths };
}

/** Point-in-polygon (even-odd over all rings). */
export function pointInRings(x: number, y: number, rings: readonly (readonly XY[])[]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
    }
  }
  return inside;
}
