/**
 * SWMM 5's dynamic-wave step (SWMM Reference Manual vol. II "Hydraulics", ch. 3 Dynamic Wave Routing),
 * written from the manual on the solver's arrays:
 *  - each step is solved by Picard iterations: link flows from the momentum equation at the latest node
 *    heads (the flow and mid area of the step start held as the "old" values), then node heads from
 *    continuity with the mean of the start and end flows; from the second trial on, flows and heads are
 *    under-relaxed, x = (1 − Ω)·x_last + Ω·x_new with Ω = 0.5; the step stops when no head moved more
 *    than HEAD_TOLERANCE, or after MAX_TRIALS;
 *  - SURCHARGE_METHOD EXTRAN: a junction above the crown of its highest conduit has no storage; its
 *    head moves by ΔH = ΣQ / Σ∂Q/∂H (the net inflow over the links' head sensitivity), ∂Q/∂H of a
 *    conduit = g·Ā·Δt / (L·(1 + friction + loss terms)). SLOT: a Preissmann slot on closed conduits
 *    keeps surcharged nodes on the continuity equation;
 *  - VARIABLE_STEP: Δt = C·min over conduits of L / (|V| + √(g·A/T)), within [MINIMUM_STEP,
 *    ROUTING_STEP]; 0 = the fixed ROUTING_STEP;
 *  - LENGTHENING_STEP (in `lengthenedLength`) and MIN_SLOPE (in the solver's conduit layout).
 * One departure, kept on purpose: node continuity is solved for the head from the node's stored
 * volume V(H) — the integral of the same surface area (node area plus half of each conduit's top
 * width) that the manual divides by — so that the water moved by the mean flows is booked exactly and
 * the ledger closes to round-off. EXTRAN heads are taken as the manual gives them.
 */
import { SimulationError } from '../../src/core/errors.ts';
import { G, SEC, section } from './xsection.ts';
import { LINK_CONDUIT, NODE_JUNCTION, NODE_OUTFALL } from './kinds.ts';
import type { RoutingOptions } from './network.ts';

type F64 = Float64Array;

/** What the Picard step reads and drives of the solver (`DrainageSolver` is one; a test may pass its own). */
export interface PicardHost {
  readonly nN: number;
  readonly nL: number;
  readonly nodeIds: readonly string[];
  readonly opts: RoutingOptions;
  readonly t: number;
  readonly nKind: Uint8Array;
  readonly nInv: F64;
  readonly nFullDepth: F64;
  readonly nPondArea: F64;
  readonly nOpenTop: Uint8Array;
  readonly nVFull: F64;
  readonly nV: F64;
  readonly nH: F64;
  readonly nLat: F64;
  readonly nEx: F64;
  readonly adjStart: Int32Array;
  readonly adjLink: Int32Array;
  readonly adjEnd: Uint8Array;
  readonly lKind: Uint8Array;
  readonly lFrom: Int32Array;
  readonly lTo: Int32Array;
  readonly lZ1: F64;
  readonly lZ2: F64;
  readonly lYFull: F64;
  readonly lLen: F64;
  readonly lShape: Int32Array;
  readonly lG: F64;
  readonly lBarrels: F64;
  readonly lQ: F64;
  readonly lAOld: F64;
  readonly lAMid: F64;
  readonly lDepth: F64;
  readonly lVel: F64;
  readonly lDqdhAll: F64;
  readonly lOn: Uint8Array;
  readonly lPumpSwitches: Int32Array;
  /** lateral inflows, outfall heads and control rules of a step */
  beginStep(dt: number): void;
  /** every link's flow from the current heads into lQ */
  linkFlows(dt: number): void;
  /** moves lQ·dt of water (limited, exact ledger), sets heads from volumes, advances the clock */
  transport(dt: number): void;
  setOutfallHeads(t: number): void;
  headFor(i: number, v: number, vOld: number): number;
  volumeAt(i: number, h: number): number;
}

/** A surcharged junction whose flow balance needs more head than this above its rim (m) is a runaway. */
export const MAX_SURCHARGE_HEAD = 1000;

/** SWMM's under-relaxation factor of the Picard iterations. */
export const OMEGA = 0.5;
const FUDGE = 1e-6;

/**
 * A conduit's length for the momentum equation under LENGTHENING_STEP: one whose Courant time at full
 * flow, L / (V_full + √(g·y_full)), is below the step is lengthened until it reaches it (SWMM scheme only).
 * @example lengthenedLength(10, 2, 1, { scheme: 'swmm', lengtheningStep: 10 }) // 10·(2 + √9.80665) ≈ 51.3
 */
export function lengthenedLength(
  len: number,
  vFull: number,
  yFull: number,
  opts: Pick<RoutingOptions, 'scheme' | 'lengtheningStep'>,
): number {
  const ts = opts.scheme === 'swmm' ? opts.lengtheningStep : 0;
  if (!(ts > 0)) return len;
  const l = ts * (vFull + Math.sqrt(G * yFull));
  return l > len ? l : len;
}

