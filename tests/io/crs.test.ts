import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { crsLabel, epsgToProj4, isGeographicEpsg, makeTransform, parseEpsg, toProj4 } from '../../src/io/crs.ts';

// WGS 84 meridian arc from the equator to 30°N: 3 320 113.398 m (Helmert's series, a = 6378137,
// f = 1/298.257223563). UTM scales it by k0 = 0.9996; Gauss-Krüger keeps k0 = 1.
const ARC_30 = 3320113.398;

describe('makeTransform', () => {
  it('UTM 48N: a point on the central meridian 105°E', () => {
    const [x, y] = makeTransform(4326, 32648)(105, 30);
    expect(x).toBeCloseTo(500000, 4);
    expect(y).toBeCloseTo(ARC_30 * 0.9996, 0);
  });

  it('UTM 34S: false northing 10 000 km south of the equator', () => {
    const [x, y] = makeTransform(4326, 32734)(21, -30);
    expect(x).toBeCloseTo(500000, 4);
    expect(y).toBeCloseTo(10_000_000 - ARC_30 * 0.9996, 0);
  });

  it('CGCS2000 3° GK zone 35 (EPSG:4523) has the zone number in its false easting', () => {
    const [x, y] = makeTransform(4490, 4523)(105, 30);
    expect(x).toBeCloseTo(35_500_000, 4);
    expect(y).toBeCloseTo(ARC_30, 0);
  });

  it('CGCS2000 3° GK CM 105E (EPSG:4544) has no zone prefix', () => {
    const [x, y] = makeTransform(4490, 4544)(105, 30);
    expect(x).toBeCloseTo(500000, 4);
    expect(y).toBeCloseTo(ARC_30, 0);
  });

  it('GK and UTM on the same central meridian differ only by k0 = 0.9996 (off the meridian)', () => {
    const [xu, yu] = makeTransform(4326, 32648)(106.5, 29.5);
    const [xg, yg] = makeTransform(4326, 4523)(106.5, 29.5);
    expect(xg - 35_500_000).toBeCloseTo((xu - 500000) / 0.9996, 2);
    expect(yg).toBeCloseTo(yu / 0.9996, 2);
    expect(xu - 500000).toBeGreaterThan(140000); // 1.5° east at 29.5°N ≈ 145 km
  });

  it('goes there and back to within 1e-9 degrees, also from GK zone to UTM', () => {
    const fwd = makeTransform('EPSG:4326', { epsg: 32648 });
    const back = makeTransform(32648, 'urn:ogc:def:crs:OGC:1.3:CRS84');
    const [x, y] = fwd(106.55, 29.56);
    const [lon, lat] = back(x, y);
    expect(Math.abs(lon - 106.55)).toBeLessThan(1e-9);
    expect(Math.abs(lat - 29.56)).toBeLessThan(1e-9);
    const [gx, gy] = makeTransform(32648, 4523)(x, y);
    const [gx2, gy2] = makeTransform(4326, 4523)(106.55, 29.56);
    expect(gx).toBeCloseTo(gx2, 3);
    expect(gy).toBeCloseTo(gy2, 3);
  });

  it('accepts a proj4 string and is the identity between equal CRSs', () => {
    const def = '+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9996 +x_0=500000 +y_0=0 +datum=WGS84 +units=m +no_defs';
    const [x, y] = makeTransform(4326, def)(105.7, 29.2);
    const [xu, yu] = makeTransform(4326, 32648)(105.7, 29.2);
    expect(x).toBeCloseTo(xu, 6);
    expect(y).toBeCloseTo(yu, 6);
    expect(makeTransform(32648, 'EPSG:32648')(1.25, 2.5)).toEqual([1.25, 2.5]);
  });
});

describe('toProj4 and friends', () => {
  it('knows every UTM and CGCS2000 GK code in range and which are geographic', () => {
    for (let z = 1; z <= 60; z++) {
      expect(toProj4(32600 + z)).toContain(`+zone=${z} `);
      expect(toProj4(32700 + z)).toContain('+south');
    }
    expect(toProj4(4513)).toContain('+lon_0=75 ');
    expect(toProj4(4513)).toContain('+x_0=25500000 ');
    expect(toProj4(4533)).toContain('+lon_0=135 ');
    expect(toProj4(4533)).toContain('+x_0=45500000 ');
    expect(toProj4(4534)).toContain('+lon_0=75 ');
    expect(toProj4(4554)).toContain('+lon_0=135 ');
    expect(toProj4(4554)).toContain('+x_0=500000 ');
    expect(isGeographicEpsg(4490)).toBe(true);
    expect(isGeographicEpsg(4326)).toBe(true);
    expect(isGeographicEpsg(4547)).toBe(false);
    expect(isGeographicEpsg(32648)).toBe(false);
    expect(epsgToProj4(32661)).toBeNull();
  });

  it('parses EPSG names', () => {
    expect(parseEpsg('EPSG:4547')).toBe(4547);
    expect(parseEpsg('urn:ogc:def:crs:EPSG::32648')).toBe(32648);
    expect(parseEpsg('CRS84')).toBe(4326);
    expect(parseEpsg('+proj=longlat')).toBeNull();
    expect(crsLabel({ epsg: 4547 })).toBe('EPSG:4547');
    expect(crsLabel(undefined)).toBe('unknown');
  });

  it('rejects an unsupported EPSG code with InputError naming it', () => {
    expect(() => toProj4(2000)).toThrow(InputError);
    expect(() => toProj4(2000)).toThrow(/unsupported CRS EPSG:2000/);
    expect(() => makeTransform(4326, 'EPSG:27700')).toThrow(/unsupported CRS EPSG:27700/);
    expect(() => toProj4({})).toThrow(/neither an EPSG code nor a proj4/);
    expect(() => toProj4('not a crs')).toThrow(/unrecognised CRS "not a crs"/);
    expect(() => toProj4('+proj=nosuchprojection +ellps=GRS80')).toThrow(InputError);
  });
});
