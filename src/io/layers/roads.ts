/** Road centrelines (GeoJSON LineString / MultiLineString) → Road objects in map coordinates. */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import {
  featureId,
  type LayerReadOptions,
  layerTransform,
  parseFeatureCollection,
  positions,
  propertiesError,
} from './geojson.ts';
import { ROAD_CLASSES, ROAD_DEFAULTS, type Road } from './types.ts';

const Props = z.looseObject({
  class: z.enum(ROAD_CLASSES).optional(),
  lanes: z.number().int().min(1).max(16).optional(),
  speedKmh: z.number().positive().max(200).optional(),
  oneway: z.boolean().optional(),
  name: z.string().optional(),
});

/**
 * Roads with defaults by class (ROAD_DEFAULTS; class residential when absent); one-way only when
 * said so, except motorways (one carriageway a direction, as in OSM). A MultiLineString gives one
 * road per part, ids suffixed "#k".
 */
export function readRoads(input: string | unknown, file: string, opts: LayerReadOptions = {}): Road[] {
  const fc = parseFeatureCollection(input, file);
  const t = layerTransform(fc, file, opts);
  const out: Road[] = [];
  fc.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const parsed = Props.safeParse(props);
    if (!parsed.success) throw propertiesError(parsed.error, i, file, props);
    const p = parsed.data;
    const g = f.geometry;
    const path = `features[${i}].geometry`;
    if (!g) throw new InputError(`feature ${i} has no geometry (a road needs a LineString)`, { file, path });
    let parts: unknown[];
    if (g.type === 'LineString') parts = [g.coordinates];
    else if (g.type === 'MultiLineString' && Array.isArray(g.coordinates)) parts = g.coordinates;
    else
      throw new InputError(`feature ${i}: a road must be a LineString or MultiLineString, got ${g.type}`, {
        file,
        path: `${path}.type`,
      });
    const cls = p.class ?? 'residential';
    const d = ROAD_DEFAULTS[cls];
    const id = featureId(f, props, i, 'r');
    parts.forEach((part, k) => {
      const coords = positions(
        part,
        t,
        i,
        file,
        g.type === 'LineString' ? `${path}.coordinates` : `${path}.coordinates[${k}]`,
        2,
      );
      const road: Road = {
        id: parts.length > 1 ? `${id}#${k}` : id,
        coords,
        cls,
        lanes: p.lanes ?? d.lanes,
        speedKmh: p.speedKmh ?? d.speedKmh,
        oneway: p.oneway ?? cls === 'motorway',
      };
      if (p.name !== undefined) road.name = p.name;
      out.push(road);
    });
  });
  return out;
}
