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
 * insertion-order tie breaks, so a seed gives one run.
 */
import { EVACUATION_DEFAULTS } from '../../src/core/scenario/evacuation.ts';
import { InputError } from '../../src/core/errors.ts';
import { exp } from '../../src/core/detMath.ts';
import { MinHeap } from './heap.ts';
import { mulberry32 } from './prng.ts';
import { buildNetwork, MODE_CAR, MODE_WALK, nearestNode, pointAlong, snapToSegment, type RoadNetwork } from './network.ts';
import { computeTrees, makeTrees, type RoutingTrees } from './routing.ts';
import { cellIndex, hazardClassIndex, hazardRating, linkCells, pregnolatoSpeedKmh, sampleLinks, type LinkCells } from './flood.ts';
import { departureDelayS, resolveWarningS } from './warning.ts';
import {
  AGENT_EN_ROUTE, AGENT_SAFE, AGENT_TRAPPED, AGENT_WAITING, TRAP_FLOODED_LINK, TRAP_NO_ROOM, TRAP_NO_ROUTE,
  type Bottleneck, type CurveRow, type EvacuationInput, type EvacuationOptions, type EvacuationResult,
  type EvacuationState, type FloodFrames, type FloodGridShape, type LinkCut, type ShelterUse, type WarningSpec,
} from './types.ts';

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

const EV_LINK = -1; // link events are encoded as -(link + 1)

