/**
 * The evacuation engine: an event-driven mesoscopic simulation.
 *
 * - Vehicles move through MATSim-style queue links: a vehicle entering a link may leave it after its
 *   free-flow time, through an exit gate that passes one vehicle per 1/capacity seconds
 *   (exit = max(ready, previous exit) + 1/C), and only when the next link has storage room
 *   (spill-back). A vehicle blocked longer than the stuck time is pushed through (MATSim), which
 *   breaks gridlock.
 * - Walkers move freely with Weidmann's density-dependent speed, the density being the walkers on the
 *   link over its length × walking width at the moment they enter it.
 * - Households head for the shelter with room that is nearest in travel time (routing trees per
 *   shelter), choose again at the next node when it fills, and re-plan when links close.
 * - Flood frames slow links (vehicles: Pregnolato 2017) and close them (vehicles from 0.3 m; walkers
 *   above 0.5 m or d·v above 0.6 m²/s); agents on a link when it closes are trapped.
 *
 * Everything lives in typed arrays (struct of arrays); the event queue is a binary heap with
 * insertion-order tie breaks, so a seed gives one run. The parts are separate modules, each tested
 * alone (tests/evacuation/parts.test.ts): population.ts, agents.ts, shelters.ts, router.ts,
 * queueLinks.ts, closures.ts, results.ts.
 */
import { EVACUATION_DEFAULTS } from '../../src/core/scenario/evacuation.ts';
import { InputError } from '../../src/core/errors.ts';
import { exp } from '../../src/core/detMath.ts';
import { Agents } from './agents.ts';
import { FloodClosures } from './closures.ts';
import { cellIndexAt } from '../../src/core/grid.ts';
import { hazardRating } from './flood.ts';
import { MinHeap } from './heap.ts';
import { buildNetwork, MODE_CAR, MODE_WALK, pointAlong, type RoadNetwork } from './network.ts';
import { collectHomes, householdsIn, keepAtRisk, placeHouseholds } from './population.ts';
import { mulberry32 } from './prng.ts';
import { type Clock, eventLink, QueueLinks } from './queueLinks.ts';
import { bottlenecks, clearanceTime, exposure, linksCut, reachedPeople, shelterUse } from './results.ts';
import { ARRIVED, Router, STUCK } from './router.ts';
import { Shelters } from './shelters.ts';
import {
  AGENT_EN_ROUTE, AGENT_SAFE, AGENT_WAITING, TRAP_FLOODED_LINK, TRAP_NO_ROOM, TRAP_NO_ROUTE,
  type CurveRow, type EvacuationInput, type EvacuationOptions, type EvacuationResult,
  type EvacuationState, type FloodFrames, type FloodGridShape, type WarningSpec,
} from './types.ts';
import { resolveWarningS } from './warning.ts';

export type EvacuationOptionsInput = Partial<EvacuationOptions> & { warning: WarningSpec };

export function withDefaults(o: EvacuationOptionsInput): EvacuationOptions {
  const d = EVACUATION_DEFAULTS;
  return {
    warning: o.warning,
    mobilisation: o.mobilisation ?? { ...d.mobilisation },
    seed: o.seed ?? d.seed,
    householdSize: o.householdSize ?? d.householdSize,
    carOwnership: o.carOwnership ?? d.carOwnership,
    walkMaxM: o.walkMaxM ?? d.walkMaxM,
    frameIntervalS: o.frameIntervalS ?? d.frameIntervalS,
    durationS: o.durationS ?? d.durationS,
    walkSpeedMs: o.walkSpeedMs ?? d.walkSpeedMs,
    laneCapacityVehPerH: o.laneCapacityVehPerH ?? d.laneCapacityVehPerH,
    jamDensityVehPerKm: o.jamDensityVehPerKm ?? d.jamDensityVehPerKm,
    vehicleDepthLimitM: o.vehicleDepthLimitM ?? d.vehicleDepthLimitM,
    pedDepthLimitM: o.pedDepthLimitM ?? d.pedDepthLimitM,
    pedDvLimit: o.pedDvLimit ?? d.pedDvLimit,
    reachedDepthM: o.reachedDepthM ?? d.reachedDepthM,
    stuckTimeS: o.stuckTimeS ?? d.stuckTimeS,
    rerouteIntervalS: o.rerouteIntervalS ?? d.rerouteIntervalS,
    rerouteShare: o.rerouteShare ?? d.rerouteShare,
    recordPositions: o.recordPositions ?? d.recordPositions,
    evacuate: o.evacuate ?? d.evacuate,
    atRiskDepthM: o.atRiskDepthM ?? d.atRiskDepthM,
    maxSnapM: o.maxSnapM ?? d.maxSnapM,
  };
}

