/**
 * Prevention zones from the merged exceedance map, by hand: the thresholds 1/20 (key) and 1/100
 * (general), on the 3-member example of merge.test.ts and on band sums that reach a threshold only
 * within rounding. And index.json, the merged folder's list for the page: a bad file is refused with
 * its JSON path.
 */
import { describe, expect, it } from 'vitest';
import { mapLabel, parseMergedIndex } from '../../src/ensemble/mergedIndex.ts';
import { preventionZones } from '../../src/ensemble/preventionZoning.ts';
import { ZoningMerge } from '../../src/ensemble/zoning.ts';

describe('prevention zoning', () => {
  it('zones cells by the annual probability of water over the zoning depth', () => {
    expect(Array.from(preventionZones([0, 0.004, 0.01, 0.049, 0.05, 0.5, Number.NaN]))).toEqual([0, 1, 2, 2, 3, 3, 0]);
  });

  it('zones the merged 3-member ensemble (10-year; 100-year levee holds 0.75 / breaks 0.25)', () => {
    const z = new ZoningMerge(4, [0.1, 0.01, 0.01], [0.15], 0);
    const add = (aep: number, weight: number, depth: number[]) =>
      z.add({
        aep,
        weight,
        maxDepth: Float32Array.from(depth),
        hazard: new Uint8Array(4).fill(255),
        buildingDamage: new Float64Array(0),
      });
    add(0.1, 1, [0.0, 0.2, 0.0, 0.1]);
    add(0.01, 0.75, [0.0, 0.4, 0.3, 0.3]);
    add(0.01, 0.25, [0.3, 0.6, 0.3, 0.1]);
    // P(> 0.15 m): cell 0 only the breach, 0.01·0.25 = 0.0025 → watch; cell 1 every member, 0.09 + 0.01 = 0.1 → key;
    // cell 2 both 100-year variants, 0.01 (the band sum 0.0075 + 0.0025) → general; cell 3 only B, 0.0075 → watch
    expect(Array.from(preventionZones(z.exceedance))).toEqual([1, 3, 2, 1]);
  });
});

describe('merged index.json', () => {
  const good = {
    version: 1,
    ensemble: 'x',
    members: 2,
    zoningDepthM: 0.15,
    maps: [
      { file: 'max_depth_T10.tif', kind: 'maxDepth', returnPeriodYears: 10 },
      { file: 'exceedance_0.5m.tif', kind: 'exceedance', depthM: 0.5 },
      { file: 'prevention_zone.tif', kind: 'prevention' },
    ],
    report: 'zoning_report.html',
  };

  it('reads a good one and labels its maps', () => {
    const idx = parseMergedIndex(JSON.stringify(good), 'index.json');
    expect(idx.maps.map(mapLabel)).toEqual([
      'max depth T10',
      'annual probability of more than 0.5 m',
      'prevention zoning',
    ]);
  });

  it('refuses a file outside the folder, naming the JSON path', () => {
    const bad = { ...good, maps: [{ file: '../../secret.tif', kind: 'maxDepth' }] };
    expect(() => parseMergedIndex(JSON.stringify(bad), 'index.json')).toThrow(/index\.json.*maps\[0\]\.file/);
    expect(() =>
      parseMergedIndex(JSON.stringify({ ...good, report: 'https://evil.example/r.html' }), 'index.json'),
    ).toThrow(/report/);
  });
});
