import { describe, expect, it } from 'vitest';
import { warningsGeoJson, type BuildingWarning } from '../../src/ops/warningList.ts';
import { summariseWarnings } from '../../src/modes/ops/warnedPanel.ts';

const START = Date.parse('2024-07-08T00:00:00+08:00');
const w = (id: string, colour: 'red' | 'orange', population: number, leaveByS: number): BuildingWarning => ({
  buildingId: id,
  kind: population > 0 ? 'household' : 'premises',
  use: population > 0 ? 'residential' : 'commercial',
  population,
  colour,
  arrivalS: leaveByS + 3600,
  maxDepthM: 0.6,
  shelterId: 's1',
  shelterFull: false,
  walkS: 600,
  leaveByS,
  x: 0,
  y: 0,
});

describe('warned panel', () => {
  it("sums the runner's warning GeoJSON: households and premises apart, people, colours, earliest leave-by", () => {
    const fc = warningsGeoJson(
      [w('a', 'orange', 4, 7200), w('b', 'red', 10, 3600), w('c', 'orange', 2, 5400), w('shop', 'red', 0, 1800)],
      START,
      'fc-1',
      () => [106.5, 29.6],
    );
    // round trip through JSON, as the page reads it
    expect(summariseWarnings(JSON.parse(JSON.stringify(fc)))).toEqual({
      forecastId: 'fc-1',
      households: 3,
      premises: 1,
      people: 16,
      red: 2,
      orange: 2,
      firstLeaveBy: '2024-07-08T00:30:00+08:00',
    });
    expect(summariseWarnings({ type: 'FeatureCollection', features: [] })).toMatchObject({
      households: 0,
      premises: 0,
      people: 0,
      firstLeaveBy: '',
    });
  });
  it('is null for anything that is not a warning list', () => {
    expect(summariseWarnings(null)).toBeNull();
    expect(summariseWarnings({ type: 'Feature' })).toBeNull();
    expect(summariseWarnings({ type: 'FeatureCollection', features: 'x' })).toBeNull();
  });
});
