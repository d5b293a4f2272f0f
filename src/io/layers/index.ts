/** GeoJSON layers: readers, writers and a guess at which layer a file holds. */
import { readBuildings } from './buildings.ts';
import { type FeatureCollection, type LayerReadOptions } from './geojson.ts';
import { readFacilities, readGaugeStations, readShelters } from './points.ts';
import { readRoads } from './roads.ts';
import { FACILITY_KINDS, type Building, type Facility, type GaugeStation, type Road, type Shelter } from './types.ts';

export * from './types.ts';
export {
  parseFeatureCollection,
  sourceCrs,
  DEFAULT_TARGET_CRS,
  type FeatureCollection,
  type LayerReadOptions,
} from './geojson.ts';
export { readBuildings, ringArea } from './buildings.ts';
export { readRoads } from './roads.ts';
export { readShelters, readFacilities, readGaugeStations } from './points.ts';
export * from './write.ts';

export type LayerKind = 'buildings' | 'roads' | 'shelters' | 'facilities' | 'gauges';

export type LayerItems = {
  buildings: Building[];
  roads: Road[];
  shelters: Shelter[];
  facilities: Facility[];
  gauges: GaugeStation[];
};

/**
 * Which layer a collection looks like, from its geometries and properties: polygons are buildings,
 * lines roads; points with warningLevelM are gauges, with capacity shelters, with a facility kind
 * facilities. Null when it is none of them (or empty).
 */
export function detectLayerKind(fc: FeatureCollection): LayerKind | null {
  const f = fc.features.find((x) => x.geometry);
  if (!f || !f.geometry) return null;
  const g = f.geometry.type;
  const p = f.properties ?? {};
  if (g === 'Polygon' || g === 'MultiPolygon') return 'buildings';
  if (g === 'LineString' || g === 'MultiLineString') return 'roads';
  if (g === 'Point') {
    if ('warningLevelM' in p || 'guaranteedLevelM' in p) return 'gauges';
    if ('capacity' in p) return 'shelters';
    if (typeof p.kind === 'string' && (FACILITY_KINDS as readonly string[]).includes(p.kind)) return 'facilities';
  }
  return null;
}

export function readLayer<K extends LayerKind>(
  kind: K,
  input: string | unknown,
  file: string,
  opts: LayerReadOptions = {},
): LayerItems[K] {
  const readers: { [k in LayerKind]: (i: unknown, f: string, o: LayerReadOptions) => LayerItems[k] } = {
    buildings: readBuildings,
    roads: readRoads,
    shelters: readShelters,
    facilities: readFacilities,
    gauges: readGaugeStations,
  };
  return readers[kind](input, file, opts);
}