/** Weidmann (1993): v = v0·(1 − exp(−1.913·(1/ρ − 1/5.4))), ρ in people/m²; floored at 5 % of v0. */
export function weidmannSpeed(v0: number, rho: number): number {
  if (rho <= 0) return v0;
  const v = v0 * (1 - exp(-1.913 * (1 / rho - 1 / 5.4)));
  return v > 0.05 * v0 ? v : 0.05 * v0;
}

export interface Evacuation {
  readonly agentCount: number;
  readonly network: RoadNetwork;
  /** runs every event up to and including time toS (s from the scenario start) */
  advance(toS: number): EvacuationState;
  state(): EvacuationState;
  /** x,y of every agent (minus an origin, for float32 precision) for instanced drawing */
  positions(out?: Float32Array, originX?: number, originY?: number): Float32Array;
  /** AGENT_WAITING / EN_ROUTE / SAFE / TRAPPED per agent */
  agentStates(out?: Uint8Array): Uint8Array;
  /** 1 = walking, 2 = driving per agent */
  agentModes(): Uint8Array;
  /** people per agent (household size) */
  agentSizes(): Uint16Array;
  /** people in each shelter now */
  shelterOccupancy(): Float64Array;
  /** a flood frame from the flood engine, applied now (the browser pushes frames as they come) */
  applyFlood(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null): void;
  result(): EvacuationResult;
}

/**
 * The engine: the parts above wired to one clock and one event heap. Events are agents (≥ 0: a
 * departure, or a walker reaching the end of its link) and link tries (< 0, see queueLinks.ts); flood
 * frames, curve samples and re-planning come at their own times. Ties go flood, event, re-plan, sample.
 */
export class EvacuationEngine implements Evacuation {
  readonly agentCount: number;
  readonly network: RoadNetwork;
  private readonly o: EvacuationOptions;
  private readonly warningS: number;
  private readonly shelters: Shelters;
  private readonly links: FloodClosures;
  private readonly router: Router;
  private readonly agents: Agents;
  private readonly queues: QueueLinks;
  private readonly heap: MinHeap;
  private readonly clock: Clock = { now: 0 };
  private readonly flood: FloodFrames | null;
  private readonly notAtRisk: number;
  private readonly unsnapped: number;
  private readonly curve: CurveRow[] = [];
  private readonly frames: Float32Array[] = [];
  private readonly pt = new Float64Array(2);
  /** people walking on each link (Weidmann's density is taken as they enter) */
  private readonly pedCount: Float64Array;
  private homeCells: Int32Array | null = null;
  private floodFrameIndex = 0;
  private nextSample = 0;
  private nextReroute: number;
  private linkEvents = 0;

