/**
 * GeoJSON plumbing shared by the layer readers: parse, check the FeatureCollection, find its CRS
 * (RFC 7946 lon/lat unless a legacy `crs` member names another), reproject, and turn zod issues
 * into InputErrors naming the feature and the property.
 */
import type { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import type { GridCrs } from '../../core/grid.ts';
import { makeTransform, type PointTransform } from '../crs.ts';

export interface Feature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  crs?: unknown;
}

export interface LayerReadOptions {
  /** CRS of the map (the DEM's); default WGS 84 / UTM 48N (EPSG:32648) */
  targetCrs?: GridCrs | number | string;
}

export const DEFAULT_TARGET_CRS = 32648;

/** Parses text (or takes an object) and checks it is a FeatureCollection of Features. */
export function parseFeatureCollection(input: string | unknown, file: string): FeatureCollection {
  let obj: unknown = input;
  if (typeof input === 'string') {
    try {
      obj = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? input.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new InputError(`not valid JSON: ${msg.slice(0, 120)}`, { file, ...(line ? { line } : {}) });
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw new InputError('expected a GeoJSON object', { file });
  const o = obj as Record<string, unknown>;
  if (o.type === 'Feature') return { type: 'FeatureCollection', features: [checkFeature(o, 0, file)] };
  if (o.type !== 'FeatureCollection') {
    throw new InputError(`expected a GeoJSON FeatureCollection, got type ${JSON.stringify(o.type)?.slice(0, 40)}`, {
      file,
      path: 'type',
    });
  }
  if (!Array.isArray(o.features)) throw new InputError('"features" must be an array', { file, path: 'features' });
  const features = o.features.map((f, i) => checkFeature(f, i, file));
  return { type: 'FeatureCollection', features, crs: o.crs };
}

function checkFeature(f: unknown, i: number, file: string): Feature {
  if (!f || typeof f !== 'object' || Array.isArray(f) || (f as { type?: unknown }).type !== 'Feature') {
    throw new InputError(`feature ${i} is not a GeoJSON Feature`, { file, path: `features[${i}]` });
  }
  const ff = f as Record<string, unknown>;
  const g = ff.geometry;
  if (g !== null && (typeof g !== 'object' || Array.isArray(g) || typeof (g as { type?: unknown }).type !== 'string')) {
    throw new InputError(`feature ${i}: geometry must be a GeoJSON geometry or null`, {
      file,
      path: `features[${i}].geometry`,
    });
  }
  const p = ff.properties;
  if (p !== null && p !== undefined && (typeof p !== 'object' || Array.isArray(p))) {
    throw new InputError(`feature ${i}: properties must be an object`, { file, path: `features[${i}].properties` });
  }
  return {
    type: 'Feature',
    id: typeof ff.id === 'string' || typeof ff.id === 'number' ? ff.id : undefined,
    geometry: g as Feature['geometry'],
    properties: (p as Record<string, unknown> | undefined) ?? null,
  };
}

/** The CRS a FeatureCollection's coordinates are in: its legacy `crs` member, else EPSG:4326. */
export function sourceCrs(fc: FeatureCollection, file: string): string | number {
  const c = fc.crs as { type?: unknown; properties?: { name?: unknown } } | undefined;
  if (c === undefined || c === null) return 4326;
  if (typeof c === 'object' && c.type === 'name' && typeof c.properties?.name === 'string') return c.properties.name;
  throw new InputError('the "crs" member must be {"type":"name","properties":{"name":"EPSG:…"}}', {
    file,
    path: 'crs',
  });
}

/** The transform from the collection's CRS to the target (InputError for an unknown CRS). */
export function layerTransform(fc: FeatureCollection, file: string, opts: LayerReadOptions): PointTransform {
  try {
    return makeTransform(sourceCrs(fc, file), opts.targetCrs ?? DEFAULT_TARGET_CRS);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message.replace(/^field crs: /, ''), { file, path: 'crs' });
    throw e;
  }
}

/** Turns the first zod issue into an InputError naming feature `i` and the property. */
export function propertiesError(err: z.ZodError, i: number, file: string, props: Record<string, unknown>): InputError {
  const issue = err.issues[0];
  const key = issue.path.map(String).join('.');
  const got = key ? JSON.stringify(props[issue.path[0] as string]) : '';
  return new InputError(
    `feature ${i}, property "${key}": ${issue.message}${got !== undefined && key ? ` (got ${got.slice(0, 40)})` : ''}`,
    { file, path: `features[${i}].properties${key ? '.' + key : ''}` },
  );
}

/** A position [x, y, ...] → reprojected [x, y]; InputError when not two finite numbers. */
export function position(p: unknown, t: PointTransform, i: number, file: string, path: string): [number, number] {
  if (
    !Array.isArray(p) ||
    p.length < 2 ||
    typeof p[0] !== 'number' ||
    typeof p[1] !== 'number' ||
    !Number.isFinite(p[0]) ||
    !Number.isFinite(p[1])
  ) {
    throw new InputError(`feature ${i}: a position must be [x, y] numbers, got ${JSON.stringify(p)?.slice(0, 40)}`, {
      file,
      path,
    });
  }
  const q = t(p[0], p[1]);
  if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) {
    throw new InputError(`feature ${i}: position [${p[0]}, ${p[1]}] cannot be projected into the map CRS`, {
      file,
      path,
    });
  }
  return q;
}

/** An array of positions reprojected into a flat x,y Float64Array. */
export function positions(
  ps: unknown,
  t: PointTransform,
  i: number,
  file: string,
  path: string,
  min: number,
): Float64Array {
  if (!Array.isArray(ps) || ps.length < min) {
    throw new InputError(`feature ${i}: expected at least ${min} positions`, { file, path });
  }
  const out = new Float64Array(ps.length * 2);
  for (let k = 0; k < ps.length; k++) {
    const q = position(ps[k], t, i, file, `${path}[${k}]`);
    out[2 * k] = q[0];
    out[2 * k + 1] = q[1];
  }
  return out;
}

/** Feature id: properties.id, else the Feature's id, else `${prefix}${index}`. */
export function featureId(f: Feature, props: Record<string, unknown>, i: number, prefix: string): string {
  const p = props.id;
  if (typeof p === 'string' && p !== '') return p;
  if (typeof p === 'number' && Number.isFinite(p)) return String(p);
  if (f.id !== undefined) return String(f.id);
  return `${prefix}${i}`;
}
