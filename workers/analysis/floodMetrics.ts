/**
 * The metrics table of a flood run: flooded area by depth band, buildings and people exposed by
 * depth band and by FD2320 hazard class, critical facilities flooded, kilometres of road cut,
 * a damage estimate from depth-damage curves, and (passed through from the other engines)
 * evacuation clearance time and sewer overflow volume.
 *
 * Inputs are plain map-coordinate geometry (the grid's CRS), so this runs in a worker without the
 * GeoJSON readers. A building's depth is the deepest cell among those whose centres lie inside its
 * footprint and the cell under its centroid; its speed is the speed in that cell. Speeds are the
 * run's maxima, which need not coincide in time with the maximum depth: the hazard is an upper bound.
 */
import { InputError } from '../../src/core/errors.ts';
import { ringCentroid } from '../../src/core/ringCentroid.ts';
import { cellIndexAt, type Grid } from '../../src/core/grid.ts';
import { polygonCells, polylineCellLengths, type XY } from '../../src/interventions/rasterise.ts';
import { buildingDamage, checkCurve, DEFAULT_DAMAGE_CURVES, type DamageCurves } from './depthDamage.ts';
import { HAZARD_CLASSES, hazardClassIndex, hazardRating, type HazardClassName } from './hazardRating.ts';

export interface BuildingInput {
  id: string;
  /** footprint outer ring in map coordinates (optional when a centroid is given) */
  ring?: XY[];
  centroid?: XY;
  population?: number;
  use?: string;
  /** footprint area; computed from the ring when absent */
  areaM2?: number;
}
export interface RoadInput {
  id: string;
  line: XY[];
  class?: string;
  name?: string;
  lanes?: number;
  speedKmh?: number;
  oneway?: boolean;
}
export interface FacilityInput {
  id: string;
  at: XY;
  kind?: string;
  name?: string;
}

export interface FloodMetricsInput {
  /** geometry of the result grids (its values are not read) */
  grid: Grid;
  maxDepth: Float32Array;
  maxSpeed?: Float32Array;
  buildings?: BuildingInput[];
  roads?: RoadInput[];
  facilities?: FacilityInput[];
  /** lower edges of the depth bands, m; a cell or building counts as flooded from the first */
  depthBandsM?: number[];
  damageCurves?: DamageCurves;
  /** roads are cut where the maximum depth reaches this (Pregnolato et al. 2017: 0.3 m) */
  roadCutDepthM?: number;
  evacuationClearanceS?: number;
  sewerOverflowM3?: number;
}

export interface FloodedBuilding {
  id: string;
  depthM: number;
  speedMS: number;
  hazardRating: number;
  hazardClass: HazardClassName;
  population: number;
  use?: string;
  damage: number;
}
export interface CutRoad {
  id: string;
  cutLengthM: number;
  maxDepthM: number;
  class?: string;
  name?: string;
}
export interface FloodedFacility {
  id: string;
  depthM: number;
  kind?: string;
  name?: string;
}

export interface FloodMetrics {
  depthBandsM: number[];
  bandLabels: string[];
  floodedAreaM2: number;
  floodedAreaM2ByBand: number[];
  /** flooded area by hazard class: low, moderate, significant, extreme */
  floodedAreaM2ByHazard: number[];
  buildingsFlooded: number;
  peopleExposed: number;
  buildingsByBand: number[];
  peopleByBand: number[];
  buildingsByHazard: number[];
  peopleByHazard: number[];
  facilitiesFlooded: FloodedFacility[];
  roadKmCut: number;
  cutRoads: CutRoad[];
  damage: number;
  damageCurrency: string;
  damageByUse: Record<string, number>;
  floodedBuildings: FloodedBuilding[];
  evacuationClearanceS?: number;
  sewerOverflowM3?: number;
}

export const DEFAULT_DEPTH_BANDS_M = [0.1, 0.3, 0.5, 1, 2];

export function bandLabels(bands: readonly number[]): string[] {
  return bands.map((b, i) => (i + 1 < bands.length ? `${b}–${bands[i + 1]} m` : `≥ ${b} m`));
}

/** Index of the band holding depth d, or -1 below the first band / NaN. */
export function bandIndex(bands: readonly number[], d: number): number {
  if (!(d >= bands[0])) return -1;
  let i = bands.length - 1;
  while (i > 0 && d < bands[i]) i--;
  return i;
}

export function ringArea(ring: readonly XY[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a) / 2;
}

/** Deepest cell of a building (footprint centres ∪ centroid cell), or -1 when it is off the grid. */
export function buildingCell(g: Grid, depth: Float32Array, b: BuildingInput): number {
  let best = -1;
  let bestD = -Infinity;
  const consider = (c: number) => {
    if (c < 0) return;
    const d = depth[c];
    if (!Number.isNaN(d) && (best < 0 || d > bestD)) {
      best = c;
      bestD = d;
    }
  };
  if (b.ring && b.ring.length >= 3) {
    const cells = polygonCells(g, [b.ring]);
    for (let k = 0; k < cells.length; k++) consider(cells[k]);
  }
  const c = b.centroid ?? (b.ring && b.ring.length >= 3 ? ringCentroid(b.ring) : undefined);
  if (c) consider(cellIndexAt(g, c[0], c[1]));
  return best;
}

