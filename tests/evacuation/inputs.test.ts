import { describe, expect, it } from 'vitest';
import { evacuationSchema, EVACUATION_DEFAULTS, parseEvacuationScenario } from '../../src/core/scenario/evacuation.ts';
import {
  runEvacuation,
  resolveWarningS,
  mobilised,
  departureDelayS,
  hazardRating,
  hazardClassIndex,
  pregnolatoSpeedKmh,
  buildNetwork,
  MODE_CAR,
  MODE_WALK,
  type EvacuationInput,
  type RoadInput,
} from '../../workers/evacuation/index.ts';
import { InputError } from '../../src/core/errors.ts';

const road = (id: string, xy: number[], extra: Partial<RoadInput> = {}): RoadInput => ({
  id,
  coords: Float64Array.from(xy),
  cls: 'residential',
  lanes: 1,
  speedKmh: 36,
  oneway: true,
  ...extra,
});

describe('scenario schema', () => {
  it('fills the documented defaults', () => {
    const s = evacuationSchema.parse({ warning: { atS: 1800 } });
    expect(s.mobilisation).toEqual(EVACUATION_DEFAULTS.mobilisation);
    expect(s.seed).toBe(1);
    expect(s.householdSize).toBe(2.6);
    expect(s.frameIntervalS).toBe(60);
    expect(s.vehicleDepthLimitM).toBe(0.3);
    const g = evacuationSchema.parse({ warning: { gauge: 'cuntan', leadS: 3600 }, seed: 9, carOwnership: 0.5 });
    expect(g.warning).toEqual({ gauge: 'cuntan', leadS: 3600 });
    expect(g.carOwnership).toBe(0.5);
  });

  it('rejects unknown fields and bad values', () => {
    expect(evacuationSchema.safeParse({ warning: { atS: 0 }, colour: 'red' }).success).toBe(false);
    expect(evacuationSchema.safeParse({ warning: { atS: 0, gauge: 'x' } }).success).toBe(false);
    expect(evacuationSchema.safeParse({ warning: { atS: -1 } }).success).toBe(false);
    expect(evacuationSchema.safeParse({ warning: { atS: 0 }, seed: 1.5 }).success).toBe(false);
    expect(evacuationSchema.safeParse({ warning: { atS: 0 }, carOwnership: 1.2 }).success).toBe(false);
    expect(evacuationSchema.safeParse({ warning: { atS: 0 }, mobilisation: { a: 0, b: 1 } }).success).toBe(false);
    expect(evacuationSchema.safeParse({}).success).toBe(false);
    expect(() => parseEvacuationScenario({ warning: { atS: 0 }, mobilisation: { a: -1, b: 1 } }, 'river.json')).toThrow(
      /river\.json, at evacuation\.mobilisation\.a/,
    );
  });

  it('a parsed scenario field drives the engine as is', () => {
    const parsed = parseEvacuationScenario({
      warning: { atS: 60 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
    });
    const r = runEvacuation(
      {
        roads: [road('r', [0, 0, 134, 0])],
        buildings: [{ id: 'b', x: 0, y: 0, population: 2 }],
        shelters: [{ id: 's', x: 134, y: 0, capacity: 5 }],
      },
      { ...parsed, durationS: 600 },
    );
    expect(r.t100S).toBeCloseTo(60 + 100, 5); // 134 m at 1.34 m/s after the warning
  });
});

describe('warning and mobilisation', () => {
  const gauges = [
    {
      id: 'g',
      warningLevelM: 2,
      series: [
        [0, 1],
        [3600, 3],
      ] as [number, number][],
    },
  ];
  it('a gauge warning is the crossing time minus the lead time', () => {
    expect(resolveWarningS({ gauge: 'g', leadS: 600 }, gauges)).toBeCloseTo(1200, 9); // crosses 2 m at 1800 s
    expect(resolveWarningS({ gauge: 'g', leadS: 5000 }, gauges)).toBe(0);
    expect(resolveWarningS({ atS: 42 }, gauges)).toBe(42);
    expect(resolveWarningS({ gauge: 'g', leadS: 0 }, [{ ...gauges[0], warningLevelM: 9 }])).toBe(Infinity);
    expect(() => resolveWarningS({ gauge: 'nope', leadS: 0 }, gauges)).toThrow(InputError);
  });

  it('the departure delay inverts P(t)', () => {
    for (const u of [0.1, 0.5, 0.9, 0.99]) {
      const t = departureDelayS(u, 1.5, 1.8);
      expect(mobilised(t / 3600, 1.5, 1.8)).toBeCloseTo(u, 12);
    }
    // b = 1: exponential, half gone at ln 2 / a hours
    expect(departureDelayS(0.5, 2, 1)).toBeCloseTo((Math.LN2 / 2) * 3600, 9);
  });

  it('nobody leaves before a gauge warning; then they drive the link', () => {
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 4 }],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
      gauges,
    };
    const r = runEvacuation(input, {
      warning: { gauge: 'g', leadS: 600 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 1,
      walkMaxM: 0,
      rerouteIntervalS: 0,
      frameIntervalS: 100,
      durationS: 3600,
    });
    expect(r.warningS).toBeCloseTo(1200, 9);
    for (const row of r.curve) if (row.timeS < 1200) expect(row.waiting).toBe(4);
    expect(r.t100S).toBeCloseTo(1200 + 100 + 4 * 2, 5);
  });
});

