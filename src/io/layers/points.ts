/** Point layers: shelters, critical facilities and gauge stations, in map coordinates. */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import {
  type Feature,
  featureId,
  type LayerReadOptions,
  layerTransform,
  parseFeatureCollection,
  position,
  propertiesError,
} from './geojson.ts';
import type { PointTransform } from '../crs.ts';
import { FACILITY_KINDS, type Facility, type GaugeStation, SHELTER_KINDS, type Shelter } from './types.ts';

function pointOf(f: Feature, t: PointTransform, i: number, file: string, what: string): [number, number] {
  const g = f.geometry;
  const path = `features[${i}].geometry`;
  if (!g) throw new InputError(`feature ${i} has no geometry (a ${what} needs a Point)`, { file, path });
  if (g.type !== 'Point')
    throw new InputError(`feature ${i}: a ${what} must be a Point, got ${g.type}`, { file, path: `${path}.type` });
  return position(g.coordinates, t, i, file, `${path}.coordinates`);
}

function eachPoint<P, T>(
  input: string | unknown,
  file: string,
  opts: LayerReadOptions,
  schema: z.ZodType<P>,
  what: string,
  make: (p: P, id: string, xy: [number, number], i: number) => T,
): T[] {
  const fc = parseFeatureCollection(input, file);
  const t = layerTransform(fc, file, opts);
  return fc.features.map((f, i) => {
    const props = f.properties ?? {};
    const parsed = schema.safeParse(props);
    if (!parsed.success) throw propertiesError(parsed.error, i, file, props);
    return make(parsed.data, featureId(f, props, i, what[0]), pointOf(f, t, i, file, what), i);
  });
}

const ShelterProps = z.looseObject({
  name: z.string().optional(),
  nameZh: z.string().optional(),
  capacity: z.number().int().min(0),
  kind: z.enum(SHELTER_KINDS).optional(),
});

/** Shelters; `capacity` (people) is required; name defaults to the id, kind to "public". */
export function readShelters(input: string | unknown, file: string, opts: LayerReadOptions = {}): Shelter[] {
  return eachPoint(input, file, opts, ShelterProps, 'shelter', (p, id, [x, y]) => {
    const name = p.name ?? id;
    return { id, x, y, name, nameZh: p.nameZh ?? name, capacity: p.capacity, kind: p.kind ?? 'public' };
  });
}

const FacilityProps = z.looseObject({
  name: z.string().optional(),
  nameZh: z.string().optional(),
  kind: z.enum(FACILITY_KINDS),
});

/** Critical facilities; `kind` is required. */
export function readFacilities(input: string | unknown, file: string, opts: LayerReadOptions = {}): Facility[] {
  return eachPoint(input, file, opts, FacilityProps, 'facility', (p, id, [x, y]) => {
    const name = p.name ?? id;
    return { id, x, y, name, nameZh: p.nameZh ?? name, kind: p.kind };
  });
}

const GaugeProps = z.looseObject({
  name: z.string().optional(),
  nameZh: z.string().optional(),
  warningLevelM: z.number().refine(Number.isFinite, 'must be a finite number'),
  guaranteedLevelM: z.number().refine(Number.isFinite, 'must be a finite number'),
  datum: z.string().optional(),
  record: z.string().optional(),
});

/**
 * Gauge stations with their warning (警戒水位) and guaranteed (保证水位) stages. The guaranteed
 * stage is the higher one; a file saying otherwise is refused.
 */
export function readGaugeStations(input: string | unknown, file: string, opts: LayerReadOptions = {}): GaugeStation[] {
  return eachPoint(input, file, opts, GaugeProps, 'gauge', (p, id, [x, y], i) => {
    if (p.guaranteedLevelM < p.warningLevelM) {
      throw new InputError(
        `feature ${i}, property "guaranteedLevelM": ${p.guaranteedLevelM} m is below warningLevelM ${p.warningLevelM} m (保证水位 is the higher stage)`,
        { file, path: `features[${i}].properties.guaranteedLevelM` },
      );
    }
    const name = p.name ?? id;
    const s: GaugeStation = {
      id,
      x,
      y,
      name,
      nameZh: p.nameZh ?? name,
      warningLevelM: p.warningLevelM,
      guaranteedLevelM: p.guaranteedLevelM,
      datum: p.datum ?? 'local',
    };
    if (p.record !== undefined) s.record = p.record;
    return s;
  });
}
