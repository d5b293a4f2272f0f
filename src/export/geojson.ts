/**
 * GeoJSON exports of a run: flooded buildings (footprint polygons; a building known only by its
 * centroid becomes a Point, which the buildings layer reader does not take) and cut roads
 * (line strings), reprojected from the grid's map CRS back to lon/lat (EPSG:4326, RFC 7946) with
 * proj4. Properties follow docs/CONVENTIONS.md for the layer (id, population, use / class) plus the
 * result: depthM, speedMS, hazardRating, hazardClass, damage / cutLengthM, maxDepthM.
 */
import { InputError } from '../core/errors.ts';
import type { GridCrs } from '../core/grid.ts';
import { makeTransform } from '../io/crs.ts';
import type { BuildingInput, CutRoad, FloodedBuilding, RoadInput } from '../../workers/analysis/floodMetrics.ts';
import type { XY } from '../interventions/rasterise.ts';
import { BUILDING_USES, ROAD_CLASSES } from '../io/layers/types.ts';

const USES: ReadonlySet<string> = new Set(BUILDING_USES);
const CLASSES: ReadonlySet<string> = new Set(ROAD_CLASSES);

export interface Feature<G = unknown> {
  type: 'Feature';
  id?: string;
  geometry: G;
  properties: Record<string, unknown>;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** Coordinates rounded to 1e-7° (≈1 cm), enough for footprints and a third of the size of full doubles. */
function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

function toLonLat(crs: GridCrs | number | string | undefined): (p: XY) => [number, number] {
  if (crs === undefined) throw new InputError('the grid has no CRS: cannot write GeoJSON in lon/lat', { field: 'crs' });
  const t = makeTransform(crs, 4326);
  return (p) => {
    const [lon, lat] = t(p[0], p[1]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat))
      throw new InputError(`point (${p[0]}, ${p[1]}) cannot be reprojected to lon/lat`, { field: 'crs' });
    return [round7(lon), round7(lat)];
  };
}

function closeRing(r: [number, number][]): [number, number][] {
  const a = r[0];
  const b = r[r.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? r : [...r, [a[0], a[1]]];
}

/** Signed area > 0 when counter-clockwise (RFC 7946: exterior rings are counter-clockwise). */
function signedArea(r: readonly [number, number][]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return a / 2;
}

export function floodedBuildingsGeoJson(
  flooded: readonly FloodedBuilding[],
  buildings: readonly BuildingInput[],
  crs: GridCrs | number | string | undefined,
): FeatureCollection {
  const project = toLonLat(crs);
  const byId = new Map<string, BuildingInput>();
  for (const b of buildings) byId.set(b.id, b);
  const features: Feature[] = [];
  for (const f of flooded) {
    const b = byId.get(f.id);
    let geometry: unknown;
    if (b?.ring && b.ring.length >= 3) {
      let ring = closeRing(b.ring.map(project));
      if (signedArea(ring) < 0) ring = ring.slice().reverse();
      geometry = { type: 'Polygon', coordinates: [ring] };
    } else if (b?.centroid) {
      geometry = { type: 'Point', coordinates: project(b.centroid) };
    } else continue;
    const properties: Record<string, unknown> = {
      id: f.id,
      population: f.population,
      depthM: round4(f.depthM),
      speedMS: round4(f.speedMS),
      hazardRating: round4(f.hazardRating),
      hazardClass: f.hazardClass,
      damage: Math.round(f.damage),
    };
    // only values the buildings reader accepts (docs/CONVENTIONS.md), so the file loads back as a layer
    if (f.use !== undefined && USES.has(f.use)) properties.use = f.use;
    features.push({ type: 'Feature', id: f.id, geometry, properties });
  }
  return { type: 'FeatureCollection', features };
}

export function cutRoadsGeoJson(
  cut: readonly CutRoad[],
  roads: readonly RoadInput[],
  crs: GridCrs | number | string | undefined,
): FeatureCollection {
  const project = toLonLat(crs);
  const byId = new Map<string, RoadInput>();
  for (const r of roads) byId.set(r.id, r);
  const features: Feature[] = [];
  for (const c of cut) {
    const r = byId.get(c.id);
    if (!r || r.line.length < 2) continue;
    const properties: Record<string, unknown> = {
      id: c.id,
      cutLengthM: round4(c.cutLengthM),
      maxDepthM: round4(c.maxDepthM),
    };
    if (c.class !== undefined && CLASSES.has(c.class)) properties.class = c.class;
    if (r.lanes !== undefined) properties.lanes = r.lanes;
    if (r.speedKmh !== undefined) properties.speedKmh = r.speedKmh;
    if (r.oneway !== undefined) properties.oneway = r.oneway;
    if (c.name !== undefined) properties.name = c.name;
    features.push({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'LineString', coordinates: r.line.map(project) },
      properties,
    });
  }
  return { type: 'FeatureCollection', features };
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