  constructor(input: EvacuationInput, optionsIn: EvacuationOptionsInput) {
    const o = withDefaults(optionsIn);
    this.o = o;
    if (!(o.frameIntervalS > 0)) throw new InputError('frameIntervalS must be positive', { field: 'evacuation.frameIntervalS' });
    if (!(o.durationS > 0)) throw new InputError('durationS must be positive', { field: 'evacuation.durationS' });
    if (!(o.mobilisation.a > 0 && o.mobilisation.b > 0)) {
      throw new InputError('mobilisation a and b must be positive', { field: 'evacuation.mobilisation' });
    }
    const net = buildNetwork(input.roads, o);
    this.network = net;
    this.warningS = resolveWarningS(o.warning, input.gauges);
    this.shelters = new Shelters(input.shelters, net);
    this.links = new FloodClosures(net, o);
    this.router = new Router(net, this.shelters, this.links, o.walkSpeedMs, o);
    this.pedCount = new Float64Array(net.linkCount);
    this.router.updateCosts();
    this.router.computeCarTrees();
    this.router.computeWalkTrees();
    this.router.refreshCongestion(new Int32Array(net.linkCount), headways(net));

    const homes = collectHomes(input);
    const fl = input.flood;
    this.notAtRisk = o.evacuate === 'atRisk' && fl && fl.times.length > 0 ? keepAtRisk(homes, fl, o.atRiskDepthM) : 0;
    let A = 0;
    for (const p of homes.pop) A += householdsIn(p, o.householdSize);
    this.agentCount = A;
    this.agents = new Agents(A, o.rerouteShare);
    this.heap = new MinHeap(Math.max(1024, A + net.linkCount));
    this.queues = new QueueLinks(net, this.agents, this.heap, this.clock);
    const rng = mulberry32(o.seed);
    this.unsnapped = placeHouseholds(homes, this.agents, net, this.router, rng, o, this.warningS, (t, a) => this.heap.push(t, a));
    this.flood = input.flood ?? null;
    this.nextReroute = o.rerouteIntervalS > 0 ? o.rerouteIntervalS : Infinity;
  }

  /** runs every event up to and including time toS (s from the scenario start) */
  advance(toS: number): EvacuationState {
    const { o, heap, flood, clock } = this;
    const end = Math.min(toS, o.durationS);
    for (;;) {
      const tFlood = flood && this.floodFrameIndex < flood.times.length ? flood.times[this.floodFrameIndex] : Infinity;
      const tEv = heap.size > 0 ? heap.peekKey() : Infinity;
      const tNext = Math.min(tFlood, tEv, this.nextSample, this.nextReroute);
      if (tNext > end || tNext === Infinity) break;
      clock.now = tNext;
      if (tFlood === tNext && flood) {
        const k = this.floodFrameIndex++;
        this.applyFlood(flood.grid, flood.depth(k), flood.speed(k));
        continue;
      }
      if (tEv === tNext) {
        const v = heap.peekVal();
        heap.pop();
        if (v >= 0) this.processAgent(v, tNext);
        else this.processLink(eventLink(v), tNext);
        continue;
      }
      if (this.nextReroute === tNext) {
        this.router.refreshCongestion(this.queues.occ, this.queues.headway);
        this.nextReroute += o.rerouteIntervalS;
        continue;
      }
      this.sample(tNext);
      this.nextSample += o.frameIntervalS;
    }
    if (end > clock.now) clock.now = end;
    return this.state();
  }

  state(): EvacuationState {
    const g = this.agents;
    return {
      timeS: this.clock.now,
      warningS: this.warningS,
      ...g.counts(),
      agents: g.count,
      people: g.people,
      linkEvents: this.linkEvents,
    };
  }

  /** x,y of every agent (minus an origin, for float32 precision) for instanced drawing */
  positions(out?: Float32Array, ox = 0, oy = 0): Float32Array {
    const { agents: g, network: net, queues: q, pt } = this;
    const A = g.count;
    const p = out && out.length >= 2 * A ? out : new Float32Array(2 * A);
    for (let a = 0; a < A; a++) {
      const st = g.state[a];
      if (st === AGENT_EN_ROUTE && g.mode[a] === MODE_WALK) {
        const l = g.link[a];
        pointAlong(net, l, g.freeFlowOffset(a, net.linkLen[l], this.clock.now), pt);
        p[2 * a] = pt[0] - ox;
        p[2 * a + 1] = pt[1] - oy;
      } else if (st !== AGENT_EN_ROUTE) {
        p[2 * a] = g.fixX[a] - ox;
        p[2 * a + 1] = g.fixY[a] - oy;
      }
    }
    // vehicles: along their queue, in order
    for (let l = 0; l < net.linkCount; l++) {
      let rank = 0;
      for (let a = q.head[l]; a >= 0; a = g.next[a]) {
        pointAlong(net, l, q.vehicleOffset(a, l, rank++), pt);
        p[2 * a] = pt[0] - ox;
        p[2 * a + 1] = pt[1] - oy;
      }
    }
    return p;
  }

