/**
 * The shelters: position, capacity, the people in each now, when each filled, and the road node
 * each mode reaches it by (the nearest node with an incoming link of that mode).
 */
import { InputError } from '../../src/core/errors.ts';
import { MODE_CAR, MODE_WALK, nearestNode, type RoadNetwork } from './network.ts';
import type { RoutingTrees } from './routing.ts';
import { TRAP_NO_ROOM, TRAP_NO_ROUTE, type ShelterInput } from './types.ts';

export class Shelters {
  readonly count: number;
  readonly input: ShelterInput[];
  /** node by which cars / walkers arrive */
  readonly nodeCar: Int32Array;
  readonly nodeWalk: Int32Array;
  readonly capacity: Float64Array;
  /** people inside now */
  readonly occupancy: Float64Array;
  /** time it first turned someone away (NaN: never) */
  readonly fullAt: Float64Array;
  /** why the last `nearestWithRoom` found none: TRAP_NO_ROOM (some reachable) or TRAP_NO_ROUTE */
  lastNone = TRAP_NO_ROUTE;

  constructor(shelters: ShelterInput[], net: RoadNetwork) {
    const S = shelters.length;
    this.count = S;
    this.input = shelters;
    this.nodeCar = new Int32Array(S);
    this.nodeWalk = new Int32Array(S);
    this.capacity = new Float64Array(S);
    this.occupancy = new Float64Array(S);
    this.fullAt = new Float64Array(S).fill(NaN);
    const hasIn = (mode: number) => (n: number): boolean => {
      for (let k = net.inStart[n]; k < net.inStart[n + 1]; k++) if (net.linkMode[net.inLinks[k]] & mode) return true;
      return false;
    };
    for (let s = 0; s < S; s++) {
      const sh = shelters[s];
      if (!Number.isFinite(sh.x) || !Number.isFinite(sh.y)) throw new InputError(`shelter ${sh.id} has no position`, { field: `shelters[${s}]` });
      if (!(sh.capacity >= 0)) throw new InputError(`shelter ${sh.id} needs a capacity ≥ 0`, { field: `shelters[${s}].capacity` });
      this.capacity[s] = sh.capacity;
      this.nodeCar[s] = nearestNode(net, sh.x, sh.y, hasIn(MODE_CAR));
      this.nodeWalk[s] = nearestNode(net, sh.x, sh.y, hasIn(MODE_WALK));
    }
  }

  /** room left in shelter s (people) */
  room(s: number): number {
    return this.capacity[s] - this.occupancy[s];
  }

  /**
   * The shelter with room for `size` nearest to node n in `trees`; -1 when none, with the reason in
   * `lastNone`. Ties go to the lower index.
   */
  nearestWithRoom(n: number, trees: RoutingTrees, size: number): number {
    const N = trees.nodes;
    let best = -1;
    let bestD = Infinity;
    let anyReachable = false;
    for (let s = 0; s < this.count; s++) {
      const d = trees.dist[s * N + n];
      if (d === Infinity) continue;
      anyReachable = true;
      if (this.capacity[s] - this.occupancy[s] < size) continue;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    this.lastNone = anyReachable ? TRAP_NO_ROOM : TRAP_NO_ROUTE;
    return best;
  }
}
