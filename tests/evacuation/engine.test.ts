import { describe, expect, it } from 'vitest';
import {
  createEvacuation,
  runEvacuation,
  weidmannSpeed,
  evacuationCsv,
  evacuationSummary,
  type EvacuationInput,
  type EvacuationOptionsInput,
  type FloodFrames,
  type RoadInput,
} from '../../workers/evacuation/index.ts';

const road = (id: string, xy: number[], extra: Partial<RoadInput> = {}): RoadInput => ({
  id,
  coords: Float64Array.from(xy),
  cls: 'residential',
  lanes: 1,
  speedKmh: 36, // 10 m/s
  oneway: true,
  ...extra,
});

/** everyone leaves at the warning (P(t) = 1 − exp(−1e12·t): all gone within 1e-7 s) */
const instant: EvacuationOptionsInput = {
  warning: { atS: 0 },
  mobilisation: { a: 1e12, b: 1 },
  householdSize: 1,
  rerouteIntervalS: 0,
  stuckTimeS: 1e6,
  frameIntervalS: 10,
  durationS: 3600,
};

describe('single link', () => {
  it('clearance = free-flow time + vehicles / capacity', () => {
    // 1000 m at 10 m/s: T = 100 s; one lane at 1800 veh/h: C = 0.5 veh/s; 100 cars -> 100 + 100/0.5 = 300 s
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 100 }],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 1000 }],
    };
    const r = runEvacuation(input, { ...instant, carOwnership: 1, walkMaxM: 0 });
    expect(r.drivers).toBe(100);
    expect(r.t100S).toBeCloseTo(300, 5);
    expect(r.t50S).toBeCloseTo(100 + 50 / 0.5, 5);
    expect(r.shelters[0].occupancy).toBe(100);
    // the one link is the bottleneck: delay = sum over k of (k/C) = 2·(1+...+100)
    expect(r.bottlenecks[0].roadId).toBe('r');
    expect(r.bottlenecks[0].delayVehS).toBeCloseTo(2 * 5050, 3);
  });

  it('walkers and drivers move at their own speeds', () => {
    // car from x=0: 1000/10 + 1/C(2 s) = 102 s; walker from x=600: 400 m / 1.34 m/s
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 1000, 0], { oneway: false, lanes: 2 })],
      buildings: [
        { id: 'far', x: 0, y: 0, population: 1 },
        { id: 'near', x: 600, y: 5, population: 1 },
      ],
      shelters: [{ id: 's', x: 1000, y: 0, capacity: 10 }],
    };
    const r = runEvacuation(input, { ...instant, carOwnership: 1, walkMaxM: 500 });
    expect(r.drivers).toBe(1);
    expect(r.walkers).toBe(1);
    expect(r.t50S).toBeCloseTo(102, 5);
    expect(r.t100S).toBeCloseTo(400 / 1.34, 5);
  });

  it('walkers slow with density (Weidmann)', () => {
    // one household of 300 on a 100 m link 3 m wide: ρ = 1 person/m²
    const v1 = 1.34 * (1 - Math.exp(-1.913 * (1 - 1 / 5.4)));
    expect(weidmannSpeed(1.34, 1)).toBeCloseTo(v1, 12);
    expect(weidmannSpeed(1.34, 1e-4)).toBeCloseTo(1.34, 12);
    const input: EvacuationInput = {
      roads: [road('r', [0, 0, 100, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 300 }],
      shelters: [{ id: 's', x: 100, y: 0, capacity: 1000 }],
    };
    const r = runEvacuation(input, { ...instant, householdSize: 300, carOwnership: 0 });
    expect(r.agents).toBe(1);
    expect(r.t100S).toBeCloseTo(100 / v1, 5);
  });
});