/** The Picard step of one solver; holds only per-step scratch and counters. */
export class PicardStep {
  private readonly s: PicardHost;
  private readonly q0: Float64Array;
  private readonly aOld0: Float64Array;
  private readonly qLast: Float64Array;
  private readonly on0: Uint8Array;
  private readonly sw0: Int32Array;
  private readonly h0: Float64Array;
  private readonly vIter: Float64Array;
  private readonly netEnd: Float64Array;
  private readonly netMid: Float64Array;
  private readonly sumDqdh: Float64Array;
  /** EXTRAN: depth of the highest connected crown above each junction's invert (Infinity: never surcharged) */
  readonly crown: Float64Array;
  /** steps taken, Picard trials in total, steps that ended at MAX_TRIALS unconverged */
  steps = 0;
  trials = 0;
  nonConverged = 0;

  constructor(s: PicardHost) {
    this.s = s;
    const nL = s.nL;
    const nN = s.nN;
    this.q0 = new Float64Array(nL);
    this.aOld0 = new Float64Array(nL);
    this.qLast = new Float64Array(nL);
    this.on0 = new Uint8Array(nL);
    this.sw0 = new Int32Array(nL);
    this.h0 = new Float64Array(nN);
    this.vIter = new Float64Array(nN);
    this.netEnd = new Float64Array(nN);
    this.netMid = new Float64Array(nN);
    this.sumDqdh = new Float64Array(nN);
    this.crown = new Float64Array(nN).fill(Number.POSITIVE_INFINITY);
    if (s.opts.surcharge === 'extran') this.layCrowns();
  }

  /** Crown depth of each junction: its highest conduit crown (SWMM: nodes surcharge above it). */
  private layCrowns(): void {
    const s = this.s;
    for (let i = 0; i < s.nN; i++) {
      if (s.nKind[i] !== NODE_JUNCTION) continue;
      let c = Number.NEGATIVE_INFINITY;
      for (let a = s.adjStart[i]; a < s.adjStart[i + 1]; a++) {
        const k = s.adjLink[a];
        const z = s.adjEnd[a] === 0 ? s.lZ1[k] : s.lZ2[k];
        if (z + s.lYFull[k] - s.nInv[i] > c) c = z + s.lYFull[k] - s.nInv[i];
      }
      if (c > Number.NEGATIVE_INFINITY) this.crown[i] = c;
    }
  }

  /** Advances the solver by dt with Picard iterations; the water moves by the mean of start and end flows. */
  step(dt: number): void {
    const s = this.s;
    s.beginStep(dt);
    this.q0.set(s.lQ);
    this.aOld0.set(s.lAOld);
    this.on0.set(s.lOn);
    this.sw0.set(s.lPumpSwitches);
    this.h0.set(s.nH);
    this.vIter.set(s.nV);
    const maxTrials = s.opts.maxTrials > 0 ? s.opts.maxTrials : 1;
    let trial = 0;
    let converged = false;
    while (trial < maxTrials && !converged) {
      trial++;
      this.trialFlows(dt, trial);
      converged = this.trialHeads(dt, trial) && trial > 1;
      s.setOutfallHeads(s.t + dt);
    }
    this.steps++;
    this.trials += trial;
    if (!converged && maxTrials > 1) this.nonConverged++;
    this.finish(dt);
  }

  /** One trial's link flows: momentum from the step-start flow at the latest heads, under-relaxed after the first. */
  private trialFlows(dt: number, trial: number): void {
    const s = this.s;
    s.lQ.set(this.q0);
    s.lAOld.set(this.aOld0);
    s.lOn.set(this.on0);
    s.lPumpSwitches.set(this.sw0);
    s.linkFlows(dt);
    const q = s.lQ;
    if (trial > 1) for (let k = 0; k < s.nL; k++) q[k] = (1 - OMEGA) * this.qLast[k] + OMEGA * q[k];
    this.qLast.set(q);
  }

  /** Net inflows of every node at the trial's end flows (netEnd) and at the step's mean flows (netMid). */
  private nodeBalances(): void {
    const s = this.s;
    for (let i = 0; i < s.nN; i++) {
      const side = s.nLat[i] + s.nEx[i];
      this.netEnd[i] = side;
      this.netMid[i] = side;
      this.sumDqdh[i] = 0;
    }
    for (let k = 0; k < s.nL; k++) {
      const q = s.lQ[k];
      const qm = 0.5 * (this.q0[k] + q);
      const f = s.lFrom[k];
      const t = s.lTo[k];
      this.netEnd[f] -= q;
      this.netEnd[t] += q;
      this.netMid[f] -= qm;
      this.netMid[t] += qm;
      if (s.lKind[k] === LINK_CONDUIT) {
        this.sumDqdh[f] += s.lDqdhAll[k];
        this.sumDqdh[t] += s.lDqdhAll[k];
      }
    }
  }

  /** True when junction i at head h is surcharged in the EXTRAN sense (above its crown, not on its pond). */
  private surcharged(i: number, h: number): boolean {
    const s = this.s;
    const y = h - s.nInv[i];
    return y >= this.crown[i] && !(s.nPondArea[i] > 0 && y >= s.nFullDepth[i]);
  }

