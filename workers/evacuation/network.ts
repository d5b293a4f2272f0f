/**
 * The directed road graph: nodes where roads end or share a vertex, directed links between them
 * (struct-of-arrays), with the queue-link attributes of MATSim (free-flow time, flow capacity,
 * storage capacity). Footways and the wrong way of one-way roads are for walkers only.
 */
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import { InputError } from '../../src/core/errors.ts';
import type { RoadInput } from './types.ts';

export const MODE_CAR = 1;
export const MODE_WALK = 2;

/** LifeSim free speeds by class: 65/55/45/35/25 mph; service roads 20 km/h. */
const CLASS_SPEED_KMH: Record<string, number> = {
  motorway: 104.6,
  trunk: 88.5,
  primary: 88.5,
  secondary: 72.4,
  tertiary: 56.3,
  residential: 40.2,
  unclassified: 40.2,
  living_street: 20,
  service: 20,
};
const CLASS_LANES: Record<string, number> = { motorway: 4, trunk: 4, primary: 4, secondary: 2 };
const WALK_ONLY = new Set(['footway', 'path', 'pedestrian', 'steps', 'cycleway', 'track']);
/** usable walking width of a link (m): a footway, or the pavement on one side of a road */
const FOOTWAY_WIDTH_M = 2;
const PAVEMENT_WIDTH_M = 3;

export interface NetworkParams {
  laneCapacityVehPerH: number;
  jamDensityVehPerKm: number;
}

export interface RoadNetwork {
  nodeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  linkCount: number;
  linkFrom: Int32Array;
  linkTo: Int32Array;
  linkLen: Float64Array;
  /** free speed (m/s) for vehicles */
  linkSpeed: Float64Array;
  linkLanes: Float64Array;
  /** vehicles per second */
  linkFlowCap: Float64Array;
  /** vehicles the link holds at jam density (at least 1) */
  linkStorage: Float64Array;
  /** walking width (m) */
  linkWidth: Float64Array;
  /** MODE_CAR | MODE_WALK bits */
  linkMode: Uint8Array;
  /** index into the roads array */
  linkRoad: Int32Array;
  /** geometry of each directed link: x,y pairs in geomXY from geomStart[l] to geomStart[l+1] (exclusive), in travel order */
  geomStart: Int32Array;
  geomXY: Float64Array;
  /** cumulative length at each geometry vertex */
  geomCum: Float64Array;
  /** incoming links per node (CSR), for reverse Dijkstra */
  inStart: Int32Array;
  inLinks: Int32Array;
  roadIds: string[];
  /** undirected segments for snapping: the forward link / the reverse link (-1 when none), offset along the forward link */
  segLinkF: Int32Array;
  segLinkB: Int32Array;
  segOffset: Float64Array;
  segXY: Float64Array;
  segIndexAll: Flatbush | null;
  segIndexCar: Flatbush | null;
  segIdsCar: Int32Array;
  nodeIndex: KDBush | null;
}

function finiteOr(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
}

