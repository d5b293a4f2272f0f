/**
 * Dual drainage: the 1D network coupled to the 2D surface grid. Each junction / storage with
 * coordinates is linked to the grid cell it sits in; outfalls can be tied to the river on the grid.
 *
 * Exchange per node (Rubinato et al. 2017, J. Hydrol., as used by Itzï), A the manhole area,
 * w = 2√(πA), H the node head, η = z_c + h the surface level, z_c the cell bed (crest):
 *   capture, H < z_c:  free weir  Q = (2/3)·Cw·w·h^1.5·√(2g), at most the orifice value
 *   capture, H ≥ z_c:  min(submerged weir Cs·w·h_u·√(2g·h_u), orifice Co·A·√(2g·(η − H)))
 *   overflow (H > η, H > z_c): min(orifice, submerged weir), out of the node onto the cell.
 * Evaluated every network sub-step against the surface level already reduced by this step's
 * exchange (so the stiff manhole side is resolved at the sub-step), relaxed
 * Q = r·Q_new + (1 − r)·Q_old (reversals restart from r·Q_new), and capped by: the water on the cell,
 * the node's volume above the crest, and the volume that would equalise η and H in the sub-step.
 * One ledger across both domains: every m³ taken from or put on the grid is booked here.
 */
import { InputError } from '../../src/core/errors.ts';
import type { GridGeometry } from '../../src/core/grid.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import type { CouplerState, DrainageSample } from '../flood/coupling.ts';

export type { DrainageSample };
import { readSwmmInp } from '../../src/io/swmmInp.ts';
import { networkFromSwmm } from './fromSwmm.ts';
import type { DrainageNetwork } from './network.ts';
import { DrainageSolver, G, NODE_OUTFALL, type SolverState } from './solver.ts';

export type GridInfo = GridGeometry;

export interface OutfallOverride {
  /** 'grid': stage = h + z at the outfall's cell, discharge goes onto that cell; 'series': a stage
   *  series (e.g. a gauge record, absolute elevation m); 'fixed': a stage; 'free' / 'file': as the file says */
  mode: 'grid' | 'series' | 'fixed' | 'free' | 'file';
  stage?: number;
  series?: Series;
}

export interface CouplingOptions {
  /** free-weir coefficient Cw (0.54 by Rubinato et al.; calibrated 0.12–0.37 for grates) */
  weirCoeff: number;
  /** orifice coefficient Co (0.167; calibrated 0.35–2.0) */
  orificeCoeff: number;
  /** submerged-weir coefficient Cs (0.056) */
  submergedCoeff: number;
  /** relaxation r of the exchange flow between sub-steps (1 = none) */
  relaxation: number;
  /** manhole / inlet area A (m²); default the network's minimum surface area (1.167 m²) */
  manholeArea?: number;
  /** outfalls: 'file' keeps each outfall's own boundary; 'grid' ties every outfall inside the grid to it */
  outfallMode: 'file' | 'grid';
  /** per-outfall overrides by node name */
  outfalls?: Record<string, OutfallOverride>;
  /** apply the file's [INFLOWS] and [DWF] */
  useFileInflows: boolean;
  /** longest network sub-step (s); default the file's ROUTING_STEP */
  routingStep?: number;
  /** node names to couple; default every junction and storage node inside the grid */
  nodes?: string[];
}

export interface DrainageCouplingConfig {
  /** the SWMM `.inp` text (or give `network`) */
  inpText?: string;
  file: string;
  /** an SI network built in code (tests) */
  network?: DrainageNetwork;
  options?: Partial<CouplingOptions>;
}

export function defaultCouplingOptions(): CouplingOptions {
  return {
    weirCoeff: 0.54,
    orificeCoeff: 0.167,
    submergedCoeff: 0.056,
    relaxation: 0.5,
    outfallMode: 'file',
    useFileInflows: true,
  };
}

