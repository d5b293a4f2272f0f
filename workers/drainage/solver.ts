/**
 * Dynamic-wave routing of a storm-drainage network (after EPA SWMM 5's DYNWAVE, dwflow.c / dynwave.c).
 *
 * Staggered scheme: nodes carry VOLUME (their own storage plus half of each connected conduit, so
 * V(H) is the integral of SWMM's node surface area), links carry flow. Per sub-step:
 *  1. each link's flow from the heads at the step start: the SWMM momentum form
 *     q = (q_old − dq2 + dq3 + dq4)/(1 + dq1 + dq5)  (gravity, inertia with Froude damping, implicit
 *     Manning friction, local losses), limited by normal flow (SLOPE/FROUDE/BOTH) as SWMM does;
 *     pumps, orifices and weirs by their rating equations;
 *  2. a positivity limiter: no node gives more than it holds (dry and near-dry pipes);
 *  3. node continuity V += dt·(inflows − outflows) — exact, so the ledger closes to round-off;
 *  4. head from volume by Newton on V(H) (surface area dV/dH floored at MIN_SURFAREA).
 * Surcharge: a Preissmann slot above the crown of closed conduits plus the manhole shaft area, so
 * pressurised flow is the same equations. Sub-steps adapt to the link stability limit
 * dt ≤ C·L/(|v| + L·ω), ω² = g·A/L·(1/S_up + 1/S_down) (gravity wave between two node storages).
 * All state is struct-of-arrays typed arrays; `step` allocates nothing.
 * With options `scheme: 'swmm'` (a file's own run) `step` is SWMM's Picard step instead (`dynwave.ts`),
 * which reuses `beginStep`, `linkFlows` and `transport`.
 */
import { InputError, SimulationError } from '../../src/core/errors.ts';
import { cbrt, pow } from '../../src/core/detMath.ts';
import { seriesAt, type Series } from '../../src/core/timeSeries.ts';
import type { DrainageNetwork, LinkSpec, NodeSpec, RoutingOptions } from './network.ts';
import {
  G,
  SEC,
  section,
  sectionCode,
  sectionFullDepth,
  isClosed,
  slotWidth,
  fullProps,
  normalDepth,
  criticalDepth,
  normalDepthFrom,
  criticalDepthFrom,
} from './xsection.ts';
import { dropWarning } from './checks.ts';
import { RuleSet } from './controls.ts';
import { roadwayCoefficient } from './roadway.ts';
import { HDS5, inletControlFlow, type CulvertBarrel, type CulvertCoefficients } from './culvert.ts';
import { PicardStep, lengthenedLength } from './dynwave.ts';
import { darcyWeisbachSlope, hazenWilliamsSlope } from './forceMain.ts';
import {
  NODE_JUNCTION,
  NODE_OUTFALL,
  NODE_STORAGE,
  LINK_CONDUIT,
  LINK_PUMP,
  LINK_ORIFICE,
  LINK_WEIR,
} from './kinds.ts';

interface CulvertInlet {
  barrel: CulvertBarrel;
  coef: CulvertCoefficients;
}

export { G };
const FUDGE = 1e-6;
/** depths in a node's MIN_SURFAREA floor table (plus the invert) */
const FLOOR_N = 32;

export { NODE_JUNCTION, NODE_OUTFALL, NODE_STORAGE, LINK_CONDUIT, LINK_PUMP, LINK_ORIFICE, LINK_WEIR };
/** A solver's state as plain data (see `saveState`). */
export interface SolverState {
  arrays: Record<string, Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array>;
  numbers: Record<string, number>;
}

/** A conduit velocity above this (m/s) is a runaway, not a flow: the run stops. */
export const MAX_VELOCITY = 100;

/** weir type codes in lP[8k] */
const WEIR_CODES = { transverse: 0, sideflow: 1, vnotch: 2, trapezoidal: 3, roadway: 4 } as const;
const OUT_FREE = 0;
const OUT_NORMAL = 1;
const OUT_FIXED = 2;
const OUT_SERIES = 3;
const OUT_GRID = 4;

export class DrainageSolver {
  readonly net: DrainageNetwork;
  readonly opts: RoutingOptions;
  readonly nN: number;
  readonly nL: number;
  readonly nodeIds: string[];
  readonly linkIds: string[];
  readonly nodeIndex = new Map<string, number>();
  readonly linkIndex = new Map<string, number>();

  // --- nodes
  readonly nKind: Uint8Array;
  readonly nInv: Float64Array;
  /** depth (above invert) at which the node floods: maxDepth + surcharge depth (Infinity when open-topped) */
  readonly nFullDepth: Float64Array;
  readonly nMaxDepth: Float64Array;
  readonly nPondArea: Float64Array;
  /** MIN_SURFAREA floor: depth step of the node's floor table (m) */
  readonly nFloorDy: Float64Array;
  /** floor table per node (FLOOR_N + 1 depths): added area max(0, MIN_SURFAREA − raw area) and its integral */
  readonly nFloorA: Float64Array;
  readonly nFloorV: Float64Array;
  readonly nV: Float64Array;
  readonly nH: Float64Array;
  /** dV/dH at the current head (m²) */
  readonly nS: Float64Array;
  readonly nVFull: Float64Array;
  /** lateral inflow of the current sub-step (m³/s): file inflows */
  readonly nLat: Float64Array;
  /** exchange inflow from the surface (m³/s, negative = to the surface), set by the coupler */
  readonly nEx: Float64Array;
  /** flooding rate of the last sub-step (m³/s) */
  readonly nFlood: Float64Array;
  /** 1 = no flooding cap (the coupler moves the water over the rim) */
  readonly nOpenTop: Uint8Array;
  readonly nSt: Float64Array; // storage a, b, c per node (3 each)
  readonly nStTab: Int32Array; // [start, end) into tab arrays, or -1
  readonly tabX: Float64Array;
  readonly tabY: Float64Array;
  readonly tabV: Float64Array; // cumulative volume at tabX
  // outfalls
  readonly nOutMode: Int8Array;
  readonly nOutStage: Float64Array; // fixed stage, or the stage set by the coupler (grid mode)
  readonly nOutLink: Int32Array;
  readonly nOutGated: Uint8Array;
  readonly outSeries: (Series | null)[];
  // adjacency (CSR) of conduit ends for node volumes
  readonly adjStart: Int32Array;
  readonly adjLink: Int32Array;
  readonly adjEnd: Uint8Array;

  // --- links
  readonly lKind: Uint8Array;
  readonly lFrom: Int32Array;
  readonly lTo: Int32Array;
  readonly lLen: Float64Array;
  readonly lRough: Float64Array; // g·n²
  readonly lBeta: Float64Array; // √S/n
  readonly lZ1: Float64Array;
  readonly lZ2: Float64Array;
  readonly lShape: Int32Array;
  readonly lG: Float64Array; // g1..g4 per link
  readonly lBarrels: Float64Array;
  readonly lYFull: Float64Array;
  readonly lAFull: Float64Array;
  readonly lQFull: Float64Array;
  readonly lSlot: Float64Array;
  readonly lClosed: Uint8Array;
  readonly lQ: Float64Array; // total flow (all barrels)
  readonly lAMid: Float64Array; // per barrel
  readonly lAOld: Float64Array;
  readonly lDepth: Float64Array; // mid depth (m), for output
  readonly lVel: Float64Array;
  readonly lMaxFlow: Float64Array;
  readonly lLoss: Float64Array; // in, out, avg
  readonly lFlap: Uint8Array;
  readonly lP: Float64Array; // 8 params per non-conduit link
  readonly lCurve: Int32Array; // [start, end) into curve arrays
  readonly curveX: Float64Array;
  readonly curveY: Float64Array;
  readonly lOn: Uint8Array;
  /** culvert inlets (HDS-5) by link, null where a conduit is no culvert */
  readonly lCulvert: (CulvertInlet | null)[];
  /** control setting: pump flow multiplier, fraction open of orifices and weirs, 0 = closed conduit */
  readonly lSetting: Float64Array;
  readonly lPumpSwitches: Int32Array;
  /** [CONTROLS] rules, evaluated before each step (null when the network has none) */
  readonly rules: RuleSet | null;
  private readonly lYcn: Float64Array;
  private readonly lYcnQ: Float64Array;
  private readonly lYc: Float64Array;
  /** ∂q/∂(H_up − H_down)·dt-coupling of surcharged conduits (m²/s), 0 = explicit */
  readonly lDqdh: Float64Array;
  /** ∂q/∂(H_up − H_down) of every conduit at its last momentum solve (m²/s): SWMM's dQ/dH for EXTRAN */
  readonly lDqdhAll: Float64Array;
  /** FORCE_MAIN sections: the H-W C-factor or the D-W roughness height (m); 0 = Manning */
  readonly lForceMain: Float64Array;
  /** the conduit's own length over its (LENGTHENING_STEP) modelled length */
  readonly lLenRatio: Float64Array;
  /** SWMM's dynamic-wave step (Picard iterations), when the options ask for the 'swmm' scheme */
  readonly picard: PicardStep | null;
  private readonly nDelta: Float64Array;
  private readonly nDeltaNew: Float64Array;
  private readonly nB: Float64Array;
  private readonly nNet: Float64Array;