  agentStates(out?: Uint8Array): Uint8Array {
    const A = this.agents.count;
    const r = out && out.length >= A ? out : new Uint8Array(A);
    r.set(this.agents.state);
    return r;
  }

  agentModes(): Uint8Array {
    return this.agents.mode.slice();
  }

  agentSizes(): Uint16Array {
    return this.agents.size.slice();
  }

  shelterOccupancy(): Float64Array {
    return this.shelters.occupancy.slice();
  }

  /** a flood frame, applied now: closures, trapped agents, new routes, and who the water reached */
  applyFlood(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null): void {
    const { agents: g, network: net, queues: q, router, links, pt } = this;
    const t = this.clock.now;
    const ch = links.apply(grid, depth, speed, t);
    if (ch.newGrid) {
      this.homeCells = new Int32Array(g.count);
      for (let a = 0; a < g.count; a++) this.homeCells[a] = cellIndexAt(grid, g.homeX[a], g.homeY[a]);
    }
    // vehicles on a link when it closes are caught by the water; those queued for it choose again
    for (const l of ch.closedCar) {
      let rank = 0;
      while (q.head[l] >= 0) {
        const a = q.popHead(l);
        pointAlong(net, l, q.vehicleOffset(a, l, rank++), pt);
        g.link[a] = l;
        g.setTrapped(a, TRAP_FLOODED_LINK, pt[0], pt[1]);
      }
      q.sched[l] = NaN;
      q.removeWaiter(l);
      q.wakeAll(l, t);
    }
    if (ch.closedPed) {
      for (let a = 0; a < g.count; a++) {
        if (g.state[a] !== AGENT_EN_ROUTE || g.mode[a] !== MODE_WALK) continue;
        const l = g.link[a];
        if (!links.closedPed[l]) continue;
        this.pedCount[l] -= g.size[a];
        pointAlong(net, l, g.freeFlowOffset(a, net.linkLen[l], t), pt);
        g.setTrapped(a, TRAP_FLOODED_LINK, pt[0], pt[1]);
      }
    }
    if (ch.car || ch.ped) {
      router.updateCosts();
      if (ch.car) {
        router.computeCarTrees();
        router.refreshCongestion(q.occ, q.headway);
      }
      if (ch.ped) router.computeWalkTrees();
    }
    this.recordReached(grid, depth, speed);
  }

  result(): EvacuationResult {
    const { o, agents: g, network: net } = this;
    return {
      warningS: this.warningS,
      durationS: o.durationS,
      frameIntervalS: o.frameIntervalS,
      agents: g.count,
      people: g.people,
      notAtRisk: this.notAtRisk,
      walkers: g.walkers,
      drivers: g.drivers,
      curve: this.curve.slice(),
      t50S: clearanceTime(g, 0.5),
      t90S: clearanceTime(g, 0.9),
      t100S: clearanceTime(g, 1),
      shelters: shelterUse(this.shelters),
      linksCut: linksCut(net, this.links),
      bottlenecks: bottlenecks(net, this.queues),
      ...exposure(g),
      linkEvents: this.linkEvents,
      network: { nodes: net.nodeCount, links: net.linkCount, unsnappedBuildings: this.unsnapped },
      ...(o.recordPositions ? { positions: this.frames.slice() } : {}),
    };
  }