export interface SurfaceCoupler {
  /** One surface step [t, t+dt]: advance the network with adaptive sub-steps, exchange with the surface
   *  at the linked cells by changing h in place, and return the net volume moved INTO the surface (m³;
   *  negative = captured by the sewers). Never takes more than h·cellArea from a cell. */
  exchange(h: Float32Array, z: Float32Array, t: number, dt: number): number;
  /** Per-node and per-link values since the last sample (volumes per interval). */
  sample(t: number): DrainageSample;
  /** Totals for summary.json. */
  summary(): Record<string, unknown>;
  /** Its complete state (solver and exchange memory), for an engine checkpoint; copies. */
  snapshot(): CouplerState;
  /** Puts back a `snapshot` of the same network and grid: the run continues exactly. */
  restore(state: CouplerState): void;
  /** The solver (read-only use: heads, flows). */
  readonly solver: DrainageSolver;
  /** Cell index of each network node (−1 = not coupled). */
  readonly nodeCell: Int32Array;
  /** The cells `exchange` may change (inlets and grid-tied outfalls), for the engine's h_max. */
  readonly cells: Int32Array;
}

function cellIndex(grid: GridInfo, x: number, y: number): number {
  const col = Math.floor((x - grid.xll) / grid.cellSize);
  const top = grid.yll + grid.nrows * grid.cellSize;
  const row = Math.ceil((top - y) / grid.cellSize) - 1;
  if (col < 0 || col >= grid.ncols || row < 0 || row >= grid.nrows) return -1;
  return row * grid.ncols + col;
}

/** Builds the SI network from a config (parsing the `.inp` when given). */
export function networkFromConfig(config: DrainageCouplingConfig): DrainageNetwork {
  if (config.network) return config.network;
  if (typeof config.inpText !== 'string')
    throw new InputError('drainage: the coupling config needs inpText or network', { file: config.file });
  return networkFromSwmm(readSwmmInp(config.inpText, config.file), config.file, { runoff: false });
}

