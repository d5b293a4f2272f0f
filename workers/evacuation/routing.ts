/**
 * Routing trees per shelter: one reverse Dijkstra from each shelter's node over the links a mode may
 * use, giving every node its cost to the shelter and the next link to take. Agents then look their
 * next link up in O(1) instead of searching per agent.
 */
import { MinHeap } from './heap.ts';
import type { RoadNetwork } from './network.ts';

export interface RoutingTrees {
  shelters: number;
  nodes: number;
  /** cost (s) from node n to shelter s at [s * nodes + n]; Infinity when unreachable */
  dist: Float64Array;
  /** next link from node n towards shelter s at [s * nodes + n]; -1 at the shelter or unreachable */
  next: Int32Array;
}

export function makeTrees(shelters: number, nodes: number): RoutingTrees {
  return {
    shelters,
    nodes,
    dist: new Float64Array(shelters * nodes).fill(Infinity),
    next: new Int32Array(shelters * nodes).fill(-1),
  };
}

/**
 * Fills `trees` for link costs `cost` (s; Infinity = unusable). `shelterNode[s]` < 0 leaves shelter
 * s unreachable. Ties are broken by the heap's insertion order: deterministic.
 */
export function computeTrees(
  net: RoadNetwork,
  cost: Float64Array,
  shelterNode: Int32Array,
  trees: RoutingTrees,
  heap: MinHeap,
): void {
  const N = net.nodeCount;
  const inStart = net.inStart;
  const inLinks = net.inLinks;
  const from = net.linkFrom;
  for (let s = 0; s < trees.shelters; s++) {
    const base = s * N;
    const dist = trees.dist;
    const next = trees.next;
    dist.fill(Infinity, base, base + N);
    next.fill(-1, base, base + N);
    const root = shelterNode[s];
    if (root < 0) continue;
    heap.clear();
    dist[base + root] = 0;
    heap.push(0, root);
    while (heap.size > 0) {
      const d = heap.peekKey();
      const u = heap.peekVal();
      heap.pop();
      if (d > dist[base + u]) continue;
      for (let k = inStart[u]; k < inStart[u + 1]; k++) {
        const l = inLinks[k];
        const c = cost[l];
        if (c === Infinity) continue;
        const v = from[l];
        const nd = d + c;
        if (nd < dist[base + v]) {
          dist[base + v] = nd;
          next[base + v] = l;
          heap.push(nd, v);
        }
      }
    }
  }
}
