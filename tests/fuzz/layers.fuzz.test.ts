/**
 * Corrupted GeoJSON layers and OSM XML: every variant ends in layer objects with finite map
 * coordinates, or an InputError naming the file.
 */
import { describe, expect, it } from 'vitest';
import {
  readBuildings,
  readFacilities,
  readGaugeStations,
  readRoads,
  readShelters,
} from '../../src/io/layers/index.ts';
import { readOsm } from '../../src/io/osm.ts';
import { inspectFile } from '../../src/io/inspect.ts';
import { fuzz, mutateText } from './mutate.ts';

const N = 1000;

const square = (lon: number, lat: number) => [
  [lon, lat],
  [lon + 0.0002, lat],
  [lon + 0.0002, lat + 0.0001],
  [lon, lat + 0.0001],
  [lon, lat],
];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features }, null, 1);
const feat = (type: string, coordinates: unknown, properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type, coordinates },
  properties,
});

const BUILDINGS = fc([
  feat('Polygon', [square(106.5, 29.5)], { id: 'b1', floors: 6, population: 40, use: 'residential', nameZh: '甲' }),
  feat('Polygon', [square(106.501, 29.5)], { id: 'b2', heightM: 21.5, use: 'commercial' }),
  feat('MultiPolygon', [[square(106.502, 29.5)], [square(106.503, 29.5)]], { id: 'b3' }),
]);
const ROADS = fc([
  feat(
    'LineString',
    [
      [106.5, 29.5],
      [106.51, 29.5],
      [106.51, 29.51],
    ],
    { id: 'r1', class: 'primary', lanes: 2, speedKmh: 50, oneway: false },
  ),
  feat(
    'MultiLineString',
    [
      [
        [106.5, 29.5],
        [106.5, 29.52],
      ],
      [
        [106.5, 29.52],
        [106.49, 29.52],
      ],
    ],
    { id: 'r2', class: 'service' },
  ),
]);
const SHELTERS = fc([
  feat('Point', [106.5, 29.5], { id: 's1', name: 'School', nameZh: '学校', capacity: 800, kind: 'school' }),
  feat('Point', [106.6, 29.6], { id: 's2', capacity: 100 }),
]);
const FACILITIES = fc([feat('Point', [106.5, 29.5], { id: 'f1', name: 'Hospital', kind: 'hospital' })]);
const GAUGES = fc([
  feat('Point', [106.6, 29.6], {
    id: 'cuntan',
    nameZh: '寸滩',
    warningLevelM: 180.5,
    guaranteedLevelM: 183.5,
    datum: 'Wusong',
    record: 'cuntan.csv',
  }),
]);

const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="29.5000" lon="106.5000"/>
  <node id="2" lat="29.5000" lon="106.5002"/>
  <node id="3" lat="29.5001" lon="106.5002"/>
  <node id="4" lat="29.5001" lon="106.5000"/>
  <node id="5" lat="29.5010" lon="106.5000"/>
  <node id="6" lat="29.5010" lon="106.5050"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="building" v="apartments"/><tag k="building:levels" v="8"/></way>
  <way id="20"><nd ref="5"/><nd ref="6"/><tag k="highway" v="primary"/><tag k="lanes" v="4"/><tag k="maxspeed" v="60"/></way>
  <relation id="30"><member type="way" ref="10" role="outer"/><tag k="type" v="multipolygon"/><tag k="building" v="school"/></relation>
</osm>`;

function finiteXY(xy: ArrayLike<number>): void {
  for (let k = 0; k < xy.length; k++) if (!Number.isFinite(xy[k])) throw new Error(`non-finite coordinate ${xy[k]}`);
}

describe('fuzz: GeoJSON layer readers', () => {
  const cases: [string, string, (t: string) => unknown[], (v: unknown) => void][] = [
    ['buildings', BUILDINGS, (t) => readBuildings(t, 'l.geojson'), (b) => finiteXY((b as { ring: Float64Array }).ring)],
    ['roads', ROADS, (t) => readRoads(t, 'l.geojson'), (r) => finiteXY((r as { coords: Float64Array }).coords)],
    [
      'shelters',
      SHELTERS,
      (t) => readShelters(t, 'l.geojson'),
      (s) => finiteXY([(s as { x: number }).x, (s as { y: number }).y]),
    ],
    [
      'facilities',
      FACILITIES,
      (t) => readFacilities(t, 'l.geojson'),
      (s) => finiteXY([(s as { x: number }).x, (s as { y: number }).y]),
    ],
    [
      'gauge stations',
      GAUGES,
      (t) => readGaugeStations(t, 'l.geojson'),
      (s) => finiteXY([(s as { x: number }).x, (s as { y: number }).y]),
    ],
  ];
  cases.forEach(([name, text, read, checkItem], k) => {
    it(`${N} corrupted variants of ${name}`, async () => {
      expect(read(text).length).toBeGreaterThan(0);
      const t = await fuzz(N, 400 + k, text, mutateText, read, (items) => items.forEach(checkItem), 'l.geojson');
      expect(t.values + t.inputErrors).toBe(N);
      expect(t.values).toBeGreaterThan(0);
      expect(t.inputErrors).toBeGreaterThan(0);
    });
  });
});

describe('fuzz: OSM XML reader and inspect', () => {
  it(`${N} corrupted variants of an OSM extract`, async () => {
    const ok = readOsm(OSM, 'town.osm');
    expect(ok.buildings.length).toBeGreaterThan(0);
    const t = await fuzz(
      N,
      500,
      OSM,
      mutateText,
      (s) => readOsm(s, 'town.osm'),
      (r) => {
        r.buildings.forEach((b) => {
          finiteXY(b.ring);
        });
        r.roads.forEach((x) => {
          finiteXY(x.coords);
        });
      },
      'town.osm',
    );
    expect(t.values + t.inputErrors).toBe(N);
    expect(t.values).toBeGreaterThan(0);
  });
  it(`${N} corrupted variants through inspect (kind detected from the content)`, async () => {
    const samples = [BUILDINGS, ROADS, GAUGES, OSM];
    let i = 0;
    const t = await fuzz(
      N,
      600,
      '',
      (rng) => mutateText(rng, samples[i++ % samples.length]),
      (s) => inspectFile(new TextEncoder().encode(s), 'data'),
      () => {},
      'data',
    );
    expect(t.values + t.inputErrors).toBe(N);
  });
});