describe('shelters', () => {
  it('a full shelter sends the rest to the next', () => {
    // A at 1000 m holds 10; the other 10 walkers go on to B at 2000 m
    const input: EvacuationInput = {
      roads: [road('r1', [0, 0, 1000, 0]), road('r2', [1000, 0, 2000, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 20 }],
      shelters: [
        { id: 'A', x: 1000, y: 0, capacity: 10 },
        { id: 'B', x: 2000, y: 0, capacity: 100 },
      ],
    };
    const r = runEvacuation(input, { ...instant, carOwnership: 0 });
    expect(r.walkers).toBe(20);
    expect(r.shelters.map((s) => s.occupancy)).toEqual([10, 10]);
    expect(r.shelters[0].fullAtS).toBeCloseTo(1000 / 1.34, 5);
    expect(r.shelters[1].fullAtS).toBeNull();
    expect(r.t50S).toBeCloseTo(1000 / 1.34, 5);
    expect(r.t100S).toBeCloseTo(2000 / 1.34, 5);
    // drawn where they are: at home before the warning, halfway at half time, in their shelters at the end
    const ev = createEvacuation({ ...input }, { ...instant, carOwnership: 0, warning: { atS: 100 } });
    ev.advance(50);
    expect(Array.from(ev.positions()).every((v) => v === 0)).toBe(true);
    expect(Array.from(ev.agentStates()).every((s) => s === 0)).toBe(true);
    ev.advance(100 + 500 / 1.34);
    const mid = ev.positions(undefined, 100, 0);
    for (let i = 0; i < mid.length; i += 2) expect(mid[i]).toBeCloseTo(400, 3); // x = 500 minus the origin 100
    ev.advance(3600);
    const end = ev.positions();
    const xs = [];
    for (let i = 0; i < end.length; i += 2) xs.push(end[i]);
    expect(xs.filter((x) => x === 1000).length).toBe(10);
    expect(xs.filter((x) => x === 2000).length).toBe(10);
    expect(Array.from(ev.shelterOccupancy())).toEqual([10, 10]);
  });

  it('with no room anywhere the rest are trapped for lack of room', () => {
    const input: EvacuationInput = {
      roads: [road('r1', [0, 0, 1000, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 5 }],
      shelters: [{ id: 'A', x: 1000, y: 0, capacity: 3 }],
    };
    const r = runEvacuation(input, { ...instant, carOwnership: 0 });
    expect(r.shelters[0].occupancy).toBe(3);
    expect(r.trappedByReason.noRoom).toBe(2);
    expect(r.t100S).toBeNull();
  });
});

describe('spill-back', () => {
  it('a full downstream link holds vehicles on the link before it', () => {
    // link1 1000 m, 2 lanes (C = 1 veh/s); link2 100 m, 1 lane at 360 veh/h (10 s headway), storage 2
    const input: EvacuationInput = {
      roads: [road('l1', [0, 0, 1000, 0], { lanes: 2 }), road('l2', [1000, 0, 1100, 0])],
      buildings: [{ id: 'b', x: 0, y: 0, population: 10 }],
      shelters: [{ id: 's', x: 1100, y: 0, capacity: 100 }],
    };
    const r = runEvacuation(input, {
      ...instant,
      carOwnership: 1,
      walkMaxM: 0,
      jamDensityVehPerKm: 20,
      laneCapacityVehPerH: 360,
    });
    // link1 headway is now 2 lanes × 360 = 0.2 veh/s: 5 s. veh1, veh2 leave link1 at 105, 110.
    // link2: veh1 exits 105+10+10 = 125, then one every 10 s: veh k at 125 + 10(k−1); last (k = 10) at 215
    expect(r.t100S).toBeCloseTo(215, 4);
    const l2 = r.bottlenecks.find((b) => b.roadId === 'l2')!;
    const l1 = r.bottlenecks.find((b) => b.roadId === 'l1')!;
    expect(l2.maxQueueVeh).toBe(2); // never more than its storage
    // veh k ≥ 3 leaves link1 when veh k−2 leaves link2: 125 + 10(k−3); delays over ready (100 s):
    // 5 + 10 + Σ_{k=3..10} (25 + 10(k−3)) = 15 + 8·25 + 10·28 = 495
    expect(l1.delayVehS).toBeCloseTo(495, 3);
    // link2: veh1 10, veh2 enters 110, ready 120, exits 135: 15; veh k ≥ 3 enter at 125+10(k−3), exit 10 s after ready: 10 each
    expect(l2.delayVehS).toBeCloseTo(10 + 15 + 8 * 10, 3);
  });
});

describe('flood', () => {
  // O(0,0) → A(1000,0) → S(2000,0) is short (X); A → B(1500,1000) → S is the detour
  const grid = { ncols: 30, nrows: 20, cellSize: 100, xll: -500, yll: -500 };
  const wet = new Float32Array(30 * 20);
  // cells of x 1200..1800 on both sides of y = 0 (rows 14, 15): 1 m deep, still
  for (const row of [14, 15]) for (let col = 17; col <= 22; col++) wet[row * 30 + col] = 1;
  const dry = new Float32Array(30 * 20);
  const flood: FloodFrames = {
    times: Float64Array.from([0, 305]),
    grid,
    depth: (k) => (k === 0 ? dry : wet),
    speed: () => null,
  };
  const input: EvacuationInput = {
    roads: [
      road('entry', [0, 0, 1000, 0]),
      road('X', [1000, 0, 2000, 0]),
      road('AB', [1000, 0, 1500, 1000]),
      road('BS', [1500, 1000, 2000, 0]),
    ],
    buildings: [{ id: 'b', x: 0, y: 0, population: 50 }],
    shelters: [{ id: 's', x: 2000, y: 0, capacity: 1000 }],
    flood,
  };
  const opts: EvacuationOptionsInput = { ...instant, carOwnership: 1, walkMaxM: 0, laneCapacityVehPerH: 360 };

  it('a link flooded mid-run is avoided and the agents queued for it reroute', () => {
    const r = runEvacuation(input, opts);
    // headway 10 s: car k leaves the entry link at 100 + 10k and, on X, reaches S at 210 + 10k.
    // At 305 s cars 10..20 are on X (entered ≤ 305, not out): trapped. Cars 1..9 are safe.
    // Cars 21..50 were queued for X; they take the detour: 2 × (1118.03/10 + 10) s after 100 + 10k.
    expect(r.trappedByReason.floodedLink).toBe(11);
    expect(r.shelters[0].occupancy).toBe(39);
    const detour = 2 * (Math.hypot(500, 1000) / 10 + 10);
    expect(r.t100S).toBeNull();
    const arrivalsOfLast = 600 + detour;
    const last = r.curve.find((c) => c.safe === 39)!;
    expect(last.timeS).toBe(Math.ceil(arrivalsOfLast / 10) * 10);
    expect(r.t90S).toBeNull(); // 39 of 50 people
    const cut = r.linksCut.find((c) => c.roadId === 'X')!;
    expect(cut.closedForVehiclesAtS).toBe(305);
    expect(cut.closedForPedestriansAtS).toBe(305); // 1 m > 0.5 m
    expect(r.linksCut.some((c) => c.roadId === 'entry' || c.roadId === 'AB' || c.roadId === 'BS')).toBe(false);
    // the trapped stand in 1 m of still water: HR = 1·(0 + 0.5) + 1 = 1.5, "significant"
    expect(r.reachedByWater.significant).toBe(11);
    expect(r.reachedByWater.low + r.reachedByWater.moderate + r.reachedByWater.extreme).toBe(0);
    // the detour carried the 30 rerouted cars
    expect(r.bottlenecks.find((b) => b.roadId === 'AB')?.vehicles).toBe(30);
  });

  it('stepping reaches the same state as a whole run, and positions follow the road', () => {
    const ev = createEvacuation(input, opts);
    ev.advance(150.5);
    const p = ev.positions();
    const modes = ev.agentModes();
    expect(modes.every((m) => m === 1)).toBe(true);
    // at 150.5 s car k (left the entry link at 100 + 10k) is 50.5 − 10k s into X: x = 1000 + 10·(50.5 − 10k)
    const xs = [];
    for (let i = 0; i < p.length; i += 2) {
      xs.push(p[i]);
      expect(p[i + 1]).toBeCloseTo(0, 6);
    }
    xs.sort((a, b) => b - a);
    expect(xs.slice(0, 5).map((x) => Math.round(x * 1000) / 1000)).toEqual([1405, 1305, 1205, 1105, 1005]);
    // the rest queue on the entry link, one jam spacing (1000 m / 99.4 veh) apart behind its end
    expect(xs[5]).toBeCloseTo(1000, 3);
    expect(xs[6]).toBeCloseTo(1000 - 1000 / 99.4, 3);
    ev.advance(3600);
    const r1 = ev.result();
    const r2 = runEvacuation(input, opts);
    expect(r1.curve).toEqual(r2.curve);
  });
});

describe('determinism and mobilisation', () => {
  // a 6 × 6 grid of two-way streets 200 m apart, 60 buildings, 3 shelters
  function gridTown(): EvacuationInput {
    const roads: RoadInput[] = [];
    for (let i = 0; i < 6; i++) {
      roads.push(road(`h${i}`, [0, i * 200, 1000, i * 200], { oneway: false, lanes: 2 }));
      roads.push(road(`v${i}`, [i * 200, 0, i * 200, 1000], { oneway: false, lanes: 2 }));
    }
    // split at crossings: give each road its crossing vertices
    for (const r of roads) {
      const horiz = r.id.startsWith('h');
      const c = r.coords;
      const pts: number[] = [];
      for (let k = 0; k <= 5; k++) pts.push(horiz ? k * 200 : c[0], horiz ? c[1] : k * 200);
      r.coords = Float64Array.from(pts);
    }
    const buildings = [];
    for (let i = 0; i < 60; i++)
      buildings.push({
        id: `b${i}`,
        x: 37 + ((i * 173) % 930),
        y: 11 + ((i * 311) % 970),
        population: 20 + (i % 7) * 10,
      });
    return {
      roads,
      buildings,
      shelters: [
        { id: 'S1', x: 0, y: 0, capacity: 1000 },
        { id: 'S2', x: 1000, y: 1000, capacity: 1000 },
        { id: 'S3', x: 1000, y: 0, capacity: 2000 },
      ],
    };
  }

  it('the same seed gives the same run; another seed another', () => {
    const o: EvacuationOptionsInput = {
      warning: { atS: 600 },
      seed: 7,
      durationS: 3 * 3600,
      carOwnership: 0.5,
      walkMaxM: 300,
    };
    const a = runEvacuation(gridTown(), o);
    const b = runEvacuation(gridTown(), o);
    expect(a.curve).toEqual(b.curve);
    expect(a.t50S).toBe(b.t50S);
    expect(evacuationCsv(a)).toBe(evacuationCsv(b));
    const c = runEvacuation(gridTown(), { ...o, seed: 8 });
    expect(c.curve).not.toEqual(a.curve);
    expect(a.people).toBe(c.people);
    const ea = createEvacuation(gridTown(), o);
    const eb = createEvacuation(gridTown(), o);
    ea.advance(2400);
    eb.advance(1200);
    eb.advance(2400);
    expect(Array.from(ea.positions())).toEqual(Array.from(eb.positions()));
  });

  it('departures follow P(t) = 1 − exp(−a·t^b) after the warning, and everyone is accounted for', () => {
    const o: EvacuationOptionsInput = {
      warning: { atS: 600 },
      seed: 3,
      durationS: 3 * 3600,
      mobilisation: { a: 1.5, b: 1.8 },
      householdSize: 2,
    };
    const r = runEvacuation(gridTown(), o);
    const people = r.people;
    expect(people).toBe(gridTown().buildings!.reduce((s, b) => s + b.population, 0));
    for (const row of r.curve) {
      expect(row.safe + row.enRoute + row.waiting + row.trapped).toBe(people);
      if (row.timeS <= 600) expect(row.waiting).toBe(people);
    }
    // at 0.65 h after the warning, P = 1 − exp(−1.5·0.65^1.8) ≈ 0.50 of the households have left
    const t = 600 + 0.65 * 3600;
    const row = r.curve.find((c) => c.timeS >= t)!;
    const left = 1 - row.waiting / people;
    const p = 1 - Math.exp(-1.5 * Math.pow((row.timeS - 600) / 3600, 1.8));
    expect(Math.abs(left - p)).toBeLessThan(0.06);
    expect(r.t100S).not.toBeNull();
    expect(r.shelters.reduce((s, x) => s + x.occupancy, 0)).toBe(people);
  });

  it('writes the CSV and a JSON-safe summary', () => {
    const r = runEvacuation(gridTown(), { warning: { atS: 0 }, durationS: 14400, frameIntervalS: 600 });
    const csv = evacuationCsv(r).trim().split('\n');
    expect(csv[0].startsWith('time_s,safe,en_route,waiting,trapped')).toBe(true);
    expect(csv.length).toBe(1 + 25); // 0, 600, ..., 14400
    expect(csv[25].split(',')[0]).toBe('14400');
    const s = evacuationSummary(r);
    const back = JSON.parse(JSON.stringify(s));
    expect(back.t50S).toBe(s.t50S);
    expect(back.shelters.length).toBe(3);
    expect(s.safe).toBe(r.people);
    expect(s.network.links).toBe(2 * 2 * 6 * 5);
  });
});

describe('re-planning in a jam', () => {
  it('drivers who re-plan leave a queued short road for a free detour; the others stay', () => {
    // O → A (4 lanes), then X (1000 m, 1 lane at 360 veh/h: 10 s headway) or the detour A → B → S (2 × 1118 m, 2 lanes)
    const input: EvacuationInput = {
      roads: [
        road('entry', [0, 0, 1000, 0], { lanes: 4 }),
        road('X', [1000, 0, 2000, 0]),
        road('AB', [1000, 0, 1500, 1000], { lanes: 2 }),
        road('BS', [1500, 1000, 2000, 0], { lanes: 2 }),
      ],
      buildings: [{ id: 'b', x: 0, y: 0, population: 100 }],
      shelters: [{ id: 's', x: 2000, y: 0, capacity: 1000 }],
    };
    const base: EvacuationOptionsInput = { ...instant, carOwnership: 1, walkMaxM: 0, laneCapacityVehPerH: 360 };
    const fixed = runEvacuation(input, base);
    // without re-planning everyone queues for X: the last of 100 leaves X at about 100 + 100 + 100 × 10 s
    expect(fixed.bottlenecks.find((b) => b.roadId === 'AB')).toBeUndefined();
    expect(fixed.t100S!).toBeGreaterThan(1100);
    const replan = runEvacuation(input, { ...base, rerouteIntervalS: 30, rerouteShare: 0.8 });
    const detour = replan.bottlenecks.find((b) => b.roadId === 'BS')?.vehicles ?? 0;
    expect(detour).toBeGreaterThan(20);
    expect(detour).toBeLessThan(90); // a fifth never re-plan
    expect(replan.t100S!).toBeLessThan(fixed.t100S! - 300);
    expect(replan.shelters[0].occupancy).toBe(100);
  });
});
