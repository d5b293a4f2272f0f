/**
 * Streets: a warped 40 m lattice over the district. Which lattice lines are streets depends on the
 * zone (old-town lanes every 40 m, centre streets every 80 m, suburbs every 160 m, main roads every
 * 320 m), links that would cross the river, climb too steeply or run into the forest are dropped,
 * the largest network on each bank is kept and joined by one bridge, and runs of links through
 * degree-2 nodes are merged, so a link goes from junction to junction.
 */
import { fbm } from './rng.ts';
import { chainageAtX, halfWidth, pointAt } from './river.ts';
import { SEED, WIDTH_M, HEIGHT_M } from './site.ts';
import { sample, site, Zone } from './terrain.ts';

export const LATTICE = 40;
export const NI = Math.round(WIDTH_M / LATTICE);
export const NJ = Math.round(HEIGHT_M / LATTICE);

export type RoadClass = 'primary' | 'secondary' | 'tertiary' | 'residential';
export const ROAD_SPECS: Record<RoadClass, { lanes: number; speedKmh: number; widthM: number }> = {
  primary: { lanes: 4, speedKmh: 50, widthM: 24 },
  secondary: { lanes: 2, speedKmh: 40, widthM: 16 },
  tertiary: { lanes: 2, speedKmh: 30, widthM: 10 },
  residential: { lanes: 1, speedKmh: 15, widthM: 5 },
};
const LEVEL_CLASS: RoadClass[] = ['residential', 'tertiary', 'secondary', 'primary'];

export interface LatticeNode {
  x: number;
  y: number;
  z: number;
  zone: number;
  side: number;
  e: number;
  /** a street may reach this node */
  open: boolean;
}

/** Lattice node key. */
export function nodeKey(i: number, j: number): number {
  return j * (NI + 1) + i;
}

let latticeCache: LatticeNode[] | null = null;

/** The warped lattice nodes (i in 0..NI, j in 0..NJ), built once. */
export function lattice(): LatticeNode[] {
  if (latticeCache) return latticeCache;
  const nodes: LatticeNode[] = [];
  for (let j = 0; j <= NJ; j++) {
    for (let i = 0; i <= NI; i++) {
      const bx = i * LATTICE;
      const by = j * LATTICE;
      const edge = i === 0 || j === 0 || i === NI || j === NJ;
      const x = edge ? bx : bx + 14 * fbm(bx / 400, by / 400, SEED + 41, 2);
      const y = edge ? by : by + 14 * fbm(bx / 400, by / 400, SEED + 43, 2);
      sample(x, y);
      const z = site.zone;
      const open =
        !edge &&
        (z === Zone.OLD_TOWN || z === Zone.LEVEE || z === Zone.SCARP || z === Zone.CENTRE || z === Zone.SUBURB);
      nodes.push({ x, y, z: site.z, zone: z, side: site.side, e: site.e, open });
    }
  }
  latticeCache = nodes;
  return nodes;
}

function lineLevel(k: number): number {
  return k % 8 === 0 ? 3 : k % 4 === 0 ? 2 : k % 2 === 0 ? 1 : 0;
}

function zoneMinLevel(zone: number): number {
  if (zone === Zone.OLD_TOWN || zone === Zone.LEVEE) return 0;
  if (zone === Zone.CENTRE || zone === Zone.SCARP) return 1;
  return 2;
}

/** A street between two lattice nodes. */
export interface Segment {
  a: number;
  b: number;
  cls: RoadClass;
  bridge: boolean;
}

export interface RoadLink {
  id: string;
  cls: RoadClass;
  bridge: boolean;
  /** lattice node keys along the link, end to end */
  nodes: number[];
}

export interface RoadNetwork {
  nodes: LatticeNode[];
  segments: Segment[];
  links: RoadLink[];
}

function find(p: Int32Array, a: number): number {
  while (p[a] !== a) {
    p[a] = p[p[a]];
    a = p[a];
  }
  return a;
}

let roadCache: RoadNetwork | null = null;

