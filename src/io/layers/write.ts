/**
 * Layers back to GeoJSON (the reverse of the readers): lon/lat (RFC 7946) by default, or any CRS
 * named in a legacy `crs` member, which the readers honour.
 */
import type { GridCrs } from '../../core/grid.ts';
import { makeTransform, type PointTransform } from '../crs.ts';
import { DEFAULT_TARGET_CRS, type FeatureCollection } from './geojson.ts';
import type { Building, Facility, GaugeStation, Road, Shelter } from './types.ts';

export interface LayerWriteOptions {
  /** CRS of the objects' coordinates (default EPSG:32648) */
  mapCrs?: GridCrs | number | string;
  /** CRS of the file (default EPSG:4326) */
  outputCrs?: number | string;
}

function setup(opts: LayerWriteOptions): { t: PointTransform; crs?: unknown } {
  const out = opts.outputCrs ?? 4326;
  const t = makeTransform(opts.mapCrs ?? DEFAULT_TARGET_CRS, out);
  const crs =
    out === 4326 || out === 'EPSG:4326'
      ? undefined
      : { type: 'name', properties: { name: typeof out === 'number' ? `EPSG:${out}` : out } };
  return { t, crs };
}

function coords(xy: Float64Array, t: PointTransform): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < xy.length; k += 2) out.push(t(xy[k], xy[k + 1]));
  return out;
}

function collection(features: FeatureCollection['features'], crs: unknown): FeatureCollection {
  return crs ? { type: 'FeatureCollection', crs, features } : { type: 'FeatureCollection', features };
}

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export function writeBuildings(items: Building[], opts: LayerWriteOptions = {}): FeatureCollection {
  const { t, crs } = setup(opts);
  return collection(
    items.map((b) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [coords(b.ring, t)] },
      properties: clean({
        id: b.id,
        heightM: b.heightM,
        floors: b.floors,
        population: b.population,
        use: b.use,
        name: b.name,
        nameZh: b.nameZh,
      }),
    })),
    crs,
  );
}

export function writeRoads(items: Road[], opts: LayerWriteOptions = {}): FeatureCollection {
  const { t, crs } = setup(opts);
  return collection(
    items.map((r) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: coords(r.coords, t) },
      properties: clean({
        id: r.id,
        class: r.cls,
        lanes: r.lanes,
        speedKmh: r.speedKmh,
        oneway: r.oneway,
        name: r.name,
      }),
    })),
    crs,
  );
}

function point(x: number, y: number, t: PointTransform) {
  return { type: 'Point', coordinates: t(x, y) };
}

export function writeShelters(items: Shelter[], opts: LayerWriteOptions = {}): FeatureCollection {
  const { t, crs } = setup(opts);
  return collection(
    items.map((s) => ({
      type: 'Feature',
      geometry: point(s.x, s.y, t),
      properties: { id: s.id, name: s.name, nameZh: s.nameZh, capacity: s.capacity, kind: s.kind },
    })),
    crs,
  );
}

export function writeFacilities(items: Facility[], opts: LayerWriteOptions = {}): FeatureCollection {
  const { t, crs } = setup(opts);
  return collection(
    items.map((s) => ({
      type: 'Feature',
      geometry: point(s.x, s.y, t),
      properties: { id: s.id, name: s.name, nameZh: s.nameZh, kind: s.kind },
    })),
    crs,
  );
}

export function writeGaugeStations(items: GaugeStation[], opts: LayerWriteOptions = {}): FeatureCollection {
  const { t, crs } = setup(opts);
  return collection(
    items.map((s) => ({
      type: 'Feature',
      geometry: point(s.x, s.y, t),
      properties: clean({
        id: s.id,
        name: s.name,
        nameZh: s.nameZh,
        warningLevelM: s.warningLevelM,
        guaranteedLevelM: s.guaranteedLevelM,
        datum: s.datum,
        record: s.record,
      }),
    })),
    crs,
  );
}
