import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { makeTransform } from '../../src/io/crs.ts';
import {
  detectLayerKind,
  parseFeatureCollection,
  readBuildings,
  readFacilities,
  readGaugeStations,
  readRoads,
  readShelters,
  ringArea,
  writeBuildings,
  writeFacilities,
  writeGaugeStations,
  writeRoads,
  writeShelters,
} from '../../src/io/layers/index.ts';
import { parseLengthM, parseMaxSpeedKmh, readOsm } from '../../src/io/osm.ts';

function expectInputError(f: () => unknown, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(re);
}

// a 20 m × 10 m rectangle in UTM 48N, written in lon/lat
const toLL = makeTransform(32648, 4326);
const rectUtm = [
  [600000, 3300000],
  [600020, 3300000],
  [600020, 3300010],
  [600000, 3300010],
  [600000, 3300000],
];
const rectLL = rectUtm.map(([x, y]) => toLL(x, y));

const BUILDINGS = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [rectLL] },
      properties: { id: 'b1', floors: 4, use: 'residential', nameZh: '住宅' },
    },
    {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [rectLL.slice().reverse()] },
      properties: { id: 'b2', heightM: 14, population: 7, use: 'commercial' },
    },
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [rectLL] }, properties: {} },
  ],
};

describe('buildings', () => {
  it('reprojects into the map CRS, makes rings counter-clockwise and fills defaults', () => {
    const [b1, b2, b3] = readBuildings(JSON.stringify(BUILDINGS), 'b.geojson', { targetCrs: 32648 });
    expect(b1.ring.length).toBe(10);
    for (let k = 0; k < 5; k++) {
      expect(b1.ring[2 * k]).toBeCloseTo(rectUtm[k][0], 6);
      expect(b1.ring[2 * k + 1]).toBeCloseTo(rectUtm[k][1], 6);
    }
    expect(ringArea(b1.ring)).toBeCloseTo(200, 4);
    expect(ringArea(b2.ring)).toBeCloseTo(200, 4); // the clockwise one was turned round
    expect([b1.heightM, b1.floors, b1.population, b1.use, b1.nameZh]).toEqual([
      12,
      4,
      Math.round((200 * 4) / 35),
      'residential',
      '住宅',
    ]);
    expect([b2.heightM, b2.floors, b2.population, b2.use]).toEqual([14, 5, 7, 'commercial']);
    // defaults: 3 floors, 9 m, residential, 200 m² × 3 / 35 m² a person = 17 people
    expect([b3.id, b3.heightM, b3.floors, b3.population, b3.use]).toEqual(['b2', 9, 3, 17, 'residential']);
  });

  it('leaves a courtyard out of the floor area that sets the default population', () => {
    const hole = [
      [600005, 3300002],
      [600005, 3300008],
      [600015, 3300008],
      [600015, 3300002],
      [600005, 3300002],
    ];
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:32648' } },
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [rectUtm, hole] },
          properties: { id: 'c', floors: 7 },
        },
      ],
    };
    const [b] = readBuildings(fc, 'c.geojson', { targetCrs: 32648 });
    expect(b.population).toBe(Math.round(((200 - 60) * 7) / 35)); // 28
    expect(b.ring.length).toBe(10);
  });

  it('honours a crs member (coordinates already in UTM)', () => {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32648' } },
      features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [rectUtm] }, properties: { id: 'u' } }],
    };
    const [b] = readBuildings(fc, 'u.geojson', { targetCrs: 32648 });
    expect(Array.from(b.ring)).toEqual(rectUtm.flat());
  });

  it('names the feature and the property on bad input', () => {
    const bad = structuredClone(BUILDINGS);
    (bad.features[1].properties as Record<string, unknown>).use = 'castle';
    expectInputError(
      () => readBuildings(bad, 'b.geojson'),
      /b\.geojson, at features\[1\]\.properties\.use: feature 1, property "use": .*\(got "castle"\)/,
    );
    const bad2 = structuredClone(BUILDINGS);
    (bad2.features[0].properties as Record<string, unknown>).floors = 2.5;
    expectInputError(() => readBuildings(bad2, 'b.geojson'), /feature 0, property "floors"/);
    const bad3 = structuredClone(BUILDINGS);
    (bad3.features[2].geometry as { type: string }).type = 'LineString';
    expectInputError(
      () => readBuildings(bad3, 'b.geojson'),
      /feature 2: a building must be a Polygon or MultiPolygon, got LineString/,
    );
    const bad4 = structuredClone(BUILDINGS);
    (bad4.features[0].geometry.coordinates[0][1] as unknown[])[0] = 'x';
    expectInputError(
      () => readBuildings(bad4, 'b.geojson'),
      /at features\[0\]\.geometry\.coordinates\[0\]\[1\]: feature 0: a position must be/,
    );
    expectInputError(
      () => readBuildings('{"type":"FeatureCollection","features":[', 'cut.geojson'),
      /cut\.geojson.*not valid JSON/,
    );
    expectInputError(
      () => readBuildings(BUILDINGS, 'b.geojson', { targetCrs: 'EPSG:2154' }),
      /unsupported CRS EPSG:2154/,
    );
  });

  it('round-trips read → write → read', () => {
    const a = readBuildings(BUILDINGS, 'b.geojson');
    const b = readBuildings(JSON.stringify(writeBuildings(a)), 'w.geojson');
    expect(b.map((x) => [x.id, x.heightM, x.floors, x.population, x.use, x.nameZh])).toEqual(
      a.map((x) => [x.id, x.heightM, x.floors, x.population, x.use, x.nameZh]),
    );
    for (let i = 0; i < a.length; i++)
      for (let k = 0; k < a[i].ring.length; k++) expect(b[i].ring[k]).toBeCloseTo(a[i].ring[k], 5);
    // in the map CRS itself the round trip is exact
    const c = readBuildings(writeBuildings(a, { outputCrs: 32648 }), 'w.geojson');
    expect(Array.from(c[0].ring)).toEqual(Array.from(a[0].ring));
  });
});

