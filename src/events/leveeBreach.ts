/**
 * A levee breach as a bed change: the part of the levee line within widthM of the breach centre
 * (measured along the line) falls from its crest to finalCrestM over durationS starting at atS. The
 * cells are the supercover of that stretch plus, when thicknessM is given, every cell whose centre is
 * within thicknessM/2 of it (a levee several cells wide must open through its whole width).
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import type { BedChange } from '../interventions/applyInterventions.ts';
import { polylineCells, type XY } from '../interventions/rasterise.ts';

export interface LeveeBreach {
  atS: number;
  line: readonly XY[];
  centre?: XY;
  widthM: number;
  finalCrestM: number;
  durationS: number;
  thicknessM?: number;
  id?: string;
}

function cumulative(line: readonly XY[]): number[] {
  const s = [0];
  for (let i = 1; i < line.length; i++)
    s.push(s[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  return s;
}

/** Arc length along the line of the point nearest to p. */
export function arcLengthOf(line: readonly XY[], p: XY): number {
  const s = cumulative(line);
  let best = Infinity;
  let at = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const dx = line[i + 1][0] - ax;
    const dy = line[i + 1][1] - ay;
    const L2 = dx * dx + dy * dy;
    const u = L2 > 0 ? Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L2)) : 0;
    const d = Math.hypot(ax + u * dx - p[0], ay + u * dy - p[1]);
    if (d < best) {
      best = d;
      at = s[i] + u * Math.sqrt(L2);
    }
  }
  return at;
}

/** The stretch of a polyline between arc lengths a and b (a < b). */
export function subLine(line: readonly XY[], a: number, b: number): XY[] {
  const s = cumulative(line);
  const at = (d: number): XY => {
    let i = 0;
    while (i < line.length - 2 && s[i + 1] < d) i++;
    const seg = s[i + 1] - s[i];
    const u = seg > 0 ? (d - s[i]) / seg : 0;
    return [line[i][0] + u * (line[i + 1][0] - line[i][0]), line[i][1] + u * (line[i + 1][1] - line[i][1])];
  };
  const out: XY[] = [at(a)];
  for (let i = 1; i < line.length - 1; i++) if (s[i] > a && s[i] < b) out.push(line[i]);
  out.push(at(b));
  return out;
}

function distToPolyline(line: readonly XY[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const dx = line[i + 1][0] - ax;
    const dy = line[i + 1][1] - ay;
    const L2 = dx * dx + dy * dy;
    const u = L2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / L2)) : 0;
    const d = Math.hypot(ax + u * dx - x, ay + u * dy - y);
    if (d < best) best = d;
  }
  return best;
}

/** The breach's bed change against the current bed z; null when no cell stands above finalCrestM. */
export function leveeBreachBedChange(
  grid: Grid,
  z: Float32Array,
  b: LeveeBreach,
  path = 'events.leveeBreaches[0]',
): BedChange | null {
  if (b.line.length < 2) throw new InputError('a levee line needs at least two points', { path: `${path}.line` });
  const s = cumulative(b.line);
  const total = s[s.length - 1];
  if (!(total > 0)) throw new InputError('the levee line has zero length', { path: `${path}.line` });
  const centre = b.centre ? arcLengthOf(b.line, b.centre) : total / 2;
  const a = Math.max(0, centre - b.widthM / 2);
  const e = Math.min(total, centre + b.widthM / 2);
  const stretch = subLine(b.line, a, e);
  const set = new Set<number>(polylineCells(grid, stretch));
  const half = (b.thicknessM ?? 0) / 2;
  if (half > 0) {
    const cs = grid.cellSize;
    const top = grid.yll + grid.nrows * cs;
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    for (const [x, y] of stretch) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    const c0 = Math.max(0, Math.floor((x0 - half - grid.xll) / cs));
    const c1 = Math.min(grid.ncols - 1, Math.floor((x1 + half - grid.xll) / cs));
    const r0 = Math.max(0, Math.floor((top - (y1 + half)) / cs));
    const r1 = Math.min(grid.nrows - 1, Math.floor((top - (y0 - half)) / cs));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const xc = grid.xll + (c + 0.5) * cs;
        const yc = top - (r + 0.5) * cs;
        if (distToPolyline(stretch, xc, yc) <= half) set.add(r * grid.ncols + c);
      }
    }
  }
  const cells = [...set].sort((p, q) => p - q).filter((c) => !Number.isNaN(z[c]) && z[c] > b.finalCrestM);
  if (cells.length === 0) return null;
  return {
    cells: Int32Array.from(cells),
    startS: b.atS,
    endS: b.atS + b.durationS,
    finalZ: new Float32Array(cells.length).fill(b.finalCrestM),
    source: b.id ?? path,
  };
}
