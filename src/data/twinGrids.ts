/**
 * The rasters of a twin: DEM, land use and Manning n over a window of the district at a cell
 * size. Streets are cut 0.15 m below the blocks (kerbs), so water runs along them; not on the
 * levee, nor under the bridge.
 */
import { makeGrid, type Grid } from '../core/grid.ts';
import { landUseOfZone, LU, manningOf } from './landUse.ts';
import { buildRoads, LATTICE, ROAD_SPECS } from './roads.ts';
import { shelterSites } from './shelters.ts';
import { EPSG, ORIGIN_E, ORIGIN_N } from './site.ts';
import { sample, site, Zone } from './terrain.ts';

export interface TwinSpec {
  id: string;
  /** window in local metres */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  cellSize: number;
}

export interface TwinGrids {
  dem: Grid;
  landuse: Grid;
  manning: Grid;
  /** 1 where a street was cut */
  street: Uint8Array;
  zone: Uint8Array;
}

export const KERB_M = 0.15;

/** local x of cell (col) centre and local y of row centre (row 0 north) */
export function cellX(spec: TwinSpec, col: number): number {
  return spec.x0 + (col + 0.5) * spec.cellSize;
}
export function cellY(spec: TwinSpec, row: number, nrows: number): number {
  return spec.y0 + (nrows - row - 0.5) * spec.cellSize;
}

export function buildTwinGrids(spec: TwinSpec): TwinGrids {
  const cs = spec.cellSize;
  const ncols = Math.round((spec.x1 - spec.x0) / cs);
  const nrows = Math.round((spec.y1 - spec.y0) / cs);
  const dem = makeGrid(ncols, nrows, cs, ORIGIN_E + spec.x0, ORIGIN_N + spec.y0);
  dem.crs = { epsg: EPSG };
  const n = ncols * nrows;
  const zone = new Uint8Array(n);
  const lu = new Float32Array(n);
  for (let r = 0; r < nrows; r++) {
    const y = cellY(spec, r, nrows);
    for (let c = 0; c < ncols; c++) {
      sample(cellX(spec, c), y);
      const k = r * ncols + c;
      dem.values[k] = site.z;
      zone[k] = site.zone;
      lu[k] = landUseOfZone(site.zone);
    }
  }
  // parks of the shelters
  const nodesAll = buildRoads().nodes;
  void nodesAll;
  for (const sh of shelterSites()) {
    if (sh.kind !== 'park') continue;
    const half = LATTICE - 6;
    paintBox(spec, ncols, nrows, sh.x - half, sh.y - half, sh.x + half, sh.y + half, (k) => {
      if (zone[k] === Zone.CENTRE || zone[k] === Zone.SUBURB) lu[k] = LU.PARK;
    });
  }
  // streets
  const street = new Uint8Array(n);
  const roads = buildRoads();
  for (const sg of roads.segments) {
    if (sg.bridge) continue;
    const a = roads.nodes[sg.a];
    const b = roads.nodes[sg.b];
    const hw = Math.max(ROAD_SPECS[sg.cls].widthM / 2, 0.5 * cs + 0.01);
    rasterSegment(spec, ncols, nrows, a.x, a.y, b.x, b.y, hw, street);
  }
  for (let k = 0; k < n; k++) {
    if (!street[k]) continue;
    if (zone[k] === Zone.RIVER || zone[k] === Zone.LEVEE) {
      street[k] = 0;
      continue;
    }
    dem.values[k] -= KERB_M;
    lu[k] = LU.ROAD;
  }
  const landuse: Grid = { ...dem, values: lu, nodata: -9999 };
  const man = new Float32Array(n);
  for (let k = 0; k < n; k++) man[k] = manningOf(lu[k]);
  const manning: Grid = { ...dem, values: man, nodata: -9999 };
  return { dem, landuse, manning, street, zone };
}

function paintBox(
  spec: TwinSpec,
  ncols: number,
  nrows: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  f: (k: number) => void,
): void {
  const cs = spec.cellSize;
  const c0 = Math.max(0, Math.floor((x0 - spec.x0) / cs));
  const c1 = Math.min(ncols - 1, Math.floor((x1 - spec.x0) / cs));
  const r0 = Math.max(0, nrows - 1 - Math.floor((y1 - spec.y0) / cs));
  const r1 = Math.min(nrows - 1, nrows - 1 - Math.floor((y0 - spec.y0) / cs));
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) f(r * ncols + c);
}

/** Marks cells whose centre lies within hw of segment a–b. */
export function rasterSegment(
  spec: TwinSpec,
  ncols: number,
  nrows: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  hw: number,
  mask: Uint8Array,
): void {
  const cs = spec.cellSize;
  const c0 = Math.max(0, Math.floor((Math.min(ax, bx) - hw - spec.x0) / cs));
  const c1 = Math.min(ncols - 1, Math.floor((Math.max(ax, bx) + hw - spec.x0) / cs));
  const rTop = nrows - 1 - Math.floor((Math.max(ay, by) + hw - spec.y0) / cs);
  const rBot = nrows - 1 - Math.floor((Math.min(ay, by) - hw - spec.y0) / cs);
  const r0 = Math.max(0, rTop);
  const r1 = Math.min(nrows - 1, rBot);
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let r = r0; r <= r1; r++) {
    const y = cellY(spec, r, nrows);
    for (let c = c0; c <= c1; c++) {
      const x = cellX(spec, c);
      let t = ((x - ax) * dx + (y - ay) * dy) / len2;
      if (t < 0) t = 0;
      else if (t > 1) t = 1;
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      if (ex * ex + ey * ey <= hw * hw) mask[r * ncols + c] = 1;
    }
  }
}