  /** people at home (waiting, or trapped there) or on a link in water of at least reachedDepthM: worst FD2320 rating */
  private recordReached(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null): void {
    const { agents: g, links } = this;
    const homeCells = this.homeCells as Int32Array;
    for (let a = 0; a < g.count; a++) {
      const st = g.state[a];
      if (st === AGENT_SAFE) continue;
      let d = 0;
      let v = 0;
      const l = g.link[a];
      if (l >= 0) {
        d = links.depth[l];
        v = links.speed[l];
      } else {
        const c = st === AGENT_WAITING ? homeCells[a] : cellIndexAt(grid, g.fixX[a], g.fixY[a]);
        if (c >= 0) {
          d = depth[c];
          v = speed ? speed[c] : 0;
          if (!(v > 0)) v = 0;
        }
      }
      if (d >= this.o.reachedDepthM && d > 0) {
        const hr = hazardRating(d, v);
        if (hr > g.maxHR[a]) g.maxHR[a] = hr;
      }
    }
  }

  private sample(t: number): void {
    const g = this.agents;
    this.curve.push({
      timeS: t,
      ...g.counts(),
      reachedByWater: reachedPeople(g),
      linksClosedVehicle: this.links.closedCarCount,
      linksClosedPedestrian: this.links.closedPedCount,
    });
    if (this.o.recordPositions) this.frames.push(this.positions());
  }

  /** agent a enters link l at t with `rem` metres of it left: a vehicle joins the queue, a walker sets off */
  private enterLink(a: number, l: number, t: number, rem: number): void {
    const { agents: g, network: net, queues: q } = this;
    const len = net.linkLen[l];
    g.link[a] = l;
    g.enter[a] = t;
    g.startOff[a] = len - rem;
    this.linkEvents++;
    if (g.mode[a] === MODE_CAR) {
      g.ready[a] = t + rem / this.links.speedEff[l];
      q.push(a, l, t);
    } else {
      this.pedCount[l] += g.size[a];
      const rho = this.pedCount[l] / (len * net.linkWidth[l]);
      const v = weidmannSpeed(this.o.walkSpeedMs, rho) * this.links.pedFactor[l];
      g.ready[a] = t + rem / v;
      this.heap.push(g.ready[a], a);
    }
  }

  /** the household leaves home: onto the best link towards a shelter with room, or trapped at home */
  private depart(a: number, t: number): void {
    const { agents: g, router } = this;
    g.setEnRoute(a);
    if (g.seg[a] < 0) {
      g.setTrapped(a, TRAP_NO_ROUTE, g.homeX[a], g.homeY[a]);
      return;
    }
    const trees = router.treesFor(g, a);
    const s = router.bestStart(g.seg[a], g.along[a], g.mode[a], g.size[a], true, trees);
    if (s < 0) {
      // is any shelter reachable at all (then they are all full)?
      router.bestStart(g.seg[a], g.along[a], g.mode[a], 0, false, trees);
      g.setTrapped(a, router.bestLink >= 0 ? TRAP_NO_ROOM : TRAP_NO_ROUTE, g.homeX[a], g.homeY[a]);
      return;
    }
    g.shelter[a] = s;
    this.enterLink(a, router.bestLink, t, router.bestRem);
  }

  private arrive(a: number, t: number): void {
    const s = this.agents.shelter[a];
    const sh = this.shelters;
    sh.occupancy[s] += this.agents.size[a];
    this.agents.setSafe(a, t, sh.input[s].x, sh.input[s].y);
  }

  private trapAtNode(a: number, n: number, reason: number): void {
    this.agents.link[a] = -1;
    this.agents.setTrapped(a, reason, this.network.nodeX[n], this.network.nodeY[n]);
  }

