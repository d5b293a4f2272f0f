/**
 * The deterministic transverse Mercator (src/io/crs/tmerc.ts) against proj4 and hand values, and
 * makeTransform choosing it for lon/lat ↔ UTM / Gauss-Krüger.
 */
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { epsgToProj4, makeTransform } from '../../src/io/crs.ts';
import {
  asinh,
  atan,
  atan2,
  atanh,
  cos,
  exp,
  log,
  makeTmerc,
  sin,
  sinh,
  tmercParamsOfEpsg,
  utmParams,
} from '../../src/io/crs/tmerc.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('elementary functions from + − × ÷ sqrt', () => {
  it('agree with Math to a few ulps over their ranges', () => {
    const cases: [string, (x: number) => number, (x: number) => number, (i: number) => number][] = [
      ['sin', sin, Math.sin, (i) => (i / 4000 - 0.5) * 20],
      ['cos', cos, Math.cos, (i) => (i / 4000 - 0.5) * 20],
      ['atan', atan, Math.atan, (i) => Math.tan((i / 4000 - 0.5) * 3.1)],
      ['log', log, Math.log, (i) => Math.exp((i / 4000 - 0.5) * 1400)],
      ['exp', exp, Math.exp, (i) => (i / 4000 - 0.5) * 1400],
      ['asinh', asinh, Math.asinh, (i) => (i / 4000 - 0.5) * 40],
      ['atanh', atanh, Math.atanh, (i) => (i / 4000 - 0.5) * 1.998],
      ['sinh', sinh, Math.sinh, (i) => (i / 4000 - 0.5) * 40],
    ];
    for (const [name, f, g, x] of cases) {
      let worst = 0;
      for (let i = 0; i <= 4000; i++) {
        const v = x(i);
        if (Math.abs(Math.sin(v)) < 1e-3 && name === 'sin') continue; // relative error near zeros
        if (Math.abs(Math.cos(v)) < 1e-3 && name === 'cos') continue;
        worst = Math.max(worst, rel(f(v), g(v)));
      }
      expect(worst, name).toBeLessThan(2e-15);
    }
    // exact points
    expect(sin(0)).toBe(0);
    expect(cos(0)).toBe(1);
    expect(log(1)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(log(8)).toBeCloseTo(3 * Math.LN2, 15);
    expect(atan2(1, -1)).toBeCloseTo((3 * Math.PI) / 4, 15);
    expect(atan2(-1, -1)).toBeCloseTo((-3 * Math.PI) / 4, 15);
    expect(atan2(0, -1)).toBe(Math.PI);
    expect(atan2(1, 0)).toBe(Math.PI / 2);
    expect(atan(Infinity)).toBe(Math.PI / 2);
  });
});