  // inflows
  private readonly infNode: Int32Array;
  private readonly infBase: Float64Array;
  private readonly infScale: Float64Array;
  private readonly infKind: Uint8Array;
  private readonly infSeries: (Series | null)[];

  // scratch
  private readonly outScale: Float64Array;
  private readonly outVol: Float64Array;

  // --- ledger (m³)
  t = 0;
  steps = 0;
  volDwf = 0;
  volExternal = 0;
  volRunoff = 0;
  volExIn = 0; // captured from the surface
  volExOut = 0; // overflowed onto the surface
  volFlood = 0; // lost at flooding nodes (not coupled)
  volOutfall: Float64Array; // per node (outfalls), signed: + = out of the network
  volClamp = 0; // negative volume clamped (should stay 0)
  readonly vInit: number;

  constructor(net: DrainageNetwork, file = 'network') {
    this.net = net;
    this.opts = net.options;
    this.dampMode = this.opts.inertialDamping === 'none' ? 0 : this.opts.inertialDamping === 'full' ? 2 : 1;
    this.nflMode = this.opts.normalFlowLimited === 'slope' ? 0 : this.opts.normalFlowLimited === 'froude' ? 1 : 2;
    const nN = net.nodes.length;
    const nL = net.links.length;
    this.nN = nN;
    this.nL = nL;
    this.nodeIds = net.nodes.map((n) => n.id);
    this.linkIds = net.links.map((l) => l.id);
    net.nodes.forEach((n, i) => {
      if (this.nodeIndex.has(n.id)) throw new InputError(`node "${n.id}" is defined twice`, { file, field: n.id });
      this.nodeIndex.set(n.id, i);
    });
    this.nKind = new Uint8Array(nN);
    this.nInv = new Float64Array(nN);
    this.nFullDepth = new Float64Array(nN);
    this.nMaxDepth = new Float64Array(nN);
    this.nPondArea = new Float64Array(nN);
    this.nFloorDy = new Float64Array(nN);
    this.nFloorA = new Float64Array(nN * (FLOOR_N + 1));
    this.nFloorV = new Float64Array(nN * (FLOOR_N + 1));
    this.nV = new Float64Array(nN);
    this.nH = new Float64Array(nN);
    this.nS = new Float64Array(nN);
    this.nVFull = new Float64Array(nN);
    this.nLat = new Float64Array(nN);
    this.nEx = new Float64Array(nN);
    this.nFlood = new Float64Array(nN);
    this.nOpenTop = new Uint8Array(nN);
    this.nSt = new Float64Array(3 * nN);
    this.nStTab = new Int32Array(2 * nN).fill(-1);
    this.nOutMode = new Int8Array(nN).fill(-1);
    this.nOutStage = new Float64Array(nN);
    this.nOutLink = new Int32Array(nN).fill(-1);
    this.nOutGated = new Uint8Array(nN);
    this.outSeries = new Array(nN).fill(null);
    this.volOutfall = new Float64Array(nN);
    this.outScale = new Float64Array(nN);
    this.outVol = new Float64Array(nN);

    const tabX: number[] = [];
    const tabY: number[] = [];
    const tabV: number[] = [];
    net.nodes.forEach((n, i) => {
      this.setNode(i, n, file);
      if (n.kind === 'outfall') this.setOutfall(i, n, file);
      if (n.kind === 'storage') this.setStorage(i, n, tabX, tabY, tabV);
    });
    this.tabX = Float64Array.from(tabX);
    this.tabY = Float64Array.from(tabY);
    this.tabV = Float64Array.from(tabV);

    // --- links
    this.lKind = new Uint8Array(nL);
    this.lFrom = new Int32Array(nL);
    this.lTo = new Int32Array(nL);
    this.lLen = new Float64Array(nL);
    this.lRough = new Float64Array(nL);
    this.lBeta = new Float64Array(nL);
    this.lZ1 = new Float64Array(nL);
    this.lZ2 = new Float64Array(nL);
    this.lShape = new Int32Array(nL).fill(-1);
    this.lG = new Float64Array(4 * nL);
    this.lBarrels = new Float64Array(nL).fill(1);
    this.lYFull = new Float64Array(nL);
    this.lAFull = new Float64Array(nL);
    this.lQFull = new Float64Array(nL);
    this.lSlot = new Float64Array(nL);
    this.lClosed = new Uint8Array(nL);
    this.lQ = new Float64Array(nL);
    this.lAMid = new Float64Array(nL);
    this.lAOld = new Float64Array(nL);
    this.lDepth = new Float64Array(nL);
    this.lVel = new Float64Array(nL);
    this.lMaxFlow = new Float64Array(nL);
    this.lLoss = new Float64Array(3 * nL);
    this.lFlap = new Uint8Array(nL);
    this.lP = new Float64Array(8 * nL);
    this.lCurve = new Int32Array(2 * nL);
    this.lOn = new Uint8Array(nL);
    this.lCulvert = new Array(nL).fill(null);
    this.lSetting = new Float64Array(nL).fill(1);
    this.lPumpSwitches = new Int32Array(nL);
    this.lYcn = new Float64Array(nL);
    this.lYcnQ = new Float64Array(nL).fill(-1);
    this.lYc = new Float64Array(nL);
    this.lDqdh = new Float64Array(nL);
    this.lDqdhAll = new Float64Array(nL);
    this.lForceMain = new Float64Array(nL);
    this.lLenRatio = new Float64Array(nL).fill(1);
    this.nDelta = new Float64Array(nN);
    this.nDeltaNew = new Float64Array(nN);
    this.nB = new Float64Array(nN);
    this.nNet = new Float64Array(nN);
    const cx: number[] = [];
    const cy: number[] = [];
    const degree = new Int32Array(nN);
    net.links.forEach((l, k) => {
      const f = this.nodeIndex.get(l.from);
      const t = this.nodeIndex.get(l.to);
      if (f === undefined)
        throw new InputError(`link "${l.id}" starts at unknown node "${l.from}"`, { file, field: l.id });
      if (t === undefined) throw new InputError(`link "${l.id}" ends at unknown node "${l.to}"`, { file, field: l.id });
      this.linkIndex.set(l.id, k);
      this.lFrom[k] = f;
      this.lTo[k] = t;
      if (l.kind === 'conduit') {
        this.setConduit(k, l, f, t, file);
        degree[f]++;
        degree[t]++;
      } else if (l.kind === 'pump') this.setPump(k, l, cx, cy, file);
      else if (l.kind === 'orifice') this.setOrifice(k, l, file);
      else if (l.kind === 'weir') this.setWeir(k, l, file);
    });
    this.curveX = Float64Array.from(cx);
    this.curveY = Float64Array.from(cy);
    const pumps = new Set<number>();
    for (let k = 0; k < nL; k++) if (this.lKind[k] === LINK_PUMP) pumps.add(k);
    this.rules = net.controls?.length ? new RuleSet(net.controls, this, file, net.clockStart ?? 0, pumps) : null;

    // adjacency of conduit ends
    this.adjStart = new Int32Array(nN + 1);
    for (let i = 0; i < nN; i++) this.adjStart[i + 1] = this.adjStart[i] + degree[i];
    this.adjLink = new Int32Array(this.adjStart[nN]);
    this.adjEnd = new Uint8Array(this.adjStart[nN]);
    const fill = this.adjStart.slice(0, nN);
    for (let k = 0; k < nL; k++) {
      if (this.lKind[k] !== LINK_CONDUIT) continue;
      let f = this.lFrom[k];
      this.adjLink[fill[f]] = k;
      this.adjEnd[fill[f]++] = 0;
      f = this.lTo[k];
      this.adjLink[fill[f]] = k;
      this.adjEnd[fill[f]++] = 1;
    }

    // node full depths (SWMM: max depth 0 = the highest crown of the connected conduits)
    for (let i = 0; i < nN; i++) {
      let md = this.nMaxDepth[i];
      if (md <= 0) {
        for (let a = this.adjStart[i]; a < this.adjStart[i + 1]; a++) {
          const k = this.adjLink[a];
          const zEnd = this.adjEnd[a] === 0 ? this.lZ1[k] : this.lZ2[k];
          md = Math.max(md, zEnd + this.lYFull[k] - this.nInv[i]);
        }
        this.nMaxDepth[i] = md;
      }
      this.nFullDepth[i] = md + net.nodes[i].surchargeDepth;
      if (this.nKind[i] === NODE_OUTFALL) {
        for (let k = 0; k < nL; k++) {
          if (this.lTo[k] === i || this.lFrom[k] === i) {
            this.nOutLink[i] = k;
            break;
          }
        }
      }
    }

    // inflows
    const infs = net.inflows.filter((f) => this.nodeIndex.has(f.node));
    for (const f of net.inflows) {
      if (!this.nodeIndex.has(f.node))
        throw new InputError(`inflow at unknown node "${f.node}"`, { file, field: f.node });
    }
    this.infNode = Int32Array.from(infs.map((f) => this.nodeIndex.get(f.node)!));
    this.infBase = Float64Array.from(infs.map((f) => f.baseline));
    this.infScale = Float64Array.from(infs.map((f) => f.scale));
    this.infKind = Uint8Array.from(infs.map((f) => (f.kind === 'dwf' ? 0 : f.kind === 'external' ? 1 : 2)));
    this.infSeries = infs.map((f) => f.series ?? null);

    for (let i = 0; i < nN; i++) this.setFloor(i);

    // initial state
    for (let i = 0; i < nN; i++) {
      if (this.nKind[i] === NODE_OUTFALL) {
        this.nH[i] = this.nInv[i];
        continue;
      }
      const h = this.nInv[i] + Math.max(0, net.nodes[i].initDepth);
      this.nV[i] = this.volumeAt(i, h);
      this.nH[i] = h;
      this.nS[i] = this.SURF;
      this.nVFull[i] = this.volumeAt(i, this.nInv[i] + this.nFullDepth[i]);
    }
    this.setOutfallHeads(0);
    for (let k = 0; k < nL; k++) this.updateLinkGeometry(k);
    this.vInit = this.storedVolume();
    this.picard = this.opts.scheme === 'swmm' ? new PicardStep(this) : null;
  }