  /** a link's head vehicle tries to leave: to its shelter, a trap, the next link, or it waits (spill-back) */
  private processLink(l: number, t: number): void {
    const { queues: q, agents: g, network: net } = this;
    if (q.sched[l] !== t) return; // stale
    q.sched[l] = NaN;
    const a = q.head[l];
    if (a < 0) return;
    const due = q.headDue(l);
    if (t < due - 1e-9 && q.blockedOn[l] < 0 && Number.isNaN(q.blockedSince[l])) {
      // not due yet (its head changed since it was woken): pass the room on to the next waiter
      if (q.wokenFor[l] >= 0) {
        const d = q.wokenFor[l];
        q.wokenFor[l] = -1;
        q.wakeOne(d, t);
      }
      q.schedule(l, due);
      return;
    }
    const woken = q.wokenFor[l];
    q.wokenFor[l] = -1;
    const n = net.linkTo[l];
    const r = this.router.step(g, a, n, t);
    if (r === ARRIVED || r === STUCK) {
      q.exitHead(l, t);
      if (r === ARRIVED) this.arrive(a, t);
      else this.trapAtNode(a, n, this.shelters.lastNone);
      if (woken >= 0) q.wakeOne(woken, t);
      q.wakeOne(l, t);
      q.scheduleHead(l, t);
      return;
    }
    const nl = r;
    const stuck = !Number.isNaN(q.blockedSince[l]) && t - q.blockedSince[l] >= this.o.stuckTimeS - 1e-9;
    if (q.occ[nl] < net.linkStorage[nl] || stuck) {
      q.exitHead(l, t);
      this.enterLink(a, nl, t, net.linkLen[nl]);
      if (woken >= 0 && woken !== nl) q.wakeOne(woken, t);
      q.wakeOne(l, t);
      q.scheduleHead(l, t);
      return;
    }
    // blocked by a full downstream link (spill-back)
    if (woken >= 0 && woken !== nl) q.wakeOne(woken, t);
    if (q.blockedOn[l] !== nl) {
      q.removeWaiter(l);
      q.addWaiter(l, nl);
    }
    if (Number.isNaN(q.blockedSince[l])) q.blockedSince[l] = t;
    q.schedule(l, q.blockedSince[l] + this.o.stuckTimeS);
  }

  /** an agent event: a departure, or a walker at the end of its link */
  private processAgent(a: number, t: number): void {
    const { agents: g, network: net } = this;
    const st = g.state[a];
    if (st === AGENT_WAITING) {
      this.depart(a, t);
      return;
    }
    if (st !== AGENT_EN_ROUTE || g.mode[a] !== MODE_WALK || g.ready[a] !== t) return;
    const l = g.link[a];
    this.pedCount[l] -= g.size[a];
    const n = net.linkTo[l];
    const r = this.router.step(g, a, n, t);
    if (r === ARRIVED) this.arrive(a, t);
    else if (r === STUCK) this.trapAtNode(a, n, this.shelters.lastNone);
    else this.enterLink(a, r, t, net.linkLen[r]);
  }
}

/** 1 / flow capacity of every link (what QueueLinks holds), for the first re-planning trees */
function headways(net: RoadNetwork): Float64Array {
  const h = new Float64Array(net.linkCount);
  for (let l = 0; l < net.linkCount; l++) h[l] = 1 / net.linkFlowCap[l];
  return h;
}

/** The engine for one evacuation (see EvacuationEngine). */
export function createEvacuation(input: EvacuationInput, optionsIn: EvacuationOptionsInput): Evacuation {
  return new EvacuationEngine(input, optionsIn);
}

/** FloodFrames over frames held in arrays (what the worker and the CLI collect from the flood engine). */
export function floodFramesFromArrays(
  times: Float64Array, grid: FloodGridShape, depths: Float32Array[], speeds?: (Float32Array | null)[],
): FloodFrames {
  if (depths.length !== times.length) {
    throw new InputError(`${times.length} flood frame times but ${depths.length} depth frames`, { field: 'flood.depths' });
  }
  return { times, grid, depth: (k) => depths[k], speed: (k) => speeds?.[k] ?? null };
}

/** Runs a whole evacuation to options.durationS and returns its result (sync, deterministic). */
export function runEvacuation(input: EvacuationInput, options: EvacuationOptionsInput): EvacuationResult {
  const ev = createEvacuation(input, options);
  ev.advance(withDefaults(options).durationS);
  return ev.result();
}
