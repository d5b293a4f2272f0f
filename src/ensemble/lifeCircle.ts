/**
 * The 15-minute life circle (15分钟生活圈, GB 50180-2018): can a resident reach, on foot within 15
 * minutes over the street network, a clinic, a school, a food market and a shelter? A flood cuts the
 * streets where it stands deeper than a person can safely wade; the circle is lost for the buildings
 * whose every short enough route crossed such a street.
 *
 * Distances are along the walkable links of the evacuation model's road graph (both directions), plus
 * the straight line from a building or service to its nearest graph node. One multi-source Dijkstra
 * per kind of service, from all its points at once.
 */
import type { XY } from '../interventions/rasterise.ts';
import type { RoadInput } from '../../workers/evacuation/types.ts';
import { MinHeap } from '../../workers/evacuation/heap.ts';
import { buildNetwork, MODE_WALK, nearestNode, type RoadNetwork } from '../../workers/evacuation/network.ts';

export const SERVICE_KINDS = ['clinic', 'school', 'market', 'shelter'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
/** every kind reachable */
export const ALL_SERVICES = (1 << SERVICE_KINDS.length) - 1;

export interface ServicePoint {
  id: string;
  kind: ServiceKind;
  at: XY;
}

/** GB 50180-2018 puts the 15-minute circle at a walk of 800–1000 m: 1000 m by default. */
export const WALK_15_MIN_M = 1000;

export class LifeCircle {
  readonly net: RoadNetwork;
  /** nearest walkable node of each building, and the straight distance to it */
  readonly buildingNode: Int32Array;
  readonly buildingGap: Float64Array;
  private readonly serviceNode: Int32Array;
  private readonly serviceGap: Float64Array;
  private readonly serviceKind: Uint8Array;
  private readonly dist: Float64Array;
  private readonly heap: MinHeap;
  /** walkable links both ways, as CSR adjacency: neighbours of n at adjStart[n] … adjStart[n+1] */
  private readonly adjStart: Int32Array;
  private readonly adjNode: Int32Array;
  private readonly adjLen: Float64Array;
  private readonly adjRoad: Int32Array;

  constructor(
    roads: RoadInput[],
    /** where each building's door is (its footprint's centroid will do) */
    buildings: readonly XY[],
    services: readonly ServicePoint[],
    readonly walkM = WALK_15_MIN_M,
  ) {
    this.net = buildNetwork(roads, { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 150 });
    const net = this.net;
    const walkable = new Uint8Array(net.nodeCount);
    this.adjStart = new Int32Array(net.nodeCount + 1);
    for (let l = 0; l < net.linkCount; l++) {
      if (!(net.linkMode[l] & MODE_WALK)) continue;
      walkable[net.linkFrom[l]] = walkable[net.linkTo[l]] = 1;
      this.adjStart[net.linkFrom[l] + 1]++;
      this.adjStart[net.linkTo[l] + 1]++;
    }
    for (let n = 0; n < net.nodeCount; n++) this.adjStart[n + 1] += this.adjStart[n];
    const m = this.adjStart[net.nodeCount];
    this.adjNode = new Int32Array(m);
    this.adjLen = new Float64Array(m);
    this.adjRoad = new Int32Array(m);
    const fill = this.adjStart.slice(0, net.nodeCount);
    const add = (a: number, b: number, l: number): void => {
      const i = fill[a]++;
      this.adjNode[i] = b;
      this.adjLen[i] = net.linkLen[l];
      this.adjRoad[i] = net.linkRoad[l];
    };
    for (let l = 0; l < net.linkCount; l++) {
      if (!(net.linkMode[l] & MODE_WALK)) continue;
      add(net.linkFrom[l], net.linkTo[l], l);
      add(net.linkTo[l], net.linkFrom[l], l);
    }
    const snap = (x: number, y: number): [number, number] => {
      const n = nearestNode(this.net, x, y, (k) => walkable[k] === 1);
      return [n, n < 0 ? Infinity : Math.hypot(this.net.nodeX[n] - x, this.net.nodeY[n] - y)];
    };
    this.buildingNode = new Int32Array(buildings.length);
    this.buildingGap = new Float64Array(buildings.length);
    buildings.forEach(([x, y], i) => {
      [this.buildingNode[i], this.buildingGap[i]] = snap(x, y);
    });
    this.serviceNode = new Int32Array(services.length);
    this.serviceGap = new Float64Array(services.length);
    this.serviceKind = new Uint8Array(services.length);
    services.forEach((s, i) => {
      [this.serviceNode[i], this.serviceGap[i]] = snap(s.at[0], s.at[1]);
      this.serviceKind[i] = SERVICE_KINDS.indexOf(s.kind);
    });
    this.dist = new Float64Array(this.net.nodeCount);
    this.heap = new MinHeap(Math.max(16, this.net.nodeCount));
  }

  /**
   * Which kinds of service each building reaches within the walk, with the roads in `cut` closed:
   * a bit mask per building (bit k = SERVICE_KINDS[k]).
   */
  reach(cut: ReadonlySet<string>): Uint8Array {
    const closed = new Uint8Array(this.net.roadIds.length);
    this.net.roadIds.forEach((id, r) => {
      closed[r] = cut.has(id) ? 1 : 0;
    });
    const out = new Uint8Array(this.buildingNode.length);
    for (let k = 0; k < SERVICE_KINDS.length; k++) {
      this.walkFrom(k, closed);
      for (let b = 0; b < out.length; b++) {
        const n = this.buildingNode[b];
        if (n >= 0 && this.dist[n] + this.buildingGap[b] <= this.walkM) out[b] |= 1 << k;
      }
    }
    return out;
  }

  /** Multi-source Dijkstra from every service of kind k over the open walkable links (both ways). */
  private walkFrom(k: number, closed: Uint8Array): void {
    const { dist, heap } = this;
    dist.fill(Infinity);
    heap.clear();
    for (let s = 0; s < this.serviceNode.length; s++) {
      const n = this.serviceNode[s];
      if (this.serviceKind[s] !== k || n < 0 || this.serviceGap[s] >= dist[n]) continue;
      dist[n] = this.serviceGap[s];
      heap.push(dist[n], n);
    }
    while (heap.size > 0) {
      const d = heap.peekKey();
      const n = heap.peekVal();
      heap.pop();
      if (d > dist[n] || d > this.walkM) continue;
      for (let i = this.adjStart[n]; i < this.adjStart[n + 1]; i++) {
        if (closed[this.adjRoad[i]]) continue;
        const to = this.adjNode[i];
        const nd = d + this.adjLen[i];
        if (nd < dist[to]) {
          dist[to] = nd;
          heap.push(nd, to);
        }
      }
    }
  }
}