  /** inertial damping 0 none, 1 partial, 2 full; normal flow limitation 0 slope, 1 froude, 2 both */
  private readonly dampMode: number;
  /** implicit head solve for surcharged conduits (else fully explicit) */
  implicit = true;
  private readonly nflMode: number;

  /** Scratch: dV/dH from the last `volumeAt`. */
  private SURF = 0;

  /**
   * Node volume at head h (m³); sets this.SURF = dV/dH. The surface area is floored at MIN_SURFAREA as SWMM
   * floors a node's area (storage + half the conduits' top widths, dynwave.c); the floor's volume is the integral
   * of the added area, so V(H) and dV/dH stay consistent and continuity stays exact.
   */
  volumeAt(i: number, h: number): number {
    const y = h - this.nInv[i];
    let v = this.rawVolumeAt(i, h);
    let s = this.SURF;
    if (y <= 0) s = Math.max(s, this.opts.minSurfArea);
    else {
      v += this.floorVolume(i, y);
      s += this.FLOOR_A;
      const fd = this.nFullDepth[i];
      if (this.nPondArea[i] > 0 && y > fd) {
        v += this.nPondArea[i] * (y - fd);
        s += this.nPondArea[i];
      }
    }
    this.SURF = s > 1e-9 ? s : 1e-9;
    return v;
  }

  /** Scratch: the floor's added area at the depth of the last `floorVolume`. */
  private FLOOR_A = 0;

  /** Volume of the MIN_SURFAREA floor up to depth y (added area linear between table depths; held beyond). */
  private floorVolume(i: number, y: number): number {
    const dy = this.nFloorDy[i];
    const base = i * (FLOOR_N + 1);
    const x = y / dy;
    if (x >= FLOOR_N) {
      this.FLOOR_A = this.nFloorA[base + FLOOR_N];
      return this.nFloorV[base + FLOOR_N] + this.FLOOR_A * (y - FLOOR_N * dy);
    }
    const j = Math.floor(x);
    const f = x - j;
    const a0 = this.nFloorA[base + j];
    this.FLOOR_A = a0 + f * (this.nFloorA[base + j + 1] - a0);
    return this.nFloorV[base + j] + 0.5 * (a0 + this.FLOOR_A) * f * dy;
  }

  /**
   * Tabulates node i's MIN_SURFAREA floor at FLOOR_N + 1 depths up to its highest crown or full depth:
   * added area max(0, A_min − raw area) and its trapezoid integral.
   */
  private setFloor(i: number): void {
    let top = Number.isFinite(this.nFullDepth[i]) ? this.nFullDepth[i] : this.nMaxDepth[i];
    for (let a = this.adjStart[i]; a < this.adjStart[i + 1]; a++) {
      const k = this.adjLink[a];
      const zEnd = this.adjEnd[a] === 0 ? this.lZ1[k] : this.lZ2[k];
      top = Math.max(top, zEnd + this.lYFull[k] - this.nInv[i]);
    }
    const dy = (top > 0 ? top : 1) / FLOOR_N;
    this.nFloorDy[i] = dy;
    const base = i * (FLOOR_N + 1);
    const aMin = this.opts.minSurfArea;
    for (let j = 0; j <= FLOOR_N; j++) {
      // the raw area just above depth j·dy (at y = 0 the area of the first film of water)
      this.rawVolumeAt(i, this.nInv[i] + (j === 0 ? 1e-9 * dy : j * dy));
      const add = Math.max(0, aMin - this.SURF);
      this.nFloorA[base + j] = add;
      this.nFloorV[base + j] = j === 0 ? 0 : this.nFloorV[base + j - 1] + 0.5 * (this.nFloorA[base + j - 1] + add) * dy;
    }
  }

  /** Node volume at head h without floor or pond (m³): storage plus half of every connected conduit; sets SURF. */
  private rawVolumeAt(i: number, h: number): number {
    const y = h - this.nInv[i];
    let v = 0;
    let s = 0;
    if (y > 0 && this.nKind[i] === NODE_STORAGE) {
      const t0 = this.nStTab[2 * i];
      if (t0 >= 0) {
        const t1 = this.nStTab[2 * i + 1];
        let j = t0;
        while (j < t1 - 1 && this.tabX[j + 1] < y) j++;
        // area linear between points; beyond the table, held at the last area
        if (y <= this.tabX[t0]) {
          s = this.tabY[t0];
          v = s * y;
        } else if (j >= t1 - 1) {
          s = this.tabY[t1 - 1];
          v = this.tabV[t1 - 1] + s * (y - this.tabX[t1 - 1]);
        } else {
          const x0 = this.tabX[j];
          const x1 = this.tabX[j + 1];
          const f = (y - x0) / (x1 - x0);
          s = this.tabY[j] + f * (this.tabY[j + 1] - this.tabY[j]);
          v = this.tabV[j] + 0.5 * (this.tabY[j] + s) * (y - x0);
        }
      } else {
        const a = this.nSt[3 * i];
        const b = this.nSt[3 * i + 1];
        const c = this.nSt[3 * i + 2];
        s = a * pow(y, b) + c;
        v = (a * pow(y, b + 1)) / (b + 1) + c * y;
      }
    }
    for (let a = this.adjStart[i]; a < this.adjStart[i + 1]; a++) {
      const k = this.adjLink[a];
      const ye = h - (this.adjEnd[a] === 0 ? this.lZ1[k] : this.lZ2[k]);
      if (ye <= 0) continue;
      const half = 0.5 * this.lLen[k] * this.lBarrels[k];
      const yf = this.lYFull[k];
      if (this.lClosed[k] && ye > yf) {
        v += half * (this.lAFull[k] + this.lSlot[k] * (ye - yf));
        s += half * this.lSlot[k];
      } else {
        section(this.lShape[k], this.lG[4 * k], this.lG[4 * k + 1], this.lG[4 * k + 2], this.lG[4 * k + 3], ye);
        v += half * SEC.a;
        s += half * SEC.t;
      }
    }
    this.SURF = s;
    return v;
  }

  /** Head for volume v at node i: Newton on V(H) from the current head. */
  headFor(i: number, v: number, vOld: number): number {
    const inv = this.nInv[i];
    if (v <= 0) {
      this.volumeAt(i, inv);
      this.nS[i] = this.SURF;
      return inv;
    }
    // predictor from the last surface area (V(H_old) = vOld to the Newton tolerance), then Newton
    let h = this.nH[i] + (v - vOld) / this.nS[i];
    if (!(h >= inv)) h = inv;
    for (let it = 0; it < 8; it++) {
      const vh = this.volumeAt(i, h);
      let dh = (v - vh) / this.SURF;
      // a Newton step below the invert: halve towards it (V is zero there)
      if (h + dh < inv) dh = 0.5 * (inv - h);
      h += dh;
      if (Math.abs(dh) < 1e-5) break;
    }
    this.nS[i] = this.SURF;
    return h;
  }

  /** Volume stored in the network (m³): all non-outfall nodes (pipes are shared among them). */
  storedVolume(): number {
    let v = 0;
    for (let i = 0; i < this.nN; i++) if (this.nKind[i] !== NODE_OUTFALL) v += this.nV[i];
    return v;
  }

