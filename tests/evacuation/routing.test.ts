import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../workers/evacuation/heap.ts';
import { computeTrees, makeTrees } from '../../workers/evacuation/routing.ts';
import { buildNetwork } from '../../workers/evacuation/network.ts';
import { mulberry32 } from '../../workers/evacuation/prng.ts';

describe('heap and routing trees', () => {
  it('pops in key order, ties in insertion order', () => {
    const h = new MinHeap(2);
    const keys = [5, 1, 3, 1, 5, 0, 3, 1];
    keys.forEach((k, i) => {
      h.push(k, i);
    });
    const out: number[] = [];
    while (h.size > 0) {
      out.push(h.peekVal());
      h.pop();
    }
    expect(out).toEqual([5, 1, 3, 7, 2, 6, 0, 4]);
  });

  it('mulberry32 repeats with its seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xa = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xa);
    expect(c()).not.toBe(xa[0]);
    for (const x of xa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('reverse Dijkstra gives each node its cost and next link to a shelter', () => {
    // square 0(0,0) 1(100,0) 2(100,100) 3(0,100), two-way; diagonal 0–2 one-way from 0
    const mk = (id: string, xy: number[], oneway = false) => ({
      id,
      coords: Float64Array.from(xy),
      cls: 'residential',
      lanes: 2,
      speedKmh: 36,
      oneway,
    });
    const net = buildNetwork(
      [
        mk('a', [0, 0, 100, 0]),
        mk('b', [100, 0, 100, 100]),
        mk('c', [100, 100, 0, 100]),
        mk('d', [0, 100, 0, 0]),
        mk('diag', [0, 0, 100, 100], true),
      ],
      { laneCapacityVehPerH: 1800, jamDensityVehPerKm: 100 },
    );
    const cost = new Float64Array(net.linkCount);
    for (let l = 0; l < net.linkCount; l++) cost[l] = net.linkLen[l] / 10;
    const node = (x: number, y: number) => [...net.nodeX].findIndex((nx, i) => nx === x && net.nodeY[i] === y);
    const trees = makeTrees(1, net.nodeCount);
    computeTrees(net, cost, Int32Array.from([node(100, 100)]), trees, new MinHeap());
    const N = net.nodeCount;
    expect(trees.dist[node(100, 100)]).toBe(0);
    expect(trees.dist[node(0, 0)]).toBeCloseTo(Math.SQRT2 * 10, 12); // the diagonal
    expect(trees.dist[node(100, 0)]).toBeCloseTo(10, 12);
    expect(net.roadIds[net.linkRoad[trees.next[node(0, 0)]]]).toBe('diag');
    // close the diagonal: 0 goes round by a side, 20 s
    cost[trees.next[node(0, 0)]] = Infinity;
    computeTrees(net, cost, Int32Array.from([node(100, 100)]), trees, new MinHeap());
    expect(trees.dist[node(0, 0)]).toBeCloseTo(20, 12);
    expect(trees.next.length).toBe(N);
    // an unreachable shelter leaves everything at Infinity
    computeTrees(net, cost, Int32Array.from([-1]), trees, new MinHeap());
    expect(trees.dist.every((d) => d === Infinity)).toBe(true);
  });
});