export function createDrainageCoupler(config: DrainageCouplingConfig, grid: GridInfo): SurfaceCoupler {
  const o: CouplingOptions = { ...defaultCouplingOptions(), ...(config.options ?? {}) };
  const base = networkFromConfig(config);
  const net: DrainageNetwork = {
    ...base,
    inflows: o.useFileInflows ? base.inflows : [],
    options: { ...base.options, ...(o.routingStep ? { routingStep: o.routingStep } : {}) },
    nodes: base.nodes.map((n) => ({ ...n })),
  };
  // outfall overrides before the solver is built
  const gridOutfall = new Set<string>();
  for (const n of net.nodes) {
    if (n.kind !== 'outfall') continue;
    const ov = o.outfalls?.[n.id];
    const mode = ov?.mode ?? (o.outfallMode === 'grid' ? 'grid' : 'file');
    if (mode === 'grid') {
      if (n.x === undefined || n.y === undefined || cellIndex(grid, n.x, n.y) < 0) {
        if (ov)
          throw new InputError(`outfall "${n.id}" is tied to the grid but has no coordinates inside it`, {
            file: config.file,
            field: n.id,
          });
        continue;
      }
      n.outfall = { mode: 'grid', gated: n.outfall?.gated ?? false };
      gridOutfall.add(n.id);
    } else if (mode === 'series') {
      if (!ov?.series)
        throw new InputError(`outfall "${n.id}": mode "series" needs a series`, { file: config.file, field: n.id });
      n.outfall = { mode: 'series', series: ov.series, gated: n.outfall?.gated ?? false };
    } else if (mode === 'fixed') {
      n.outfall = { mode: 'fixed', stage: ov?.stage ?? n.invert, gated: n.outfall?.gated ?? false };
    } else if (mode === 'free') {
      n.outfall = { mode: 'free', gated: n.outfall?.gated ?? false };
    }
  }
  const s = new DrainageSolver(net, config.file);
  const nN = s.nN;
  const cellArea = grid.cellSize * grid.cellSize;
  const mhArea = o.manholeArea ?? s.opts.minSurfArea;
  const weirW = 2 * Math.sqrt(Math.PI * mhArea);
  const only = o.nodes ? new Set(o.nodes) : null;
  if (only)
    for (const id of only)
      if (!s.nodeIndex.has(id))
        throw new InputError(`drainage: unknown node "${id}" in options.nodes`, { file: config.file, field: id });

  // coupled nodes and the cells they touch (unique, in node order)
  const nodeCell = new Int32Array(nN).fill(-1);
  const cellSlot = new Map<number, number>();
  const cells: number[] = [];
  const slotOf = (c: number) => {
    let k = cellSlot.get(c);
    if (k === undefined) {
      k = cells.length;
      cells.push(c);
      cellSlot.set(c, k);
    }
    return k;
  };
  const couple: number[] = [];
  const outfallCouple: number[] = [];
  const uncoupled: string[] = [];
  net.nodes.forEach((n, i) => {
    if (n.x === undefined || n.y === undefined) return;
    const c = cellIndex(grid, n.x, n.y);
    if (n.kind === 'outfall') {
      if (gridOutfall.has(n.id) && c >= 0) {
        nodeCell[i] = c;
        outfallCouple.push(i);
        slotOf(c);
      }
      return;
    }
    if (only && !only.has(n.id)) return;
    if (c < 0) {
      uncoupled.push(n.id);
      return;
    }
    nodeCell[i] = c;
    couple.push(i);
    slotOf(c);
    s.nOpenTop[i] = 1;
  });
  const nC = couple.length;
  const cNode = Int32Array.from(couple);
  const cSlot = Int32Array.from(couple.map((i) => cellSlot.get(nodeCell[i])!));
  const oNode = Int32Array.from(outfallCouple);
  const oSlot = Int32Array.from(outfallCouple.map((i) => cellSlot.get(nodeCell[i])!));
  const cellIdx = Int32Array.from(cells);
  const nCells = cells.length;
  const hCell = new Float64Array(nCells);
  const h0Cell = new Float64Array(nCells);
  const zCell = new Float64Array(nCells);
  const remCell = new Float64Array(nCells);
  const qOld = new Float64Array(nC);
  const outPrev = new Float64Array(oNode.length);
  // per-node cumulative volumes (m³) and the values at the last sample
  const capCum = new Float64Array(nN);
  const ovfCum = new Float64Array(nN);
  const floodCum = new Float64Array(nN);
  const capPrev = new Float64Array(nN);
  const ovfPrev = new Float64Array(nN);
  const floodPrev = new Float64Array(nN);
  const peakOverflow = new Float64Array(nN);
  const peakDepth = new Float64Array(nN);
  const peakFlow = new Float64Array(s.nL);
  let volToSurface = 0; // net returned to the engine (after float32 rounding)
  let volRound = 0; // rounding of h to float32 and negative-depth clamps at outfall cells
  let volOutfallGrid = 0; // discharged from outfalls onto the grid (included in exchange)
  let surfaceSteps = 0;
  let subSteps = 0;
  const r = o.relaxation;
  const sqrt2g = Math.sqrt(2 * G);

  function exchange(h: Float32Array, z: Float32Array, t: number, dt: number): number {
    if (Math.abs(s.t - t) > 1e-6 * Math.max(1, dt)) {
      // the surface and network clocks must agree; a gap is run without exchange
      if (t > s.t) s.advanceTo(t);
    }
    for (let k = 0; k < nCells; k++) {
      const c = cellIdx[k];
      const hc = h[c];
      hCell[k] = hc > 0 ? hc : 0;
      h0Cell[k] = hCell[k];
      zCell[k] = z[c];
    }
    for (let j = 0; j < oNode.length; j++) {
      const k = oSlot[j];
      const zc = zCell[k];
      // a wall or a dry cell gives no stage: the outfall runs free
      s.setOutfallStage(oNode[j], zc === zc && hCell[k] > 0.01 ? zc + hCell[k] : -Infinity);
      outPrev[j] = s.volOutfall[oNode[j]];
    }
    const tEnd = t + dt;
    while (s.t < tEnd - 1e-9) {
      let ds = s.stableStep();
      if (s.t + ds > tEnd) ds = tEnd - s.t;
      for (let k = 0; k < nCells; k++) remCell[k] = hCell[k] * cellArea;
      for (let j = 0; j < nC; j++) {
        const i = cNode[j];
        const k = cSlot[j];
        const zc = zCell[k];
        if (!(zc === zc)) {
          // a node under a wall cell exchanges nothing and floods as in a standalone run
          s.nEx[i] = 0;
          s.nOpenTop[i] = 0;
          continue;
        }
        const hs = hCell[k];
        const eta = zc + hs;
        const H = s.nH[i];
        let q = 0;
        if (eta > H && hs > 0) {
          const orifice = o.orificeCoeff * mhArea * Math.sqrt(2 * G * (eta - H));
          const weir =
            H < zc
              ? (2 / 3) * o.weirCoeff * weirW * hs * Math.sqrt(hs) * sqrt2g
              : o.submergedCoeff * weirW * hs * Math.sqrt(2 * G * hs);
          q = weir < orifice ? weir : orifice;
        } else if (H > eta && H > zc) {
          const hu = H - zc;
          const orifice = o.orificeCoeff * mhArea * Math.sqrt(2 * G * (H - eta));
          const weir = o.submergedCoeff * weirW * hu * Math.sqrt(2 * G * hu);
          q = -(weir < orifice ? weir : orifice);
        }
        // relaxation; a reversal restarts from r·q
        const qo = qOld[j];
        if ((q > 0 && qo < 0) || (q < 0 && qo > 0)) q = r * q;
        else q = r * q + (1 - r) * qo;
        // caps: equalise at most; the cell's water; the node's water above the crest
        const sN = s.nS[i];
        const eq = Math.abs(eta - H) / ((1 / cellArea + 1 / sN) * ds);
        if (q > 0) {
          if (q > eq) q = eq;
          const avail = remCell[k] / ds;
          if (q > avail) q = avail;
          remCell[k] -= q * ds;
        } else if (q < 0) {
          if (-q > eq) q = -eq;
          const vAbove = s.nV[i] - s.volumeAt(i, zc);
          const availN = vAbove > 0 ? vAbove / ds : 0;
          if (-q > availN) q = -availN;
        }
        qOld[j] = q;
        s.nEx[i] = q;
      }
      s.step(ds);
      subSteps++;
      // book the effective exchange (the solver may scale overflows down) on the cells
      for (let j = 0; j < nC; j++) {
        const i = cNode[j];
        const q = s.nEx[i];
        const vol = q * ds;
        hCell[cSlot[j]] -= vol / cellArea;
        if (q > 0) capCum[i] += vol;
        else ovfCum[i] -= vol;
        const ao = -q;
        if (ao > peakOverflow[i]) peakOverflow[i] = ao;
        s.nEx[i] = 0;
      }
      for (let j = 0; j < oNode.length; j++) {
        const i = oNode[j];
        const k = oSlot[j];
        const dv = s.volOutfall[i] - outPrev[j];
        outPrev[j] = s.volOutfall[i];
        hCell[k] += dv / cellArea;
        volOutfallGrid += dv;
        if (hCell[k] < 0) {
          volRound += -hCell[k] * cellArea; // backflow took more than the cell held
          hCell[k] = 0;
        }
      }
      for (let i = 0; i < nN; i++) {
        if (s.nFlood[i] > 0) floodCum[i] += s.nFlood[i] * ds;
        const d = s.nH[i] - s.nInv[i];
        if (d > peakDepth[i]) peakDepth[i] = d;
      }
      for (let k = 0; k < s.nL; k++) {
        const q = Math.abs(s.lQ[k]);
        if (q > peakFlow[k]) peakFlow[k] = q;
      }
    }
    // write back (float32) and return the volume actually moved
    let moved = 0;
    for (let k = 0; k < nCells; k++) {
      const c = cellIdx[k];
      const before = h[c];
      const booked = (hCell[k] - h0Cell[k]) * cellArea;
      const nh = Math.fround(hCell[k] > 0 ? hCell[k] : 0);
      // a cell that held negative depth (should not happen) is counted as it was
      h[c] = nh;
      const actual = (nh - before) * cellArea;
      volRound += actual - booked;
      moved += actual;
    }
    volToSurface += moved;
    surfaceSteps++;
    return moved;
  }

  function sample(t: number): DrainageSample {
    const nodes = {
      id: s.nodeIds,
      head: [] as number[],
      depth: [] as number[],
      overflow: [] as number[],
      captured: [] as number[],
      flooding: [] as number[],
    };
    for (let i = 0; i < nN; i++) {
      nodes.head.push(s.nH[i]);
      nodes.depth.push(s.nH[i] - s.nInv[i]);
      nodes.overflow.push(ovfCum[i] - ovfPrev[i]);
      nodes.captured.push(capCum[i] - capPrev[i]);
      nodes.flooding.push(floodCum[i] - floodPrev[i]);
      ovfPrev[i] = ovfCum[i];
      capPrev[i] = capCum[i];
      floodPrev[i] = floodCum[i];
    }
    return { t, nodes, links: linkSample(s) };
  }

  function summary(): Record<string, unknown> {
    const c = s.continuity();
    const outfalls: Record<string, number> = {};
    for (let i = 0; i < nN; i++) if (s.nKind[i] === NODE_OUTFALL) outfalls[s.nodeIds[i]] = s.volOutfall[i];
    const overflowNodes = [];
    for (let i = 0; i < nN; i++) {
      if (ovfCum[i] > 0 || floodCum[i] > 0) {
        const n = net.nodes[i];
        overflowNodes.push({
          id: n.id,
          x: n.x ?? null,
          y: n.y ?? null,
          overflow_m3: ovfCum[i],
          flooding_m3: floodCum[i],
          peakOverflow_m3s: peakOverflow[i],
        });
      }
    }
    overflowNodes.sort((a, b) => b.overflow_m3 + b.flooding_m3 - (a.overflow_m3 + a.flooding_m3));
    return {
      captured_m3: s.volExIn,
      overflowed_m3: s.volExOut,
      netToSurface_m3: volToSurface,
      outfalls_m3: outfalls,
      outfallsToGrid_m3: volOutfallGrid,
      floodingLost_m3: s.volFlood,
      inflows_m3: { dwf: s.volDwf, external: s.volExternal },
      pipeStorage_m3: { initial: c.stored0, final: c.stored },
      continuity: { error_m3: c.error, relError: c.relError, roundoff_m3: volRound, negativeClamp_m3: s.volClamp },
      overflowNodes,
      coupledNodes: nC,
      uncoupledNodes: uncoupled,
      surfaceSteps,
      networkSubSteps: subSteps,
      peakNodeDepth_m: Object.fromEntries(s.nodeIds.map((id, i) => [id, peakDepth[i]])),
      peakLinkFlow_m3s: Object.fromEntries(s.linkIds.map((id, k) => [id, peakFlow[k]])),
      coefficients: {
        weir: o.weirCoeff,
        orifice: o.orificeCoeff,
        submerged: o.submergedCoeff,
        relaxation: r,
        manholeArea_m2: mhArea,
      },
    };
  }

  // the coupler's memory between surface steps (relaxed flows, cumulative and sampled volumes,
  // peaks, ledger sums); the solver's own state is every typed array and number it holds
  const memory = {
    hCell,
    h0Cell,
    zCell,
    remCell,
    qOld,
    outPrev,
    capCum,
    ovfCum,
    floodCum,
    capPrev,
    ovfPrev,
    floodPrev,
    peakOverflow,
    peakDepth,
    peakFlow,
  };
  function snapshot(): CouplerState {
    const arrays: CouplerState['arrays'] = {};
    const numbers: CouplerState['numbers'] = { volToSurface, volRound, volOutfallGrid, surfaceSteps, subSteps };
    for (const [k, v] of Object.entries(memory)) arrays[k] = v.slice();
    const st = s.saveState();
    for (const [k, v] of Object.entries(st.arrays)) arrays[`solver.${k}`] = v;
    for (const [k, v] of Object.entries(st.numbers)) numbers[`solver.${k}`] = v;
    return { arrays, numbers };
  }

  function restore(st: CouplerState): void {
    const bad = (name: string, got: number, want: number) =>
      new InputError(`the sewer state "${name}" has ${got} values, the network needs ${want}`, {
        file: config.file,
        field: name,
      });
    for (const [k, v] of Object.entries(memory)) {
      const src = st.arrays[k];
      if (!src || src.length !== v.length) throw bad(k, src?.length ?? 0, v.length);
      v.set(src);
    }
    const arrays: SolverState['arrays'] = {};
    const numbers: SolverState['numbers'] = {};
    for (const [k, v] of Object.entries(st.arrays)) if (k.startsWith('solver.')) arrays[k.slice(7)] = v;
    for (const [k, v] of Object.entries(st.numbers)) if (k.startsWith('solver.')) numbers[k.slice(7)] = v;
    s.loadState({ arrays, numbers }, (name, got, want) => bad(`solver.${name}`, got, want));
    const n = st.numbers;
    volToSurface = n.volToSurface;
    volRound = n.volRound;
    volOutfallGrid = n.volOutfallGrid;
    surfaceSteps = n.surfaceSteps;
    subSteps = n.subSteps;
  }

  return { exchange, sample, summary, snapshot, restore, solver: s, nodeCell, cells: cellIdx };
}

