/**
 * The storm sewer network (SWMM 5 .inp, SI units) of a twin, laid under its streets.
 *
 * Manholes (junctions) sit at street nodes, moved to the lowest street cell next to the node so
 * that each is an inlet at a street low point, rim at the DEM ground. Each manhole drains to one
 * parent along a street (a tree grown from the outfalls by Dijkstra; climbing against the ground
 * costs 40 m a metre), so flow runs downhill where it can. Diameters come from the rational method
 * (Q = C·i·A, i = 110 mm/h: the 3-year, 15-minute intensity of the storm formula) and Manning
 * full-pipe flow; inverts keep 1 m of cover over the crown and a minimum slope to the outfall.
 * Outfalls sit at the river's edge with flap gates. The old town behind the levee (the polder)
 * drains to a wet well: a pump lifts it over the levee; a gated gravity outlet drains it at low river.
 */
import { halfWidth, normalWs, pointAt } from './river.ts';
import { LATTICE, type RoadNetwork } from './roads.ts';
import { LEVEE_ABOVE_WS } from './site.ts';
import { PUMP_POCKET, sample, site, Zone } from './terrain.ts';
import { cellX, cellY, type TwinGrids, type TwinSpec } from './twinGrids.ts';
import { round, toMap } from './geo.ts';

const DIAMETERS = [0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.2, 1.35, 1.5, 1.65, 1.8, 2.0, 2.2, 2.4, 2.6, 3.0];
const N_PIPE = 0.013;
const DESIGN_MM_PER_H = 110;
const COVER_M = 1.0;
/** deepest manhole we accept (ground to invert) */
const MAX_DEPTH_M = 6.5;

function minSlope(d: number): number {
  return d < 0.8 ? 0.003 : d < 1.5 ? 0.0015 : 0.001;
}

function fullFlow(d: number, s: number): number {
  return (((Math.PI * d * d) / 4) * Math.pow(d / 4, 2 / 3) * Math.sqrt(s)) / N_PIPE;
}

export interface SewerNode {
  name: string;
  x: number;
  y: number;
  ground: number;
  invert: number;
  kind: 'junction' | 'outfall' | 'storage';
  gated?: boolean;
}

export interface SewerLink {
  name: string;
  from: string;
  to: string;
  length: number;
  diameter: number;
  inOffset: number;
  kind: 'conduit' | 'pump';
}

export interface SewerNetwork {
  nodes: SewerNode[];
  links: SewerLink[];
  pumpCurve: [number, number][];
  pump: { startup: number; shutoff: number };
}

interface Work {
  key: number;
  x: number;
  y: number;
  ground: number;
  polder: boolean;
  zone: number;
  side: number;
  e: number;
  s: number;
  spacing: number;
}