export function buildNetwork(roads: RoadInput[], p: NetworkParams): RoadNetwork {
  // 1. count vertex uses, so that a vertex shared by two roads (or used twice) becomes a node
  const key = (x: number, y: number): string => `${Math.round(x * 100)},${Math.round(y * 100)}`;
  const uses = new Map<string, number>();
  for (let r = 0; r < roads.length; r++) {
    const c = roads[r].coords;
    if (!(c instanceof Float64Array) || c.length < 4 || c.length % 2 !== 0) {
      throw new InputError(`road ${roads[r].id} needs at least two x,y vertices`, { field: `roads[${r}].coords` });
    }
    for (let i = 0; i < c.length; i++) {
      if (!Number.isFinite(c[i])) {
        throw new InputError(`road ${roads[r].id} has a non-finite coordinate`, { field: `roads[${r}].coords[${i}]` });
      }
    }
    const nv = c.length / 2;
    for (let i = 0; i < nv; i++) {
      const k = key(c[2 * i], c[2 * i + 1]);
      const endpoint = i === 0 || i === nv - 1;
      uses.set(k, (uses.get(k) ?? 0) + (endpoint ? 2 : 1));
    }
  }
  const nodeOf = new Map<string, number>();
  const nx: number[] = [];
  const ny: number[] = [];
  const nodeAt = (x: number, y: number): number => {
    const k = key(x, y);
    let n = nodeOf.get(k);
    if (n === undefined) {
      n = nx.length;
      nodeOf.set(k, n);
      nx.push(x);
      ny.push(y);
    }
    return n;
  };

  // 2. split roads at nodes into pieces; each piece gives one or two directed links
  const lFrom: number[] = [];
  const lTo: number[] = [];
  const lLen: number[] = [];
  const lSpeed: number[] = [];
  const lLanes: number[] = [];
  const lWidth: number[] = [];
  const lMode: number[] = [];
  const lRoad: number[] = [];
  const gStart: number[] = [];
  const gXY: number[] = [];
  const gCum: number[] = [];
  const sF: number[] = [];
  const sB: number[] = [];
  const sOff: number[] = [];
  const sXY: number[] = [];

  const addLink = (
    from: number,
    to: number,
    xy: number[],
    len: number,
    speed: number,
    lanes: number,
    width: number,
    mode: number,
    road: number,
  ): number => {
    const l = lFrom.length;
    lFrom.push(from);
    lTo.push(to);
    lLen.push(len);
    lSpeed.push(speed);
    lLanes.push(lanes);
    lWidth.push(width);
    lMode.push(mode);
    lRoad.push(road);
    gStart.push(gXY.length / 2);
    let cum = 0;
    for (let i = 0; i < xy.length; i += 2) {
      if (i > 0) cum += Math.hypot(xy[i] - xy[i - 2], xy[i + 1] - xy[i - 1]);
      gXY.push(xy[i], xy[i + 1]);
      gCum.push(cum);
    }
    return l;
  };

  for (let r = 0; r < roads.length; r++) {
    const road = roads[r];
    const c = road.coords;
    const cls = String(road.cls ?? 'residential').toLowerCase();
    const walkOnly = WALK_ONLY.has(cls);
    const speedKmh = finiteOr(road.speedKmh, CLASS_SPEED_KMH[cls] ?? 40.2);
    const totalLanes = Math.round(finiteOr(road.lanes, CLASS_LANES[cls] ?? (road.oneway ? 1 : 2)));
    const oneway = road.oneway === true;
    // OSM `lanes` counts both directions of a two-way road
    const lanesPerDir = oneway ? Math.max(1, totalLanes) : Math.max(1, Math.floor(totalLanes / 2));
    const width = walkOnly ? FOOTWAY_WIDTH_M : PAVEMENT_WIDTH_M;
    const nv = c.length / 2;
    let pieceStart = 0;
    for (let i = 1; i < nv; i++) {
      const isNode = i === nv - 1 || (uses.get(key(c[2 * i], c[2 * i + 1])) ?? 0) >= 2;
      if (!isNode) continue;
      // piece from vertex pieceStart to i
      const fwd: number[] = [];
      let len = 0;
      for (let j = pieceStart; j <= i; j++) {
        if (j > pieceStart) {
          const d = Math.hypot(c[2 * j] - c[2 * j - 2], c[2 * j + 1] - c[2 * j - 1]);
          if (d === 0) continue;
          len += d;
        }
        fwd.push(c[2 * j], c[2 * j + 1]);
      }
      const a = nodeAt(c[2 * pieceStart], c[2 * pieceStart + 1]);
      const b = nodeAt(c[2 * i], c[2 * i + 1]);
      pieceStart = i;
      if (len <= 0 || a === b) continue;
      const bwd: number[] = [];
      for (let j = fwd.length - 2; j >= 0; j -= 2) bwd.push(fwd[j], fwd[j + 1]);
      const vMs = speedKmh / 3.6;
      const lf = addLink(a, b, fwd, len, vMs, lanesPerDir, width, walkOnly ? MODE_WALK : MODE_CAR | MODE_WALK, r);
      // the reverse way: a road for cars unless one-way; always walkable
      const lb = addLink(
        b,
        a,
        bwd,
        len,
        vMs,
        lanesPerDir,
        width,
        walkOnly || oneway ? MODE_WALK : MODE_CAR | MODE_WALK,
        r,
      );
      let off = 0;
      for (let j = 2; j < fwd.length; j += 2) {
        sF.push(lf);
        sB.push(lb);
        sOff.push(off);
        sXY.push(fwd[j - 2], fwd[j - 1], fwd[j], fwd[j + 1]);
        off += Math.hypot(fwd[j] - fwd[j - 2], fwd[j + 1] - fwd[j - 1]);
      }
    }
  }

  const L = lFrom.length;
  const N = nx.length;
  const linkLen = Float64Array.from(lLen);
  const linkLanes = Float64Array.from(lLanes);
  const linkFlowCap = new Float64Array(L);
  const linkStorage = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    linkFlowCap[l] = (linkLanes[l] * p.laneCapacityVehPerH) / 3600;
    linkStorage[l] = Math.max(1, (linkLen[l] / 1000) * linkLanes[l] * p.jamDensityVehPerKm);
  }
  // incoming CSR
  const inCount = new Int32Array(N + 1);
  for (let l = 0; l < L; l++) inCount[lTo[l] + 1]++;
  for (let n = 0; n < N; n++) inCount[n + 1] += inCount[n];
  const inLinks = new Int32Array(L);
  const fill = inCount.slice(0, N);
  for (let l = 0; l < L; l++) inLinks[fill[lTo[l]]++] = l;
  const geomStart = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) geomStart[l] = gStart[l];
  geomStart[L] = gXY.length / 2;

  const S = sF.length;
  const segXY = Float64Array.from(sXY);
  let segIndexAll: Flatbush | null = null;
  let segIndexCar: Flatbush | null = null;
  const carSegs: number[] = [];
  for (let s = 0; s < S; s++) if (lMode[sF[s]] & MODE_CAR) carSegs.push(s);
  if (S > 0) {
    segIndexAll = new Flatbush(S);
    for (let s = 0; s < S; s++) addSeg(segIndexAll, segXY, s);
    segIndexAll.finish();
  }
  if (carSegs.length > 0) {
    segIndexCar = new Flatbush(carSegs.length);
    for (const s of carSegs) addSeg(segIndexCar, segXY, s);
    segIndexCar.finish();
  }
  let nodeIndex: KDBush | null = null;
  if (N > 0) {
    nodeIndex = new KDBush(N);
    for (let n = 0; n < N; n++) nodeIndex.add(nx[n], ny[n]);
    nodeIndex.finish();
  }

  return {
    nodeCount: N,
    nodeX: Float64Array.from(nx),
    nodeY: Float64Array.from(ny),
    linkCount: L,
    linkFrom: Int32Array.from(lFrom),
    linkTo: Int32Array.from(lTo),
    linkLen,
    linkSpeed: Float64Array.from(lSpeed),
    linkLanes,
    linkFlowCap,
    linkStorage,
    linkWidth: Float64Array.from(lWidth),
    linkMode: Uint8Array.from(lMode),
    linkRoad: Int32Array.from(lRoad),
    geomStart,
    geomXY: Float64Array.from(gXY),
    geomCum: Float64Array.from(gCum),
    inStart: inCount,
    inLinks,
    roadIds: roads.map((r) => String(r.id)),
    segLinkF: Int32Array.from(sF),
    segLinkB: Int32Array.from(sB),
    segOffset: Float64Array.from(sOff),
    segXY,
    segIndexAll,
    segIndexCar,
    segIdsCar: Int32Array.from(carSegs),
    nodeIndex,
  };
}

