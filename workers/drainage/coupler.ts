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
  return new DrainageCoupler(config, grid);
}

/**
 * The network as the coupler runs it: the file's inflows when asked, the explicit scheme (its ledger closes
 * to round-off), the routing-step override, and each outfall's boundary by the options (`grid` outfalls
 * are returned by name).
 */
function couplingNetwork(
  config: DrainageCouplingConfig,
  grid: GridInfo,
  o: CouplingOptions,
): { net: DrainageNetwork; gridOutfall: Set<string> } {
  const base = networkFromConfig(config);
  const net: DrainageNetwork = {
    ...base,
    inflows: o.useFileInflows ? base.inflows : [],
    options: { ...base.options, scheme: 'explicit', ...(o.routingStep ? { routingStep: o.routingStep } : {}) },
    nodes: base.nodes.map((n) => ({ ...n })),
  };
  const gridOutfall = new Set<string>();
  for (const n of net.nodes) {
    if (n.kind !== 'outfall') continue;
    const ov = o.outfalls?.[n.id];
    const mode = ov?.mode ?? (o.outfallMode === 'grid' ? 'grid' : 'file');
    const gated = n.outfall?.gated ?? false;
    if (mode === 'grid') {
      if (n.x === undefined || n.y === undefined || cellIndex(grid, n.x, n.y) < 0) {
        if (ov)
          throw new InputError(`outfall "${n.id}" is tied to the grid but has no coordinates inside it`, {
            file: config.file,
            field: n.id,
          });
        continue;
      }
      n.outfall = { mode: 'grid', gated };
      gridOutfall.add(n.id);
    } else if (mode === 'series') {
      if (!ov?.series)
        throw new InputError(`outfall "${n.id}": mode "series" needs a series`, { file: config.file, field: n.id });
      n.outfall = { mode: 'series', series: ov.series, gated };
    } else if (mode === 'fixed') n.outfall = { mode: 'fixed', stage: ov?.stage ?? n.invert, gated };
    else if (mode === 'free') n.outfall = { mode: 'free', gated };
  }
  return { net, gridOutfall };
}

/** Which nodes exchange with which cells: inlets (junctions, storage) and grid-tied outfalls. */
interface CouplingLayout {
  nodeCell: Int32Array;
  /** the cells touched, unique, in node order */
  cells: Int32Array;
  cNode: Int32Array;
  cSlot: Int32Array;
  oNode: Int32Array;
  oSlot: Int32Array;
  uncoupled: string[];
}

