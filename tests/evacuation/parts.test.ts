/**
 * The evacuation engine's parts, each alone: population into homes, shelters, flood closures,
 * queue links, the router, and the result parts. Expected values are worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { Agents } from '../../workers/evacuation/agents.ts';
import { FloodClosures } from '../../workers/evacuation/closures.ts';
import { MinHeap } from '../../workers/evacuation/heap.ts';
import { buildNetwork, MODE_CAR, MODE_WALK } from '../../workers/evacuation/network.ts';
import { collectHomes, householdsIn, keepAtRisk } from '../../workers/evacuation/population.ts';
import { eventLink, QueueLinks } from '../../workers/evacuation/queueLinks.ts';
import { bottlenecks, clearanceTime, exposure } from '../../workers/evacuation/results.ts';
import { ARRIVED, Router, STUCK } from '../../workers/evacuation/router.ts';
import { Shelters } from '../../workers/evacuation/shelters.ts';
import { AGENT_SAFE, TRAP_NO_ROOM, TRAP_NO_ROUTE, type RoadInput } from '../../workers/evacuation/types.ts';

const params = { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 150 };
/** a straight two-way road from (0,0) east, 1000 m per piece, 36 km/h (10 m/s) */
const road = (id: string, x0: number, x1: number, cls = 'residential'): RoadInput => ({
  id, coords: Float64Array.from([x0, 0, x1, 0]), cls, lanes: 1, speedKmh: 36, oneway: false,
});
const line = () => buildNetwork([road('a', 0, 1000), road('b', 1000, 2000)], params);
/** the directed link from node at x0 to node at x1 */
function linkAt(net: ReturnType<typeof line>, x0: number, x1: number): number {
  for (let l = 0; l < net.linkCount; l++) {
    if (net.nodeX[net.linkFrom[l]] === x0 && net.nodeX[net.linkTo[l]] === x1) return l;
  }
  throw new Error(`no link ${x0} -> ${x1}`);
}

describe('population', () => {
  it('homes from buildings and grid cells, at-risk filter, household counts', () => {
    const grid = { ncols: 2, nrows: 1, cellSize: 10, xll: 100, yll: 0, values: Float32Array.from([0, 7.4]) };
    const homes = collectHomes({ buildings: [{ id: 'b', x: 1, y: 2, population: 4.6 }], populationGrid: grid });
    // building: round(4.6) = 5; grid: the second cell, centre (115, 5), round(7.4) = 7
    expect(homes).toEqual({ x: [1, 115], y: [2, 5], pop: [5, 7] });
    const depth = Float32Array.from([0, 0.4]);
    const flood = { times: Float64Array.from([0]), grid, depth: () => depth, speed: () => null };
    // the building at (1, 2) is outside the grid (x < 100): never reached; the cell has 0.4 m
    expect(keepAtRisk(homes, flood, 0.3)).toBe(5);
    expect(homes.pop).toEqual([7]);
    expect([householdsIn(7, 2.5), householdsIn(1, 2.5), householdsIn(0, 2.5)]).toEqual([3, 1, 1]);
    expect(() => collectHomes({ buildings: [{ id: 'x', x: NaN, y: 0, population: 1 }] })).toThrow(/building x has no position/);
  });
});

describe('shelters and router', () => {
  it('nearest shelter with room, the reason when none, and the step at each node', () => {
    const net = line();
    const sh = new Shelters([{ id: 'near', x: 1000, y: 0, capacity: 2 }, { id: 'far', x: 2000, y: 0, capacity: 10 }], net);
    const links = new FloodClosures(net, { vehicleDepthLimitM: 0.3, pedDepthLimitM: 0.5, pedDvLimit: 0.6 });
    const router = new Router(net, sh, links, 1.25, { rerouteIntervalS: 0, rerouteShare: 0 });
    router.updateCosts();
    router.computeCarTrees();
    router.computeWalkTrees();
    const n0 = net.linkFrom[linkAt(net, 0, 1000)];
    expect(sh.nearestWithRoom(n0, router.carTrees, 2)).toBe(0);
    expect(sh.nearestWithRoom(n0, router.carTrees, 3)).toBe(1);
    expect(sh.nearestWithRoom(n0, router.carTrees, 11)).toBe(-1);
    expect(sh.lastNone).toBe(TRAP_NO_ROOM);
    // the home at 250 m along the first piece, by car: the east link, 750 m left, 75 s + 100 s to the far shelter
    const seg = 0;
    expect(router.bestStart(seg, 250, MODE_CAR, 3, true, router.carTrees)).toBe(1);
    expect(router.bestLink).toBe(linkAt(net, 0, 1000));
    expect(router.bestRem).toBe(750);
    expect(router.bestCost).toBeCloseTo(175, 9);
    // a driver for the near shelter (full for 3 people) at its node goes on east to the far one
    const agents = new Agents(1, 0);
    agents.place(0, 3, 250, 0, true);
    agents.shelter[0] = 0;
    const mid = net.linkTo[linkAt(net, 0, 1000)];
    expect(router.step(agents, 0, mid, 50)).toBe(linkAt(net, 1000, 2000));
    expect(sh.fullAt[0]).toBe(50);
    expect(router.step(agents, 0, net.linkTo[linkAt(net, 1000, 2000)], 60)).toBe(ARRIVED);
    // with every car link closed: at the near shelter's node it is reachable but full; from the start, nothing is
    links.closedCar.fill(1);
    router.updateCosts();
    router.computeCarTrees();
    agents.shelter[0] = -1;
    expect(router.step(agents, 0, mid, 70)).toBe(STUCK);
    expect(sh.lastNone).toBe(TRAP_NO_ROOM);
    expect(router.step(agents, 0, n0, 70)).toBe(STUCK);
    expect(sh.lastNone).toBe(TRAP_NO_ROUTE);
  });
});