  /** One trial's node heads (relaxed after the first); true when every head moved ≤ HEAD_TOLERANCE. */
  private trialHeads(dt: number, trial: number): boolean {
    const s = this.s;
    this.nodeBalances();
    const tol = s.opts.headTolerance;
    let conv = true;
    for (let i = 0; i < s.nN; i++) {
      if (s.nKind[i] === NODE_OUTFALL) continue;
      const hLast = s.nH[i];
      let h: number;
      if (this.surcharged(i, hLast) && this.sumDqdh[i] > 0) h = this.extranHead(i, hLast);
      else h = this.continuityHead(i, dt);
      if (trial > 1) h = (1 - OMEGA) * hLast + OMEGA * h;
      if (Math.abs(h - hLast) > tol) conv = false;
      s.nH[i] = h;
    }
    return conv;
  }

  /** EXTRAN: the head that zeroes the net inflow of a storage-free surcharged junction (capped at its rim). */
  private extranHead(i: number, hLast: number): number {
    const s = this.s;
    const h = hLast + this.netEnd[i] / this.sumDqdh[i];
    const rim = s.nInv[i] + s.nFullDepth[i];
    if (!(h - rim <= MAX_SURCHARGE_HEAD)) this.runaway(i, h - rim);
    return !s.nOpenTop[i] && s.nPondArea[i] <= 0 && h > rim ? rim : h;
  }

  /** Stops the run: a junction whose inflow would need a head no sewer holds (or a non-finite one). */
  private runaway(i: number, above: number): never {
    throw new SimulationError(
      `drainage: node "${this.s.nodeIds[i]}" ran away at t = ${this.s.t.toFixed(1)} s: passing its inflow would need a head ${above.toPrecision(3)} m above its rim (over ${MAX_SURCHARGE_HEAD} m); check its data and the inflows`,
    );
  }

  /** Continuity: the head whose stored volume is the step-start volume plus the mean net inflow. */
  private continuityHead(i: number, dt: number): number {
    const s = this.s;
    let v = s.nV[i] + dt * this.netMid[i];
    if (v < 0) v = 0;
    if (!s.nOpenTop[i] && s.nPondArea[i] <= 0 && v > s.nVFull[i]) v = s.nVFull[i];
    const h = s.headFor(i, v, this.vIter[i]);
    this.vIter[i] = v;
    return h;
  }

  /**
   * Books the step: the solver moves the water by the mean flows (limited, exact ledger), then the end
   * flows become the next step's old flows; EXTRAN junctions keep their surcharge head.
   */
  private finish(dt: number): void {
    const s = this.s;
    const q = s.lQ;
    const hIter = this.vIter; // reuse: the iterated heads
    hIter.set(s.nH);
    for (let k = 0; k < s.nL; k++) q[k] = 0.5 * (this.q0[k] + this.qLast[k]);
    s.nH.set(this.h0);
    s.transport(dt);
    for (let k = 0; k < s.nL; k++) {
      const mean = 0.5 * (this.q0[k] + this.qLast[k]);
      // a node that could not give its mean outflow scales the end flow by the same factor
      let end = this.qLast[k];
      if (mean !== 0 && q[k] !== mean) end *= q[k] / mean;
      q[k] = end;
      s.lVel[k] =
        s.lKind[k] === LINK_CONDUIT && s.lDepth[k] > 0.003 && s.lAMid[k] > FUDGE
          ? end / (s.lAMid[k] * s.lBarrels[k])
          : 0;
    }
    // EXTRAN junctions keep the head of their flow balance, and the volume of that head: the imbalance
    // EXTRAN leaves at a storage-free node shows in the continuity error, as in SWMM
    for (let i = 0; i < s.nN; i++) {
      if (s.nKind[i] !== NODE_JUNCTION || !this.surcharged(i, hIter[i])) continue;
      const rim = s.nInv[i] + s.nFullDepth[i];
      const h = !s.nOpenTop[i] && s.nPondArea[i] <= 0 && hIter[i] > rim ? rim : hIter[i];
      s.nH[i] = h;
      s.nV[i] = s.volumeAt(i, h);
    }
  }

  /** SWMM's variable step: C·min L/(|V| + √(g·A/T)) over conduits with a free surface. */
  courantStep(): number {
    const s = this.s;
    const o = s.opts;
    if (!(o.variableStep > 0)) return o.routingStep;
    let dt = o.routingStep;
    for (let k = 0; k < s.nL; k++) {
      if (s.lKind[k] !== LINK_CONDUIT) continue;
      const a = s.lAMid[k];
      if (a <= FUDGE) continue;
      const g = 4 * k;
      section(s.lShape[k], s.lG[g], s.lG[g + 1], s.lG[g + 2], s.lG[g + 3], s.lDepth[k]);
      if (SEC.t <= FUDGE) continue;
      const v = Math.abs(s.lQ[k]) / (a * s.lBarrels[k]);
      const d = (o.variableStep * s.lLen[k]) / (v + Math.sqrt((G * a) / SEC.t));
      if (d < dt) dt = d;
    }
    return dt < o.minStep ? o.minStep : dt;
  }
}