  /** Sets lateral inflows for a sub-step centred at tm; returns nothing (rates in nLat). */
  private setInflows(tm: number, dt: number): void {
    this.nLat.fill(0);
    for (let j = 0; j < this.infNode.length; j++) {
      const s = this.infSeries[j];
      const q = this.infBase[j] + (s ? this.infScale[j] * seriesAt(s, tm) : 0);
      this.nLat[this.infNode[j]] += q;
      const vol = q * dt;
      if (this.infKind[j] === 0) this.volDwf += vol;
      else if (this.infKind[j] === 1) this.volExternal += vol;
      else this.volRunoff += vol;
    }
  }

  /** Stage of grid-tied outfalls, set by the coupler (m elevation; NaN = free). */
  setOutfallStage(i: number, stage: number): void {
    this.nOutStage[i] = stage;
  }

  setOutfallHeads(t: number): void {
    for (let i = 0; i < this.nN; i++) {
      const mode = this.nOutMode[i];
      if (mode < 0) continue;
      const k = this.nOutLink[i];
      let zEnd = this.nInv[i];
      let yc = 0;
      if (k >= 0 && this.lKind[k] === LINK_CONDUIT) {
        zEnd = this.lTo[k] === i ? this.lZ2[k] : this.lZ1[k];
        const q = Math.abs(this.lQ[k]) / this.lBarrels[k];
        const sh = this.lShape[k];
        const g1 = this.lG[4 * k];
        const g2 = this.lG[4 * k + 1];
        const g3 = this.lG[4 * k + 2];
        const g4 = this.lG[4 * k + 3];
        const yn = normalDepth(sh, g1, g2, g3, g4, q, this.lBeta[k]);
        if (mode === OUT_NORMAL) yc = yn;
        else yc = Math.min(yn, criticalDepth(sh, g1, g2, g3, g4, q));
      }
      let h = zEnd + yc;
      if (mode === OUT_FIXED || mode === OUT_GRID) {
        const st = this.nOutStage[i];
        if (st > h) h = st;
      } else if (mode === OUT_SERIES) {
        const st = seriesAt(this.outSeries[i]!, t);
        if (st > h) h = st;
      }
      if (h < this.nInv[i]) h = this.nInv[i];
      this.nH[i] = h;
    }
  }

  /** Geometry at the current heads (mid area, depth, velocity) for output and the stability limit. */
  private updateLinkGeometry(k: number): void {
    if (this.lKind[k] !== LINK_CONDUIT) return;
    const y1 = Math.max(0, this.nH[this.lFrom[k]] - this.lZ1[k]);
    const y2 = Math.max(0, this.nH[this.lTo[k]] - this.lZ2[k]);
    const ym = 0.5 * (y1 + y2);
    section(this.lShape[k], this.lG[4 * k], this.lG[4 * k + 1], this.lG[4 * k + 2], this.lG[4 * k + 3], ym);
    this.lAMid[k] = SEC.a;
    this.lAOld[k] = SEC.a;
    this.lDepth[k] = ym;
  }

  /** The stable sub-step (s) at the current state, within [minStep, routingStep]. */
  stableStep(): number {
    if (this.picard) return this.picard.courantStep();
    let dt = this.opts.routingStep;
    const c = this.opts.courant;
    // Gershgorin bound of the gravity-wave frequency: each node's stiffness Σ g·A/L over its
    // wet conduits, over its storage dV/dH; a link's ω² ≤ C_up/S_up + C_down/S_down
    const cn = this.outScale; // scratch, rewritten in step()
    cn.fill(0);
    const imp = this.implicit;
    for (let k = 0; k < this.nL; k++) {
      if (this.lKind[k] !== LINK_CONDUIT) continue;
      const a = this.lAMid[k];
      if (a <= FUDGE || (imp && this.lDqdh[k] > 0)) continue;
      const w = (G * a * this.lBarrels[k]) / this.lLen[k];
      cn[this.lFrom[k]] += w;
      cn[this.lTo[k]] += w;
    }
    for (let k = 0; k < this.nL; k++) {
      if (this.lKind[k] !== LINK_CONDUIT) continue;
      if (this.lAMid[k] <= FUDGE) continue;
      const L = this.lLen[k];
      const v = Math.abs(this.lVel[k]);
      if (imp && this.lDqdh[k] > 0) {
        // surcharged: the heads are implicit; only the flow's own transit limits the step
        const d = v > 0 ? (c * L) / v : dt;
        if (d < dt) dt = d;
        continue;
      }
      const f = this.lFrom[k];
      const t = this.lTo[k];
      const w2 =
        (this.nKind[f] === NODE_OUTFALL ? 0 : cn[f] / this.nS[f]) +
        (this.nKind[t] === NODE_OUTFALL ? 0 : cn[t] / this.nS[t]);
      // symplectic Euler is stable for ω·dt < 2: dt ≤ C·L/(|v| + L·ω/2)
      const d = (c * L) / (v + 0.5 * L * Math.sqrt(w2));
      if (d < dt) dt = d;
    }
    return dt < this.opts.minStep ? this.opts.minStep : dt;
  }

  /** Interpolated y at x on curve [c0, c1) (held at the ends). */
  private curveAt(c0: number, c1: number, x: number): number {
    if (c1 <= c0) return 0;
    if (x <= this.curveX[c0]) return this.curveY[c0];
    for (let j = c0 + 1; j < c1; j++) {
      if (x <= this.curveX[j]) {
        const x0 = this.curveX[j - 1];
        const f = (x - x0) / (this.curveX[j] - x0);
        return this.curveY[j - 1] + f * (this.curveY[j] - this.curveY[j - 1]);
      }
    }
    return this.curveY[c1 - 1];
  }

  /** SWMM step curves (pump types 1 and 2): the flow of the first point whose x is ≥ the value. */
  private curveStep(c0: number, c1: number, x: number): number {
    for (let j = c0; j < c1; j++) if (x <= this.curveX[j]) return this.curveY[j];
    return c1 > c0 ? this.curveY[c1 - 1] : 0;
  }

  /** Scratch of `endDepths`: the conduit's end depths above its offsets and the heads they stand for. */
  private eY1 = 0;
  private eY2 = 0;
  private eH1 = 0;
  private eH2 = 0;

  /** End depths of conduit k from its nodes' heads, not below its end inverts (into eY1/eY2, eH1/eH2). */
  private endDepths(k: number): void {
    const z1 = this.lZ1[k];
    const z2 = this.lZ2[k];
    const h1 = this.nH[this.lFrom[k]];
    const h2 = this.nH[this.lTo[k]];
    this.eY1 = h1 > z1 ? h1 - z1 : 0;
    this.eH1 = h1 > z1 ? h1 : z1;
    this.eY2 = h2 > z2 ? h2 - z2 : 0;
    this.eH2 = h2 > z2 ? h2 : z2;
  }

  /** A conduit dry at both ends carries nothing and holds no state. */
  private dryConduit(k: number): number {
    this.lDqdh[k] = 0;
    this.lAMid[k] = 0;
    this.lAOld[k] = 0;
    this.lDepth[k] = 0;
    this.lVel[k] = 0;
    return 0;
  }

  /**
   * Conduit k's flow (all barrels) from the momentum equation at the current heads, SWMM's form
   * q = (q_old − dq2 + dq3 + dq4)/(1 + dq1 + dq5): gravity dq2, inertia dq3 + dq4 (damped by σ),
   * friction dq1, local losses dq5; then normal-flow limitation and the conduit's MaxFlow.
   */
  private conduitFlow(k: number, dt: number): number {
    const nb = this.lBarrels[k];
    const qOld = this.lQ[k] / nb;
    this.endDepths(k);
    const y1 = this.eY1;
    const h1 = this.eH1;
    if (y1 <= FUDGE && this.eY2 <= FUDGE) return this.dryConduit(k);
    const y2 = this.freeFallDepth(k, qOld, this.eY2);
    const h2 = y2 === this.eY2 ? this.eH2 : this.lZ2[k] + y2;
    const g = 4 * k;
    const sh = this.lShape[k];
    section(sh, this.lG[g], this.lG[g + 1], this.lG[g + 2], this.lG[g + 3], y1);
    const a1 = SEC.a;
    const r1 = SEC.r;
    section(sh, this.lG[g], this.lG[g + 1], this.lG[g + 2], this.lG[g + 3], y2);
    const a2 = SEC.a;
    const ym = 0.5 * (y1 + y2);
    section(sh, this.lG[g], this.lG[g + 1], this.lG[g + 2], this.lG[g + 3], ym);
    const aMid = SEC.a;
    const rMid = SEC.r;
    const yFull = this.lYFull[k];
    const closed = this.lClosed[k] === 1;
    const isFull = closed && y1 >= yFull && y2 >= yFull;
    let v = aMid > FUDGE ? qOld / aMid : 0;
    if (v > 50) v = 50;
    else if (v < -50) v = -50;
    const sigma = this.inertialWeight(v, aMid, SEC.t, isFull);
    // upstream weighting of area and radius while the flow runs downhill (SWMM)
    const rho = !isFull && qOld > 0 && h1 >= h2 ? sigma : 1;
    const aWtd = a1 + (aMid - a1) * rho;
    let rWtd = r1 + (rMid - r1) * rho;
    if (rWtd < FUDGE) rWtd = FUDGE;
    const L = this.lLen[k];
    const dq1 = this.frictionTerm(k, v, rWtd, dt, isFull);
    const dq2 = (dt * G * aWtd * (h2 - h1)) / L;
    const dq3 = 2 * v * (aMid - this.lAOld[k]) * sigma;
    const dq4 = (dt * v * v * (a2 - a1) * sigma) / L;
    const dq5 = this.lossTerm(k, qOld, a1, a2, v, dt);
    let q = (qOld - dq2 + dq3 + dq4) / (1 + dq1 + dq5);
    // dQ/dH: SWMM's EXTRAN sensitivity; surcharged conduits (an end above the crown, both ends wet)
    // join the explicit scheme's implicit head solve
    const dqdh = (G * aWtd * dt * nb) / (L * (1 + dq1 + dq5));
    this.lDqdhAll[k] = dqdh;
    this.lDqdh[k] = closed && (y1 >= yFull || y2 >= yFull) && y1 > FUDGE && y2 > FUDGE ? dqdh : 0;
    q = this.normalFlowLimit(k, q, y1, y2, a1, r1);
    if (this.lMaxFlow[k] > 0 && q > this.lMaxFlow[k] / nb) {
      q = this.lMaxFlow[k] / nb;
      this.lDqdh[k] = 0;
    }
    this.lAOld[k] = aMid;
    this.lAMid[k] = aMid;
    this.lDepth[k] = ym;
    // reported / stability velocity; SWMM reports none below a mid depth of 0.01 ft
    this.lVel[k] = ym > 0.003 && aMid > FUDGE ? q / aMid : 0;
    return q * nb;
  }