/** The district's street network (deterministic, built once). */
export function buildRoads(): RoadNetwork {
  if (roadCache) return roadCache;
  const nodes = lattice();
  const candidates: Segment[] = [];
  const tryLink = (i0: number, j0: number, i1: number, j1: number, level: number) => {
    const a = nodeKey(i0, j0);
    const b = nodeKey(i1, j1);
    const na = nodes[a];
    const nb = nodes[b];
    if (!na.open || !nb.open) return;
    if (level < Math.max(zoneMinLevel(na.zone), zoneMinLevel(nb.zone))) return;
    const len = Math.hypot(nb.x - na.x, nb.y - na.y);
    if (Math.abs(nb.z - na.z) / len > 0.2) return;
    for (const t of [0.25, 0.5, 0.75]) {
      sample(na.x + t * (nb.x - na.x), na.y + t * (nb.y - na.y));
      if (site.zone === Zone.RIVER || site.zone === Zone.FOREST || site.zone === Zone.BANK) return;
    }
    candidates.push({ a, b, cls: LEVEL_CLASS[level], bridge: false });
  };
  for (let j = 0; j <= NJ; j++) {
    for (let i = 0; i <= NI; i++) {
      if (i < NI) tryLink(i, j, i + 1, j, lineLevel(j));
      if (j < NJ) tryLink(i, j, i, j + 1, lineLevel(i));
    }
  }
  // components
  const parent = new Int32Array(nodes.length);
  for (let k = 0; k < nodes.length; k++) parent[k] = k;
  for (const sg of candidates) {
    const ra = find(parent, sg.a);
    const rb = find(parent, sg.b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const sizeBySide = [new Map<number, number>(), new Map<number, number>()];
  for (const sg of candidates) {
    const side = nodes[sg.a].side > 0 ? 0 : 1;
    const r = find(parent, sg.a);
    sizeBySide[side].set(r, (sizeBySide[side].get(r) ?? 0) + 1);
  }
  const largest = sizeBySide.map((m) => {
    let best = -1;
    let bestN = -1;
    for (const [r, n] of m) if (n > bestN || (n === bestN && r < best)) [best, bestN] = [r, n];
    return best;
  });
  // the bridge: on the east leg, between the two main networks
  const sb = chainageAtX(4330);
  const hw = halfWidth(sb);
  const targets = [pointAt(sb, hw + 60), pointAt(sb, -hw - 90)];
  const ends = targets.map((p, side) => {
    let best = -1;
    let bestD = Infinity;
    for (const sg of candidates) {
      for (const k of [sg.a, sg.b]) {
        if (find(parent, k) !== largest[side]) continue;
        const d = Math.hypot(nodes[k].x - p[0], nodes[k].y - p[1]);
        if (d < bestD || (d === bestD && k < best)) [best, bestD] = [k, d];
      }
    }
    return best;
  });
  const segments = candidates.filter((sg) => {
    const r = find(parent, sg.a);
    return r === largest[0] || r === largest[1];
  });
  if (ends[0] >= 0 && ends[1] >= 0) segments.push({ a: ends[0], b: ends[1], cls: 'primary', bridge: true });
  roadCache = { nodes, segments, links: mergeChains(nodes.length, segments) };
  return roadCache;
}

/** Joins segments through degree-2 nodes of the same class into links. */
function mergeChains(nNodes: number, segments: Segment[]): RoadLink[] {
  const adjStart = new Int32Array(nNodes + 1);
  for (const sg of segments) {
    adjStart[sg.a + 1]++;
    adjStart[sg.b + 1]++;
  }
  for (let k = 0; k < nNodes; k++) adjStart[k + 1] += adjStart[k];
  const adj = new Int32Array(adjStart[nNodes]);
  const fill = adjStart.slice(0, nNodes);
  segments.forEach((sg, idx) => {
    adj[fill[sg.a]++] = idx;
    adj[fill[sg.b]++] = idx;
  });
  const degree = (k: number) => adjStart[k + 1] - adjStart[k];
  const isBreak = (k: number) => {
    if (degree(k) !== 2) return true;
    const s0 = segments[adj[adjStart[k]]];
    const s1 = segments[adj[adjStart[k] + 1]];
    return s0.cls !== s1.cls || s0.bridge || s1.bridge;
  };
  const used = new Uint8Array(segments.length);
  const links: RoadLink[] = [];
  const walk = (start: number, segIdx: number) => {
    const chain = [start];
    let cur = start;
    let si = segIdx;
    const first = segments[segIdx];
    for (;;) {
      used[si] = 1;
      const sg = segments[si];
      const next = sg.a === cur ? sg.b : sg.a;
      chain.push(next);
      cur = next;
      if (isBreak(cur) || cur === start) break;
      const s0 = adj[adjStart[cur]];
      const s1 = adj[adjStart[cur] + 1];
      si = used[s0] ? s1 : s0;
      if (used[si]) break;
    }
    links.push({ id: `r${links.length + 1}`, cls: first.cls, bridge: first.bridge, nodes: chain });
  };
  for (let k = 0; k < nNodes; k++) {
    if (degree(k) === 0 || !isBreak(k)) continue;
    for (let p = adjStart[k]; p < adjStart[k + 1]; p++) if (!used[adj[p]]) walk(k, adj[p]);
  }
  // loops of degree-2 nodes only
  segments.forEach((sg, idx) => {
    if (!used[idx]) walk(sg.a, idx);
  });
  return links;
}
