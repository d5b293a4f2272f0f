/**
 * Coordinate reference systems: EPSG codes the twin meets (WGS 84, UTM, Web Mercator, CGCS2000
 * geographic and its Gauss-Krüger zones) as proj4 definitions, and point transforms between them.
 *
 * CGCS2000 Gauss-Krüger definitions follow the EPSG registry (and PROJ's `epsg` file):
 *  - 4491–4501: 6° zones 13–23, CM = 6·zone − 3, false easting zone·10⁶ + 500 000
 *  - 4502–4512: 6° "CM" variants 75°E…135°E, false easting 500 000
 *  - 4513–4533: 3° zones 25–45, CM = 3·zone, false easting zone·10⁶ + 500 000
 *  - 4534–4554: 3° "CM" variants 75°E…135°E, false easting 500 000
 * All on the CGCS2000 ellipsoid, which equals GRS 80 to 10⁻¹¹ in flattening (PROJ uses GRS80).
 *
 * Lon/lat (EPSG:4326 / 4490) to and from these transverse Mercator CRSs goes through our own
 * projection (src/io/crs/tmerc.ts: IEEE arithmetic only), not proj4, so a twin's buildings and roads
 * land on the same bits in Node and in every browser (proj4 rides on Math.sin/exp/atan…, which
 * differ in the last bit between V8 versions); it agrees with proj4 to nanometres. Everything else
 * (Web Mercator, proj4 strings, WKT) goes through proj4.
 */
import proj4 from 'proj4';
import { InputError } from '../core/errors.ts';
import type { GridCrs } from '../core/grid.ts';
import { makeTmerc, tmercParamsOfEpsg } from './crs/tmerc.ts';

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';
const CGCS2000 = '+proj=longlat +ellps=GRS80 +no_defs';

function tmercGrs80(lon0: number, falseEasting: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

/** proj4 definition of an EPSG code, or null when floodtwin does not know it. */
export function epsgToProj4(code: number): string | null {
  if (!Number.isInteger(code)) return null;
  if (code === 4326) return WGS84;
  if (code === 4490) return CGCS2000;
  if (code === 3857 || code === 900913) {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';
  }
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return tmercGrs80(6 * zone - 3, zone * 1e6 + 500000);
  }
  if (code >= 4502 && code <= 4512) return tmercGrs80(75 + 6 * (code - 4502), 500000);
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return tmercGrs80(3 * zone, zone * 1e6 + 500000);
  }
  if (code >= 4534 && code <= 4554) return tmercGrs80(75 + 3 * (code - 4534), 500000);
  return null;
}

/** True when the EPSG code is a geographic (lon/lat degrees) CRS floodtwin knows. */
export function isGeographicEpsg(code: number): boolean {
  const def = epsgToProj4(code);
  return def !== null && def.includes('+proj=longlat');
}

const SUPPORTED =
  'supported: EPSG:4326, 4490, 3857, 32601–32660, 32701–32760, 4491–4554 (CGCS2000 Gauss-Krüger), or a proj4 string';

function unsupported(code: number | string): InputError {
  return new InputError(`unsupported CRS EPSG:${code} (${SUPPORTED})`, { field: 'crs' });
}

/** EPSG code named by a string such as "EPSG:32648", "urn:ogc:def:crs:EPSG::4326", "CRS84", or null. */
export function parseEpsg(s: string): number | null {
  const t = s.trim();
  if (/^(urn:ogc:def:crs:OGC:(1\.3|2):)?CRS84$/i.test(t) || /^OGC:CRS84$/i.test(t)) return 4326;
  const m =
    /^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/\d+\/)(\d+)$/i.exec(t);
  if (m) return Number(m[1]);
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}

/**
 * The proj4 definition of a CRS given as a GridCrs, an EPSG number, an EPSG string
 * ("EPSG:4547", OGC URNs) or a proj4 / WKT string. Unknown EPSG codes throw InputError.
 */
export function toProj4(crs: GridCrs | number | string): string {
  if (typeof crs === 'number') {
    const def = epsgToProj4(crs);
    if (def === null) throw unsupported(crs);
    return def;
  }
  if (typeof crs === 'string') {
    const code = parseEpsg(crs);
    if (code !== null) return toProj4(code);
    const t = crs.trim();
    if (t.startsWith('+') || /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[/i.test(t)) {
      try {
        proj4(t); // throws on a definition proj4 cannot parse
      } catch (e) {
        throw new InputError(`cannot parse CRS definition "${t.slice(0, 80)}": ${(e as Error)?.message ?? e}`, {
          field: 'crs',
        });
      }
      return t;
    }
    throw new InputError(`unrecognised CRS "${t.slice(0, 80)}" (${SUPPORTED})`, { field: 'crs' });
  }
  if (crs && typeof crs === 'object') {
    if (typeof crs.proj4 === 'string' && crs.proj4.trim() !== '') return toProj4(crs.proj4);
    if (typeof crs.epsg === 'number') return toProj4(crs.epsg);
  }
  throw new InputError('CRS has neither an EPSG code nor a proj4 definition', { field: 'crs' });
}

/** Short human label: "EPSG:32648" or the proj4 string. */
export function crsLabel(crs: GridCrs | undefined | null): string {
  if (!crs) return 'unknown';
  if (crs.epsg !== undefined) return `EPSG:${crs.epsg}`;
  if (crs.proj4) return crs.proj4;
  return 'unknown';
}

export type PointTransform = (x: number, y: number) => [number, number];

/** The EPSG code a CRS names (a custom proj4 / WKT definition: null). */
function epsgOf(crs: GridCrs | number | string): number | null {
  if (typeof crs === 'number') return crs;
  if (typeof crs === 'string') return parseEpsg(crs);
  if (typeof crs.proj4 === 'string' && crs.proj4.trim() !== '') {
    const code = parseEpsg(crs.proj4);
    if (code !== null) return code;
    // a GeoTIFF may carry both: the EPSG code and its definition as written by floodtwin
    return typeof crs.epsg === 'number' && epsgToProj4(crs.epsg) === crs.proj4.trim() ? crs.epsg : null;
  }
  return typeof crs.epsg === 'number' ? crs.epsg : null;
}

/**
 * A point transform from one CRS to another (x = easting or longitude, y = northing or latitude).
 * The same CRS on both sides gives the identity. Points outside a projection's domain come back
 * as non-finite numbers; callers check.
 */
export function makeTransform(from: GridCrs | number | string, to: GridCrs | number | string): PointTransform {
  const a = toProj4(from);
  const b = toProj4(to);
  if (a === b) return (x, y) => [x, y];
  const fe = epsgOf(from);
  const te = epsgOf(to);
  if (fe !== null && te !== null) {
    const toTm = fe === 4326 || fe === 4490 ? tmercParamsOfEpsg(te) : null;
    if (toTm) {
      const tm = makeTmerc(toTm);
      return (x, y) => tm.forward(x, y);
    }
    const fromTm = te === 4326 || te === 4490 ? tmercParamsOfEpsg(fe) : null;
    if (fromTm) {
      const tm = makeTmerc(fromTm);
      return (x, y) => tm.inverse(x, y);
    }
  }
  const conv = proj4(a, b);
  return (x, y) => {
    try {
      const p = conv.forward([x, y]);
      return [p[0], p[1]];
    } catch {
      return [NaN, NaN];
    }
  };
}