  /**
   * Free fall at the downstream end (SWMM flow class DN_CRITICAL): while the flow runs downhill into a
   * lower, non-outfall node, the end depth is not below min(critical, normal) depth of the flow.
   */
  private freeFallDepth(k: number, qOld: number, y2: number): number {
    if (!(qOld > FUDGE && y2 < this.lYFull[k] && this.nKind[this.lTo[k]] !== NODE_OUTFALL)) return y2;
    const g = 4 * k;
    section(this.lShape[k], this.lG[g], this.lG[g + 1], this.lG[g + 2], this.lG[g + 3], y2);
    if (!(y2 <= FUDGE || qOld * qOld * SEC.t > G * SEC.a * SEC.a * SEC.a)) return y2; // subcritical end
    const ycn = this.criticalOrNormalDepth(k, qOld);
    return y2 < ycn ? ycn : y2;
  }

  /** min(critical, normal) depth of flow q in conduit k, cached per link while the flow stays within 1 %. */
  private criticalOrNormalDepth(k: number, q: number): number {
    let ycn = this.lYcn[k];
    if (Math.abs(q - this.lYcnQ[k]) <= 0.01 * q) return ycn;
    const g = 4 * k;
    const sh = this.lShape[k];
    const g1 = this.lG[g];
    const g2 = this.lG[g + 1];
    const g3 = this.lG[g + 2];
    const g4 = this.lG[g + 3];
    const yc = criticalDepthFrom(sh, g1, g2, g3, g4, q, this.lYc[k]);
    this.lYc[k] = yc;
    // a mild pipe (normal depth above critical) needs no normal depth
    section(sh, g1, g2, g3, g4, yc);
    const cr = cbrt(SEC.r);
    const steep = this.lBeta[k] * SEC.a * cr * cr > q;
    const yn = steep ? normalDepthFrom(sh, g1, g2, g3, g4, q, this.lBeta[k], ycn < yc ? ycn : 0) : yc;
    ycn = yc < yn ? yc : yn;
    this.lYcn[k] = ycn;
    this.lYcnQ[k] = q;
    return ycn;
  }

  /** Weight σ of the inertial terms by INERTIAL_DAMPING: 1 none, 0 full or a full pipe, by Froude when PARTIAL. */
  private inertialWeight(v: number, a: number, top: number, full: boolean): number {
    if (full || this.dampMode === 2) return 0;
    if (this.dampMode === 0) return 1;
    const fr = top > FUDGE && a > FUDGE ? Math.abs(v) / Math.sqrt((G * a) / top) : 0;
    return fr <= 0.5 ? 1 : fr >= 1 ? 0 : 2 * (1 - fr);
  }

  /** Local losses dq5 = Δt/(2L)·(K_in·|V1| + K_out·|V2| + K_avg·|V|) of conduit k. */
  private lossTerm(k: number, qOld: number, a1: number, a2: number, v: number, dt: number): number {
    const li = this.lLoss[3 * k];
    const lo = this.lLoss[3 * k + 1];
    const la = this.lLoss[3 * k + 2];
    if (!(li + lo + la > 0)) return 0;
    const v1 = a1 > FUDGE ? Math.abs(qOld / a1) : 0;
    const v2 = a2 > FUDGE ? Math.abs(qOld / a2) : 0;
    return (dt / (2 * this.lLen[k])) * (li * v1 + lo * v2 + la * Math.abs(v));
  }

  /**
   * NORMAL_FLOW_LIMITED (SWMM checkNormalFlow): downhill flow in a part-full conduit is capped by the
   * Manning flow at the upstream end when the water surface slopes less than the invert (SLOPE) or the
   * upstream end is supercritical (FROUDE), or either (BOTH); an outfall end always checks the slope.
   */
  private normalFlowLimit(k: number, q: number, y1: number, y2: number, a1: number, r1: number): number {
    if (!(q > 0 && y1 < this.lYFull[k])) return q;
    const hasOutfall = this.nKind[this.lFrom[k]] === NODE_OUTFALL || this.nKind[this.lTo[k]] === NODE_OUTFALL;
    const nfl = this.nflMode;
    let check = (nfl !== 1 || hasOutfall) && y1 < y2;
    if (!check && nfl !== 0 && !hasOutfall && y1 > FUDGE && y2 > FUDGE) {
      const g = 4 * k;
      section(this.lShape[k], this.lG[g], this.lG[g + 1], this.lG[g + 2], this.lG[g + 3], y1);
      if (SEC.t > 0 && Math.abs(q / a1) >= Math.sqrt((G * a1) / SEC.t)) check = true;
    }
    if (!check) return q;
    const c1 = cbrt(r1);
    const qn = this.lBeta[k] * a1 * c1 * c1;
    if (qn >= q) return q;
    this.lDqdh[k] = 0;
    return qn;
  }

  /**
   * The momentum equation's friction term g·Δt·S_f/|V| of conduit k (SWMM's dq1): Manning's
   * g·n²·|V|/R^(4/3), or a full force main's Hazen-Williams / Darcy-Weisbach slope.
   */
  private frictionTerm(k: number, v: number, r: number, dt: number, full: boolean): number {
    const fm = this.lForceMain[k];
    if (full && fm > 0) {
      const av = Math.abs(v);
      if (av <= FUDGE) return 0;
      const sf = this.opts.forceMainEquation === 'D-W' ? darcyWeisbachSlope(av, r, fm) : hazenWilliamsSlope(av, r, fm);
      return (dt * G * sf * this.lLenRatio[k]) / av;
    }
    return (dt * this.lRough[k] * Math.abs(v)) / (r * cbrt(r)); // R^(4/3)
  }

  /** Inlet control of culvert k: the barrel flow q, capped by what its inlet passes at the upstream depth. */
  private culvertCap(k: number, q: number): number {
    const cv = this.lCulvert[k]!;
    const hw = this.nH[this.lFrom[k]] - this.lZ1[k];
    const qIn = inletControlFlow(hw, cv.barrel, cv.coef) * this.lBarrels[k];
    if (qIn >= q) return q;
    this.lDqdh[k] = 0;
    return qIn;
  }

  /** Stops the run on a runaway link (non-finite flow, or a velocity no sewer reaches), naming it and the time. */
  private runaway(k: number, q: number): never {
    const what = Number.isFinite(q)
      ? `velocity ${this.lVel[k].toPrecision(3)} m/s (over ${MAX_VELOCITY} m/s)`
      : `flow ${q}`;
    const drop = dropWarning(this.net, this.net.links[k]);
    throw new SimulationError(
      `drainage: link "${this.linkIds[k]}" ran away at t = ${this.t.toFixed(1)} s: ${what}; ${drop ? `${drop}; ` : ''}check its data and the inflows`,
    );
  }

