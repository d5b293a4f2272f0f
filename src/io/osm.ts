/**
 * OpenStreetMap data (OSM XML, or Overpass JSON) → buildings and roads in map coordinates.
 * osmtogeojson builds the geometries (ways, multipolygon relations); the tags become the layer
 * properties of docs/CONVENTIONS.md, then the ordinary GeoJSON layer readers validate and reproject.
 * Tag meanings: OSM wiki (Key:building, Key:building:levels, Key:height, Key:highway, Key:lanes,
 * Key:maxspeed, Key:oneway).
 */
import osmtogeojson from 'osmtogeojson';
import { InputError } from '../core/errors.ts';
import { parseXml } from './gauges/xml.ts';
import { readBuildings } from './layers/buildings.ts';
import type { Feature, LayerReadOptions } from './layers/geojson.ts';
import { readRoads } from './layers/roads.ts';
import { type Building, type BuildingUse, FLOOR_HEIGHT_M, type Road, type RoadClass } from './layers/types.ts';

export interface OsmLayers {
  buildings: Building[];
  roads: Road[];
  /** tags that could not be read (kept to defaults), naming the OSM element */
  warnings: string[];
  /** counts of what the file held */
  counts: { nodes: number; ways: number; relations: number };
}

const HIGHWAY: Record<string, RoadClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'primary',
  trunk_link: 'primary',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  residential: 'residential',
  unclassified: 'residential',
  living_street: 'residential',
  road: 'residential',
  service: 'service',
  track: 'service',
  footway: 'footway',
  pedestrian: 'footway',
  path: 'footway',
  steps: 'footway',
  cycleway: 'footway',
  bridleway: 'footway',
};

const USE: Record<string, BuildingUse> = {
  residential: 'residential',
  apartments: 'residential',
  house: 'residential',
  detached: 'residential',
  semidetached_house: 'residential',
  terrace: 'residential',
  dormitory: 'residential',
  bungalow: 'residential',
  commercial: 'commercial',
  retail: 'commercial',
  office: 'commercial',
  hotel: 'commercial',
  supermarket: 'commercial',
  kiosk: 'commercial',
  shop: 'commercial',
  industrial: 'industrial',
  warehouse: 'industrial',
  factory: 'industrial',
  manufacture: 'industrial',
  storage_tank: 'industrial',
  hangar: 'industrial',
  public: 'public',
  civic: 'public',
  government: 'public',
  school: 'public',
  university: 'public',
  college: 'public',
  kindergarten: 'public',
  hospital: 'public',
  church: 'public',
  temple: 'public',
  mosque: 'public',
  train_station: 'public',
  transportation: 'public',
  fire_station: 'public',
  stadium: 'public',
  sports_hall: 'public',
};

/** Typical floors by building type when neither building:levels nor height is tagged. */
const DEFAULT_FLOORS: Record<string, number> = {
  house: 2,
  detached: 2,
  semidetached_house: 2,
  terrace: 2,
  bungalow: 1,
  apartments: 6,
  garage: 1,
  shed: 1,
  kiosk: 1,
};

/** "12", "12 m", "12.5m", "40 ft", "40'" → metres; null when not a length. */
export function parseLengthM(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|ft|')?\s*$/i.exec(s);
  if (!m) return null;
  const v = Number(m[1]);
  return m[2] && m[2] !== 'm' && m[2] !== 'M' ? v * 0.3048 : v;
}

/** "50", "30 mph", "50 km/h" → km/h; null for "none", "signals", "CN:urban", ... */
export function parseMaxSpeedKmh(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?\s*$/i.exec(s);
  if (!m) return null;
  const v = Number(m[1]);
  return m[2]?.toLowerCase() === 'mph' ? v * 1.609344 : v;
}

function countElements(data: unknown): OsmLayers['counts'] {
  const counts = { nodes: 0, ways: 0, relations: 0 };
  const d = data as { getElementsByTagName?: (n: string) => { length: number }; elements?: { type?: string }[] };
  if (typeof d.getElementsByTagName === 'function') {
    counts.nodes = d.getElementsByTagName('node').length;
    counts.ways = d.getElementsByTagName('way').length;
    counts.relations = d.getElementsByTagName('relation').length;
  } else if (Array.isArray(d.elements)) {
    for (const e of d.elements) {
      if (e?.type === 'node') counts.nodes++;
      else if (e?.type === 'way') counts.ways++;
      else if (e?.type === 'relation') counts.relations++;
    }
  }
  return counts;
}