/** Builds the sewer network of a twin from its street segments inside the window. */
export function buildSewers(spec: TwinSpec, grids: TwinGrids, roads: RoadNetwork): SewerNetwork {
  const { dem, street } = grids;
  const cs = spec.cellSize;
  const inside = (x: number, y: number) =>
    x > spec.x0 + 2 * cs && x < spec.x1 - 2 * cs && y > spec.y0 + 2 * cs && y < spec.y1 - 2 * cs;
  const work = new Map<number, Work>();
  const adj = new Map<number, { to: number; len: number }[]>();
  const node = (key: number): Work | null => {
    const w0 = work.get(key);
    if (w0) return w0;
    const p = roads.nodes[key];
    if (!inside(p.x, p.y)) return null;
    sample(p.x, p.y);
    // sewered: the old town, the terrace and the south-bank quarter near the river
    if (
      !(
        site.zone === Zone.OLD_TOWN ||
        site.zone === Zone.LEVEE ||
        site.zone === Zone.SCARP ||
        site.zone === Zone.CENTRE ||
        (site.zone === Zone.SUBURB && site.e < 900)
      )
    )
      return null;
    const polder = site.polder || (site.zone === Zone.LEVEE && site.e > 60);
    const spacing = site.zone === Zone.OLD_TOWN || site.zone === Zone.LEVEE ? 40 : site.zone === Zone.SUBURB ? 160 : 80;
    // the lowest street cell around the node: the inlet
    const col = Math.floor((p.x - spec.x0) / cs);
    const row = dem.nrows - 1 - Math.floor((p.y - spec.y0) / cs);
    let bestK = row * dem.ncols + col;
    let bestZ = Infinity;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const k = (row + dr) * dem.ncols + (col + dc);
        if (street[k] && dem.values[k] < bestZ) [bestZ, bestK] = [dem.values[k], k];
      }
    }
    if (bestZ === Infinity) return null; // no street cell here (the levee crest): no inlet
    const c = bestK % dem.ncols;
    const r = (bestK - c) / dem.ncols;
    const w: Work = {
      key,
      x: cellX(spec, c),
      y: cellY(spec, r, dem.nrows),
      ground: dem.values[bestK],
      polder,
      zone: site.zone,
      side: site.side,
      e: site.e,
      s: site.s,
      spacing,
    };
    work.set(key, w);
    adj.set(key, []);
    return w;
  };
  for (const sg of roads.segments) {
    if (sg.bridge) continue;
    const a = node(sg.a);
    const b = node(sg.b);
    if (!a || !b || a.polder !== b.polder) continue;
    const len = Math.hypot(a.x - b.x, a.y - b.y);
    adj.get(sg.a)!.push({ to: sg.b, len });
    adj.get(sg.b)!.push({ to: sg.a, len });
  }
  const keys = [...work.keys()].filter((k) => adj.get(k)!.length > 0).sort((a, b) => a - b);
  // roots: per 400 m of bank, the node nearest the river; for the polder the node nearest the pump
  const roots = new Map<number, { x: number; y: number }>();
  const bins = new Map<string, Work>();
  for (const k of keys) {
    const w = work.get(k)!;
    if (w.polder || w.e > 150) continue;
    const bin = `${w.side}:${Math.floor(w.s / 400)}`;
    const cur = bins.get(bin);
    if (!cur || w.e < cur.e || (w.e === cur.e && w.key < cur.key)) bins.set(bin, w);
  }
  for (const w of [...bins.values()].sort((a, b) => a.key - b.key)) {
    const [ox, oy] = pointAt(w.s, w.side * (halfWidth(w.s) - 12));
    roots.set(w.key, { x: ox, y: oy });
  }
  let pumpRoot = -1;
  let bestD = Infinity;
  for (const k of keys) {
    const w = work.get(k)!;
    if (!w.polder) continue;
    const d = Math.hypot(w.x - PUMP_POCKET.x, w.y - PUMP_POCKET.y);
    if (d < bestD) [bestD, pumpRoot] = [d, k];
  }
  // Dijkstra from the roots (a binary heap on [cost, key]); a pipe that would have to climb so
  // far that a manhole ends up deeper than MAX_DEPTH_M is forbidden and the tree grown again
  const forbidden = new Set<number>();
  const fkey = (child: number, par: number) => child * 1e6 + par;
  const grow = () => {
    const dist = new Map<number, number>();
    const parent = new Map<number, number>();
    const heap: [number, number][] = [];
    const push = (c: number, k: number) => {
      heap.push([c, k]);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p][0] < heap[i][0] || (heap[p][0] === heap[i][0] && heap[p][1] <= heap[i][1])) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    };
    const pop = (): [number, number] => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          const less = (a: number, b: number) =>
            heap[a][0] < heap[b][0] || (heap[a][0] === heap[b][0] && heap[a][1] < heap[b][1]);
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === i) break;
          [heap[m], heap[i]] = [heap[i], heap[m]];
          i = m;
        }
      }
      return top;
    };
    for (const k of roots.keys()) push(0, k);
    if (pumpRoot >= 0) push(0, pumpRoot);
    const done = new Set<number>();
    const order: number[] = [];
    while (heap.length) {
      const [c, k] = pop();
      if (done.has(k)) continue;
      done.add(k);
      dist.set(k, c);
      order.push(k);
      const wp = work.get(k)!;
      for (const { to, len } of adj.get(k)!) {
        if (done.has(to) || forbidden.has(fkey(to, k))) continue;
        const wc = work.get(to)!;
        const nc = c + len + 40 * Math.max(0, wp.ground - wc.ground);
        if (nc < (dist.get(to) ?? Infinity)) {
          dist.set(to, nc);
          parent.set(to, k);
          push(nc, to);
        }
      }
    }
    // contributing areas and diameters, leaves first
    const area = new Map<number, number>();
    const diam = new Map<number, number>();
    for (const k of order) {
      const w = work.get(k)!;
      let lenSum = 0;
      for (const { len } of adj.get(k)!) lenSum += len;
      area.set(k, (lenSum / 2) * (w.spacing / 2) * (w.zone === Zone.SUBURB ? 0.6 : 0.8));
    }
    const children = new Map<number, number[]>();
    for (const k of order) {
      const p = parent.get(k);
      if (p === undefined) continue;
      if (!children.has(p)) children.set(p, []);
      children.get(p)!.push(k);
    }
    const invert = new Map<number, number>();
    for (let idx = order.length - 1; idx >= 0; idx--) {
      const k = order[idx];
      const w = work.get(k)!;
      let a = area.get(k)!;
      let dMin = DIAMETERS[0];
      for (const ch of children.get(k) ?? []) {
        a += area.get(ch)!;
        dMin = Math.max(dMin, diam.get(ch)!);
      }
      area.set(k, a);
      const q = (a * DESIGN_MM_PER_H) / 1000 / 3600;
      const p = parent.get(k);
      let slope = 0.003;
      let len = LATTICE;
      if (p !== undefined) {
        const wp = work.get(p)!;
        len = Math.hypot(w.x - wp.x, w.y - wp.y);
        slope = Math.max(0.003, (w.ground - wp.ground) / len);
      }
      let d = DIAMETERS[DIAMETERS.length - 1];
      for (const c of DIAMETERS) {
        if (c >= dMin && fullFlow(c, Math.max(slope, minSlope(c))) >= q) {
          d = c;
          break;
        }
      }
      diam.set(k, d);
      let inv = w.ground - COVER_M - d;
      for (const ch of children.get(k) ?? []) {
        const wc = work.get(ch)!;
        const l = Math.hypot(w.x - wc.x, w.y - wc.y);
        inv = Math.min(inv, invert.get(ch)! - minSlope(diam.get(ch)!) * l);
      }
      invert.set(k, inv);
    }
    return { order, parent, diam, invert, children };
  };
  let tree = grow();
  for (let round = 0; round < 12; round++) {
    let cut = 0;
    for (const k of tree.order) {
      const w = work.get(k)!;
      if (w.ground - tree.invert.get(k)! <= MAX_DEPTH_M) continue;
      for (const ch of tree.children.get(k) ?? []) {
        if (work.get(ch)!.ground - tree.invert.get(ch)! <= MAX_DEPTH_M) {
          forbidden.add(fkey(ch, k));
          cut++;
        }
      }
    }
    if (cut === 0) break;
    tree = grow();
  }
  // drop what still cannot drain within MAX_DEPTH_M, with everything upstream of it
  const { parent, diam, invert } = tree;
  const bad = new Set<number>();
  for (const k of tree.order) {
    const p = parent.get(k);
    if (work.get(k)!.ground - invert.get(k)! > MAX_DEPTH_M || (p !== undefined && bad.has(p))) bad.add(k);
  }
  const order = tree.order.filter((k) => !bad.has(k));
  // names in key order
  const names = new Map<number, string>();
  const sorted = [...order].sort((a, b) => a - b);
  sorted.forEach((k, i) => {
    names.set(k, `J${i + 1}`);
  });
  const nodes: SewerNode[] = [];
  const links: SewerLink[] = [];
  for (const k of sorted) {
    const w = work.get(k)!;
    nodes.push({ name: names.get(k)!, x: w.x, y: w.y, ground: w.ground, invert: invert.get(k)!, kind: 'junction' });
  }
  let ci = 0;
  for (const k of sorted) {
    const p = parent.get(k);
    if (p === undefined) continue;
    const w = work.get(k)!;
    const wp = work.get(p)!;
    links.push({
      name: `C${++ci}`,
      from: names.get(k)!,
      to: names.get(p)!,
      length: Math.hypot(w.x - wp.x, w.y - wp.y),
      diameter: diam.get(k)!,
      inOffset: 0,
      kind: 'conduit',
    });
  }
  let oi = 0;
  for (const [k, pos] of [...roots.entries()].sort((a, b) => a[0] - b[0])) {
    const w = work.get(k)!;
    const d = diam.get(k)!;
    const len = Math.max(cs, Math.hypot(w.x - pos.x, w.y - pos.y));
    const name = `OF${++oi}`;
    sample(pos.x, pos.y);
    // at the bank: no higher than the ground there (a steep last pipe drops to it), 0.5 m over normal water
    const ofInvert = Math.min(invert.get(k)! - minSlope(d) * len, Math.max(site.z, normalWs(w.s) + 0.5));
    nodes.push({ name, x: pos.x, y: pos.y, ground: site.z, invert: ofInvert, kind: 'outfall', gated: true });
    links.push({
      name: `C${++ci}`,
      from: names.get(k)!,
      to: name,
      length: len,
      diameter: d,
      inOffset: 0,
      kind: 'conduit',
    });
  }
  if (pumpRoot >= 0) {
    const w = work.get(pumpRoot)!;
    const d = diam.get(pumpRoot)!;
    const ws = normalWs(PUMP_POCKET.s);
    const len = Math.max(cs, Math.hypot(w.x - PUMP_POCKET.x, w.y - PUMP_POCKET.y));
    const wellInvert = invert.get(pumpRoot)! - minSlope(d) * len - 1.5;
    sample(PUMP_POCKET.x, PUMP_POCKET.y);
    nodes.push({
      name: 'PS1',
      x: PUMP_POCKET.x,
      y: PUMP_POCKET.y,
      ground: site.z,
      invert: wellInvert,
      kind: 'storage',
    });
    links.push({
      name: `C${++ci}`,
      from: names.get(pumpRoot)!,
      to: 'PS1',
      length: len,
      diameter: d,
      inOffset: 0,
      kind: 'conduit',
    });
    const hw = halfWidth(PUMP_POCKET.s);
    // pumped: over the levee (the outfall at the crest less 0.5 m)
    const [px, py] = pointAt(PUMP_POCKET.s, hw - 12);
    sample(px, py);
    nodes.push({
      name: 'OF_PS',
      x: px,
      y: py,
      ground: site.z,
      invert: ws + LEVEE_ABOVE_WS - 0.5,
      kind: 'outfall',
      gated: true,
    });
    links.push({ name: 'P1', from: 'PS1', to: 'OF_PS', length: 0, diameter: 0, inOffset: 0, kind: 'pump' });
    // gravity: through the levee, 1.5 m above the wet-well floor
    const [gx, gy] = pointAt(PUMP_POCKET.s + 40, hw - 12);
    sample(gx, gy);
    const glen = Math.hypot(gx - PUMP_POCKET.x, gy - PUMP_POCKET.y);
    nodes.push({
      name: 'OF_PSG',
      x: gx,
      y: gy,
      ground: site.z,
      invert: wellInvert + 1.5 - 0.0015 * glen,
      kind: 'outfall',
      gated: true,
    });
    links.push({
      name: `C${++ci}`,
      from: 'PS1',
      to: 'OF_PSG',
      length: glen,
      diameter: Math.min(d, 1.5),
      inOffset: 1.5,
      kind: 'conduit',
    });
  }
  return {
    nodes,
    links,
    // PUMP3 curve: head (m) → flow (m³/s), a 4 m³/s station at about 8 m of lift
    pumpCurve: [
      [2, 5.0],
      [6, 4.4],
      [10, 3.3],
      [14, 1.6],
      [16, 0],
    ],
    pump: { startup: 2.0, shutoff: 0.8 },
  };
}