  /**
   * The solver's state, for a snapshot: a copy of every typed array and every number or flag it holds and the
   * control rules' PID memory (`rulesPid`), except `lShape`, whose codes name section tables registered in this process (structure, rebuilt
   * from the network, not state).
   */
  saveState(): SolverState {
    const arrays: SolverState['arrays'] = {};
    const numbers: Record<string, number> = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'lShape') continue;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) arrays[k] = (v as Float64Array).slice();
      else if (typeof v === 'number') numbers[k] = v;
      else if (typeof v === 'boolean') numbers[k] = v ? 1 : 0;
    }
    if (this.rules) arrays.rulesPid = this.rules.pidMemory();
    return { arrays, numbers };
  }

  /** Puts back a `saveState` of a solver of the same network; `bad` names a missing or misfit value. */
  loadState(st: SolverState, bad: (name: string, got: number, want: number) => Error): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(this)) {
      if (k === 'lShape') continue;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        const dst = v as Float64Array;
        const src = st.arrays[k];
        if (!src || src.length !== dst.length) throw bad(k, src?.length ?? 0, dst.length);
        dst.set(src);
      } else if (typeof v === 'number' || typeof v === 'boolean') {
        const x = st.numbers[k];
        if (typeof x !== 'number') throw bad(k, 0, 1);
        self[k] = typeof v === 'boolean' ? x !== 0 : x;
      }
    }
    if (this.rules) {
      const pid = st.arrays.rulesPid;
      const want = this.rules.pidMemory().length;
      if (!pid || !this.rules.setPidMemory(pid)) throw bad('rulesPid', pid?.length ?? 0, want);
    }
  }

  /** Lays out node i: kind, invert, depths, pond and shaft areas. */
  private setNode(i: number, n: NodeSpec, file: string): void {
    this.nKind[i] = n.kind === 'outfall' ? NODE_OUTFALL : n.kind === 'storage' ? NODE_STORAGE : NODE_JUNCTION;
    this.nInv[i] = n.invert;
    this.nMaxDepth[i] = n.maxDepth;
    this.nPondArea[i] = this.opts.allowPonding ? n.pondedArea : 0;
    if (!Number.isFinite(n.invert)) throw new InputError(`node "${n.id}" has no valid invert`, { file, field: n.id });
  }

  /** Lays out outfall i: boundary mode, stage or stage series, flap gate. */
  private setOutfall(i: number, n: NodeSpec, file: string): void {
    const o = n.outfall ?? { mode: 'free', gated: false };
    this.nOutMode[i] =
      o.mode === 'free'
        ? OUT_FREE
        : o.mode === 'normal'
          ? OUT_NORMAL
          : o.mode === 'fixed'
            ? OUT_FIXED
            : o.mode === 'series'
              ? OUT_SERIES
              : OUT_GRID;
    this.nOutStage[i] = o.stage ?? n.invert;
    this.outSeries[i] = o.series ?? null;
    this.nOutGated[i] = o.gated ? 1 : 0;
    if (o.mode === 'series' && !o.series)
      throw new InputError(`outfall "${n.id}" needs a stage series`, { file, field: n.id });
  }

  /** Lays out storage node i: area = a·d^b + c, or a depth → area table with its cumulative volume (trapezoids). */
  private setStorage(i: number, n: NodeSpec, tabX: number[], tabY: number[], tabV: number[]): void {
    const s = n.storage ?? { a: 0, b: 0, c: this.opts.minSurfArea };
    this.nSt[3 * i] = s.a;
    this.nSt[3 * i + 1] = s.b;
    this.nSt[3 * i + 2] = s.c;
    if (!s.table || s.table.length === 0) return;
    this.nStTab[2 * i] = tabX.length;
    let v = 0;
    let px = 0;
    let py = s.table[0][1];
    for (const [x, y] of s.table) {
      v += 0.5 * (y + py) * (x - px);
      tabX.push(x);
      tabY.push(y);
      tabV.push(v);
      px = x;
      py = y;
    }
    this.nStTab[2 * i + 1] = tabX.length;
  }

  /** Lays out conduit k (section, slope, full flow, losses) in the link arrays. */
  private setConduit(k: number, l: LinkSpec, f: number, t: number, file: string): void {
    const c = l.conduit;
    if (!c) throw new InputError(`conduit "${l.id}" has no data`, { file, field: l.id });
    const xs = c.xsection;
    const yFull = sectionFullDepth(xs);
    if (!(yFull > 0)) throw new InputError(`conduit "${l.id}": cross-section depth must be > 0`, { file, field: l.id });
    const sh = sectionCode(xs);
    if (sh < 0)
      throw new InputError(`conduit "${l.id}": unsupported cross-section "${xs.shape}"`, { file, field: l.id });
    if (!(c.length > 0)) throw new InputError(`conduit "${l.id}": length must be > 0`, { file, field: l.id });
    if (!(c.n > 0)) throw new InputError(`conduit "${l.id}": roughness must be > 0`, { file, field: l.id });
    this.lKind[k] = LINK_CONDUIT;
    this.lShape[k] = sh;
    this.lG[4 * k] = yFull;
    this.lG[4 * k + 1] = xs.geom2;
    this.lG[4 * k + 2] = xs.geom3;
    this.lG[4 * k + 3] = xs.geom4;
    this.lBarrels[k] = Math.max(1, xs.barrels | 0);
    this.lZ1[k] = this.net.nodes[f].invert + c.inOffset;
    this.lZ2[k] = this.net.nodes[t].invert + c.outOffset;
    this.lYFull[k] = yFull;
    const fp = fullProps(sh, yFull, xs.geom2, xs.geom3, xs.geom4);
    this.lAFull[k] = fp.a;
    this.lClosed[k] = isClosed(sh) ? 1 : 0;
    const extran = this.opts.scheme === 'swmm' && this.opts.surcharge === 'extran';
    this.lSlot[k] = isClosed(sh) && !extran ? slotWidth(sh, yFull, xs.geom2) : 0;
    // the slope from the conduit's own length (at least 0.001 % and MIN_SLOPE); LENGTHENING_STEP may
    // lengthen it for the momentum equation and its storage
    const dz = this.lZ1[k] - this.lZ2[k];
    let slope = Math.abs(dz) / Math.sqrt(Math.max(c.length * c.length - dz * dz, 0.01 * c.length * c.length));
    if (slope < 1e-5) slope = 1e-5;
    if (slope < this.opts.minSlope) slope = this.opts.minSlope;
    this.lBeta[k] = Math.sqrt(slope) / c.n;
    const len = lengthenedLength(c.length, this.lBeta[k] * pow(fp.r, 2 / 3), yFull, this.opts);
    this.lLen[k] = len;
    // friction kept: n'² · L' = n² · L (SWMM's roughness adjustment of a lengthened conduit)
    this.lRough[k] = len === c.length ? G * c.n * c.n : (G * c.n * c.n * c.length) / len;
    this.lLenRatio[k] = c.length / len;
    if (xs.shape === 'force_main') this.setForceMain(k, xs.geom2, l.id, file);
    this.lQFull[k] = this.lBeta[k] * fp.a * pow(fp.r, 2 / 3) * this.lBarrels[k];
    this.lQ[k] = c.initFlow;
    this.lMaxFlow[k] = c.maxFlow;
    this.lLoss[3 * k] = c.lossIn;
    this.lLoss[3 * k + 1] = c.lossOut;
    this.lLoss[3 * k + 2] = c.lossAvg;
    this.lFlap[k] = c.flapGate ? 1 : 0;
    if (c.culvertCode) {
      const coef = HDS5[c.culvertCode];
      if (!coef) {
        throw new InputError(
          `conduit "${l.id}": culvert code ${c.culvertCode} is not in floodtwin's HDS-5 table (codes ${Object.keys(HDS5).join(', ')})`,
          { file, field: l.id },
        );
      }
      const barrel = {
        shape: sh,
        g: [yFull, xs.geom2, xs.geom3, xs.geom4] as [number, number, number, number],
        d: yFull,
        a: fp.a,
        slope,
      };
      this.lCulvert[k] = { barrel, coef };
    }
  }

  /** Force main k: its H-W C-factor or D-W roughness height (m), by FORCE_MAIN_EQUATION. */
  private setForceMain(k: number, rough: number, id: string, file: string): void {
    if (!(rough > 0)) {
      const what =
        this.opts.forceMainEquation === 'D-W' ? 'Darcy-Weisbach roughness height' : 'Hazen-Williams C-factor';
      throw new InputError(`conduit "${id}": FORCE_MAIN needs a ${what} > 0 (Geom2)`, { file, field: id });
    }
    this.lForceMain[k] = rough;
  }

  /** Lays out pump k (curve type, start/stop depths, initial status); its curve goes to cx, cy. */
  private setPump(k: number, l: LinkSpec, cx: number[], cy: number[], file: string): void {
    const p = l.pump;
    if (!p) throw new InputError(`pump "${l.id}" has no data`, { file, field: l.id });
    this.lKind[k] = LINK_PUMP;
    this.lP[8 * k] = p.curveType;
    this.lP[8 * k + 1] = p.startDepth;
    this.lP[8 * k + 2] = p.stopDepth;
    this.lOn[k] = p.initOn ? 1 : 0;
    this.lCurve[2 * k] = cx.length;
    for (const [x, y] of p.curve) {
      cx.push(x);
      cy.push(y);
    }
    this.lCurve[2 * k + 1] = cx.length;
    if (p.curveType !== 0 && p.curve.length === 0)
      throw new InputError(`pump "${l.id}" has an empty curve`, { file, field: l.id });
  }

  /** Lays out orifice k: type, crest offset, Cd, shape, opening. */
  private setOrifice(k: number, l: LinkSpec, file: string): void {
    const o = l.orifice;
    if (!o) throw new InputError(`orifice "${l.id}" has no data`, { file, field: l.id });
    this.lKind[k] = LINK_ORIFICE;
    this.lP[8 * k] = o.type === 'bottom' ? 1 : 0;
    this.lP[8 * k + 1] = o.offset;
    this.lP[8 * k + 2] = o.cd;
    this.lP[8 * k + 3] = o.shape === 'circular' ? 1 : 0;
    this.lP[8 * k + 4] = o.height;
    this.lP[8 * k + 5] = o.width;
    this.lFlap[k] = o.gated ? 1 : 0;
  }

  /** Lays out weir k: type, crest offset, coefficients, opening, slopes, end contractions. */
  private setWeir(k: number, l: LinkSpec, file: string): void {
    const w = l.weir;
    if (!w) throw new InputError(`weir "${l.id}" has no data`, { file, field: l.id });
    this.lKind[k] = LINK_WEIR;
    this.lP[8 * k] = WEIR_CODES[w.type];
    this.lP[8 * k + 1] = w.offset;
    this.lP[8 * k + 2] = w.cd;
    this.lP[8 * k + 3] = w.cd2;
    this.lP[8 * k + 4] = w.height;
    this.lP[8 * k + 5] = w.length;
    this.lP[8 * k + 6] = w.sideSlope;
    this.lP[8 * k + 7] = w.endContractions;
    if (w.type === 'roadway') {
      // a roadway has no second coefficient or side slope: those slots hold its road width and surface
      this.lP[8 * k + 3] = w.roadWidth ?? 0;
      this.lP[8 * k + 6] = w.roadSurface === 'paved' ? 1 : w.roadSurface === 'gravel' ? 2 : 0;
    }
    this.lFlap[k] = w.gated ? 1 : 0;
  }

  private pumpFlow(k: number, dt: number): number {
    const f = this.lFrom[k];
    const y = this.nH[f] - this.nInv[f];
    const start = this.lP[8 * k + 1];
    const stop = this.lP[8 * k + 2];
    const wasOn = this.lOn[k];
    if (start > 0 || stop > 0) {
      if (wasOn && y <= stop) this.lOn[k] = 0;
      else if (!wasOn && y >= start) this.lOn[k] = 1;
    }
    if (this.lOn[k] !== wasOn) this.lPumpSwitches[k]++;
    if (!this.lOn[k]) return 0;
    if (this.lP[8 * k] === 5) return this.variableSpeedFlow(k);
    return this.lSetting[k] * this.pumpCurveFlow(k, dt, y);
  }

  /**
   * PUMP5: the full-speed head→flow curve moved by the affinity laws to the relative speed s (the
   * control setting): Q(H) = s · Q_full(H / s²).
   */
  private variableSpeedFlow(k: number): number {
    const sp = this.lSetting[k];
    if (sp <= 0) return 0;
    const head = this.nH[this.lTo[k]] - this.nH[this.lFrom[k]];
    return sp * Math.max(0, this.curveAt(this.lCurve[2 * k], this.lCurve[2 * k + 1], head / (sp * sp)));
  }

  /** A running pump's flow by its curve type (0 ideal, 1 volume steps, 2 depth steps, 3 head, 4 depth). */
  private pumpCurveFlow(k: number, dt: number, y: number): number {
    const f = this.lFrom[k];
    const c0 = this.lCurve[2 * k];
    const c1 = this.lCurve[2 * k + 1];
    switch (this.lP[8 * k]) {
      case 0:
        return this.nKind[f] === NODE_OUTFALL ? 0 : this.nV[f] / dt + Math.max(0, this.nLat[f]);
      case 1:
        return this.curveStep(c0, c1, this.nV[f]);
      case 2:
        return this.curveStep(c0, c1, y);
      case 3:
        return Math.max(0, this.curveAt(c0, c1, this.nH[this.lTo[k]] - this.nH[f]));
      default:
        return this.curveAt(c0, c1, y);
    }
  }

  /** Largest flow (m³/s) that does not overshoot equal heads within dt (stabilises rating links). */
  private equalisingCap(f: number, t: number, dt: number): number {
    const dh = Math.abs(this.nH[f] - this.nH[t]);
    const inv =
      (this.nKind[f] === NODE_OUTFALL ? 0 : 1 / this.nS[f]) + (this.nKind[t] === NODE_OUTFALL ? 0 : 1 / this.nS[t]);
    return inv > 0 ? dh / (inv * dt) : Infinity;
  }

  private orificeFlow(k: number, dt: number): number {
    const f = this.lFrom[k];
    const t = this.lTo[k];
    const zc = this.nInv[f] + this.lP[8 * k + 1];
    const cd = this.lP[8 * k + 2];
    const circ = this.lP[8 * k + 3] === 1;
    const hFull = this.lP[8 * k + 4];
    const hO = hFull * this.lSetting[k]; // a control setting opens the orifice to this height
    if (hO <= 0) return 0;
    const w = this.lP[8 * k + 5];
    const h1 = this.nH[f];
    const h2 = this.nH[t];
    const sign = h1 >= h2 ? 1 : -1;
    const hu = sign > 0 ? h1 : h2;
    const hd = sign > 0 ? h2 : h1;
    const y = hu - zc;
    if (y <= 0) return 0;
    let area: number;
    let head: number;
    if (this.lP[8 * k] === 1) {
      if (circ) {
        section(0, hFull, 0, 0, 0, hO);
        area = SEC.a;
      } else area = hO * w;
      head = hu - Math.max(hd, zc);
    } else {
      const yy = y < hO ? y : hO;
      if (circ) {
        section(0, hFull, 0, 0, 0, yy);
        area = SEC.a;
      } else area = w * yy;
      head = hu - Math.max(hd, zc + 0.5 * yy);
    }
    if (head <= 0) return 0;
    let q = cd * area * Math.sqrt(2 * G * head);
    const cap = this.equalisingCap(f, t, dt);
    if (q > cap) q = cap;
    if (sign < 0 && this.lFlap[k]) return 0;
    return sign * q;
  }

  private weirFlow(k: number, dt: number): number {
    const f = this.lFrom[k];
    const t = this.lTo[k];
    const type = this.lP[8 * k];
    // a control setting below 1 raises the crest by the closed part of the opening
    const zc = this.nInv[f] + this.lP[8 * k + 1] + (1 - this.lSetting[k]) * this.lP[8 * k + 4];
    const cd = this.lP[8 * k + 2];
    const cd2 = this.lP[8 * k + 3];
    const L = this.lP[8 * k + 5];
    const ss = this.lP[8 * k + 6];
    const nc = this.lP[8 * k + 7];
    const h1 = this.nH[f];
    const h2 = this.nH[t];
    const sign = h1 >= h2 ? 1 : -1;
    const hu = sign > 0 ? h1 : h2;
    const hd = sign > 0 ? h2 : h1;
    const h = hu - zc;
    if (h <= 0) return 0;
    if (type === 4) return this.roadwayFlow(k, dt, sign, h, hd - zc);
    let q: number;
    let ex = 1.5;
    if (type === 0) q = cd * Math.max(0, L - 0.1 * nc * h) * pow(h, 1.5);
    else if (type === 1) {
      q = cd * L * pow(h, 5 / 3);
      ex = 5 / 3;
    } else if (type === 2) {
      q = cd * ss * pow(h, 2.5);
      ex = 2.5;
    } else q = cd * L * pow(h, 1.5) + cd2 * ss * pow(h, 2.5);
    const hdn = hd - zc;
    if (hdn > 0) {
      const r = hdn / h;
      q *= pow(Math.max(0, 1 - pow(r, ex)), 0.385); // Villemonte submergence
    }
    const cap = this.equalisingCap(f, t, dt);
    if (q > cap) q = cap;
    if (sign < 0 && this.lFlap[k]) return 0;
    return sign * q;
  }

  /**
   * ROADWAY weir k (SWMM roadway.c's method): Q = k_t·C_r·L·h^1.5 from the HDS-5 curves when the road width and
   * surface are given (k_t replaces Villemonte's submergence), else cd·L·h^1.5; h over the road upstream, ht
   * downstream (m), sign the flow direction.
   */
  private roadwayFlow(k: number, dt: number, sign: number, h: number, ht: number): number {
    const width = this.lP[8 * k + 3];
    const surf = this.lP[8 * k + 6];
    const c =
      width > 0 && surf > 0 ? roadwayCoefficient(h, ht, width, surf === 1 ? 'paved' : 'gravel') : this.lP[8 * k + 2];
    let q = c * this.lP[8 * k + 5] * pow(h, 1.5);
    const cap = this.equalisingCap(this.lFrom[k], this.lTo[k], dt);
    if (q > cap) q = cap;
    if (sign < 0 && this.lFlap[k]) return 0;
    return sign * q;
  }

  /**
   * Advances the network by dt (one sub-step; call `stableStep` for dt). nEx (exchange inflows)
   * must be set by the caller for this sub-step; they are booked in the ledger here.
   */
  step(dt: number): void {
    if (this.picard) {
      this.picard.step(dt);
      return;
    }
    this.beginStep(dt);
    // 1. link flows from the heads at the start of the step
    this.linkFlows(dt);
    if (this.implicit) this.implicitHeads(dt);
    this.transport(dt);
  }

  /** The step's boundary data: lateral inflows (booked in the ledger), outfall heads, control rules. */
  beginStep(dt: number): void {
    this.setInflows(this.t + 0.5 * dt, dt);
    this.setOutfallHeads(this.t + dt);
    if (this.rules) this.rules.apply(this.t);
  }

  /** Every link's flow from the current heads (conduits by momentum, the others by their ratings) into lQ. */
  linkFlows(dt: number): void {
    for (let k = 0; k < this.nL; k++) {
      let q: number;
      switch (this.lKind[k]) {
        case LINK_CONDUIT:
          q = this.conduitFlow(k, dt);
          if (this.lCulvert[k] && q > 0) q = this.culvertCap(k, q);
          break;
        case LINK_PUMP:
          q = this.pumpFlow(k, dt);
          break;
        case LINK_ORIFICE:
          q = this.orificeFlow(k, dt);
          break;
        default:
          q = this.weirFlow(k, dt);
          break;
      }
      const t = this.lTo[k];
      if (!(Math.abs(this.lVel[k]) <= MAX_VELOCITY) || !Number.isFinite(q)) this.runaway(k, q);
      if ((q < 0 && (this.lFlap[k] || this.nOutGated[t])) || this.lSetting[k] === 0) {
        q = 0;
        this.lDqdh[k] = 0;
      }
      this.lQ[k] = q;
    }
  }

  /**
   * Moves the water of one step: lQ·dt along every link, limited so that no node gives more than it
   * holds; then node volumes (exact ledger), flooding and heads from V(H). Advances the clock.
   */
  transport(dt: number): void {
    const nN = this.nN;
    const nL = this.nL;
    // 2. positivity: a node cannot send more than it holds plus its lateral inflow
    const outVol = this.outVol;
    const scale = this.outScale;
    outVol.fill(0);
    for (let k = 0; k < nL; k++) {
      const q = this.lQ[k];
      if (q > 0) outVol[this.lFrom[k]] += q * dt;
      else if (q < 0) outVol[this.lTo[k]] -= q * dt;
    }
    for (let i = 0; i < nN; i++) {
      scale[i] = 1;
      if (this.nKind[i] === NODE_OUTFALL) continue;
      const ex = this.nEx[i];
      const lat = this.nLat[i];
      const avail = this.nV[i] + dt * ((lat > 0 ? lat : 0) + (ex > 0 ? ex : 0));
      const need = outVol[i] + dt * ((lat < 0 ? -lat : 0) + (ex < 0 ? -ex : 0));
      if (need > avail && need > 0) scale[i] = avail > 0 ? avail / need : 0;
    }
    for (let k = 0; k < nL; k++) {
      const q = this.lQ[k];
      if (q > 0) this.lQ[k] = q * scale[this.lFrom[k]];
      else if (q < 0) this.lQ[k] = q * scale[this.lTo[k]];
    }
    // 3. continuity
    const dV = this.outVol; // reuse as net volume change
    for (let i = 0; i < nN; i++) {
      let s = scale[i];
      if (s > 1) s = 1;
      const lat = this.nLat[i];
      const ex = this.nEx[i];
      // negative lateral / exchange flows are scaled by the same factor as link outflows
      const latEff = lat < 0 ? lat * s : lat;
      const exEff = ex < 0 ? ex * s : ex;
      this.nEx[i] = exEff;
      dV[i] = dt * (latEff + exEff);
      if (exEff > 0) this.volExIn += exEff * dt;
      else this.volExOut -= exEff * dt;
      if (lat < 0) this.volExternal += (latEff - lat) * dt; // the part that could not leave
    }
    for (let k = 0; k < nL; k++) {
      const q = this.lQ[k] * dt;
      dV[this.lFrom[k]] -= q;
      dV[this.lTo[k]] += q;
    }
    for (let i = 0; i < nN; i++) {
      if (this.nKind[i] === NODE_OUTFALL) {
        this.volOutfall[i] += dV[i];
        continue;
      }
      const vOld = this.nV[i];
      let v = vOld + dV[i];
      this.nFlood[i] = 0;
      if (v < 0) {
        this.volClamp -= v;
        v = 0;
      }
      if (!this.nOpenTop[i] && this.nPondArea[i] <= 0 && v > this.nVFull[i]) {
        const over = v - this.nVFull[i];
        this.volFlood += over;
        this.nFlood[i] = over / dt;
        v = this.nVFull[i];
      }
      this.nV[i] = v;
      const h = this.headFor(i, v, vOld);
      if (!(h === h))
        throw new SimulationError(
          `drainage: head at node "${this.nodeIds[i]}" became NaN at t = ${this.t.toFixed(1)} s`,
        );
      this.nH[i] = h;
    }
    this.t += dt;
    this.steps++;
  }

  /**
   * Surcharged conduits: q = q* − b·(δH_down − δH_up) with the heads' changes δH from the linearised
   * node continuity (S + dt·Σb)·δH_i − dt·Σ b·δH_j = dt·(net inflow with q*), solved by a few Jacobi
   * sweeps (SWMM's surcharge treatment is the first sweep). The flows stay the only thing that moves
   * volume, so continuity remains exact; the sweeps only make the flows consistent with the heads.
   */
  private implicitHeads(dt: number): void {
    const nN = this.nN;
    const nL = this.nL;
    let any = false;
    for (let k = 0; k < nL; k++)
      if (this.lDqdh[k] > 0) {
        any = true;
        break;
      }
    if (!any) return;
    const net = this.nNet;
    const B = this.nB;
    const d0 = this.nDelta;
    const d1 = this.nDeltaNew;
    for (let i = 0; i < nN; i++) {
      net[i] = this.nLat[i] + this.nEx[i];
      B[i] = 0;
      d0[i] = 0;
    }
    for (let k = 0; k < nL; k++) {
      const q = this.lQ[k];
      net[this.lFrom[k]] -= q;
      net[this.lTo[k]] += q;
      const b = this.lDqdh[k];
      if (b > 0) {
        B[this.lFrom[k]] += b;
        B[this.lTo[k]] += b;
      }
    }
    for (let sweep = 0; sweep < 4; sweep++) {
      for (let i = 0; i < nN; i++) d1[i] = dt * net[i];
      for (let k = 0; k < nL; k++) {
        const b = this.lDqdh[k];
        if (b <= 0) continue;
        const f = this.lFrom[k];
        const t = this.lTo[k];
        d1[f] += dt * b * d0[t];
        d1[t] += dt * b * d0[f];
      }
      for (let i = 0; i < nN; i++) {
        d0[i] = this.nKind[i] === NODE_OUTFALL || B[i] <= 0 ? 0 : d1[i] / (this.nS[i] + dt * B[i]);
      }
    }
    for (let k = 0; k < nL; k++) {
      const b = this.lDqdh[k];
      if (b > 0) this.lQ[k] -= b * (d0[this.lTo[k]] - d0[this.lFrom[k]]);
    }
  }

  /** Runs from the current time to t1 with adaptive sub-steps (no exchange). Returns the sub-step count. */
  advanceTo(t1: number, onStep?: (dt: number) => void): number {
    let n = 0;
    while (this.t < t1 - 1e-9) {
      let dt = this.stableStep();
      if (this.t + dt > t1) dt = t1 - this.t;
      this.step(dt);
      if (onStep) onStep(dt);
      n++;
    }
    return n;
  }

  /** Total of the ledger: inflows in, outflows out (m³). */
  continuity(): { inflow: number; outflow: number; stored0: number; stored: number; error: number; relError: number } {
    let outfall = 0;
    for (let i = 0; i < this.nN; i++) outfall += this.volOutfall[i];
    const inflow = this.volDwf + this.volExternal + this.volRunoff + this.volExIn;
    const outflow = outfall + this.volFlood + this.volExOut;
    const stored = this.storedVolume();
    const error = this.vInit + inflow - outflow - stored;
    const denom = Math.max(this.vInit + inflow, 1e-12);
    return { inflow, outflow, stored0: this.vInit, stored, error, relError: error / denom };
  }

  depth(i: number): number {
    return this.nH[i] - this.nInv[i];
  }
}