/** Link flows, fill (mid depth / full depth) and velocities now. */
export function linkSample(s: DrainageSolver): DrainageSample['links'] {
  const links = { id: s.linkIds, flow: [] as number[], fill: [] as number[], velocity: [] as number[] };
  for (let k = 0; k < s.nL; k++) {
    links.flow.push(s.lQ[k]);
    const yf = s.lYFull[k];
    links.fill.push(yf > 0 ? s.lDepth[k] / yf : 0);
    links.velocity.push(s.lVel[k]);
  }
  return links;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e7 ? String(Math.round(v * 1e6) / 1e6) : v.toExponential(6);
}

function csvName(id: string): string {
  return /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
}

/** nodes.csv: one row per node per output time. Volumes are per interval since the previous row. */
export function nodesCsv(samples: DrainageSample[]): string {
  const out = ['time_s,node,head_m,depth_m,overflow_m3,captured_m3,flooding_m3'];
  for (const sm of samples) {
    const n = sm.nodes;
    for (let i = 0; i < n.id.length; i++) {
      out.push(
        `${fmt(sm.t)},${csvName(n.id[i])},${fmt(n.head[i])},${fmt(n.depth[i])},${fmt(n.overflow[i])},${fmt(n.captured[i])},${fmt(n.flooding[i])}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** links.csv: one row per link per output time. */
export function linksCsv(samples: DrainageSample[]): string {
  const out = ['time_s,link,flow_m3s,fill,velocity_ms'];
  for (const sm of samples) {
    const l = sm.links;
    for (let k = 0; k < l.id.length; k++) {
      out.push(`${fmt(sm.t)},${csvName(l.id[k])},${fmt(l.flow[k])},${fmt(l.fill[k])},${fmt(l.velocity[k])}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The surface side of the ledger, as the flood engine reports it (m³). */
export interface SurfaceBalance {
  initialM3: number;
  rainM3: number;
  inflowM3: number;
  boundaryInflowM3: number;
  outflowM3: number;
  infiltrationM3: number;
  storedM3: number;
}

/**
 * One ledger across both domains: water in (initial on the surface and in the pipes, rain, surface
 * inflows and boundary inflow, the network's own inflows) against water out or kept (surface
 * outflow and infiltration, outfalls that leave the model, flooding lost at uncoupled nodes,
 * surface and pipe storage). Exchange and outfalls onto the grid are internal and cancel.
 */
export function combinedBalance(surface: SurfaceBalance, drainage: Record<string, unknown>): Record<string, number> {
  const d = drainage as {
    outfalls_m3: Record<string, number>;
    outfallsToGrid_m3: number;
    floodingLost_m3: number;
    inflows_m3: { dwf: number; external: number };
    pipeStorage_m3: { initial: number; final: number };
  };
  let outfalls = 0;
  for (const v of Object.values(d.outfalls_m3)) outfalls += v;
  const leftModel = outfalls - d.outfallsToGrid_m3;
  const inM3 =
    surface.initialM3 +
    d.pipeStorage_m3.initial +
    surface.rainM3 +
    surface.inflowM3 +
    surface.boundaryInflowM3 +
    d.inflows_m3.dwf +
    d.inflows_m3.external;
  const outM3 = surface.outflowM3 + surface.infiltrationM3 + leftModel + d.floodingLost_m3;
  const keptM3 = surface.storedM3 + d.pipeStorage_m3.final;
  const errorM3 = inM3 - outM3 - keptM3;
  return { inM3, outM3, keptM3, outfallsLeavingM3: leftModel, errorM3, relativeError: inM3 > 0 ? errorM3 / inM3 : 0 };
}
