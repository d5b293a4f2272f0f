import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import { compareMetrics, differenceMap, extentChange, metricRows } from '../../workers/analysis/compare.ts';
import { buildingDamage, damageFraction, type DamageCurves } from '../../workers/analysis/depthDamage.ts';
import { bandIndex, floodMetrics } from '../../workers/analysis/floodMetrics.ts';
import { hazardClass, hazardClassGrid, hazardRating } from '../../workers/analysis/hazardRating.ts';

describe('FD2320 hazard rating', () => {
  it('matches hand-computed values', () => {
    expect(hazardRating(0.1, 0)).toBeCloseTo(0.55, 12); // 0.1·0.5 + 0.5 → low
    expect(hazardClass(hazardRating(0.1, 0))).toBe('low');
    expect(hazardRating(0.2, 1)).toBeCloseTo(0.8, 12); // 0.2·1.5 + 0.5 → moderate
    expect(hazardClass(0.8)).toBe('moderate');
    expect(hazardRating(0.25, 0.5)).toBeCloseTo(0.75, 12); // DF 0.5 still at 0.25 m; 0.75 is moderate
    expect(hazardClass(hazardRating(0.25, 0.5))).toBe('moderate');
    expect(hazardRating(0.3, 0.5)).toBeCloseTo(1.3, 12); // 0.3·1 + 1 → significant
    expect(hazardClass(1.3)).toBe('significant');
    expect(hazardRating(0.5, 2)).toBeCloseTo(2.25, 12); // 0.5·2.5 + 1 → extreme
    expect(hazardClass(2.25)).toBe('extreme');
    expect(hazardClass(1.25)).toBe('significant');
    expect(hazardClass(2.0)).toBe('significant');
    expect(hazardClass(2.0001)).toBe('extreme');
  });
  it('per-cell classes (255 = dry)', () => {
    const c = hazardClassGrid(Float32Array.from([0, 0.1, 0.2, 0.3, 0.5, NaN]), Float32Array.from([0, 0, 1, 0.5, 2, 0]));
    expect(Array.from(c)).toEqual([255, 0, 1, 2, 3, 255]);
  });
});

describe('depth-damage curves', () => {
  const curves: DamageCurves = {
    residential: { depthsM: [0, 0.5, 1], fractions: [0, 0.3, 0.5], valuePerM2: 1000 },
    default: { depthsM: [0.2, 1], fractions: [0.1, 0.6], valuePerM2: 500 },
  };
  it('linear interpolation, held at the ends, from (0,0) below the first point', () => {
    expect(damageFraction(curves.residential, 0.25)).toBeCloseTo(0.15, 12);
    expect(damageFraction(curves.residential, 0.75)).toBeCloseTo(0.4, 12);
    expect(damageFraction(curves.residential, 3)).toBe(0.5);
    expect(damageFraction(curves.residential, 0)).toBe(0);
    expect(damageFraction(curves.default, 0.1)).toBeCloseTo(0.05, 12);
    expect(damageFraction(curves.default, 0.6)).toBeCloseTo(0.35, 12);
  });
  it('damage = fraction × value/m² × area, with the use falling back to default', () => {
    expect(buildingDamage(curves, 'residential', 0.25, 100)).toBeCloseTo(15000, 6);
    expect(buildingDamage(curves, 'commercial', 0.6, 100)).toBeCloseTo(17500, 6); // default: 0.35·500·100
  });
});

