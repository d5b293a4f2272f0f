/**
 * scenarioMetrics on a 3×2 grid against hand calculations, the evacuation and sewer figures taken
 * from a run summary, and the scenario path rebasing of `floodtwin export`.
 */
import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import type { Building, Facility, Road } from '../../src/io/layers/types.ts';
import {
  evacuationClearanceS,
  metricsLayers,
  metricsTable,
  scenarioMetrics,
  sewerOverflowM3,
} from '../../src/sim/scenarioMetrics.ts';
import { pointSeries, rebaseScenarioPaths } from '../../src/cli/commands/export.ts';

// row 0 (north, y 10–20): 0, 0.2, 0.6 m; row 1 (y 0–10): 1.5 m, nodata, 0.05 m
const grid = makeGrid(3, 2, 10, 0, 0);
const maxDepth = Float32Array.from([0, 0.2, 0.6, 1.5, NaN, 0.05]);
const maxSpeed = Float32Array.from([0, 1, 1, 1, NaN, 0]);
const building: Building = {
  id: 'h1',
  ring: Float64Array.from([1, 1, 9, 1, 9, 9, 1, 9, 1, 1]),
  heightM: 6,
  floors: 2,
  population: 10,
  use: 'residential',
};
const road: Road = {
  id: 'r1',
  coords: Float64Array.from([0, 15, 30, 15]),
  cls: 'primary',
  lanes: 2,
  speedKmh: 50,
  oneway: false,
};
const facility: Facility = { id: 'f1', x: 15, y: 15, name: 'Clinic', nameZh: '诊所', kind: 'hospital' };
const layers = metricsLayers({ buildings: [building], roads: [road], facilities: [facility] });

describe('scenarioMetrics', () => {
  it('gives area, exposure, hazard, roads and damage as calculated by hand', () => {
    const m = scenarioMetrics({ grid, maxDepth, maxSpeed, layers });
    // cells ≥ 0.1 m: 0.2 (band 0.1–0.3), 0.6 (0.5–1), 1.5 (1–2), 100 m² each
    expect(m.floodedAreaM2).toBe(300);
    expect(m.floodedAreaM2ByBand).toEqual([100, 0, 100, 100, 0]);
    // FD2320: HR = d(v + 0.5) + DF: 0.2·1.5 + 0.5 = 0.8 moderate; 0.6·1.5 + 1 = 1.9 significant; 1.5·1.5 + 1 = 3.25 extreme
    expect(m.floodedAreaM2ByHazard).toEqual([0, 100, 100, 100]);
    // the house stands in the 1.5 m cell: 10 people, extreme hazard
    expect(m.buildingsFlooded).toBe(1);
    expect(m.peopleByBand).toEqual([0, 0, 0, 10, 0]);
    expect(m.peopleByHazard).toEqual([0, 0, 0, 10]);
    expect(m.floodedBuildings[0].hazardRating).toBeCloseTo(3.25, 6);
    // damage: residential curve at 1.5 m = 0.62 × 3000 CNY/m² × 64 m²
    expect(m.damage).toBeCloseTo(0.62 * 3000 * 64, 2);
    // the road along row 0 is cut only in the 0.6 m cell (≥ 0.3 m): 10 m
    expect(m.roadKmCut).toBeCloseTo(0.01, 9);
    // the clinic at (15, 15) stands in the 0.2 m cell
    expect(m.facilitiesFlooded.map((f) => f.id)).toEqual(['f1']);
    expect(m.evacuationClearanceS).toBeUndefined();
    expect(m.sewerOverflowM3).toBeUndefined();
  });

  it('without speeds the hazard uses v = 0', () => {
    const m = scenarioMetrics({ grid, maxDepth, layers });
    // 0.2·0.5 + 0.5 = 0.6 low; 0.6·0.5 + 1 = 1.3 significant; 1.5·0.5 + 1 = 1.75 significant
    expect(m.floodedAreaM2ByHazard).toEqual([100, 0, 200, 0]);
  });

  it('takes the evacuation clearance and the sewer overflow from the run summary', () => {
    const summary = { evacuation: { t100S: 5400 }, drainage: { overflowed_m3: 1234.5, captured_m3: 99 } };
    expect(evacuationClearanceS(summary)).toBe(5400);
    expect(sewerOverflowM3(summary)).toBe(1234.5);
    expect(evacuationClearanceS({ evacuation: { t100S: null } })).toBeUndefined(); // not everyone got out
    expect(sewerOverflowM3({})).toBeUndefined();
    const a = scenarioMetrics({ grid, maxDepth, maxSpeed, layers, summary });
    const b = scenarioMetrics({
      grid,
      maxDepth: Float32Array.from(maxDepth, (d) => d / 2),
      maxSpeed,
      layers,
      summary: { evacuation: { t100S: 3600 }, drainage: { overflowed_m3: 234.5 } },
    });
    const rows = metricsTable(a, b);
    const row = (k: string) => rows.find((r) => r.metric === k)!;
    expect(row('evacuationClearanceMin')).toMatchObject({ unit: 'min', a: 90, b: 60, change: -30 });
    expect(row('sewerOverflowM3')).toMatchObject({ a: 1234.5, b: 234.5, change: -1000 });
    // halved depths: 0.1, 0.3, 0.75 m are ≥ 0.1 m
    expect(row('floodedAreaHa').a).toBeCloseTo(0.03, 12);
    expect(row('floodedAreaHa').b).toBeCloseTo(0.03, 12);
    expect(row('floodedAreaHa').change).toBe(0);
    expect(row('roadKmCut').b).toBeCloseTo(0.01, 9); // row 0 halved: 0, 0.1, 0.3 m: still only the third cell
    expect(row('damage').b).toBeCloseTo(0.41 * 3000 * 64, 2); // 0.75 m: halfway between 0.33 (0.5 m) and 0.49 (1 m)
  });
});