describe('transverse Mercator', () => {
  it('a wild longitude (a corrupt file: 1e308, Infinity) gives NaN or a wrapped value at once, never a loop', () => {
    const t = makeTmerc(utmParams(48, false));
    // 106.5 + 360: the same meridian
    const [x0, y0] = t.forward(106.5, 29.5);
    const [x1, y1] = t.forward(466.5, 29.5);
    expect(x1).toBeCloseTo(x0, 6);
    expect(y1).toBeCloseTo(y0, 6);
    for (const lon of [-1e308, 1e308, Infinity, NaN]) {
      const [x] = t.forward(lon, 29.5);
      expect(Number.isNaN(x) || Number.isFinite(x)).toBe(true);
    }
  });
  it('hand values: the central meridian at the equator is the false origin; at 45°N the northing is k0 × the meridian arc', () => {
    const utm = makeTmerc(utmParams(48, false));
    expect(utm.forward(105, 0)).toEqual([500000, 0]);
    // WGS 84 meridian arc from the equator to 45°: 4 984 944.378 m (e.g. Snyder 1987, eq. 3-21)
    const [x, y] = utm.forward(105, 45);
    expect(x).toBe(500000);
    expect(Math.abs(y - 0.9996 * 4984944.378)).toBeLessThan(0.002);
    const south = makeTmerc(utmParams(48, true));
    expect(south.forward(105, 0)).toEqual([500000, 10000000]);
  });

  // the zones floodtwin meets: UTM 48N (the default twin), 48S, a CGCS2000 6° zone with zone prefix,
  // a 3° "CM" zone (EPSG:4547, 114°E)
  for (const [epsg, geo] of [
    [32648, 4326],
    [32748, 4326],
    [4498, 4490],
    [4547, 4490],
    [32650, 4490],
    [4545, 4326],
  ] as const) {
    it(`EPSG:${geo} → EPSG:${epsg} equals proj4 to < 1 mm over the zone, and back to < 1e-9°`, () => {
      const p = tmercParamsOfEpsg(epsg)!;
      const tm = makeTmerc(p);
      const conv = proj4(epsgToProj4(geo)!, epsgToProj4(epsg)!);
      const half = p.k0 === 1 && epsg >= 4513 ? 1.5 : 3; // 3° zones are ±1.5°
      let worstM = 0;
      let worstDeg = 0;
      const south = p.y0 > 0;
      for (let i = 0; i <= 60; i++) {
        for (let j = 0; j <= 60; j++) {
          const lon = p.lon0 - half + (2 * half * i) / 60;
          const lat = south ? -80 + (80 * j) / 60 : (84 * j) / 60;
          const [x, y] = tm.forward(lon, lat);
          const [px, py] = conv.forward([lon, lat]);
          worstM = Math.max(worstM, Math.hypot(x - px, y - py));
          const [lo, la] = tm.inverse(px, py);
          const [plo, pla] = conv.inverse([px, py]);
          worstDeg = Math.max(worstDeg, Math.abs(lo - plo), Math.abs(la - pla));
        }
      }
      expect(worstM).toBeLessThan(1e-3);
      expect(worstDeg).toBeLessThan(1e-9);
    });
  }

  it('round trip inverse(forward(p)) returns p to 1e-12° over UTM 48N', () => {
    const tm = makeTmerc(utmParams(48, false));
    let worst = 0;
    for (let i = 0; i <= 40; i++)
      for (let j = 0; j <= 40; j++) {
        const lon = 102 + (6 * i) / 40,
          lat = -80 + (164 * j) / 40;
        const [x, y] = tm.forward(lon, lat);
        const [lo, la] = tm.inverse(x, y);
        worst = Math.max(worst, Math.abs(lo - lon), Math.abs(la - lat));
      }
    expect(worst).toBeLessThan(1e-12);
  });

  it("the default twin's corner lands on its stated map origin (twin.json: 642000, 3273000) to 1 cm", () => {
    const [x, y] = makeTmerc(utmParams(48, false)).forward(106.4660648, 29.5786974);
    expect(Math.abs(x - 642000)).toBeLessThan(0.01);
    expect(Math.abs(y - 3273000)).toBeLessThan(0.01);
  });

  it('beyond 90° from the central meridian, or with non-finite input, gives NaN', () => {
    const tm = makeTmerc(utmParams(48, false));
    expect(tm.forward(-80, 10).every(Number.isNaN)).toBe(true);
    expect(tm.forward(NaN, 10).every(Number.isNaN)).toBe(true);
    expect(tm.forward(105, 91).every(Number.isNaN)).toBe(true);
  });
});

describe('makeTransform', () => {
  it('uses the deterministic projection for lon/lat ↔ UTM and Gauss-Krüger (same bits), proj4 elsewhere', () => {
    const tm = makeTmerc(utmParams(48, false));
    const fwd = makeTransform(4326, 32648);
    const inv = makeTransform({ epsg: 32648 }, 'EPSG:4326');
    for (const [lon, lat] of [
      [106.4660648, 29.5786974],
      [106.5285374, 29.6140869],
      [104.1, -12.3],
    ]) {
      const a = fwd(lon, lat),
        b = tm.forward(lon, lat);
      expect(Object.is(a[0], b[0]) && Object.is(a[1], b[1])).toBe(true);
      const c = inv(a[0], a[1]),
        d = tm.inverse(a[0], a[1]);
      expect(Object.is(c[0], d[0]) && Object.is(c[1], d[1])).toBe(true);
    }
    // a CRS with both the code and its own definition (as a GeoTIFF citation) is the code's
    const both = makeTransform(4326, { epsg: 32648, proj4: epsgToProj4(32648)! })(106.5, 29.6);
    const direct = tm.forward(106.5, 29.6);
    expect(Object.is(both[0], direct[0]) && Object.is(both[1], direct[1])).toBe(true);
    // Web Mercator: proj4 (x = R·λ exactly on the equator)
    const wm = makeTransform(4326, 3857)(1, 0);
    expect(wm[0]).toBeCloseTo((6378137 * Math.PI) / 180, 6);
    expect(Math.abs(wm[1])).toBeLessThan(1e-6);
  });
});