describe('roads', () => {
  const line = [
    [106.5, 29.5],
    [106.51, 29.5],
    [106.51, 29.51],
  ];
  const ROADS = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: line },
        properties: { id: 'r1', class: 'primary', lanes: 3, speedKmh: 50, oneway: true, name: 'Jiangbin Rd' },
      },
      {
        type: 'Feature',
        geometry: { type: 'MultiLineString', coordinates: [line, line.slice(1)] },
        properties: { id: 'r2', class: 'motorway' },
      },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: null },
    ],
  };
  it('reads classes with defaults and splits multi-lines', () => {
    const r = readRoads(ROADS, 'r.geojson');
    expect(r.map((x) => [x.id, x.cls, x.lanes, x.speedKmh, x.oneway])).toEqual([
      ['r1', 'primary', 3, 50, true],
      ['r2#0', 'motorway', 2, 80, true],
      ['r2#1', 'motorway', 2, 80, true],
      ['r2', 'residential', 1, 20, false],
    ]);
    const [x, y] = makeTransform(4326, 32648)(106.5, 29.5);
    expect(r[0].coords[0]).toBeCloseTo(x, 6);
    expect(r[0].coords[1]).toBeCloseTo(y, 6);
    expect(r[2].coords.length).toBe(4);
  });
  it('round-trips and rejects bad properties', () => {
    const a = readRoads(ROADS, 'r.geojson');
    const b = readRoads(writeRoads(a, { outputCrs: 32648 }), 'w.geojson');
    expect(b.map((x) => [x.id, x.cls, x.lanes, x.speedKmh, x.oneway, x.name, Array.from(x.coords)])).toEqual(
      a.map((x) => [x.id, x.cls, x.lanes, x.speedKmh, x.oneway, x.name, Array.from(x.coords)]),
    );
    const bad = structuredClone(ROADS);
    (bad.features[0].properties as Record<string, unknown>).lanes = 0;
    expectInputError(() => readRoads(bad, 'r.geojson'), /feature 0, property "lanes": .*\(got 0\)/);
    const bad2 = structuredClone(ROADS);
    (bad2.features[0].properties as Record<string, unknown>).oneway = 'yes';
    expectInputError(() => readRoads(bad2, 'r.geojson'), /feature 0, property "oneway"/);
  });
});

