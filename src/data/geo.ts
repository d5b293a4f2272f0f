/** Local district metres → UTM 48N map coordinates → lon/lat (GeoJSON, 7 decimals ≈ 1 cm). */
import { makeTransform } from '../io/crs.ts';
import { EPSG, ORIGIN_E, ORIGIN_N } from './site.ts';

const toWgs84 = makeTransform(EPSG, 4326);

export function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return r === 0 ? 0 : r;
}

/** UTM easting/northing of a local point (rounded to the centimetre). */
export function toMap(x: number, y: number): [number, number] {
  return [round(ORIGIN_E + x, 2), round(ORIGIN_N + y, 2)];
}

/** lon/lat of a local point, 7 decimals. */
export function toLonLat(x: number, y: number): [number, number] {
  const [lon, lat] = toWgs84(ORIGIN_E + x, ORIGIN_N + y);
  return [round(lon, 7), round(lat, 7)];
}