describe('water on the roads', () => {
  it('FD2320 hazard rating and classes; Pregnolato speed', () => {
    expect(hazardRating(0.2, 1)).toBeCloseTo(0.2 * 1.5 + 0.5, 12);
    expect(hazardRating(0.5, 1)).toBeCloseTo(0.5 * 1.5 + 1, 12);
    expect(hazardRating(0, 3)).toBe(0);
    expect([0.5, 0.8, 1.5, 2.5].map(hazardClassIndex)).toEqual([0, 1, 2, 3]);
    expect(pregnolatoSpeedKmh(0)).toBeCloseTo(86.9448, 9);
    expect(pregnolatoSpeedKmh(0.25)).toBeCloseTo(0.0009 * 62500 - 0.5529 * 250 + 86.9448, 9);
    expect(pregnolatoSpeedKmh(0.3)).toBe(0);
  });

  it('shallow fast water slows cars and closes the road to walkers (d·v > 0.6)', () => {
    // 0.25 m at 3 m/s on the whole link: d·v = 0.75 > 0.6 closes it to walkers; cars crawl at Pregnolato's speed
    const grid = { ncols: 12, nrows: 2, cellSize: 100, xll: -100, yll: -100 };
    const depth = new Float32Array(24).fill(0.25);
    const speed = new Float32Array(24).fill(3);
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0])],
      buildings: [
        { id: 'car', x: 0, y: 0, population: 1 },
        { id: 'walker', x: 900, y: 0, population: 1 },
      ],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
      flood: { times: Float64Array.from([0]), grid, depth: () => depth, speed: () => speed },
    };
    const r = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 1,
      walkMaxM: 500,
      rerouteIntervalS: 0,
      durationS: 3600,
      reachedDepthM: 0.1,
    });
    const vCar = pregnolatoSpeedKmh(0.25) / 3.6;
    expect(r.drivers).toBe(1);
    expect(r.t50S).toBeCloseTo(1000 / vCar + 2, 4);
    expect(r.trappedByReason.noRoute).toBe(1); // the walker
    expect(r.linksCut[0].closedForPedestriansAtS).toBe(0);
    expect(r.linksCut[0].closedForVehiclesAtS).toBeNull();
    // both stood in 0.25 m at 3 m/s: HR = 0.25·3.5 + 0.5 = 1.375, significant
    expect(r.reachedByWater.significant).toBe(2);
  });
});

describe('network', () => {
  it('splits roads at shared vertices; one-way roads and footways', () => {
    const net = buildNetwork(
      [
        road('a', [0, 0, 100, 0, 200, 0], { oneway: false, lanes: 4 }),
        road('b', [100, 0, 100, 100], { oneway: true, lanes: 1 }),
        road('f', [200, 0, 200, 50], { cls: 'footway' }),
      ],
      { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 100 },
    );
    expect(net.nodeCount).toBe(5);
    expect(net.linkCount).toBe(8);
    // a: 2 pieces × 2 directions, 2 lanes each way: capacity 1 veh/s, storage 100 m × 2 lanes × 0.1 = 20
    expect(net.linkFlowCap[0]).toBeCloseTo(1, 12);
    expect(net.linkStorage[0]).toBeCloseTo(20, 12);
    expect(net.linkMode[0]).toBe(MODE_CAR | MODE_WALK);
    // b: forward for all, backward for walkers only
    const b = [4, 5];
    expect(net.linkMode[b[0]]).toBe(MODE_CAR | MODE_WALK);
    expect(net.linkMode[b[1]]).toBe(MODE_WALK);
    expect(net.linkMode[6]).toBe(MODE_WALK);
    expect(net.linkMode[7]).toBe(MODE_WALK);
  });

  it('names the road of a bad coordinate', () => {
    expect(() =>
      buildNetwork([road('bad', [0, 0, NaN, 1])], { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 100 }),
    ).toThrow(/roads\[0\]\.coords\[2\]/);
    expect(() => buildNetwork([road('short', [0, 0])], { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 100 })).toThrow(
      InputError,
    );
  });
});

