/**
 * Typed arrays for the sand table's vector layers, built once: extruded buildings (walls + flat
 * roof, one merged mesh, with the triangle range of each building so a tap finds its building),
 * roads as line segments, and a wall line (the levee). Heights in table units (tableGrid.ts).
 */
import { ShapeUtils, Vector2 } from 'three';
import type { Building, Road } from '../../../io/layers/types.ts';
import { cellAt } from '../../../core/grid.ts';
import { tx, ty, tz, type TableFrame } from './tableGrid.ts';

export interface BuildingMesh {
  position: Float32Array;
  normal: Float32Array;
  /** first triangle of building i is triStart[i]; the last building ends at the triangle count */
  triStart: Uint32Array;
}

/** ground (m) under map point (x, y): the cell's level, or the table base outside the grid */
export function groundAt(f: TableFrame, ground: Float32Array, x: number, y: number): number {
  const c = cellAt(f, x, y);
  return c ? ground[c[1] * f.ncols + c[0]] : f.baseZ;
}

/**
 * Walls and a roof per building, standing on the ground under its first vertex, `heightM` tall.
 * @example extrudeBuildings(frame, ground, [square]).triStart.length === 1
 */
export function extrudeBuildings(f: TableFrame, ground: Float32Array, buildings: readonly Building[]): BuildingMesh {
  const pos: number[] = [];
  const nor: number[] = [];
  const triStart = new Uint32Array(buildings.length);
  const push = (x: number, y: number, z: number, n: [number, number, number]) => {
    pos.push(x, y, z);
    nor.push(n[0], n[1], n[2]);
  };
  buildings.forEach((b, i) => {
    triStart[i] = pos.length / 9;
    const n = b.ring.length / 2 - 1; // closed ring: last point repeats the first
    if (n < 3) return;
    const y0 = ty(f, groundAt(f, ground, b.ring[0], b.ring[1])) - 0.05;
    const y1 = y0 + 0.05 + (Math.max(3, b.heightM) * 2) / 10; // buildings at the terrain's exaggeration
    const pts: Vector2[] = [];
    for (let k = 0; k < n; k++) pts.push(new Vector2(tx(f, b.ring[2 * k]), tz(f, b.ring[2 * k + 1])));
    for (let k = 0; k < n; k++) {
      const a = pts[k],
        c = pts[(k + 1) % n];
      const dx = c.x - a.x,
        dz = c.y - a.y,
        len = Math.hypot(dx, dz) || 1;
      // outward normal of a counter-clockwise map ring; map y flips into −z, so the ring turns clockwise on the table
      const nn: [number, number, number] = [-dz / len, 0, dx / len];
      push(a.x, y0, a.y, nn);
      push(c.x, y0, c.y, nn);
      push(c.x, y1, c.y, nn);
      push(a.x, y0, a.y, nn);
      push(c.x, y1, c.y, nn);
      push(a.x, y1, a.y, nn);
    }
    for (const [p, q, r] of ShapeUtils.triangulateShape(pts, [])) {
      // roof facing +y
      push(pts[p].x, y1, pts[p].y, [0, 1, 0]);
      push(pts[r].x, y1, pts[r].y, [0, 1, 0]);
      push(pts[q].x, y1, pts[q].y, [0, 1, 0]);
    }
  });
  return { position: new Float32Array(pos), normal: new Float32Array(nor), triStart };
}

/** index of the building owning triangle `tri` (binary search in triStart) */
export function buildingOfTriangle(triStart: Uint32Array, tri: number): number {
  let lo = 0,
    hi = triStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (triStart[mid] <= tri) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** road polylines as segment pairs just above the ground */
export function roadSegments(f: TableFrame, ground: Float32Array, roads: readonly Road[]): Float32Array {
  const out: number[] = [];
  for (const r of roads) {
    for (let k = 0; k + 3 < r.coords.length; k += 2) {
      for (const j of [k, k + 2]) {
        const x = r.coords[j],
          y = r.coords[j + 1];
        out.push(tx(f, x), ty(f, groundAt(f, ground, x, y)) + 0.08, tz(f, y));
      }
    }
  }
  return new Float32Array(out);
}

/** a wall along map polyline `line` up to level `crestM`: two triangles per segment, both sides drawn */
export function wallStrip(
  f: TableFrame,
  ground: Float32Array,
  line: readonly [number, number][],
  crestM: number,
): Float32Array {
  const out: number[] = [];
  for (let k = 0; k + 1 < line.length; k++) {
    const [a, b] = [line[k], line[k + 1]];
    const a0 = ty(f, groundAt(f, ground, a[0], a[1])),
      b0 = ty(f, groundAt(f, ground, b[0], b[1]));
    const top = ty(f, crestM);
    const ax = tx(f, a[0]),
      az = tz(f, a[1]),
      bx = tx(f, b[0]),
      bz = tz(f, b[1]);
    out.push(ax, a0, az, bx, b0, bz, bx, top, bz, ax, a0, az, bx, top, bz, ax, top, az);
  }
  return new Float32Array(out);
}