function addSeg(index: Flatbush, xy: Float64Array, s: number): void {
  const x0 = xy[4 * s];
  const y0 = xy[4 * s + 1];
  const x1 = xy[4 * s + 2];
  const y1 = xy[4 * s + 3];
  index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
}

export interface SnapResult {
  /** the undirected segment */
  seg: number;
  /** distance along the forward link of the snapped point */
  along: number;
  dist: number;
}

/**
 * Nearest segment to (x, y): exact, by searching boxes of doubling radius until the best exact
 * distance lies inside the box. `car` restricts to segments drivable in at least one direction,
 * `ok` to segments it accepts.
 */
export function snapToSegment(
  net: RoadNetwork,
  x: number,
  y: number,
  car: boolean,
  ok?: (seg: number) => boolean,
  maxDist = Infinity,
): SnapResult | null {
  const index = car ? net.segIndexCar : net.segIndexAll;
  if (!index) return null;
  const xy = net.segXY;
  let r = 50;
  for (let iter = 0; iter < 40; iter++) {
    const found = index.search(x - r, y - r, x + r, y + r);
    let best = -1;
    let bestD = Infinity;
    let bestT = 0;
    for (let i = 0; i < found.length; i++) {
      const s = car ? net.segIdsCar[found[i]] : found[i];
      if (ok && !ok(s)) continue;
      const x0 = xy[4 * s];
      const y0 = xy[4 * s + 1];
      const dx = xy[4 * s + 2] - x0;
      const dy = xy[4 * s + 3] - y0;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const d = Math.hypot(x0 + t * dx - x, y0 + t * dy - y);
      if (d < bestD || (d === bestD && s < best)) {
        bestD = d;
        best = s;
        bestT = t * Math.sqrt(len2);
      }
    }
    if (best >= 0 && bestD <= r)
      return bestD <= maxDist ? { seg: best, along: net.segOffset[best] + bestT, dist: bestD } : null;
    if (r > 1e7 || r > maxDist) break;
    r *= 2;
  }
  return null;
}

