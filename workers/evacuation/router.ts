/**
 * Routing for the agents: link costs (free-flow or flood-slowed travel time, Infinity when closed),
 * one routing tree per shelter and mode (routing.ts), and the choices made from them: where to join
 * the network from home (`bestStart`) and which link to take at each node (`step`). Drivers who
 * re-plan in a jam (LifeSim: 80 %) follow trees that add each link's queue delay, refreshed every
 * `rerouteIntervalS`.
 */
import type { Agents } from './agents.ts';
import type { FloodClosures } from './closures.ts';
import { MinHeap } from './heap.ts';
import { MODE_CAR, MODE_WALK, type RoadNetwork } from './network.ts';
import { computeTrees, makeTrees, type RoutingTrees } from './routing.ts';
import type { Shelters } from './shelters.ts';

/** `Router.step` results other than a link */
export const ARRIVED = -2;
export const STUCK = -3;

export class Router {
  readonly costCar: Float64Array;
  readonly costWalk: Float64Array;
  readonly carTrees: RoutingTrees;
  readonly walkTrees: RoutingTrees;
  /** trees with queue delays (the plain car trees when nobody re-plans) */
  readonly carTreesQ: RoutingTrees;
  readonly costCarQ: Float64Array;
  readonly rerouting: boolean;
  private readonly heap: MinHeap;
  /** `bestStart`'s link, the distance left on it, and the cost to the shelter */
  bestLink = -1;
  bestRem = 0;
  bestCost = Infinity;

  constructor(
    private readonly net: RoadNetwork,
    private readonly shelters: Shelters,
    private readonly links: FloodClosures,
    private readonly walkSpeedMs: number,
    reroute: { rerouteIntervalS: number; rerouteShare: number },
  ) {
    const S = shelters.count;
    const N = net.nodeCount;
    const L = net.linkCount;
    this.costCar = new Float64Array(L);
    this.costWalk = new Float64Array(L);
    this.carTrees = makeTrees(S, N);
    this.walkTrees = makeTrees(S, N);
    this.rerouting = reroute.rerouteIntervalS > 0 && reroute.rerouteShare > 0;
    this.carTreesQ = this.rerouting ? makeTrees(S, N) : this.carTrees;
    this.costCarQ = this.rerouting ? new Float64Array(L) : this.costCar;
    this.heap = new MinHeap(Math.max(16, N));
  }

  /** link costs from the links' speeds and closures */
  updateCosts(): void {
    const { net, links } = this;
    for (let l = 0; l < net.linkCount; l++) {
      const m = net.linkMode[l];
      this.costCar[l] = m & MODE_CAR && !links.closedCar[l] ? net.linkLen[l] / links.speedEff[l] : Infinity;
      this.costWalk[l] = m & MODE_WALK && !links.closedPed[l] ? net.linkLen[l] / (this.walkSpeedMs * links.pedFactor[l]) : Infinity;
    }
  }

  computeCarTrees(): void {
    computeTrees(this.net, this.costCar, this.shelters.nodeCar, this.carTrees, this.heap);
  }

  computeWalkTrees(): void {
    computeTrees(this.net, this.costWalk, this.shelters.nodeWalk, this.walkTrees, this.heap);
  }

  /** re-planning trees: each link's cost plus its queue delay (vehicles on it × headway) */
  refreshCongestion(occ: Int32Array, headway: Float64Array): void {
    if (!this.rerouting) return;
    const { costCar, costCarQ } = this;
    for (let l = 0; l < this.net.linkCount; l++) costCarQ[l] = costCar[l] === Infinity ? Infinity : costCar[l] + occ[l] * headway[l];
    computeTrees(this.net, costCarQ, this.shelters.nodeCar, this.carTreesQ, this.heap);
  }

  /** the trees agent a follows */
  treesFor(agents: Agents, a: number): RoutingTrees {
    return agents.mode[a] === MODE_WALK ? this.walkTrees : agents.reroute[a] ? this.carTreesQ : this.carTrees;
  }

  /**
   * Best shelter from road segment `seg` at `along` by `mode` (with room for `size` when `needRoom`):
   * returns it or -1, and sets `bestLink`, `bestRem`, `bestCost`.
   */
  bestStart(seg: number, along: number, mode: number, size: number, needRoom: boolean, trees: RoutingTrees): number {
    const { net, shelters } = this;
    const N = net.nodeCount;
    const cost = mode === MODE_CAR ? this.costCar : this.costWalk;
    this.bestLink = -1;
    this.bestCost = Infinity;
    let bestSh = -1;
    for (let side = 0; side < 2; side++) {
      const l = side === 0 ? net.segLinkF[seg] : net.segLinkB[seg];
      if (l < 0 || !(net.linkMode[l] & mode) || cost[l] === Infinity) continue;
      const len = net.linkLen[l];
      const rem = side === 0 ? len - along : along;
      const c0 = (rem / len) * cost[l];
      const base = net.linkTo[l];
      for (let s = 0; s < shelters.count; s++) {
        if (needRoom && shelters.room(s) < size) continue;
        const c = c0 + trees.dist[s * N + base];
        if (c < this.bestCost) {
          this.bestCost = c;
          bestSh = s;
          this.bestLink = l;
          this.bestRem = rem;
        }
      }
    }
    return bestSh;
  }

  /**
   * Agent a at node n at time t: ARRIVED (its shelter's node), the next link, or STUCK (no shelter
   * with room reachable: the reason is in `shelters.lastNone`). A full or cut-off shelter is chosen
   * again; the first time a shelter turns someone away is its `fullAt`.
   */
  step(agents: Agents, a: number, n: number, t: number): number {
    const { shelters } = this;
    const N = this.net.nodeCount;
    const size = agents.size[a];
    const trees = this.treesFor(agents, a);
    const shNode = agents.mode[a] === MODE_CAR ? shelters.nodeCar : shelters.nodeWalk;
    let s = agents.shelter[a];
    for (let tries = 0; tries <= shelters.count; tries++) {
      if (s >= 0 && shelters.room(s) < size) {
        if (Number.isNaN(shelters.fullAt[s])) shelters.fullAt[s] = t;
        s = -1;
      }
      if (s >= 0 && shNode[s] === n) {
        agents.shelter[a] = s;
        return ARRIVED;
      }
      if (s >= 0) {
        const nl = trees.next[s * N + n];
        if (nl >= 0) {
          agents.shelter[a] = s;
          return nl;
        }
      }
      s = shelters.nearestWithRoom(n, trees, size);
      if (s < 0) return STUCK;
    }
    return STUCK;
  }
}