describe('floodMetrics', () => {
  // 4 × 3 grid of 10 m cells, xll 0, yll 0 (north row first)
  const g = makeGrid(4, 3, 10);
  const depth = Float32Array.from([
    0.05,
    0.2,
    0.4,
    2.5, //
    0.0,
    0.35,
    0.8,
    1.5, //
    NaN,
    0.0,
    0.12,
    0.6,
  ]);
  const speed = Float32Array.from([0, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const curves: DamageCurves = { default: { depthsM: [0, 1], fractions: [0, 0.5], valuePerM2: 1000, currency: 'CNY' } };
  const m = floodMetrics({
    grid: g,
    maxDepth: depth,
    maxSpeed: speed,
    damageCurves: curves,
    buildings: [
      // footprint over cells (1,0) and (2,0): deepest 0.4 m at (2,0), v = 0.5
      {
        id: 'b1',
        ring: [
          [12, 22],
          [28, 22],
          [28, 28],
          [12, 28],
        ],
        population: 10,
      },
      // centroid only, cell (0,0): 0.05 m, below the first band
      { id: 'b2', centroid: [5, 25], population: 4, areaM2: 50 },
      // cell (3,1): 1.5 m
      { id: 'b3', centroid: [35, 15], population: 7, areaM2: 100, use: 'commercial' },
      { id: 'off', centroid: [500, 500], population: 99 },
    ],
    facilities: [
      { id: 'h1', at: [25, 5], kind: 'hospital' }, // cell (2,2): 0.12 m → flooded
      { id: 's1', at: [15, 5], kind: 'school' }, // cell (1,2): dry
    ],
    roads: [
      // along row 1 (y = 15) from x = 0 to 40: cells 0, 0.35, 0.8, 1.5 → 30 m cut
      {
        id: 'r1',
        line: [
          [0, 15],
          [40, 15],
        ],
      },
      // along row 2 (y = 5) 0..20: NaN, 0 → not cut
      {
        id: 'r2',
        line: [
          [0, 5],
          [20, 5],
        ],
      },
    ],
    sewerOverflowM3: 1234,
  });
  it('flooded area by band (cells of 100 m²)', () => {
    // bands [0.1,0.3): 0.2, 0.12 → 2; [0.3,0.5): 0.4, 0.35 → 2; [0.5,1): 0.8, 0.6 → 2; [1,2): 1.5; ≥2: 2.5
    expect(m.floodedAreaM2ByBand).toEqual([200, 200, 200, 100, 100]);
    expect(m.floodedAreaM2).toBe(800);
    expect(m.bandLabels[0]).toBe('0.1–0.3 m');
    expect(m.bandLabels[4]).toBe('≥ 2 m');
    expect(bandIndex([0.1, 0.3], 0.3)).toBe(1);
  });
  it('area by hazard: hand-computed per cell', () => {
    // 0.2,v1 → 0.8 mod; 0.4,v.5 → 1.4 sig; 2.5 → 3.25 ext; 0.35 → 1.175 mod; 0.8 → 1.4 sig; 1.5 → 1.75 sig;
    // 0.12 → 0.56 low; 0.6 → 1.3 sig
    expect(m.floodedAreaM2ByHazard).toEqual([100, 200, 400, 100]);
  });
  it('buildings and people by band and hazard, damage by curve', () => {
    expect(m.buildingsFlooded).toBe(2);
    expect(m.buildingsByBand).toEqual([0, 1, 0, 1, 0]);
    expect(m.peopleByBand).toEqual([0, 10, 0, 7, 0]);
    const b1 = m.floodedBuildings.find((b) => b.id === 'b1')!;
    expect(b1.depthM).toBeCloseTo(0.4, 6);
    expect(b1.hazardRating).toBeCloseTo(1.4, 6); // 0.4·(0.5 + 0.5) + 1
    expect(m.buildingsByHazard).toEqual([0, 0, 2, 0]);
    expect(m.peopleByHazard).toEqual([0, 0, 17, 0]);
    expect(m.peopleExposed).toBe(17);
    // damage: b1 0.4 m → 0.2·1000·96 m² = 19200; b2 0.05 m → 0.025·1000·50 = 1250; b3 1.5 m → 0.5·1000·100 = 50000
    expect(m.damage).toBeCloseTo(19200 + 1250 + 50000, 2);
    expect(m.damageCurrency).toBe('CNY');
  });
  it('facilities flooded, roads cut, pass-through figures', () => {
    expect(m.facilitiesFlooded.map((f) => f.id)).toEqual(['h1']);
    expect(m.roadKmCut).toBeCloseTo(0.03, 9);
    expect(m.cutRoads).toEqual([
      { id: 'r1', cutLengthM: 30, maxDepthM: expect.closeTo(1.5, 6), class: undefined, name: undefined },
    ]);
    expect(m.sewerOverflowM3).toBe(1234);
  });
  it('difference map B − A, NaN where both dry or nodata; compare rows', () => {
    const a = { ...g, values: Float32Array.from([0, 0.5, 1, 0, 0, 0, 0, 0, NaN, 0, 0, 0.2]) };
    const b = { ...g, values: Float32Array.from([0, 0.2, 1.5, 0.3, 0, 0, 0, 0, 1, 0, 0, 0]) };
    const d = differenceMap(a, b);
    expect(Number.isNaN(d.values[0])).toBe(true);
    expect(d.values[1]).toBeCloseTo(-0.3, 6);
    expect(d.values[2]).toBeCloseTo(0.5, 6);
    expect(d.values[3]).toBeCloseTo(0.3, 6);
    expect(Number.isNaN(d.values[8])).toBe(true);
    expect(d.values[11]).toBeCloseTo(-0.2, 6);
    expect(() => differenceMap(a, { ...makeGrid(3, 3, 10), values: new Float32Array(9) })).toThrow(/different grids/);
    // extent: wet ≥ 0.1 m. A wet: 0.5, 1, 0.2; B wet: 0.2, 1.5, 0.3 (cell 8 is nodata in A)
    const e = extentChange(a, b);
    expect(e.newlyFloodedM2).toBe(100); // cell 3
    expect(e.noLongerFloodedM2).toBe(100); // cell 11
    expect(e.deeperM2).toBe(100); // cell 2
    expect(e.shallowerM2).toBe(100); // cell 1
    // Σ(B − A) over cells valid in both: −0.3 + 0.5 + 0.3 − 0.2 = 0.3 m → 30 m³
    expect(e.maxDepthVolumeChangeM3).toBeCloseTo(30, 4);

    const m2 = floodMetrics({
      grid: g,
      maxDepth: Float32Array.from(depth, (v) => v * 0.5),
      damageCurves: curves,
      sewerOverflowM3: 1000,
    });
    const rows = compareMetrics(m, m2);
    const area = rows.find((r) => r.key === 'floodedAreaHa')!;
    expect(area.a).toBeCloseTo(0.08, 12);
    // halved depths: 0.1 (0.2→0.1), 0.2, 0.175, 1.25, 0.4, 0.75, 0.3 → 7 cells ≥ 0.1 (0.06 drops out)
    expect(area.b).toBeCloseTo(0.07, 12);
    expect(area.change).toBeCloseTo(-0.01, 12);
    expect(rows.find((r) => r.key === 'sewerOverflowM3')!.change).toBe(-234);
    expect(rows.find((r) => r.key === 'evacuationClearanceMin')!.a).toBeNull();
    expect(metricRows(m).every((r) => r.b === null)).toBe(true);
  });
});