describe('point layers', () => {
  const pt = (props: Record<string, unknown>, c = [106.5, 29.5]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: c },
    properties: props,
  });
  it('shelters, facilities and gauge stations with defaults', () => {
    const s = readShelters(
      {
        type: 'FeatureCollection',
        features: [
          pt({ id: 's1', name: 'No. 8 Middle School', nameZh: '第八中学', capacity: 1200, kind: 'school' }),
          pt({ id: 's2', capacity: 300 }),
        ],
      },
      's.geojson',
    );
    expect(s[0]).toMatchObject({ id: 's1', capacity: 1200, kind: 'school', nameZh: '第八中学' });
    expect(s[1]).toMatchObject({ id: 's2', name: 's2', nameZh: 's2', kind: 'public' });
    const [x, y] = makeTransform(4326, 32648)(106.5, 29.5);
    expect(s[0].x).toBeCloseTo(x, 6);
    expect(s[0].y).toBeCloseTo(y, 6);
    const f = readFacilities(
      { type: 'FeatureCollection', features: [pt({ id: 'h1', kind: 'hospital', name: 'People’s Hospital' })] },
      'f.geojson',
    );
    expect(f[0]).toMatchObject({ id: 'h1', kind: 'hospital' });
    const g = readGaugeStations(
      {
        type: 'FeatureCollection',
        features: [
          pt({
            id: 'cuntan',
            nameZh: '寸滩',
            warningLevelM: 180.5,
            guaranteedLevelM: 183.5,
            datum: 'Wusong',
            record: 'cuntan.csv',
          }),
        ],
      },
      'g.geojson',
    );
    expect(g[0]).toMatchObject({
      id: 'cuntan',
      name: 'cuntan',
      nameZh: '寸滩',
      warningLevelM: 180.5,
      guaranteedLevelM: 183.5,
      datum: 'Wusong',
      record: 'cuntan.csv',
    });
  });
  it('round-trips and rejects missing or inconsistent properties', () => {
    const fc = { type: 'FeatureCollection', features: [pt({ id: 'g1', warningLevelM: 10, guaranteedLevelM: 12 })] };
    const a = readGaugeStations(fc, 'g.geojson');
    expect(readGaugeStations(writeGaugeStations(a, { outputCrs: 32648 }), 'w')).toEqual(a);
    const sh = readShelters({ type: 'FeatureCollection', features: [pt({ id: 's', capacity: 5 })] }, 's');
    expect(readShelters(writeShelters(sh, { outputCrs: 32648 }), 'w')).toEqual(sh);
    const fa = readFacilities({ type: 'FeatureCollection', features: [pt({ id: 'f', kind: 'substation' })] }, 'f');
    expect(readFacilities(writeFacilities(fa, { outputCrs: 32648 }), 'w')).toEqual(fa);
    expectInputError(
      () =>
        readGaugeStations({ type: 'FeatureCollection', features: [pt({ id: 'g', warningLevelM: 10 })] }, 'g.geojson'),
      /feature 0, property "guaranteedLevelM"/,
    );
    expectInputError(
      () =>
        readGaugeStations(
          { type: 'FeatureCollection', features: [pt({ id: 'g', warningLevelM: 10, guaranteedLevelM: 9 })] },
          'g.geojson',
        ),
      /9 m is below warningLevelM 10 m/,
    );
    expectInputError(
      () => readShelters({ type: 'FeatureCollection', features: [pt({ id: 's' })] }, 's.geojson'),
      /feature 0, property "capacity"/,
    );
    expectInputError(
      () => readFacilities({ type: 'FeatureCollection', features: [pt({ kind: 'bakery' })] }, 'f.geojson'),
      /feature 0, property "kind"/,
    );
    expectInputError(
      () => readShelters({ type: 'FeatureCollection', features: [pt({ capacity: 1 }, [106.5])] }, 's.geojson'),
      /a position must be \[x, y\]/,
    );
  });
  it('guesses the layer kind', () => {
    const k = (f: unknown) =>
      detectLayerKind(parseFeatureCollection({ type: 'FeatureCollection', features: [f] }, 'x'));
    expect(k(pt({ warningLevelM: 1 }))).toBe('gauges');
    expect(k(pt({ capacity: 1 }))).toBe('shelters');
    expect(k(pt({ kind: 'hospital' }))).toBe('facilities');
    expect(k(BUILDINGS.features[0])).toBe('buildings');
    expect(k({ type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} })).toBe('roads');
    expect(k(pt({}))).toBeNull();
  });
});