export function floodMetrics(input: FloodMetricsInput): FloodMetrics {
  const g = input.grid;
  const n = g.ncols * g.nrows;
  const depth = input.maxDepth;
  const speed = input.maxSpeed;
  if (depth.length !== n)
    throw new InputError(`maxDepth has ${depth.length} cells, the grid ${n}`, { field: 'maxDepth' });
  if (speed && speed.length !== n)
    throw new InputError(`maxSpeed has ${speed.length} cells, the grid ${n}`, { field: 'maxSpeed' });
  const bands = input.depthBandsM ?? DEFAULT_DEPTH_BANDS_M;
  for (let i = 0; i < bands.length; i++) {
    if (!(bands[i] > 0) || (i > 0 && !(bands[i] > bands[i - 1])))
      throw new InputError('depth bands must be positive and increasing', { path: `depthBandsM[${i}]` });
  }
  if (bands.length === 0) throw new InputError('at least one depth band is needed', { path: 'depthBandsM' });
  const curves = input.damageCurves ?? DEFAULT_DAMAGE_CURVES;
  for (const [name, c] of Object.entries(curves)) checkCurve(c, name);
  const cutDepth = input.roadCutDepthM ?? 0.3;
  const cellArea = g.cellSize * g.cellSize;
  const nb = bands.length;

  // area by band and hazard: one pass over the cells
  const areaByBand = new Float64Array(nb);
  const areaByHazard = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    if (!(d >= bands[0])) continue;
    let k = nb - 1;
    while (k > 0 && d < bands[k]) k--;
    areaByBand[k] += cellArea;
    const v = speed ? speed[i] : 0;
    areaByHazard[hazardClassIndex(hazardRating(d, v > 0 ? v : 0))] += cellArea;
  }

  const buildingsByBand = new Array<number>(nb).fill(0);
  const peopleByBand = new Array<number>(nb).fill(0);
  const buildingsByHazard = [0, 0, 0, 0];
  const peopleByHazard = [0, 0, 0, 0];
  const floodedBuildings: FloodedBuilding[] = [];
  const damageByUse: Record<string, number> = {};
  let damage = 0;
  for (const b of input.buildings ?? []) {
    const c = buildingCell(g, depth, b);
    if (c < 0) continue;
    const d = depth[c];
    const area = b.areaM2 ?? (b.ring && b.ring.length >= 3 ? ringArea(b.ring) : 0);
    const dmg = buildingDamage(curves, b.use, d, area);
    if (dmg > 0) {
      damage += dmg;
      const key = b.use ?? 'default';
      damageByUse[key] = (damageByUse[key] ?? 0) + dmg;
    }
    const k = bandIndex(bands, d);
    if (k < 0) continue;
    const v = speed && speed[c] > 0 ? speed[c] : 0;
    const hr = hazardRating(d, v);
    const h = hazardClassIndex(hr);
    const pop = b.population ?? 0;
    buildingsByBand[k]++;
    peopleByBand[k] += pop;
    buildingsByHazard[h]++;
    peopleByHazard[h] += pop;
    floodedBuildings.push({
      id: b.id,
      depthM: d,
      speedMS: v,
      hazardRating: hr,
      hazardClass: HAZARD_CLASSES[h],
      population: pop,
      use: b.use,
      damage: dmg,
    });
  }

  const facilitiesFlooded: FloodedFacility[] = [];
  for (const f of input.facilities ?? []) {
    const c = cellIndexAt(g, f.at[0], f.at[1]);
    if (c < 0) continue;
    const d = depth[c];
    if (d >= bands[0]) facilitiesFlooded.push({ id: f.id, depthM: d, kind: f.kind, name: f.name });
  }

  const cutRoads: CutRoad[] = [];
  let cutM = 0;
  for (const r of input.roads ?? []) {
    const { cells, lengths } = polylineCellLengths(g, r.line);
    let len = 0;
    let maxD = 0;
    for (let k = 0; k < cells.length; k++) {
      const d = depth[cells[k]];
      if (d >= cutDepth && lengths[k] > 0) {
        len += lengths[k];
        if (d > maxD) maxD = d;
      }
    }
    if (len > 0) {
      cutM += len;
      cutRoads.push({ id: r.id, cutLengthM: len, maxDepthM: maxD, class: r.class, name: r.name });
    }
  }

  const floodedAreaM2ByBand = Array.from(areaByBand);
  const out: FloodMetrics = {
    depthBandsM: bands.slice(),
    bandLabels: bandLabels(bands),
    floodedAreaM2: floodedAreaM2ByBand.reduce((a, b) => a + b, 0),
    floodedAreaM2ByBand,
    floodedAreaM2ByHazard: Array.from(areaByHazard),
    buildingsFlooded: floodedBuildings.length,
    peopleExposed: peopleByBand.reduce((a, b) => a + b, 0),
    buildingsByBand,
    peopleByBand,
    buildingsByHazard,
    peopleByHazard,
    facilitiesFlooded,
    roadKmCut: cutM / 1000,
    cutRoads,
    damage,
    damageCurrency: Object.values(curves)[0]?.currency ?? '',
    damageByUse,
    floodedBuildings,
  };
  if (input.evacuationClearanceS !== undefined) out.evacuationClearanceS = input.evacuationClearanceS;
  if (input.sewerOverflowM3 !== undefined) out.sewerOverflowM3 = input.sewerOverflowM3;
  return out;
}
