/** Building footprints (GeoJSON Polygon / MultiPolygon) → Building objects in map coordinates. */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import {
  type FeatureCollection,
  featureId,
  type LayerReadOptions,
  layerTransform,
  parseFeatureCollection,
  positions,
  propertiesError,
} from './geojson.ts';
import { BUILDING_USES, type Building, FLOOR_AREA_PER_PERSON_M2, FLOOR_HEIGHT_M } from './types.ts';

const Props = z.looseObject({
  heightM: z.number().positive().max(1000).optional(),
  floors: z.number().int().min(1).max(300).optional(),
  population: z.number().int().min(0).optional(),
  use: z.enum(BUILDING_USES).optional(),
  name: z.string().optional(),
  nameZh: z.string().optional(),
});

/** Signed area of a closed x,y ring (shoelace; positive when counter-clockwise). */
export function ringArea(r: Float64Array): number {
  // relative to the first point: UTM coordinates are ~10⁶ m, and their products would lose the area
  let s = 0;
  const n = r.length / 2;
  const x0 = r[0];
  const y0 = r[1];
  for (let k = 0; k < n - 1; k++) {
    s += (r[2 * k] - x0) * (r[2 * k + 3] - y0) - (r[2 * k + 2] - x0) * (r[2 * k + 1] - y0);
  }
  return 0.5 * s;
}

function closeRing(r: Float64Array): Float64Array {
  const n = r.length;
  if (r[0] === r[n - 2] && r[1] === r[n - 1]) return r;
  const c = new Float64Array(n + 2);
  c.set(r);
  c[n] = r[0];
  c[n + 1] = r[1];
  return c;
}

function reverseRing(r: Float64Array): Float64Array {
  const n = r.length / 2;
  const out = new Float64Array(r.length);
  for (let k = 0; k < n; k++) {
    out[2 * k] = r[2 * (n - 1 - k)];
    out[2 * k + 1] = r[2 * (n - 1 - k) + 1];
  }
  return out;
}

/**
 * Buildings with defaults: height from floors (3 m each) or 3 floors; floors from height;
 * residential population from floor area (35 m² a person, courtyards excluded) when not given,
 * else 0; use residential. A MultiPolygon becomes the building of its largest part. `ring` is the
 * outer ring only.
 */
export function readBuildings(input: string | unknown, file: string, opts: LayerReadOptions = {}): Building[] {
  const fc: FeatureCollection = parseFeatureCollection(input, file);
  const t = layerTransform(fc, file, opts);
  const out: Building[] = [];
  fc.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const parsed = Props.safeParse(props);
    if (!parsed.success) throw propertiesError(parsed.error, i, file, props);
    const p = parsed.data;
    const g = f.geometry;
    const path = `features[${i}].geometry`;
    if (!g) throw new InputError(`feature ${i} has no geometry (a building needs a Polygon)`, { file, path });
    let polys: unknown[];
    if (g.type === 'Polygon') polys = [g.coordinates];
    else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polys = g.coordinates;
    else
      throw new InputError(`feature ${i}: a building must be a Polygon or MultiPolygon, got ${g.type}`, {
        file,
        path: `${path}.type`,
      });
    let best: Float64Array | null = null;
    let bestArea = 0;
    let holesArea = 0; // courtyards of the chosen part: no floor area
    polys.forEach((poly, k) => {
      if (!Array.isArray(poly) || poly.length === 0) {
        throw new InputError(`feature ${i}: polygon without rings`, { file, path: `${path}.coordinates` });
      }
      const at = g.type === 'Polygon' ? `${path}.coordinates` : `${path}.coordinates[${k}]`;
      const ring = closeRing(positions(poly[0], t, i, file, `${at}[0]`, 3));
      const a = ringArea(ring);
      if (Math.abs(a) > Math.abs(bestArea) || best === null) {
        best = ring;
        bestArea = a;
        holesArea = 0;
        for (let h = 1; h < poly.length; h++)
          holesArea += Math.abs(ringArea(closeRing(positions(poly[h], t, i, file, `${at}[${h}]`, 3))));
      }
    });
    if (best === null || !(Math.abs(bestArea) > 0) || (best as Float64Array).length < 8) {
      throw new InputError(`feature ${i}: the footprint has no area`, { file, path: `${path}.coordinates` });
    }
    const ring = bestArea < 0 ? reverseRing(best) : (best as Float64Array);
    const area = Math.max(0, Math.abs(bestArea) - holesArea);
    const floors = p.floors ?? (p.heightM !== undefined ? Math.max(1, Math.round(p.heightM / FLOOR_HEIGHT_M)) : 3);
    const heightM = p.heightM ?? floors * FLOOR_HEIGHT_M;
    const use = p.use ?? 'residential';
    const population =
      p.population ?? (use === 'residential' ? Math.round((area * floors) / FLOOR_AREA_PER_PERSON_M2) : 0);
    const b: Building = { id: featureId(f, props, i, 'b'), ring, heightM, floors, population, use };
    if (p.name !== undefined) b.name = p.name;
    if (p.nameZh !== undefined) b.nameZh = p.nameZh;
    out.push(b);
  });
  return out;
}