/** OSM XML (<osm>…</osm>) or Overpass JSON → buildings and roads reprojected to opts.targetCrs. */
export function readOsm(text: string, file: string, opts: LayerReadOptions = {}): OsmLayers {
  const trimmed = text.trimStart();
  let data: unknown;
  if (trimmed.startsWith('{')) {
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      throw new InputError(`not valid JSON: ${(e as Error).message.slice(0, 120)}`, { file });
    }
    if (!data || typeof data !== 'object' || !Array.isArray((data as { elements?: unknown }).elements)) {
      throw new InputError('Overpass JSON needs an "elements" array', { file, path: 'elements' });
    }
  } else {
    const doc = parseXml(text, file);
    if (doc.documentElement?.nodeName !== 'osm') {
      throw new InputError(`expected an <osm> document, got <${doc.documentElement?.nodeName ?? '?'}>`, { file });
    }
    data = doc;
  }
  const counts = countElements(data);
  let fc: ReturnType<typeof osmtogeojson>;
  try {
    fc = osmtogeojson(data);
  } catch (e) {
    throw new InputError(
      `cannot build geometries from the OSM data: ${(e instanceof Error ? e.message : String(e)).slice(0, 120)}`,
      { file },
    );
  }
  const warnings: string[] = [];
  const buildingFeatures: Feature[] = [];
  const roadFeatures: Feature[] = [];
  for (const f of fc.features) {
    const tags = f.properties?.tags ?? {};
    const g = f.geometry;
    if (!g) continue;
    const id = String(f.id ?? `${f.properties?.type}/${f.properties?.id}`);
    if (tags.building && tags.building !== 'no' && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      const props: Record<string, unknown> = { id };
      let floors: number | undefined;
      if (tags['building:levels'] !== undefined) {
        const l = Number(tags['building:levels']);
        if (Number.isFinite(l) && l >= 1 && l <= 300) floors = Math.round(l);
        else
          warnings.push(
            `${id}: building:levels "${tags['building:levels']}" is not a number of floors; using the default`,
          );
      }
      let heightM: number | undefined;
      if (tags.height !== undefined) {
        const h = parseLengthM(tags.height);
        if (h !== null && h > 0 && h <= 1000) heightM = h;
        else warnings.push(`${id}: height "${tags.height}" is not a length; using the floors`);
      }
      if (floors === undefined && heightM === undefined) floors = DEFAULT_FLOORS[tags.building] ?? 3;
      if (floors !== undefined) props.floors = floors;
      props.heightM = heightM ?? (floors as number) * FLOOR_HEIGHT_M;
      const use = USE[tags.building] ?? USE[tags.amenity ?? ''] ?? (tags.shop ? 'commercial' : 'residential');
      props.use = use;
      if (tags.name) props.name = tags.name;
      if (tags['name:zh']) props.nameZh = tags['name:zh'];
      buildingFeatures.push({ type: 'Feature', geometry: g, properties: props });
    } else if (tags.highway && HIGHWAY[tags.highway] && g.type === 'LineString') {
      const cls = HIGHWAY[tags.highway];
      const props: Record<string, unknown> = { id, class: cls };
      const ow = tags.oneway;
      let oneway = cls === 'motorway' || tags.junction === 'roundabout' || tags.junction === 'circular';
      let coords = g.coordinates;
      if (ow === 'yes' || ow === 'true' || ow === '1') oneway = true;
      else if (ow === 'no' || ow === 'false' || ow === '0') oneway = false;
      else if (ow === '-1' || ow === 'reverse') {
        oneway = true;
        coords = Array.isArray(coords) ? coords.slice().reverse() : coords;
      }
      props.oneway = oneway;
      if (tags.lanes !== undefined) {
        const l = Number(tags.lanes);
        // OSM counts the lanes of both directions; floodtwin keeps lanes per direction
        if (Number.isInteger(l) && l >= 1 && l <= 32) props.lanes = Math.max(1, oneway ? l : Math.round(l / 2));
        else warnings.push(`${id}: lanes "${tags.lanes}" is not a lane count; using the default`);
      }
      if (tags.maxspeed !== undefined) {
        const v = parseMaxSpeedKmh(tags.maxspeed);
        if (v !== null && v > 0 && v <= 200) props.speedKmh = v;
      }
      if (tags.name) props.name = tags.name;
      roadFeatures.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props });
    }
  }
  const buildings = withOsmIds(buildingFeatures, () =>
    readBuildings({ type: 'FeatureCollection', features: buildingFeatures }, file, opts),
  );
  const roads = withOsmIds(roadFeatures, () =>
    readRoads({ type: 'FeatureCollection', features: roadFeatures }, file, opts),
  );
  return { buildings, roads, warnings, counts };
}

/** Runs a layer reader, renaming "feature i" in its errors to the OSM element (way/123). */
function withOsmIds<T>(features: Feature[], read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const m = /^features\[(\d+)\]/.exec(e.where.path ?? '');
    const id = m ? String(features[Number(m[1])]?.properties?.id ?? '') : '';
    if (!id) throw e;
    const msg = e.message.slice(e.message.indexOf(': ') + 2).replace(/^feature \d+/, id);
    throw new InputError(msg, { file: e.where.file, path: id });
  }
}