describe('population and footways', () => {
  it('a population grid gives households at cell centres', () => {
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0])],
      populationGrid: { ncols: 2, nrows: 1, cellSize: 100, xll: 0, yll: -50, values: Float32Array.from([3, 4]) },
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
    };
    const r = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
    });
    expect(r.people).toBe(7);
    expect(r.t50S).toBeCloseTo(850 / 1.34, 5); // the 4 people of the cell centred at x = 150
    expect(r.t100S).toBeCloseTo(950 / 1.34, 5);
  });

  it('walkers take a footway that cars cannot', () => {
    // road round three sides (2000 m, 10 m/s), footway straight across (1000 m)
    const input: EvacuationInput = {
      roads: [road('loop', [0, 0, 0, 500, 1000, 500, 1000, 0]), road('path', [0, 0, 1000, 0], { cls: 'footway' })],
      buildings: [{ id: 'b', x: 0, y: 0, population: 2 }],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
    };
    const r = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0.5,
      walkMaxM: 0,
      rerouteIntervalS: 0,
      seed: 4,
    });
    expect(r.walkers).toBe(1);
    expect(r.drivers).toBe(1);
    expect(r.t50S).toBeCloseTo(2000 / 10 + 2, 5);
    expect(r.t100S).toBeCloseTo(1000 / 1.34, 5);
  });
});

describe('snapping', () => {
  it('homes snap to the nearest road piece that leads to a shelter, not a stray fragment', () => {
    const input: EvacuationInput = {
      roads: [road('main', [0, 0, 1000, 0]), road('stray', [0, 20, 100, 20])],
      buildings: [{ id: 'b', x: 0, y: 15, population: 1 }],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
    };
    const r = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
    });
    expect(r.t100S).toBeCloseTo(1000 / 1.34, 5);
    expect(r.network.unsnappedBuildings).toBe(0);
  });

  it('a home with no road to any shelter is trapped when it tries to leave, not left waiting', () => {
    const input: EvacuationInput = {
      roads: [road('island', [0, 0, 100, 0]), road('main', [5000, 0, 6000, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 2 }],
      shelters: [{ id: 's', x: 6000, y: 0, capacity: 10 }],
    };
    const r = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
      durationS: 600,
    });
    // the nearest road leading to the shelter is 5 km away, beyond maxSnapM (500 m)
    expect(r.network.unsnappedBuildings).toBe(1);
    expect(r.trappedByReason.noRoute).toBe(2);
    expect(r.curve[r.curve.length - 1].waiting).toBe(0);
    // with a longer reach it snaps to that road and walks the 1 km of it
    const far = runEvacuation(input, {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
      maxSnapM: 6000,
    });
    expect(far.t100S).toBeCloseTo(1000 / 1.34, 5);
  });
});

describe('who evacuates', () => {
  it("evacuate: 'atRisk' moves only the households whose home the flood reaches", () => {
    const grid = { ncols: 12, nrows: 2, cellSize: 100, xll: -100, yll: -100 };
    const depth = new Float32Array(24);
    depth[1 * 12 + 1] = 0.4; // the cell of x 0..100, y -100..0 (south row)
    depth[0 * 12 + 1] = 0.4; // and north of it: y 0..100
    const dry = new Float32Array(24);
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0])],
      buildings: [
        { id: 'wet', x: 50, y: 10, population: 3 },
        { id: 'dry', x: 500, y: 10, population: 5 },
      ],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
      flood: { times: Float64Array.from([0, 7000]), grid, depth: (k) => (k === 0 ? dry : depth), speed: () => null },
    };
    const o = {
      warning: { atS: 0 },
      mobilisation: { a: 1e12, b: 1 },
      householdSize: 1,
      carOwnership: 0,
      rerouteIntervalS: 0,
    };
    const r = runEvacuation(input, { ...o, evacuate: 'atRisk' });
    expect(r.people).toBe(3);
    expect(r.notAtRisk).toBe(5);
    expect(r.t100S).toBeCloseTo(950 / 1.34, 5);
    const all = runEvacuation(input, o);
    expect(all.people).toBe(8);
    expect(all.notAtRisk).toBe(0);
    // a given max-depth grid is used instead of the frames
    const none = runEvacuation({ ...input, flood: { ...input.flood!, maxDepth: dry } }, { ...o, evacuate: 'atRisk' });
    expect(none.people).toBe(0);
    expect(none.notAtRisk).toBe(8);
  });
});