const f3 = (v: number) => round(v, 3).toFixed(3);
const f2 = (v: number) => round(v, 2).toFixed(2);

/** The network as SWMM 5 .inp text (coordinates in UTM 48N metres). */
export function sewerInp(
  net: SewerNetwork,
  title: string,
  startDate: string,
  endDate: string,
  bounds: [number, number, number, number],
): string {
  const L: string[] = [];
  const sec = (name: string, header?: string) => {
    L.push('', `[${name}]`);
    if (header) L.push(header);
  };
  L.push('[TITLE]', ';;Project Title/Notes', title);
  sec('OPTIONS', ';;Option             Value');
  const opts: [string, string][] = [
    ['FLOW_UNITS', 'CMS'],
    ['INFILTRATION', 'HORTON'],
    ['FLOW_ROUTING', 'DYNWAVE'],
    ['LINK_OFFSETS', 'DEPTH'],
    ['MIN_SLOPE', '0'],
    ['ALLOW_PONDING', 'NO'],
    ['SKIP_STEADY_STATE', 'NO'],
    ['START_DATE', startDate],
    ['START_TIME', '00:00:00'],
    ['REPORT_START_DATE', startDate],
    ['REPORT_START_TIME', '00:00:00'],
    ['END_DATE', endDate],
    ['END_TIME', '00:00:00'],
    ['DRY_DAYS', '0'],
    ['REPORT_STEP', '00:05:00'],
    ['WET_STEP', '00:01:00'],
    ['DRY_STEP', '01:00:00'],
    ['ROUTING_STEP', '0:00:05'],
    ['INERTIAL_DAMPING', 'PARTIAL'],
    ['NORMAL_FLOW_LIMITED', 'BOTH'],
    ['FORCE_MAIN_EQUATION', 'H-W'],
    ['VARIABLE_STEP', '0.75'],
    ['LENGTHENING_STEP', '0'],
    ['MIN_SURFAREA', '1.167'],
    ['MAX_TRIALS', '8'],
    ['HEAD_TOLERANCE', '0.0015'],
    ['SYS_FLOW_TOL', '5'],
    ['LAT_FLOW_TOL', '5'],
    ['MINIMUM_STEP', '0.5'],
    ['THREADS', '1'],
  ];
  for (const [k, v] of opts) L.push(`${k.padEnd(21)}${v}`);
  sec('JUNCTIONS', ';;Name          Elevation  MaxDepth   InitDepth  SurDepth   Aponded');
  for (const n of net.nodes)
    if (n.kind === 'junction')
      L.push(
        `${n.name.padEnd(16)}${f3(n.invert).padEnd(11)}${f3(n.ground - n.invert).padEnd(11)}0          0          0`,
      );
  sec('OUTFALLS', ';;Name          Elevation  Type       Stage Data       Gated    Route To');
  for (const n of net.nodes)
    if (n.kind === 'outfall')
      L.push(`${n.name.padEnd(16)}${f3(n.invert).padEnd(11)}FREE                        ${n.gated ? 'YES' : 'NO'}`);
  sec(
    'STORAGE',
    ';;Name          Elev.      MaxDepth   InitDepth  Shape      Curve Name/Params            SurDepth Fevap',
  );
  for (const n of net.nodes)
    if (n.kind === 'storage')
      L.push(
        `${n.name.padEnd(16)}${f3(n.invert).padEnd(11)}${f3(n.ground - n.invert).padEnd(11)}0          FUNCTIONAL 0          0          400      0        0`,
      );
  sec(
    'CONDUITS',
    ';;Name          From Node        To Node          Length     Roughness  InOffset   OutOffset  InitFlow   MaxFlow',
  );
  for (const l of net.links)
    if (l.kind === 'conduit')
      L.push(
        `${l.name.padEnd(16)}${l.from.padEnd(17)}${l.to.padEnd(17)}${f2(l.length).padEnd(11)}${String(N_PIPE).padEnd(11)}${f2(l.inOffset).padEnd(11)}0          0          0`,
      );
  sec('PUMPS', ';;Name          From Node        To Node          Pump Curve       Status   Startup Shutoff');
  for (const l of net.links)
    if (l.kind === 'pump')
      L.push(
        `${l.name.padEnd(16)}${l.from.padEnd(17)}${l.to.padEnd(17)}${'PC1'.padEnd(17)}ON       ${f2(net.pump.startup)}   ${f2(net.pump.shutoff)}`,
      );
  sec('XSECTIONS', ';;Link          Shape        Geom1            Geom2      Geom3      Geom4      Barrels    Culvert');
  for (const l of net.links)
    if (l.kind === 'conduit')
      L.push(
        `${l.name.padEnd(16)}${'CIRCULAR'.padEnd(13)}${f2(l.diameter).padEnd(17)}0          0          0          1`,
      );
  sec('CURVES', ';;Name          Type       X-Value    Y-Value');
  net.pumpCurve.forEach(([h, q], i) => {
    L.push(`${'PC1'.padEnd(16)}${(i === 0 ? 'Pump3' : '').padEnd(11)}${f2(h).padEnd(11)}${f2(q)}`);
  });
  sec('MAP');
  L.push(`DIMENSIONS ${f2(bounds[0])} ${f2(bounds[1])} ${f2(bounds[2])} ${f2(bounds[3])}`, 'Units      Meters');
  sec('COORDINATES', ';;Node          X-Coord            Y-Coord');
  for (const n of net.nodes) {
    const [mx, my] = toMap(n.x, n.y);
    L.push(`${n.name.padEnd(16)}${mx.toFixed(2).padEnd(19)}${my.toFixed(2)}`);
  }
  return L.join('\n') + '\n';
}
