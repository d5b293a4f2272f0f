/**
 * An irregular channel's geometry from its [TRANSECTS] stations, as the table the solver reads
 * (depth above the lowest point → top width, wetted perimeter), in SI units.
 * Following SWMM's rules for transects (User's Manual, Appendix D; Hydraulics Reference Manual vol. II):
 * - full depth = highest − lowest elevation; vertical walls close both ends up to it;
 * - the overbanks (left of xLeftBank, right of xRightBank) have their own Manning's n (when it differs
 *   from the channel's, an overbank is a separate part of the conveyance); the hydraulic
 *   radius is the one that gives the whole section's Manning conveyance with the channel's n:
 *     K = Σ_zones A_z·R_z^(2/3) / n_z,   R = (n_ch·K / A)^(3/2)
 *   and the channel's n is multiplied by √lengthFactor (the channel is longer than its overbanks).
 * The returned perimeter is A / R, so that the solver's A/P is that hydraulic radius.
 */
import { pow } from '../../src/core/detMath.ts';
import type { Transect } from '../../src/io/swmmInp.ts';

export interface TransectTable {
  depth: number[];
  width: number[];
  perimeter: number[];
}

/** Points with vertical end walls and extra points at the bank stations (so each segment lies in one zone). */
function closedPoints(t: Transect, L: number, top: number): [number, number][] {
  const pts = t.points.map(([x, z]) => [x * L, z * L] as [number, number]);
  const out: [number, number][] = [[pts[0][0], top]];
  const banks = [t.xLeftBank * L, t.xRightBank * L];
  for (let i = 0; i < pts.length; i++) {
    if (i > 0) {
      const [x0, z0] = pts[i - 1];
      const [x1, z1] = pts[i];
      for (const b of banks) {
        if (b > x0 && b < x1) out.push([b, z0 + ((z1 - z0) * (b - x0)) / (x1 - x0)]);
      }
    }
    out.push(pts[i]);
  }
  out.push([pts[pts.length - 1][0], top]);
  return out;
}

/** Area and wetted perimeter of a segment below water level e. */
function wetSegment(x0: number, z0: number, x1: number, z1: number, e: number): [number, number, number] {
  const lo = Math.min(z0, z1);
  const hi = Math.max(z0, z1);
  if (lo >= e) return [0, 0, 0];
  const dx = Math.abs(x1 - x0);
  const len = Math.sqrt(dx * dx + (hi - lo) * (hi - lo));
  if (hi <= e) return [(dx * (2 * e - z0 - z1)) / 2, len, dx];
  const f = (e - lo) / (hi - lo);
  return [(dx * f * (e - lo)) / 2, len * f, dx * f];
}

/**
 * The depth → width, perimeter table of a transect at `n` + 1 depths (L: metres per file length unit).
 * @example transectTable(vChannel, 1).width[50] // the top width at full depth
 */
export function transectTable(t: Transect, L: number, n = 50): TransectTable {
  let zMin = Infinity;
  let zMax = -Infinity;
  for (const [, z] of t.points) {
    if (z < zMin) zMin = z;
    if (z > zMax) zMax = z;
  }
  zMin *= L;
  zMax *= L;
  const pts = closedPoints(t, L, zMax);
  const nCh = t.nChannel * Math.sqrt(t.lengthFactor);
  const xl = t.xLeftBank * L;
  const xr = t.xRightBank * L;
  const table: TransectTable = { depth: [], width: [], perimeter: [] };
  for (let i = 0; i <= n; i++) {
    const y = ((zMax - zMin) * i) / n;
    // at depth 0, the width of a flat bottom (just above it)
    const e = zMin + (i === 0 ? 1e-9 * (zMax - zMin) : y);
    const zone = [
      [0, 0],
      [0, 0],
      [0, 0],
    ]; // area, perimeter of left overbank, channel, right overbank
    let width = 0;
    for (let k = 1; k < pts.length; k++) {
      const [x0, z0] = pts[k - 1];
      const [x1, z1] = pts[k];
      const [a, p, w] = wetSegment(x0, z0, x1, z1, e);
      const xm = 0.5 * (x0 + x1);
      // an overbank with the channel's n is part of the channel (one conveyance)
      const zi = xm < xl && t.nLeft !== nCh ? 0 : xm > xr && t.nRight !== nCh ? 2 : 1;
      zone[zi][0] += a;
      zone[zi][1] += p;
      width += w;
    }
    const nz = [t.nLeft, nCh, t.nRight];
    let area = 0;
    let k = 0;
    for (let z = 0; z < 3; z++) {
      const [a, p] = zone[z];
      area += a;
      if (a > 0 && p > 0) k += (a * pow(a / p, 2 / 3)) / nz[z];
    }
    const r = area > 0 ? pow((nCh * k) / area, 1.5) : 0;
    table.depth.push(y);
    table.width.push(width);
    table.perimeter.push(r > 0 && i > 0 ? area / r : width);
  }
  return table;
}
