/**
 * The warning list holds every building whose door the forecast floods: homes as households (people,
 * shelter seats), shops, offices and public buildings as premises (no seats unless they have people).
 * Hand-worked case: two shelters on a straight line (no roads: straight-line walks at 1 m/s).
 */
import { describe, expect, it } from 'vitest';
import type { DoorForecast } from '../../src/ops/buildingForecast.ts';
import {
  chooseShelter,
  countByKind,
  type Occupancy,
  warningKind,
  warningList,
  warningsCsv,
  warningsGeoJson,
} from '../../src/ops/warningList.ts';

const START = Date.parse('2024-07-08T00:00:00+08:00');
const H = 3600;

const buildings: Occupancy[] = [
  { id: 'home1', x: 100, y: 0, population: 4, use: 'residential' },
  { id: 'shop1', x: 200, y: 0, population: 0, use: 'commercial' },
  { id: 'home2', x: 300, y: 0, population: 3, use: 'residential' },
  { id: 'hall', x: 400, y: 0, population: 2, use: 'public' },
  { id: 'dry-shop', x: 500, y: 0, population: 0, use: 'commercial' },
];
// the near shelter (x = 0) has 5 seats, the far one (x = 1000) 100
const shelters = [
  { id: 'near', x: 0, y: 0, capacity: 5 },
  { id: 'far', x: 1000, y: 0, capacity: 100 },
];
const door = (id: string, colour: DoorForecast['colour'], arrivalS: number, maxDepthM: number): DoorForecast => ({
  id,
  colour,
  arrivalS,
  maxDepthM,
  leadS: arrivalS - H,
});
// soonest flooded first: shop1 (2 h), home1 (3 h), hall (4 h), home2 (5 h); dry-shop stays dry (yellow)
const forecasts = [
  door('home1', 'orange', 3 * H, 0.2),
  door('shop1', 'red', 2 * H, 0.8),
  door('home2', 'red', 5 * H, 0.6),
  door('hall', 'orange', 4 * H, 0.3),
  door('dry-shop', 'yellow', NaN, 0),
];

describe('warning list: households and premises', () => {
  it('classifies homes as households and every other use as premises', () => {
    expect(warningKind('residential')).toBe('household');
    expect(warningKind('commercial')).toBe('premises');
    expect(warningKind('public')).toBe('premises');
    expect(warningKind('industrial')).toBe('premises');
  });

  it('warns every flooded door; premises take seats only for their people', () => {
    const list = warningList(forecasts, buildings, shelters, [], H, 1800);
    expect(list.map((w) => [w.buildingId, w.kind])).toEqual([
      ['shop1', 'premises'],
      ['home1', 'household'],
      ['hall', 'premises'],
      ['home2', 'household'],
    ]);
    // shop1 (nobody): the nearest shelter, no seats; home1 (4) takes 4 of near's 5; the hall's 2
    // people no longer fit there and walk to far; home2 (3) too
    expect(list.map((w) => [w.shelterId, w.walkS, w.shelterFull])).toEqual([
      ['near', 200, false],
      ['near', 100, false],
      ['far', 600, false],
      ['far', 700, false],
    ]);
    // leave by = arrival − walk − margin, never before the issue (1 h)
    expect(list.map((w) => w.leaveByS)).toEqual([
      2 * H - 200 - 1800,
      3 * H - 100 - 1800,
      4 * H - 600 - 1800,
      5 * H - 700 - 1800,
    ]);
    expect(countByKind(list)).toEqual({ households: 2, premises: 2, people: 9 });
  });

  it('chooseShelter: nearest with room, seats taken; the nearest marked full when none has room', () => {
    const room = [2, 10];
    expect(chooseShelter(Float64Array.of(60, 120), room, 3)).toEqual({ shelter: 1, full: false });
    expect(room).toEqual([2, 7]);
    expect(chooseShelter(Float64Array.of(60, 120), room, 0)).toEqual({ shelter: 0, full: false });
    expect(room).toEqual([2, 7]);
    expect(chooseShelter(Float64Array.of(60, 120), room, 8)).toEqual({ shelter: 0, full: true });
    expect(room).toEqual([-6, 7]);
  });

  it('CSV and GeoJSON carry the kind and the use of each building', () => {
    const list = warningList(forecasts, buildings, shelters, [], H, 1800);
    const csv = warningsCsv(list, START, 'fc-1').trim().split('\n');
    expect(csv[0]).toBe(
      'building_id,kind,use,population,colour,water_arrives,max_depth_m,shelter_id,shelter_full,walk_min,leave_by,forecast_id',
    );
    expect(csv[1]).toBe(
      'shop1,premises,commercial,0,red,2024-07-08T02:00:00+08:00,0.80,near,false,3,2024-07-08T01:26:40+08:00,fc-1',
    );
    expect(csv[2]).toBe(
      'home1,household,residential,4,orange,2024-07-08T03:00:00+08:00,0.20,near,false,2,2024-07-08T02:28:20+08:00,fc-1',
    );
    const gj = warningsGeoJson(list, START, 'fc-1', (x, y) => [x / 1000, y]) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(gj.features.map((f) => f.properties.kind)).toEqual(['premises', 'household', 'premises', 'household']);
    expect(gj.features[2].properties).toMatchObject({
      buildingId: 'hall',
      use: 'public',
      population: 2,
      shelterId: 'far',
    });
    expect(gj.features[2].geometry.coordinates).toEqual([0.4, 0]);
  });

  it('CSV quotes an id holding a comma, a quote or a line break', () => {
    const odd = [{ ...buildings[1], id: 'shop "A",\nrow' }];
    const list = warningList([{ ...forecasts[1], id: odd[0].id }], odd, shelters, [], H);
    expect(warningsCsv(list, START, 'fc-1').split('\n')[1]).toMatch(/^"shop ""A"",$/);
  });
});