function couplingLayout(
  net: DrainageNetwork,
  grid: GridInfo,
  gridOutfall: Set<string>,
  only: Set<string> | null,
): CouplingLayout {
  const nodeCell = new Int32Array(net.nodes.length).fill(-1);
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
  const outfalls: number[] = [];
  const uncoupled: string[] = [];
  net.nodes.forEach((n, i) => {
    if (n.x === undefined || n.y === undefined) return;
    const c = cellIndex(grid, n.x, n.y);
    if (n.kind === 'outfall') {
      if (gridOutfall.has(n.id) && c >= 0) {
        nodeCell[i] = c;
        outfalls.push(i);
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
  });
  const slot = (i: number) => cellSlot.get(nodeCell[i])!;
  return {
    nodeCell,
    cells: Int32Array.from(cells),
    cNode: Int32Array.from(couple),
    cSlot: Int32Array.from(couple.map(slot)),
    oNode: Int32Array.from(outfalls),
    oSlot: Int32Array.from(outfalls.map(slot)),
    uncoupled,
  };
}

/**
 * The sewer side of dual drainage (see the file's header): owns the solver, the exchange memory between
 * surface steps and the ledger. The solver's state is put back only through its `loadState`.
 */
export class DrainageCoupler implements SurfaceCoupler {
  readonly solver: DrainageSolver;
  readonly nodeCell: Int32Array;
  readonly cells: Int32Array;
  private readonly o: CouplingOptions;
  private readonly file: string;
  private readonly net: DrainageNetwork;
  private readonly lay: CouplingLayout;
  private readonly cellArea: number;
  private readonly mhArea: number;
  /** weir length of the manhole rim: 2√(πA) */
  private readonly weirW: number;
  // per cell (slot): depth now, at the step start, bed, water left to take this sub-step
  private readonly hCell: Float64Array;
  private readonly h0Cell: Float64Array;
  private readonly zCell: Float64Array;
  private readonly remCell: Float64Array;
  /** per coupled node: the relaxed exchange flow of the last sub-step */
  private readonly qOld: Float64Array;
  /** per grid outfall: its outfall volume at the last booking */
  private readonly outPrev: Float64Array;
  // per node: cumulative volumes (m³), their values at the last sample, and peaks
  private readonly capCum: Float64Array;
  private readonly ovfCum: Float64Array;
  private readonly floodCum: Float64Array;
  private readonly capPrev: Float64Array;
  private readonly ovfPrev: Float64Array;
  private readonly floodPrev: Float64Array;
  private readonly peakOverflow: Float64Array;
  private readonly peakDepth: Float64Array;
  private readonly peakFlow: Float64Array;
  /** net returned to the engine (after float32 rounding) */
  private volToSurface = 0;
  /** rounding of h to float32 and negative-depth clamps at outfall cells */
  private volRound = 0;
  /** discharged from outfalls onto the grid (included in the exchange) */
  private volOutfallGrid = 0;
  private surfaceSteps = 0;
  private subSteps = 0;

  constructor(config: DrainageCouplingConfig, grid: GridInfo) {
    const o: CouplingOptions = { ...defaultCouplingOptions(), ...(config.options ?? {}) };
    this.o = o;
    this.file = config.file;
    const { net, gridOutfall } = couplingNetwork(config, grid, o);
    this.net = net;
    const s = new DrainageSolver(net, config.file);
    this.solver = s;
    const only = o.nodes ? new Set(o.nodes) : null;
    if (only)
      for (const id of only)
        if (!s.nodeIndex.has(id))
          throw new InputError(`drainage: unknown node "${id}" in options.nodes`, { file: config.file, field: id });
    const lay = couplingLayout(net, grid, gridOutfall, only);
    this.lay = lay;
    this.nodeCell = lay.nodeCell;
    this.cells = lay.cells;
    for (const i of lay.cNode) s.nOpenTop[i] = 1; // water leaves a coupled node by the exchange, not by flooding
    this.cellArea = grid.cellSize * grid.cellSize;
    this.mhArea = o.manholeArea ?? s.opts.minSurfArea;
    this.weirW = 2 * Math.sqrt(Math.PI * this.mhArea);
    const nCells = lay.cells.length;
    this.hCell = new Float64Array(nCells);
    this.h0Cell = new Float64Array(nCells);
    this.zCell = new Float64Array(nCells);
    this.remCell = new Float64Array(nCells);
    this.qOld = new Float64Array(lay.cNode.length);
    this.outPrev = new Float64Array(lay.oNode.length);
    const nN = s.nN;
    this.capCum = new Float64Array(nN);
    this.ovfCum = new Float64Array(nN);
    this.floodCum = new Float64Array(nN);
    this.capPrev = new Float64Array(nN);
    this.ovfPrev = new Float64Array(nN);
    this.floodPrev = new Float64Array(nN);
    this.peakOverflow = new Float64Array(nN);
    this.peakDepth = new Float64Array(nN);
    this.peakFlow = new Float64Array(s.nL);
  }

  /** One surface step: network sub-steps, each exchanging with the cells; h changes in place. */
  exchange(h: Float32Array, z: Float32Array, t: number, dt: number): number {
    const s = this.solver;
    // the surface and network clocks must agree; a gap is run without exchange
    if (Math.abs(s.t - t) > 1e-6 * Math.max(1, dt) && t > s.t) s.advanceTo(t);
    this.readCells(h, z);
    this.setOutfallStages();
    const tEnd = t + dt;
    while (s.t < tEnd - 1e-9) {
      let ds = s.stableStep();
      if (s.t + ds > tEnd) ds = tEnd - s.t;
      for (let k = 0; k < this.remCell.length; k++) this.remCell[k] = this.hCell[k] * this.cellArea;
      for (let j = 0; j < this.lay.cNode.length; j++) this.setNodeExchange(j, ds);
      s.step(ds);
      this.subSteps++;
      this.bookExchange(ds);
      this.bookGridOutfalls();
      this.trackPeaks(ds);
    }
    const moved = this.writeBack(h);
    this.volToSurface += moved;
    this.surfaceSteps++;
    return moved;
  }

  /** The linked cells' depth (dry when negative) and bed at the step start. */
  private readCells(h: Float32Array, z: Float32Array): void {
    for (let k = 0; k < this.lay.cells.length; k++) {
      const c = this.lay.cells[k];
      const hc = h[c];
      this.hCell[k] = hc > 0 ? hc : 0;
      this.h0Cell[k] = this.hCell[k];
      this.zCell[k] = z[c];
    }
  }

  /** Grid-tied outfalls take their cell's level as stage (a wall or a dry cell: free). */
  private setOutfallStages(): void {
    const { oNode, oSlot } = this.lay;
    for (let j = 0; j < oNode.length; j++) {
      const k = oSlot[j];
      const zc = this.zCell[k];
      this.solver.setOutfallStage(oNode[j], zc === zc && this.hCell[k] > 0.01 ? zc + this.hCell[k] : -Infinity);
      this.outPrev[j] = this.solver.volOutfall[oNode[j]];
    }
  }

  /** Exchange flow (m³/s, + into the node) of coupled node j for a sub-step ds into the solver's nEx. */
  private setNodeExchange(j: number, ds: number): void {
    const s = this.solver;
    const i = this.lay.cNode[j];
    const k = this.lay.cSlot[j];
    const zc = this.zCell[k];
    if (!(zc === zc)) {
      // a node under a wall cell exchanges nothing and floods as in a standalone run
      s.nEx[i] = 0;
      s.nOpenTop[i] = 0;
      return;
    }
    const eta = zc + this.hCell[k];
    let q = this.relaxed(j, this.exchangeLaw(this.hCell[k], zc, s.nH[i]));
    // caps: equalise at most; the cell's water; the node's water above the crest
    const eq = Math.abs(eta - s.nH[i]) / ((1 / this.cellArea + 1 / s.nS[i]) * ds);
    if (q > 0) {
      if (q > eq) q = eq;
      const avail = this.remCell[k] / ds;
      if (q > avail) q = avail;
      this.remCell[k] -= q * ds;
    } else if (q < 0) {
      if (-q > eq) q = -eq;
      const vAbove = s.nV[i] - s.volumeAt(i, zc);
      const availN = vAbove > 0 ? vAbove / ds : 0;
      if (-q > availN) q = -availN;
    }
    this.qOld[j] = q;
    s.nEx[i] = q;
  }

  /** The exchange law (file header) at surface depth hs over bed zc and node head H: + capture, − overflow. */
  private exchangeLaw(hs: number, zc: number, H: number): number {
    const o = this.o;
    const eta = zc + hs;
    const w = this.weirW;
    if (eta > H && hs > 0) {
      const orifice = o.orificeCoeff * this.mhArea * Math.sqrt(2 * G * (eta - H));
      const weir =
        H < zc
          ? (2 / 3) * o.weirCoeff * w * hs * Math.sqrt(hs) * Math.sqrt(2 * G)
          : o.submergedCoeff * w * hs * Math.sqrt(2 * G * hs);
      return weir < orifice ? weir : orifice;
    }
    if (H > eta && H > zc) {
      const hu = H - zc;
      const orifice = o.orificeCoeff * this.mhArea * Math.sqrt(2 * G * (H - eta));
      const weir = o.submergedCoeff * w * hu * Math.sqrt(2 * G * hu);
      return -(weir < orifice ? weir : orifice);
    }
    return 0;
  }

  /** Relaxation Q = r·Q_new + (1 − r)·Q_old; a reversal restarts from r·Q_new. */
  private relaxed(j: number, q: number): number {
    const r = this.o.relaxation;
    const qo = this.qOld[j];
    if ((q > 0 && qo < 0) || (q < 0 && qo > 0)) return r * q;
    return r * q + (1 - r) * qo;
  }

  /** Books the effective exchange of the sub-step (the solver may scale overflows down) on the cells. */
  private bookExchange(ds: number): void {
    const s = this.solver;
    const { cNode, cSlot } = this.lay;
    for (let j = 0; j < cNode.length; j++) {
      const i = cNode[j];
      const q = s.nEx[i];
      const vol = q * ds;
      this.hCell[cSlot[j]] -= vol / this.cellArea;
      if (q > 0) this.capCum[i] += vol;
      else this.ovfCum[i] -= vol;
      if (-q > this.peakOverflow[i]) this.peakOverflow[i] = -q;
      s.nEx[i] = 0;
    }
  }

  /** What grid-tied outfalls discharged this sub-step goes onto their cells. */
  private bookGridOutfalls(): void {
    const s = this.solver;
    const { oNode, oSlot } = this.lay;
    for (let j = 0; j < oNode.length; j++) {
      const i = oNode[j];
      const k = oSlot[j];
      const dv = s.volOutfall[i] - this.outPrev[j];
      this.outPrev[j] = s.volOutfall[i];
      this.hCell[k] += dv / this.cellArea;
      this.volOutfallGrid += dv;
      if (this.hCell[k] < 0) {
        this.volRound += -this.hCell[k] * this.cellArea; // backflow took more than the cell held
        this.hCell[k] = 0;
      }
    }
  }

  /** Flooding at uncoupled nodes, peak depths and flows. */
  private trackPeaks(ds: number): void {
    const s = this.solver;
    for (let i = 0; i < s.nN; i++) {
      if (s.nFlood[i] > 0) this.floodCum[i] += s.nFlood[i] * ds;
      const d = s.nH[i] - s.nInv[i];
      if (d > this.peakDepth[i]) this.peakDepth[i] = d;
    }
    for (let k = 0; k < s.nL; k++) {
      const q = Math.abs(s.lQ[k]);
      if (q > this.peakFlow[k]) this.peakFlow[k] = q;
    }
  }

  /** Writes the cells back (float32) and returns the volume actually moved onto the surface. */
  private writeBack(h: Float32Array): number {
    let moved = 0;
    for (let k = 0; k < this.lay.cells.length; k++) {
      const c = this.lay.cells[k];
      const before = h[c];
      const booked = (this.hCell[k] - this.h0Cell[k]) * this.cellArea;
      const nh = Math.fround(this.hCell[k] > 0 ? this.hCell[k] : 0);
      h[c] = nh;
      const actual = (nh - before) * this.cellArea;
      this.volRound += actual - booked;
      moved += actual;
    }
    return moved;
  }

  sample(t: number): DrainageSample {
    const s = this.solver;
    const nodes = {
      id: s.nodeIds,
      head: [] as number[],
      depth: [] as number[],
      overflow: [] as number[],
      captured: [] as number[],
      flooding: [] as number[],
    };
    for (let i = 0; i < s.nN; i++) {
      nodes.head.push(s.nH[i]);
      nodes.depth.push(s.nH[i] - s.nInv[i]);
      nodes.overflow.push(this.ovfCum[i] - this.ovfPrev[i]);
      nodes.captured.push(this.capCum[i] - this.capPrev[i]);
      nodes.flooding.push(this.floodCum[i] - this.floodPrev[i]);
      this.ovfPrev[i] = this.ovfCum[i];
      this.capPrev[i] = this.capCum[i];
      this.floodPrev[i] = this.floodCum[i];
    }
    return { t, nodes, links: linkSample(s) };
  }

  summary(): Record<string, unknown> {
    const s = this.solver;
    const o = this.o;
    const c = s.continuity();
    const outfalls: Record<string, number> = {};
    for (let i = 0; i < s.nN; i++) if (s.nKind[i] === NODE_OUTFALL) outfalls[s.nodeIds[i]] = s.volOutfall[i];
    return {
      captured_m3: s.volExIn,
      overflowed_m3: s.volExOut,
      netToSurface_m3: this.volToSurface,
      outfalls_m3: outfalls,
      outfallsToGrid_m3: this.volOutfallGrid,
      floodingLost_m3: s.volFlood,
      inflows_m3: { dwf: s.volDwf, external: s.volExternal },
      pipeStorage_m3: { initial: c.stored0, final: c.stored },
      continuity: {
        error_m3: c.error,
        relError: c.relError,
        roundoff_m3: this.volRound,
        negativeClamp_m3: s.volClamp,
      },
      overflowNodes: this.overflowNodes(),
      coupledNodes: this.lay.cNode.length,
      uncoupledNodes: this.lay.uncoupled,
      surfaceSteps: this.surfaceSteps,
      networkSubSteps: this.subSteps,
      peakNodeDepth_m: Object.fromEntries(s.nodeIds.map((id, i) => [id, this.peakDepth[i]])),
      peakLinkFlow_m3s: Object.fromEntries(s.linkIds.map((id, k) => [id, this.peakFlow[k]])),
      coefficients: {
        weir: o.weirCoeff,
        orifice: o.orificeCoeff,
        submerged: o.submergedCoeff,
        relaxation: o.relaxation,
        manholeArea_m2: this.mhArea,
      },
    };
  }

  /** Nodes that overflowed or flooded, with coordinates, largest volume first (the overflow locations). */
  private overflowNodes() {
    const list = [];
    for (let i = 0; i < this.solver.nN; i++) {
      if (this.ovfCum[i] > 0 || this.floodCum[i] > 0) {
        const n = this.net.nodes[i];
        list.push({
          id: n.id,
          x: n.x ?? null,
          y: n.y ?? null,
          overflow_m3: this.ovfCum[i],
          flooding_m3: this.floodCum[i],
          peakOverflow_m3s: this.peakOverflow[i],
        });
      }
    }
    return list.sort((a, b) => b.overflow_m3 + b.flooding_m3 - (a.overflow_m3 + a.flooding_m3));
  }

  /** The coupler's memory between surface steps (relaxed flows, cumulative and sampled volumes, peaks). */
  private memory(): Record<string, Float64Array> {
    const { hCell, h0Cell, zCell, remCell, qOld, outPrev, capCum, ovfCum, floodCum } = this;
    const { capPrev, ovfPrev, floodPrev, peakOverflow, peakDepth, peakFlow } = this;
    return {
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
  }

  snapshot(): CouplerState {
    const arrays: CouplerState['arrays'] = {};
    const numbers: CouplerState['numbers'] = {
      volToSurface: this.volToSurface,
      volRound: this.volRound,
      volOutfallGrid: this.volOutfallGrid,
      surfaceSteps: this.surfaceSteps,
      subSteps: this.subSteps,
    };
    for (const [k, v] of Object.entries(this.memory())) arrays[k] = v.slice();
    const st = this.solver.saveState();
    for (const [k, v] of Object.entries(st.arrays)) arrays[`solver.${k}`] = v;
    for (const [k, v] of Object.entries(st.numbers)) numbers[`solver.${k}`] = v;
    return { arrays, numbers };
  }

  restore(st: CouplerState): void {
    const bad = (name: string, got: number, want: number) =>
      new InputError(`the sewer state "${name}" has ${got} values, the network needs ${want}`, {
        file: this.file,
        field: name,
      });
    for (const [k, v] of Object.entries(this.memory())) {
      const src = st.arrays[k];
      if (!src || src.length !== v.length) throw bad(k, src?.length ?? 0, v.length);
      v.set(src);
    }
    const arrays: SolverState['arrays'] = {};
    const numbers: SolverState['numbers'] = {};
    for (const [k, v] of Object.entries(st.arrays)) if (k.startsWith('solver.')) arrays[k.slice(7)] = v;
    for (const [k, v] of Object.entries(st.numbers)) if (k.startsWith('solver.')) numbers[k.slice(7)] = v;
    this.solver.loadState({ arrays, numbers }, (name, got, want) => bad(`solver.${name}`, got, want));
    const n = st.numbers;
    this.volToSurface = n.volToSurface;
    this.volRound = n.volRound;
    this.volOutfallGrid = n.volOutfallGrid;
    this.surfaceSteps = n.surfaceSteps;
    this.subSteps = n.subSteps;
  }
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