export function createEvacuation(input: EvacuationInput, optionsIn: EvacuationOptionsInput): Evacuation {
  const o = withDefaults(optionsIn);
  if (!(o.frameIntervalS > 0)) throw new InputError('frameIntervalS must be positive', { field: 'evacuation.frameIntervalS' });
  if (!(o.durationS > 0)) throw new InputError('durationS must be positive', { field: 'evacuation.durationS' });
  if (!(o.mobilisation.a > 0 && o.mobilisation.b > 0)) {
    throw new InputError('mobilisation a and b must be positive', { field: 'evacuation.mobilisation' });
  }
  const net = buildNetwork(input.roads, o);
  const N = net.nodeCount;
  const L = net.linkCount;
  const warningS = resolveWarningS(o.warning, input.gauges);

  // ---- shelters: snapped to the nearest node a mode can reach (has an incoming link of that mode)
  const shelters = input.shelters;
  const S = shelters.length;
  const hasIn = (mode: number) => (n: number): boolean => {
    for (let k = net.inStart[n]; k < net.inStart[n + 1]; k++) if (net.linkMode[net.inLinks[k]] & mode) return true;
    return false;
  };
  const shNodeCar = new Int32Array(S);
  const shNodeWalk = new Int32Array(S);
  const shCap = new Float64Array(S);
  const shOcc = new Float64Array(S);
  const shFullAt = new Float64Array(S).fill(NaN);
  for (let s = 0; s < S; s++) {
    const sh = shelters[s];
    if (!Number.isFinite(sh.x) || !Number.isFinite(sh.y)) throw new InputError(`shelter ${sh.id} has no position`, { field: `shelters[${s}]` });
    if (!(sh.capacity >= 0)) throw new InputError(`shelter ${sh.id} needs a capacity ≥ 0`, { field: `shelters[${s}].capacity` });
    shCap[s] = sh.capacity;
    shNodeCar[s] = nearestNode(net, sh.x, sh.y, hasIn(MODE_CAR));
    shNodeWalk[s] = nearestNode(net, sh.x, sh.y, hasIn(MODE_WALK));
  }

  // ---- link state
  const speedEff = Float64Array.from(net.linkSpeed);
  const pedFactor = new Float64Array(L).fill(1);
  const closedCar = new Uint8Array(L);
  const closedPed = new Uint8Array(L);
  const linkDepth = new Float32Array(L);
  const linkWSpeed = new Float32Array(L);
  const maxDepth = new Float32Array(L);
  const cutCarAt = new Float64Array(L).fill(NaN);
  const cutPedAt = new Float64Array(L).fill(NaN);
  const costCar = new Float64Array(L);
  const costWalk = new Float64Array(L);
  const qHead = new Int32Array(L).fill(-1);
  const qTail = new Int32Array(L).fill(-1);
  const occ = new Int32Array(L);
  const lastExit = new Float64Array(L).fill(-Infinity);
  const sched = new Float64Array(L).fill(NaN);
  const blockedOn = new Int32Array(L).fill(-1);
  const blockedSince = new Float64Array(L).fill(NaN);
  const waitHead = new Int32Array(L).fill(-1);
  const waitTail = new Int32Array(L).fill(-1);
  const waitNext = new Int32Array(L).fill(-1);
  const wokenFor = new Int32Array(L).fill(-1);
  const pedCount = new Float64Array(L);
  const delay = new Float64Array(L);
  const vehPassed = new Int32Array(L);
  const maxQ = new Int32Array(L);
  const headway = new Float64Array(L);
  for (let l = 0; l < L; l++) headway[l] = 1 / net.linkFlowCap[l];

  const carTrees: RoutingTrees = makeTrees(S, N);
  const walkTrees: RoutingTrees = makeTrees(S, N);
  // drivers who re-plan in a jam (LifeSim: 80 %) follow trees that add each link's queue delay
  const rerouting = o.rerouteIntervalS > 0 && o.rerouteShare > 0;
  const carTreesQ: RoutingTrees = rerouting ? makeTrees(S, N) : carTrees;
  const costCarQ = rerouting ? new Float64Array(L) : costCar;
  const dijkstraHeap = new MinHeap(Math.max(16, N));

  function updateCosts(): void {
    for (let l = 0; l < L; l++) {
      const m = net.linkMode[l];
      costCar[l] = m & MODE_CAR && !closedCar[l] ? net.linkLen[l] / speedEff[l] : Infinity;
      costWalk[l] = m & MODE_WALK && !closedPed[l] ? net.linkLen[l] / (o.walkSpeedMs * pedFactor[l]) : Infinity;
    }
  }
  /** queue delay of a link: the vehicles on it over its flow capacity */
  function refreshCongestion(): void {
    if (!rerouting) return;
    for (let l = 0; l < L; l++) costCarQ[l] = costCar[l] === Infinity ? Infinity : costCar[l] + occ[l] * headway[l];
    computeTrees(net, costCarQ, shNodeCar, carTreesQ, dijkstraHeap);
  }
  updateCosts();
  computeTrees(net, costCar, shNodeCar, carTrees, dijkstraHeap);
  computeTrees(net, costWalk, shNodeWalk, walkTrees, dijkstraHeap);
  refreshCongestion();

  // ---- population: buildings (and population-grid cells) into households
  const homesX: number[] = [];
  const homesY: number[] = [];
  const homesPop: number[] = [];
  for (let i = 0; i < (input.buildings ?? []).length; i++) {
    const b = input.buildings![i];
    if (!Number.isFinite(b.x) || !Number.isFinite(b.y)) throw new InputError(`building ${b.id} has no position`, { field: `buildings[${i}]` });
    const p = Math.round(b.population);
    if (!(p >= 0)) throw new InputError(`building ${b.id} has a bad population`, { field: `buildings[${i}].population` });
    if (p > 0) {
      homesX.push(b.x);
      homesY.push(b.y);
      homesPop.push(p);
    }
  }
  const pg = input.populationGrid;
  if (pg) {
    for (let r = 0; r < pg.nrows; r++) {
      for (let c = 0; c < pg.ncols; c++) {
        const p = Math.round(pg.values[r * pg.ncols + c]);
        if (p > 0) {
          homesX.push(pg.xll + (c + 0.5) * pg.cellSize);
          homesY.push(pg.yll + (pg.nrows - r - 0.5) * pg.cellSize);
          homesPop.push(p);
        }
      }
    }
  }
  // only the homes the flood reaches, when asked (and a flood is known)
  let notAtRisk = 0;
  if (o.evacuate === 'atRisk' && input.flood && input.flood.times.length > 0) {
    const fl = input.flood;
    const g = fl.grid;
    const cells = homesX.map((x, h) => cellIndex(g, x, homesY[h]));
    const hmax = new Float64Array(cells.length);
    const scan = (d: Float32Array): void => {
      for (let h = 0; h < cells.length; h++) if (cells[h] >= 0 && d[cells[h]] > hmax[h]) hmax[h] = d[cells[h]];
    };
    if (fl.maxDepth) scan(fl.maxDepth);
    else for (let k = 0; k < fl.times.length; k++) scan(fl.depth(k));
    let w = 0;
    for (let h = 0; h < cells.length; h++) {
      if (hmax[h] >= o.atRiskDepthM) {
        homesX[w] = homesX[h];
        homesY[w] = homesY[h];
        homesPop[w] = homesPop[h];
        w++;
      } else notAtRisk += homesPop[h];
    }
    homesX.length = homesY.length = homesPop.length = w;
  }
  let A = 0;
  for (const p of homesPop) A += Math.max(1, Math.round(p / o.householdSize));

  const agSize = new Uint16Array(A);
  const agMode = new Uint8Array(A);
  const agState = new Uint8Array(A);
  const agTrap = new Uint8Array(A);
  const agShelter = new Int32Array(A).fill(-1);
  const agLink = new Int32Array(A).fill(-1);
  const agEnter = new Float64Array(A);
  const agReady = new Float64Array(A);
  const agStartOff = new Float64Array(A);
  const agNext = new Int32Array(A).fill(-1);
  const agDepart = new Float64Array(A).fill(Infinity);
  const agArrive = new Float64Array(A).fill(NaN);
  const agSeg = new Int32Array(A).fill(-1);
  const agAlong = new Float64Array(A);
  const agHomeX = new Float64Array(A);
  const agHomeY = new Float64Array(A);
  const agFixX = new Float64Array(A);
  const agFixY = new Float64Array(A);
  const agMaxHR = new Float32Array(A);
  // which households re-plan in a jam: a hash of the index, so the PRNG stream is not disturbed
  const agReroute = new Uint8Array(A);
  for (let a = 0; a < A; a++) agReroute[a] = (Math.imul(a + 1, 0x9e3779b1) >>> 0) / 4294967296 < o.rerouteShare ? 1 : 0;

  const rng = mulberry32(o.seed);
  const heap = new MinHeap(Math.max(1024, A + L));
  let unsnapped = 0;
  let cntWaiting = 0;
  let cntEnRoute = 0;
  let cntSafe = 0;
  let cntTrapped = 0;
  let cntWalking = 0;
  let cntDriving = 0;
  let totalPeople = 0;
  let walkers = 0;
  let drivers = 0;
  let linkEvents = 0;
  let now = 0;

  /** best (cost, link) to start from segment `seg` at `along`; returns the shelter or -1 via globals */
  let bestLink = -1;
  let bestRem = 0;
  let bestCost = Infinity;
  function bestStart(seg: number, along: number, mode: number, size: number, needRoom: boolean, trees: RoutingTrees): number {
    const cost = mode === MODE_CAR ? costCar : costWalk;
    bestLink = -1;
    bestCost = Infinity;
    let bestSh = -1;
    for (let side = 0; side < 2; side++) {
      const l = side === 0 ? net.segLinkF[seg] : net.segLinkB[seg];
      if (l < 0 || !(net.linkMode[l] & mode) || cost[l] === Infinity) continue;
      const len = net.linkLen[l];
      const rem = side === 0 ? len - along : along;
      const c0 = (rem / len) * cost[l];
      const base = net.linkTo[l];
      for (let s = 0; s < S; s++) {
        if (needRoom && shCap[s] - shOcc[s] < size) continue;
        const c = c0 + trees.dist[s * N + base];
        if (c < bestCost) {
          bestCost = c;
          bestSh = s;
          bestLink = l;
          bestRem = rem;
        }
      }
    }
    return bestSh;
  }

  // snap homes only to road pieces from which some shelter can be reached (skips stray fragments)
  const reachable = (trees: RoutingTrees, mode: number) => {
    const r = new Uint8Array(N);
    for (let s = 0; s < S; s++) for (let n = 0; n < N; n++) if (trees.dist[s * N + n] < Infinity) r[n] = 1;
    return (seg: number): boolean => {
      const f = net.segLinkF[seg];
      const b = net.segLinkB[seg];
      return ((net.linkMode[f] & mode) !== 0 && r[net.linkTo[f]] === 1) || (b >= 0 && (net.linkMode[b] & mode) !== 0 && r[net.linkTo[b]] === 1);
    };
  };
  const okWalk = reachable(walkTrees, MODE_WALK);
  const okCar = reachable(carTrees, MODE_CAR);
  let agCountSoFar = 0;
  for (let h = 0; h < homesPop.length; h++) {
    const pop = homesPop[h];
    const x = homesX[h];
    const y = homesY[h];
    const nh = Math.max(1, Math.round(pop / o.householdSize));
    const base = Math.floor(pop / nh);
    const extra = pop - base * nh;
    const snapW = snapToSegment(net, x, y, false, okWalk, o.maxSnapM);
    const snapC = snapToSegment(net, x, y, true, okCar, o.maxSnapM);
    // walking distance to the nearest shelter (no flood yet), metres
    let walkDist = Infinity;
    if (!snapW) unsnapped++;
    if (snapW) {
      bestStart(snapW.seg, snapW.along, MODE_WALK, 0, false, walkTrees);
      walkDist = bestCost * o.walkSpeedMs;
    }
    let carOk = false;
    if (snapC) {
      bestStart(snapC.seg, snapC.along, MODE_CAR, 0, false, carTrees);
      carOk = bestCost < Infinity;
    }
    for (let k = 0; k < nh; k++) {
      const a = agCountSoFar++;
      const size = base + (k < extra ? 1 : 0);
      const hasCar = rng() < o.carOwnership;
      const u = rng();
      agSize[a] = size;
      agHomeX[a] = x;
      agHomeY[a] = y;
      agFixX[a] = x;
      agFixY[a] = y;
      totalPeople += size;
      const drive = hasCar && carOk && (walkDist > o.walkMaxM || walkDist === Infinity);
      agMode[a] = drive ? MODE_CAR : MODE_WALK;
      if (drive) drivers++;
      else walkers++;
      const snap = drive ? snapC : snapW;
      agState[a] = AGENT_WAITING;
      cntWaiting += size;
      // a home with no road to any shelter still hears the warning: it is trapped when it tries to leave
      if (snap) {
        agSeg[a] = snap.seg;
        agAlong[a] = snap.along;
      }
      const dep = warningS + departureDelayS(u, o.mobilisation.a, o.mobilisation.b);
      agDepart[a] = dep;
      if (dep < Infinity) heap.push(dep, a);
    }
  }

  // ---- helpers: shelters, queues, events
  function setTrapped(a: number, reason: number, x: number, y: number): void {
    const size = agSize[a];
    if (agState[a] === AGENT_EN_ROUTE) {
      cntEnRoute -= size;
      if (agMode[a] === MODE_CAR) cntDriving -= size;
      else cntWalking -= size;
    } else if (agState[a] === AGENT_WAITING) cntWaiting -= size;
    agState[a] = AGENT_TRAPPED;
    agTrap[a] = reason;
    cntTrapped += size;
    agFixX[a] = x;
    agFixY[a] = y;
  }

  function setSafe(a: number, s: number, t: number): void {
    const size = agSize[a];
    cntEnRoute -= size;
    if (agMode[a] === MODE_CAR) cntDriving -= size;
    else cntWalking -= size;
    cntSafe += size;
    agState[a] = AGENT_SAFE;
    agArrive[a] = t;
    agLink[a] = -1;
    shOcc[s] += size;
    agFixX[a] = shelters[s].x;
    agFixY[a] = shelters[s].y;
  }

  function treesFor(a: number): RoutingTrees {
    return agMode[a] === MODE_WALK ? walkTrees : agReroute[a] ? carTreesQ : carTrees;
  }

  /** nearest shelter with room for `size` from node n by mode; -1 and a reason in lastNoShelter when none */
  let lastNoShelter = TRAP_NO_ROUTE;
  function chooseShelter(n: number, trees: RoutingTrees, size: number): number {
    let best = -1;
    let bestD = Infinity;
    let anyReachable = false;
    for (let s = 0; s < S; s++) {
      const d = trees.dist[s * N + n];
      if (d === Infinity) continue;
      anyReachable = true;
      if (shCap[s] - shOcc[s] < size) continue;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    lastNoShelter = anyReachable ? TRAP_NO_ROOM : TRAP_NO_ROUTE;
    return best;
  }

  const ARRIVED = -2;
  const STUCK = -3;
  /** At node n (end of a link): arrive, or the next link; re-chooses the shelter when full or cut off. */
  function routeStep(a: number, n: number, t: number): number {
    const mode = agMode[a];
    const size = agSize[a];
    const trees = treesFor(a);
    const shNode = mode === MODE_CAR ? shNodeCar : shNodeWalk;
    let s = agShelter[a];
    for (let tries = 0; tries <= S; tries++) {
      if (s >= 0 && shCap[s] - shOcc[s] < size) {
        if (Number.isNaN(shFullAt[s])) shFullAt[s] = t;
        s = -1;
      }
      if (s >= 0 && shNode[s] === n) {
        agShelter[a] = s;
        return ARRIVED;
      }
      if (s >= 0) {
        const nl = trees.next[s * N + n];
        if (nl >= 0) {
          agShelter[a] = s;
          return nl;
        }
      }
      s = chooseShelter(n, trees, size);
      if (s < 0) return STUCK;
    }
    return STUCK;
  }

  function scheduleLink(l: number, t: number): void {
    if (sched[l] === t) return;
    if (!Number.isNaN(sched[l]) && sched[l] < t && sched[l] >= now) return; // an earlier try is pending
    sched[l] = t;
    heap.push(t, EV_LINK - l);
  }

  function scheduleHead(l: number, t: number): void {
    const a = qHead[l];
    if (a < 0) return;
    const prev = lastExit[l] > agReady[a] ? lastExit[l] : agReady[a];
    const due = prev + headway[l];
    scheduleLink(l, due > t ? due : t);
  }

  function removeWaiter(l: number): void {
    const d = blockedOn[l];
    if (d < 0) return;
    let prev = -1;
    let u = waitHead[d];
    while (u >= 0 && u !== l) {
      prev = u;
      u = waitNext[u];
    }
    if (u === l) {
      if (prev < 0) waitHead[d] = waitNext[l];
      else waitNext[prev] = waitNext[l];
      if (waitTail[d] === l) waitTail[d] = prev;
    }
    waitNext[l] = -1;
    blockedOn[l] = -1;
  }

  function addWaiter(l: number, d: number): void {
    blockedOn[l] = d;
    waitNext[l] = -1;
    if (waitTail[d] < 0) waitHead[d] = l;
    else waitNext[waitTail[d]] = l;
    waitTail[d] = l;
  }

  /** one vehicle's worth of room appeared on link d: the longest-waiting upstream link tries again */
  function wakeOne(d: number, t: number): void {
    const u = waitHead[d];
    if (u < 0) return;
    removeWaiter(u);
    wokenFor[u] = d;
    sched[u] = NaN;
    scheduleLink(u, t);
  }

  function wakeAll(d: number, t: number): void {
    while (waitHead[d] >= 0) wakeOne(d, t);
  }

  function popHead(l: number): number {
    const a = qHead[l];
    qHead[l] = agNext[a];
    if (qHead[l] < 0) qTail[l] = -1;
    agNext[a] = -1;
    occ[l]--;
    removeWaiter(l);
    blockedSince[l] = NaN;
    return a;
  }

  const pt = new Float64Array(2);
  function enterLink(a: number, l: number, t: number, rem: number): void {
    const len = net.linkLen[l];
    agLink[a] = l;
    agEnter[a] = t;
    agStartOff[a] = len - rem;
    linkEvents++;
    if (agMode[a] === MODE_CAR) {
      agReady[a] = t + rem / speedEff[l];
      if (qTail[l] < 0) {
        qHead[l] = a;
        qTail[l] = a;
      } else {
        agNext[qTail[l]] = a;
        qTail[l] = a;
      }
      agNext[a] = -1;
      occ[l]++;
      if (occ[l] > maxQ[l]) maxQ[l] = occ[l];
      if (qHead[l] === a) scheduleHead(l, t);
    } else {
      pedCount[l] += agSize[a];
      const rho = pedCount[l] / (len * net.linkWidth[l]);
      const v = weidmannSpeed(o.walkSpeedMs, rho) * pedFactor[l];
      agReady[a] = t + rem / v;
      heap.push(agReady[a], a);
    }
  }

  function depart(a: number, t: number): void {
    const size = agSize[a];
    cntWaiting -= size;
    cntEnRoute += size;
    if (agMode[a] === MODE_CAR) cntDriving += size;
    else cntWalking += size;
    agState[a] = AGENT_EN_ROUTE;
    if (agSeg[a] < 0) {
      setTrapped(a, TRAP_NO_ROUTE, agHomeX[a], agHomeY[a]);
      return;
    }
    const trees = treesFor(a);
    const s = bestStart(agSeg[a], agAlong[a], agMode[a], size, true, trees);
    if (s < 0) {
      // is any shelter reachable at all (then they are all full)?
      bestStart(agSeg[a], agAlong[a], agMode[a], 0, false, trees);
      setTrapped(a, bestLink >= 0 ? TRAP_NO_ROOM : TRAP_NO_ROUTE, agHomeX[a], agHomeY[a]);
      return;
    }
    agShelter[a] = s;
    enterLink(a, bestLink, t, bestRem);
  }

  function trapAtNode(a: number, n: number, reason: number): void {
    agLink[a] = -1;
    setTrapped(a, reason, net.nodeX[n], net.nodeY[n]);
  }

  function processLink(l: number, t: number): void {
    if (sched[l] !== t) return; // stale
    sched[l] = NaN;
    const a = qHead[l];
    if (a < 0) return;
    const prev = lastExit[l] > agReady[a] ? lastExit[l] : agReady[a];
    const due = prev + headway[l];
    if (t < due - 1e-9 && blockedOn[l] < 0 && Number.isNaN(blockedSince[l])) {
      // not due yet (its head changed since it was woken): pass the room on to the next waiter
      if (wokenFor[l] >= 0) {
        const d = wokenFor[l];
        wokenFor[l] = -1;
        wakeOne(d, t);
      }
      scheduleLink(l, due);
      return;
    }
    const woken = wokenFor[l];
    wokenFor[l] = -1;
    const n = net.linkTo[l];
    const r = routeStep(a, n, t);
    if (r === ARRIVED || r === STUCK) {
      popHead(l);
      lastExit[l] = t;
      delay[l] += t - agReady[a];
      vehPassed[l]++;
      if (r === ARRIVED) setSafe(a, agShelter[a], t);
      else trapAtNode(a, n, lastNoShelter);
      if (woken >= 0) wakeOne(woken, t);
      wakeOne(l, t);
      scheduleHead(l, t);
      return;
    }
    const nl = r;
    const stuck = !Number.isNaN(blockedSince[l]) && t - blockedSince[l] >= o.stuckTimeS - 1e-9;
    if (occ[nl] < net.linkStorage[nl] || stuck) {
      popHead(l);
      lastExit[l] = t;
      delay[l] += t - agReady[a];
      vehPassed[l]++;
      enterLink(a, nl, t, net.linkLen[nl]);
      if (woken >= 0 && woken !== nl) wakeOne(woken, t);
      wakeOne(l, t);
      scheduleHead(l, t);
      return;
    }
    // blocked by a full downstream link (spill-back)
    if (woken >= 0 && woken !== nl) wakeOne(woken, t);
    if (blockedOn[l] !== nl) {
      removeWaiter(l);
      addWaiter(l, nl);
    }
    if (Number.isNaN(blockedSince[l])) blockedSince[l] = t;
    scheduleLink(l, blockedSince[l] + o.stuckTimeS);
  }

  function processAgent(a: number, t: number): void {
    const st = agState[a];
    if (st === AGENT_WAITING) {
      depart(a, t);
      return;
    }
    if (st !== AGENT_EN_ROUTE || agMode[a] !== MODE_WALK || agReady[a] !== t) return;
    const l = agLink[a];
    pedCount[l] -= agSize[a];
    const n = net.linkTo[l];
    const r = routeStep(a, n, t);
    if (r === ARRIVED) setSafe(a, agShelter[a], t);
    else if (r === STUCK) trapAtNode(a, n, lastNoShelter);
    else enterLink(a, r, t, net.linkLen[r]);
  }

  // ---- flood
  let cellsCache: LinkCells | null = null;
  let cellsShape: FloodGridShape | null = null;
  let homeCells: Int32Array | null = null;
  let floodFrameIndex = 0;
  let closedCarCount = 0;
  let closedPedCount = 0;

  function applyFlood(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null): void {
    if (depth.length !== grid.ncols * grid.nrows) {
      throw new InputError(`flood frame has ${depth.length} cells, grid ${grid.ncols}×${grid.nrows}`, { field: 'flood.depth' });
    }
    if (!cellsShape || cellsShape.ncols !== grid.ncols || cellsShape.nrows !== grid.nrows || cellsShape.cellSize !== grid.cellSize
      || cellsShape.xll !== grid.xll || cellsShape.yll !== grid.yll) {
      cellsCache = linkCells(net, grid);
      cellsShape = { ...grid };
      homeCells = new Int32Array(A);
      for (let a = 0; a < A; a++) homeCells[a] = cellIndex(grid, agHomeX[a], agHomeY[a]);
    }
    const t = now;
    sampleLinks(cellsCache!, depth, speed, linkDepth, linkWSpeed);
    let changedCar = false;
    let changedPed = false;
    let newlyClosedPed = false;
    for (let l = 0; l < L; l++) {
      const d = linkDepth[l];
      const v = linkWSpeed[l];
      if (d > maxDepth[l]) maxDepth[l] = d;
      const cc = net.linkMode[l] & MODE_CAR && d >= o.vehicleDepthLimitM ? 1 : 0;
      const cp = d > o.pedDepthLimitM || d * v > o.pedDvLimit ? 1 : 0;
      // vehicles slow in shallow water (Pregnolato et al. 2017)
      const vWater = d > 0 ? pregnolatoSpeedKmh(d) / 3.6 : Infinity;
      const se = cc ? net.linkSpeed[l] : Math.max(0.5, Math.min(net.linkSpeed[l], vWater));
      if (se !== speedEff[l]) {
        speedEff[l] = se;
        changedCar = true;
      }
      // walkers wading: an assumption, linear from full speed dry to half speed at the depth limit
      const pf = cp ? 1 : Math.max(0.5, 1 - (0.5 * d) / o.pedDepthLimitM);
      if (pf !== pedFactor[l]) {
        pedFactor[l] = pf;
        changedPed = true;
      }
      if (cc !== closedCar[l]) {
        closedCar[l] = cc;
        changedCar = true;
        closedCarCount += cc ? 1 : -1;
        if (cc) {
          if (Number.isNaN(cutCarAt[l])) cutCarAt[l] = t;
          // vehicles on the link are caught by the water
          let rank = 0;
          while (qHead[l] >= 0) {
            const a = popHead(l);
            pointAlong(net, l, vehiclePosition(a, l, rank++), pt);
            agLink[a] = l;
            setTrapped(a, TRAP_FLOODED_LINK, pt[0], pt[1]);
          }
          sched[l] = NaN;
          removeWaiter(l);
          wakeAll(l, t); // those queued for it choose again
        }
      }
      if (cp !== closedPed[l]) {
        closedPed[l] = cp;
        changedPed = true;
        closedPedCount += cp ? 1 : -1;
        if (cp) {
          if (Number.isNaN(cutPedAt[l])) cutPedAt[l] = t;
          newlyClosedPed = true;
        }
      }
    }
    if (newlyClosedPed) {
      for (let a = 0; a < A; a++) {
        if (agState[a] !== AGENT_EN_ROUTE || agMode[a] !== MODE_WALK) continue;
        const l = agLink[a];
        if (!closedPed[l]) continue;
        pedCount[l] -= agSize[a];
        const f = agReady[a] > agEnter[a] ? (t - agEnter[a]) / (agReady[a] - agEnter[a]) : 1;
        pointAlong(net, l, agStartOff[a] + Math.min(1, Math.max(0, f)) * (net.linkLen[l] - agStartOff[a]), pt);
        setTrapped(a, TRAP_FLOODED_LINK, pt[0], pt[1]);
      }
    }
    if (changedCar || changedPed) {
      updateCosts();
      if (changedCar) {
        computeTrees(net, costCar, shNodeCar, carTrees, dijkstraHeap);
        refreshCongestion();
      }
      if (changedPed) computeTrees(net, costWalk, shNodeWalk, walkTrees, dijkstraHeap);
    }
    // people reached by water: at home (waiting, or trapped there), on their link
    for (let a = 0; a < A; a++) {
      const st = agState[a];
      if (st === AGENT_SAFE) continue;
      let d = 0;
      let v = 0;
      const l = agLink[a];
      if (l >= 0) {
        d = linkDepth[l];
        v = linkWSpeed[l];
      } else {
        const c = st === AGENT_WAITING ? homeCells![a] : cellIndex(grid, agFixX[a], agFixY[a]);
        if (c >= 0) {
          d = depth[c];
          v = speed ? speed[c] : 0;
          if (!(v > 0)) v = 0;
        }
      }
      if (d >= o.reachedDepthM && d > 0) {
        const hr = hazardRating(d, v);
        if (hr > agMaxHR[a]) agMaxHR[a] = hr;
      }
    }
  }

  /** distance along link l of vehicle a: free-flow progress, behind the queue ahead (rank) */
  function vehiclePosition(a: number, l: number, rank: number): number {
    const len = net.linkLen[l];
    const span = agReady[a] - agEnter[a];
    const f = span > 0 ? Math.min(1, Math.max(0, (now - agEnter[a]) / span)) : 1;
    const s = agStartOff[a] + f * (len - agStartOff[a]);
    const cap = len - (rank * len) / net.linkStorage[l];
    return s < cap ? s : Math.max(cap, 0);
  }

  // ---- clock: flood frames, curve samples, congestion re-planning
  const flood = input.flood ?? null;
  const curve: CurveRow[] = [];
  const frames: Float32Array[] = [];
  let nextSample = 0;
  let nextReroute = o.rerouteIntervalS > 0 ? o.rerouteIntervalS : Infinity;

  function sample(t: number): void {
    let reached = 0;
    for (let a = 0; a < A; a++) if (agMaxHR[a] > 0) reached += agSize[a];
    curve.push({
      timeS: t,
      safe: cntSafe,
      enRoute: cntEnRoute,
      waiting: cntWaiting,
      trapped: cntTrapped,
      walking: cntWalking,
      driving: cntDriving,
      reachedByWater: reached,
      linksClosedVehicle: closedCarCount,
      linksClosedPedestrian: closedPedCount,
    });
    if (o.recordPositions) frames.push(positions());
  }

  function advance(toS: number): EvacuationState {
    const end = Math.min(toS, o.durationS);
    for (;;) {
      const tFlood = flood && floodFrameIndex < flood.times.length ? flood.times[floodFrameIndex] : Infinity;
      const tEv = heap.size > 0 ? heap.peekKey() : Infinity;
      const tNext = Math.min(tFlood, tEv, nextSample, nextReroute);
      if (tNext > end || tNext === Infinity) break;
      now = tNext;
      if (tFlood === tNext) {
        const k = floodFrameIndex++;
        applyFlood(flood!.grid, flood!.depth(k), flood!.speed(k));
        continue;
      }
      if (tEv === tNext) {
        const v = heap.peekVal();
        heap.pop();
        if (v >= 0) processAgent(v, tNext);
        else processLink(EV_LINK - v, tNext);
        continue;
      }
      if (nextReroute === tNext) {
        refreshCongestion();
        nextReroute += o.rerouteIntervalS;
        continue;
      }
      sample(tNext);
      nextSample += o.frameIntervalS;
    }
    if (end > now) now = end;
    return state();
  }

  function state(): EvacuationState {
    return {
      timeS: now,
      warningS,
      safe: cntSafe,
      enRoute: cntEnRoute,
      waiting: cntWaiting,
      trapped: cntTrapped,
      walking: cntWalking,
      driving: cntDriving,
      agents: A,
      people: totalPeople,
      linkEvents,
    };
  }

  function positions(out?: Float32Array, ox = 0, oy = 0): Float32Array {
    const p = out && out.length >= 2 * A ? out : new Float32Array(2 * A);
    for (let a = 0; a < A; a++) {
      const st = agState[a];
      if (st === AGENT_EN_ROUTE && agMode[a] === MODE_WALK) {
        const l = agLink[a];
        const span = agReady[a] - agEnter[a];
        const f = span > 0 ? Math.min(1, Math.max(0, (now - agEnter[a]) / span)) : 1;
        pointAlong(net, l, agStartOff[a] + f * (net.linkLen[l] - agStartOff[a]), pt);
        p[2 * a] = pt[0] - ox;
        p[2 * a + 1] = pt[1] - oy;
      } else if (st !== AGENT_EN_ROUTE) {
        p[2 * a] = agFixX[a] - ox;
        p[2 * a + 1] = agFixY[a] - oy;
      }
    }
    // vehicles: along their queue, in order
    for (let l = 0; l < L; l++) {
      let rank = 0;
      for (let a = qHead[l]; a >= 0; a = agNext[a]) {
        pointAlong(net, l, vehiclePosition(a, l, rank++), pt);
        p[2 * a] = pt[0] - ox;
        p[2 * a + 1] = pt[1] - oy;
      }
    }
    return p;
  }

  function result(): EvacuationResult {
    // clearance times from exact arrival times
    const order: number[] = [];
    for (let a = 0; a < A; a++) if (agState[a] === AGENT_SAFE) order.push(a);
    order.sort((x, y) => agArrive[x] - agArrive[y] || x - y);
    const tq = (q: number): number | null => {
      if (totalPeople === 0) return null;
      const need = q * totalPeople - 1e-9;
      let cum = 0;
      for (const a of order) {
        cum += agSize[a];
        if (cum >= need) return agArrive[a];
      }
      return null;
    };
    const shelterUse: ShelterUse[] = shelters.map((s, i) => ({
      id: String(s.id),
      name: s.name ?? String(s.id),
      capacity: shCap[i],
      occupancy: shOcc[i],
      fullAtS: Number.isNaN(shFullAt[i]) ? null : shFullAt[i],
    }));
    const linksCut: LinkCut[] = [];
    const ends = (l: number) => {
      const g0 = net.geomStart[l];
      const g1 = net.geomStart[l + 1] - 1;
      return { x0: net.geomXY[2 * g0], y0: net.geomXY[2 * g0 + 1], x1: net.geomXY[2 * g1], y1: net.geomXY[2 * g1 + 1] };
    };
    for (let l = 0; l < L; l++) {
      if (Number.isNaN(cutCarAt[l]) && Number.isNaN(cutPedAt[l])) continue;
      linksCut.push({
        roadId: net.roadIds[net.linkRoad[l]],
        link: l,
        ...ends(l),
        closedForVehiclesAtS: Number.isNaN(cutCarAt[l]) ? null : cutCarAt[l],
        closedForPedestriansAtS: Number.isNaN(cutPedAt[l]) ? null : cutPedAt[l],
        maxDepthM: maxDepth[l],
      });
    }
    linksCut.sort((x, y) => (x.closedForVehiclesAtS ?? x.closedForPedestriansAtS ?? 0) - (y.closedForVehiclesAtS ?? y.closedForPedestriansAtS ?? 0) || x.link - y.link);
    const bl: number[] = [];
    for (let l = 0; l < L; l++) if (delay[l] > 1e-6) bl.push(l);
    bl.sort((x, y) => delay[y] - delay[x] || x - y);
    const bottlenecks: Bottleneck[] = bl.slice(0, 10).map((l) => ({
      roadId: net.roadIds[net.linkRoad[l]],
      link: l,
      ...ends(l),
      delayVehS: delay[l],
      vehicles: vehPassed[l],
      maxQueueVeh: maxQ[l],
    }));
    const reached = { low: 0, moderate: 0, significant: 0, extreme: 0 };
    const names = ['low', 'moderate', 'significant', 'extreme'] as const;
    const trappedBy = { floodedLink: 0, noRoute: 0, noRoom: 0 };
    for (let a = 0; a < A; a++) {
      if (agMaxHR[a] > 0) reached[names[hazardClassIndex(agMaxHR[a])]] += agSize[a];
      if (agState[a] === AGENT_TRAPPED) {
        if (agTrap[a] === TRAP_FLOODED_LINK) trappedBy.floodedLink += agSize[a];
        else if (agTrap[a] === TRAP_NO_ROOM) trappedBy.noRoom += agSize[a];
        else trappedBy.noRoute += agSize[a];
      }
    }
    return {
      warningS,
      durationS: o.durationS,
      frameIntervalS: o.frameIntervalS,
      agents: A,
      people: totalPeople,
      notAtRisk,
      walkers,
      drivers,
      curve: curve.slice(),
      t50S: tq(0.5),
      t90S: tq(0.9),
      t100S: tq(1),
      shelters: shelterUse,
      linksCut,
      bottlenecks,
      reachedByWater: reached,
      trappedByReason: trappedBy,
      linkEvents,
      network: { nodes: N, links: L, unsnappedBuildings: unsnapped },
      ...(o.recordPositions ? { positions: frames.slice() } : {}),
    };
  }

  return {
    agentCount: A,
    network: net,
    advance,
    state,
    positions,
    agentStates: (out?: Uint8Array) => {
      const r = out && out.length >= A ? out : new Uint8Array(A);
      r.set(agState);
      return r;
    },
    agentModes: () => agMode.slice(),
    agentSizes: () => agSize.slice(),
    shelterOccupancy: () => shOcc.slice(),
    applyFlood: (g, d, s) => applyFlood(g, d, s),
    result,
  };
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