describe('flood closures', () => {
  it('slows, closes and records the first cut', () => {
    const net = line();
    const c = new FloodClosures(net, { vehicleDepthLimitM: 0.3, pedDepthLimitM: 0.5, pedDvLimit: 0.6 });
    // one row of 100 m cells over the road; the second 1000 m piece in 0.2 m, then 0.35 m
    const grid = { ncols: 20, nrows: 1, cellSize: 100, xll: 0, yll: -50 };
    const frame = (d: number) => Float32Array.from({ length: 20 }, (_, i) => (i >= 11 ? d : 0));
    const east = linkAt(net, 1000, 2000);
    const ch1 = c.apply(grid, frame(0.2), null, 600);
    expect(ch1.newGrid).toBe(true);
    expect(ch1.closedCar).toEqual([]);
    // Pregnolato at w = 200 mm: 0.0009·200² − 0.5529·200 + 86.9448 = 12.3648 km/h, below the free 10 m/s
    expect(c.speedEff[east]).toBeCloseTo(12.3648 / 3.6, 5);
    // walkers: 1 − 0.5·0.2/0.5 = 0.8 of their speed
    expect(c.pedFactor[east]).toBeCloseTo(0.8, 7); // 0.2 as float32
    const ch2 = c.apply(grid, frame(0.35), null, 1200);
    expect(ch2.newGrid).toBe(false);
    expect(ch2.closedCar).toEqual([linkAt(net, 1000, 2000), linkAt(net, 2000, 1000)].sort((a, b) => a - b));
    expect(ch2.closedPed).toBe(false);
    expect(c.cutCarAt[east]).toBe(1200);
    expect(c.closedCarCount).toBe(2);
    expect(Number.isNaN(c.cutCarAt[linkAt(net, 0, 1000)])).toBe(true);
    expect(() => c.apply(grid, new Float32Array(3), null, 0)).toThrow(/3 cells, grid 20×1/);
  });
});

describe('queue links', () => {
  it('exit gate, FIFO, spill-back waiters and the bottleneck report', () => {
    const net = line();
    const agents = new Agents(3, 0);
    const heap = new MinHeap(16);
    const clock = { now: 0 };
    const q = new QueueLinks(net, agents, heap, clock);
    const l = linkAt(net, 0, 1000);
    // one lane at 1800 veh/h: headway 2 s; vehicles ready at 100 s and 100 s
    agents.ready[0] = 100;
    agents.ready[1] = 100;
    q.push(0, l, 0);
    q.push(1, l, 0);
    expect(q.occ[l]).toBe(2);
    expect(heap.peekKey()).toBe(102); // max(100, −∞) + 2
    expect(heap.peekVal()).toBe(eventLink(l));
    clock.now = 102;
    expect(q.exitHead(l, 102)).toBe(0);
    expect(q.headDue(l)).toBe(104); // max(100, 102) + 2
    expect(q.head[l]).toBe(1);
    // two upstream links wait for room on l; the first to wait is woken first
    const u1 = linkAt(net, 2000, 1000);
    const u2 = linkAt(net, 1000, 0);
    q.addWaiter(u1, l);
    q.addWaiter(u2, l);
    q.wakeOne(l, 102);
    expect(q.wokenFor[u1]).toBe(l);
    expect(q.waitHead[l]).toBe(u2);
    expect(q.exitHead(l, 104)).toBe(1);
    // delays: 102 − 100 + 104 − 100 = 6 vehicle·s
    expect(bottlenecks(net, q)).toMatchObject([{ roadId: 'a', link: l, delayVehS: 6, vehicles: 2, maxQueueVeh: 2 }]);
  });
});

describe('results', () => {
  it('clearance times and exposure from the agents', () => {
    const a = new Agents(3, 0);
    a.place(0, 2, 0, 0, false);
    a.place(1, 3, 0, 0, true);
    a.place(2, 5, 0, 0, false);
    for (const k of [0, 1]) a.setEnRoute(k);
    a.setSafe(1, 50, 0, 0);
    a.setSafe(0, 80, 0, 0);
    a.maxHR[2] = 1.5;
    // 10 people: half (5) safe at 80 s (3 by 50, 5 by 80); 90 % never
    expect(clearanceTime(a, 0.3)).toBe(50);
    expect(clearanceTime(a, 0.5)).toBe(80);
    expect(clearanceTime(a, 0.9)).toBeNull();
    expect(a.state[0]).toBe(AGENT_SAFE);
    expect([a.safe, a.waiting, a.walkers, a.drivers, a.mode[1]]).toEqual([5, 5, 2, 1, MODE_CAR]);
    expect(a.mode[0]).toBe(MODE_WALK);
    expect(exposure(a).reachedByWater).toEqual({ low: 0, moderate: 0, significant: 5, extreme: 0 });
  });
});