/** Nearest node to (x, y) among those accepted by `ok` (ties: lowest index). */
export function nearestNode(net: RoadNetwork, x: number, y: number, ok: (n: number) => boolean): number {
  if (!net.nodeIndex) return -1;
  let r = 50;
  for (let iter = 0; iter < 40; iter++) {
    const ids = net.nodeIndex.within(x, y, r);
    let best = -1;
    let bestD = Infinity;
    for (const n of ids) {
      if (!ok(n)) continue;
      const d = Math.hypot(net.nodeX[n] - x, net.nodeY[n] - y);
      if (d < bestD || (d === bestD && n < best)) {
        bestD = d;
        best = n;
      }
    }
    if (best >= 0) return best;
    if (r > 1e7) break;
    r *= 2;
  }
  return -1;
}

/** Point at distance `s` along directed link l (clamped), written into out[0..1]. */
export function pointAlong(net: RoadNetwork, l: number, s: number, out: Float64Array): void {
  const g0 = net.geomStart[l];
  const g1 = net.geomStart[l + 1] - 1;
  const cum = net.geomCum;
  const xy = net.geomXY;
  if (s <= 0) {
    out[0] = xy[2 * g0];
    out[1] = xy[2 * g0 + 1];
    return;
  }
  if (s >= cum[g1]) {
    out[0] = xy[2 * g1];
    out[1] = xy[2 * g1 + 1];
    return;
  }
  let i = g0 + 1;
  while (i < g1 && cum[i] < s) i++;
  const seg = cum[i] - cum[i - 1];
  const t = seg > 0 ? (s - cum[i - 1]) / seg : 0;
  out[0] = xy[2 * i - 2] + t * (xy[2 * i] - xy[2 * i - 2]);
  out[1] = xy[2 * i - 1] + t * (xy[2 * i + 1] - xy[2 * i - 1]);
}