const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="29.5000" lon="106.5000"/>
  <node id="2" lat="29.5000" lon="106.5002"/>
  <node id="3" lat="29.5001" lon="106.5002"/>
  <node id="4" lat="29.5001" lon="106.5000"/>
  <node id="5" lat="29.5010" lon="106.5000"/>
  <node id="6" lat="29.5010" lon="106.5050"/>
  <way id="10">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="building" v="apartments"/><tag k="building:levels" v="8"/><tag k="name:zh" v="江景小区"/>
  </way>
  <way id="11">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="building" v="retail"/><tag k="height" v="40 ft"/>
  </way>
  <way id="20">
    <nd ref="5"/><nd ref="6"/>
    <tag k="highway" v="trunk"/><tag k="lanes" v="4"/><tag k="maxspeed" v="30 mph"/><tag k="name" v="Binjiang Rd"/>
  </way>
  <way id="21">
    <nd ref="5"/><nd ref="6"/>
    <tag k="highway" v="residential"/><tag k="oneway" v="-1"/><tag k="lanes" v="many"/>
  </way>
  <way id="22">
    <nd ref="5"/><nd ref="6"/>
    <tag k="highway" v="proposed"/>
  </way>
</osm>`;

describe('OSM XML', () => {
  it('turns tagged ways into buildings and roads with tag defaults', () => {
    const r = readOsm(OSM, 'town.osm', { targetCrs: 32648 });
    expect(r.counts).toEqual({ nodes: 6, ways: 5, relations: 0 });
    expect(r.buildings.map((b) => [b.id, b.floors, b.heightM, b.use, b.nameZh ?? null])).toEqual([
      ['way/10', 8, 24, 'residential', '江景小区'],
      ['way/11', 4, 12.192, 'commercial', null], // 40 ft = 12.192 m ≈ 4 floors
    ]);
    expect(r.roads.map((x) => [x.id, x.cls, x.lanes, +x.speedKmh.toFixed(6), x.oneway, x.name ?? null])).toEqual([
      ['way/20', 'primary', 2, 48.28032, false, 'Binjiang Rd'], // 4 lanes both ways → 2 a direction; 30 mph
      ['way/21', 'residential', 1, 20, true, null],
    ]);
    // oneway=-1: the geometry runs against the way's node order (east → west)
    expect(r.roads[1].coords[0]).toBeGreaterThan(r.roads[1].coords[2]);
    expect(r.warnings).toEqual(['way/21: lanes "many" is not a lane count; using the default']);
    // the footprint: about 19.4 m × 11.1 m at 29.5°N
    const area = ringArea(r.buildings[0].ring);
    expect(area).toBeGreaterThan(190);
    expect(area).toBeLessThan(240);
  });
  it('parses lengths and speeds; rejects what is not OSM', () => {
    expect(parseLengthM('12.5 m')).toBe(12.5);
    expect(parseLengthM("10'")).toBeCloseTo(3.048, 12);
    expect(parseLengthM('tall')).toBeNull();
    expect(parseMaxSpeedKmh('50')).toBe(50);
    expect(parseMaxSpeedKmh('CN:urban')).toBeNull();
    expectInputError(() => readOsm('<gpx></gpx>', 'x.osm'), /x\.osm: expected an <osm> document, got <gpx>/);
    expectInputError(() => readOsm(OSM.slice(0, 300), 'cut.osm'), /cut\.osm.*malformed XML/);
    expectInputError(
      () => readOsm(OSM.replace('lat="29.5010"', 'lat="abc"'), 'bad.osm'),
      /bad\.osm, at way\/20: way\/20: a position must be/,
    );
  });
});