describe('export helpers', () => {
  it('rebases every file reference of a scenario to the export folder', () => {
    const raw = {
      name: 'x',
      twin: '../data/small/twin.json',
      dem: '../data/small/dem.tif',
      manning: 0.03,
      initialWaterLevel: 180,
      infiltration: { rateMmPerHour: 'grids/rate.asc', capacityMm: 20 },
      drainage: { network: 'net.inp' },
      events: { rainGauge: { file: 'rain.csv' }, riverHydrographs: [{ gaugeFile: '/abs/g.csv' }] },
    };
    const s = rebaseScenarioPaths(raw, '/p/scenarios', '/p/out/run1') as typeof raw;
    expect(s.twin).toBe('../../data/small/twin.json');
    expect(s.dem).toBe('../../data/small/dem.tif');
    expect(s.manning).toBe(0.03);
    expect(s.initialWaterLevel).toBe(180);
    expect(s.infiltration).toEqual({ rateMmPerHour: '../../scenarios/grids/rate.asc', capacityMm: 20 });
    expect(s.drainage.network).toBe('../../scenarios/net.inp');
    expect(s.events.rainGauge.file).toBe('../../scenarios/rain.csv');
    expect(s.events.riverHydrographs[0].gaugeFile).toBe('/abs/g.csv');
    expect(raw.dem).toBe('../data/small/dem.tif'); // the input is not changed
  });

  it('reads points.csv of a run as series and names a bad cell', () => {
    const s = pointSeries('time_s,a,b\n0,0,1\n60,0.5,2\n', 'points.csv');
    expect(s).toEqual([
      {
        name: 'a',
        series: [
          [0, 0],
          [60, 0.5],
        ],
      },
      {
        name: 'b',
        series: [
          [0, 1],
          [60, 2],
        ],
      },
    ]);
    expect(() => pointSeries('time_s,a\n0,x\n', 'points.csv')).toThrow(
      /points\.csv, line 2, field a: "x" is not a number/,
    );
    expect(() => pointSeries('t,a\n', 'points.csv')).toThrow(/line 1/);
  });
});
