/**
 * The four kernels of a flood step (face fluxes, positivity factors and scaling, depth update)
 * behind one interface, with two implementations that give the same bits: the JavaScript reference
 * (localInertial.ts, positivity.ts) and the WebAssembly one (wasm/kernel.ts, on the state's memory).
 * The band loop (band.ts) calls them by row and column range and never asks which one it has.
 *
 * A kernel set owns the step's per-step values (dt, rain, end time) and which flux arrays are old
 * and new: `beginStep` sets the first, `swapFluxes` ends the step.
 */
import { depthRow, DEPTH_OUT, fluxRowX, fluxRowY, type KernelParams } from './localInertial.ts';
import { outflowFactors, scaleRowsX, scaleRowsY } from './positivity.ts';
import type { FloodSetup } from './setup.ts';
import { LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';
import type { FloodPointers, WasmKernels } from './wasm/loader.ts';

/** A depth below −this is instability, not rounding: the run stops. */
export const NEGATIVE_TOLERANCE_M = 0.1;

/** What changes from step to step. */
export interface StepInput {
  dt: number;
  /** rain depth over the whole step (m), added to every valid cell */
  rainDepth: number;
  /** the time at the end of the step, for arrival times */
  t1: number;
}

/** The flux arrays a step reads (old) and writes (new). */
export interface FluxArrays {
  qxOld: Float32Array;
  qxNew: Float32Array;
  qyOld: Float32Array;
  qyNew: Float32Array;
}

/** A depth update error: the first cell with NaN (kind 1) or a depth below −NEGATIVE_TOLERANCE_M (kind 2). */
export interface DepthError {
  cell: number;
  kind: number;
}

export interface FloodKernels {
  /** the flux arrays of the current step (changed by swapFluxes) */
  readonly q: FluxArrays;
  /** old ↔ new, at the end of a step */
  swapFluxes(): void;
  /** sets the step's values; resets the step's wave speed maximum and depth error */
  beginStep(s: StepInput): void;
  /**
   * west faces of cells c0 … c1 − 1 of row r (c ≥ 1: the grid's west edge is boundaries.ts'), over
   * `dt` (the step's unless given: a local step class's, stepClasses.ts); −1 or a runaway cell
   */
  fluxX(r: number, c0: number, c1: number, dt?: number): number;
  /** y faces of face row j (between cell rows j − 1 and j, 1 ≤ j < nrows), columns c0 … c1 − 1; −1 or a runaway cell */
  fluxY(j: number, c0: number, c1: number, dt?: number): number;
  /** the faces fluxX(r, c0, c1) and, for r ≥ 1, fluxY(r, c0, c1) would write keep their old flux (holdFaces) */
  hold(r: number, c0: number, c1: number): void;
  /** positivity factors of cells c0 … c1 − 1 of row r; true if one was limited (the caller marks rowLimited) */
  factors(r: number, c0: number, c1: number): boolean;
  /** scales the x faces of the limited rows among [r0, r1) by their donor's factor */
  scaleX(r0: number, r1: number): void;
  /** scales the y face rows [j0, j1) next to a limited row by their donor's factor */
  scaleY(j0: number, j1: number): void;
  /** depth update of cells c0 … c1 − 1 of row r; returns max(hMaxIn, their new depths) */
  depth(r: number, c0: number, c1: number, hMaxIn: number): number;
  /** the largest |u| + √(g·hf) of the deep faces since beginStep (localInertial.ts trackSpeed) */
  speedMax(): number;
  /** the first depth error since beginStep, or null */
  depthError(): DepthError | null;
}

/** The parameters of the scheme that do not change during a run. */
export function kernelParams(setup: FloodSetup): KernelParams {
  const { ncols, nrows, cellSize: dx } = setup;
  const { theta, depthThresholdM, maxVelocityMS, friction } = setup.solver;
  return {
    ncols,
    nrows,
    dx,
    dt: 0,
    theta,
    hThreshold: depthThresholdM,
    maxVelocity: maxVelocityMS,
    implicitFriction: friction === 'implicit',
  };
}

/**
 * holdFaces' dry depth: the float32 threshold, which both kernel sets compare in float32. Every
 * cell that active tiles count dry (≤ min(threshold, its float32)) is at or below it.
 */
const holdDry = (setup: Pick<FloodSetup, 'solver'>): number => Math.fround(setup.solver.depthThresholdM);

/**
 * Local time stepping (stepClasses.ts): the x faces west of cells c0 … c1 − 1 of row r (c ≥ 1) and,
 * for r ≥ 1, the y faces north of them keep their old flux in the new array, except that a face
 * between two dry cells (depth ≤ `dry`) gets 0, as computing it would. Copies, no arithmetic: the
 * same bits as the WebAssembly holdFaces (wasm/kernel.ts).
 */
export function holdFaces(
  a: FloodArrays,
  q: FluxArrays,
  ncols: number,
  dry: number,
  r: number,
  c0: number,
  c1: number,
): void {
  const h = a.h;
  const { qxOld, qxNew, qyOld, qyNew } = q;
  const cb = r * ncols;
  const fb = cb + r;
  for (let c = c0 > 1 ? c0 : 1; c < c1; c++) {
    const k = cb + c;
    qxNew[fb + c] = h[k - 1] > dry || h[k] > dry ? qxOld[fb + c] : 0;
  }
  if (r === 0) return;
  for (let c = c0; c < c1; c++) {
    const k = cb + c;
    qyNew[k] = h[k - ncols] > dry || h[k] > dry ? qyOld[k] : 0;
  }
}

/** Swaps the old and new arrays of a FluxArrays in place. */
function swap(q: FluxArrays): void {
  const x = q.qxOld;
  q.qxOld = q.qxNew;
  q.qxNew = x;
  const y = q.qyOld;
  q.qyOld = q.qyNew;
  q.qyNew = y;
}

/** The JavaScript reference kernels. */
export class JsKernels implements FloodKernels {
  readonly q: FluxArrays;
  private readonly p: KernelParams;
  private readonly out = new Float64Array(3);
  private step: StepInput = { dt: 0, rainDepth: 0, t1: 0 };

  constructor(
    private readonly a: FloodArrays,
    setup: FloodSetup,
  ) {
    this.p = kernelParams(setup);
    this.arrivalDepth = setup.outputs.arrivalDepthM;
    this.q = { qxOld: a.qx0, qxNew: a.qx1, qyOld: a.qy0, qyNew: a.qy1 };
    this.dry = holdDry(setup);
  }

  private readonly dry: number;

  private readonly arrivalDepth: number;

  swapFluxes(): void {
    swap(this.q);
  }

  beginStep(s: StepInput): void {
    this.step = s;
    this.p.dt = s.dt;
    this.p.speedMax = 0;
    this.out[DEPTH_OUT.errorCell] = -1;
    this.out[DEPTH_OUT.errorKind] = 0;
  }

  fluxX(r: number, c0: number, c1: number, dt = this.step.dt): number {
    this.p.dt = dt;
    return fluxRowX(this.a, this.q.qxOld, this.q.qxNew, this.q.qyOld, this.p, r, c0, c1);
  }

  fluxY(j: number, c0: number, c1: number, dt = this.step.dt): number {
    const { a, q, p } = this;
    p.dt = dt;
    return fluxRowY(a, a.h, (j - 1) * p.ncols, a.h, j * p.ncols, q.qyOld, q.qxOld, p, j, q.qyNew, j * p.ncols, c0, c1);
  }

  hold(r: number, c0: number, c1: number): void {
    holdFaces(this.a, this.q, this.p.ncols, this.dry, r, c0, c1);
  }

  factors(r: number, c0: number, c1: number): boolean {
    this.p.dt = this.step.dt;
    return outflowFactors(this.a, this.q.qxNew, this.q.qyNew, this.p, r, c0, c1);
  }

  scaleX(r0: number, r1: number): void {
    scaleRowsX(this.a, this.q.qxNew, this.p, r0, r1);
  }

  scaleY(j0: number, j1: number): void {
    scaleRowsY(this.a, this.q.qyNew, this.p, j0, j1);
  }

  depth(r: number, c0: number, c1: number, hMaxIn: number): number {
    const { q, p, out, step } = this;
    p.dt = step.dt;
    out[DEPTH_OUT.hMax] = hMaxIn;
    const ledgerIndex = r * LEDGER_FIELDS + LEDGER.clamped;
    depthRow(
      this.a,
      q.qxNew,
      q.qyNew,
      r * p.ncols,
      q.qyNew,
      (r + 1) * p.ncols,
      p,
      r,
      step.rainDepth,
      step.t1,
      this.arrivalDepth,
      NEGATIVE_TOLERANCE_M,
      ledgerIndex,
      out,
      c0,
      c1,
    );
    return out[DEPTH_OUT.hMax];
  }

  speedMax(): number {
    return this.p.speedMax ?? 0;
  }

  depthError(): DepthError | null {
    const cell = this.out[DEPTH_OUT.errorCell];
    return cell >= 0 ? { cell, kind: this.out[DEPTH_OUT.errorKind] } : null;
  }
}

/** Byte offsets of the flux arrays a step reads and writes, for the WebAssembly kernels. */
interface FluxPointers {
  qxOld: number;
  qxNew: number;
  qyOld: number;
  qyNew: number;
}

/** The WebAssembly kernels (wasm/kernel.ts) on the state's memory: the same bits as JsKernels. */
export class WasmFloodKernels implements FloodKernels {
  readonly q: FluxArrays;
  private readonly qp: FluxPointers;
  private readonly ncols: number;
  private readonly nrows: number;
  private readonly dx: number;
  private readonly theta: number;
  private readonly hThreshold: number;
  private readonly maxVelocity: number;
  private readonly implicit: number;
  private readonly arrivalDepth: number;
  private readonly rowBytes: number;
  private step: StepInput = { dt: 0, rainDepth: 0, t1: 0 };

  private readonly dry: number;

  constructor(
    private readonly K: WasmKernels,
    private readonly P: FloodPointers,
    a: FloodArrays,
    setup: FloodSetup,
  ) {
    const p = kernelParams(setup);
    this.dry = holdDry(setup);
    this.ncols = p.ncols;
    this.nrows = p.nrows;
    this.dx = p.dx;
    this.theta = p.theta;
    this.hThreshold = p.hThreshold;
    this.maxVelocity = p.maxVelocity;
    this.implicit = p.implicitFriction ? 1 : 0;
    this.arrivalDepth = setup.outputs.arrivalDepthM;
    this.rowBytes = 4 * p.ncols;
    this.q = { qxOld: a.qx0, qxNew: a.qx1, qyOld: a.qy0, qyNew: a.qy1 };
    this.qp = { qxOld: P.qx0, qxNew: P.qx1, qyOld: P.qy0, qyNew: P.qy1 };
  }

  swapFluxes(): void {
    swap(this.q);
    const { qp } = this;
    const x = qp.qxOld;
    qp.qxOld = qp.qxNew;
    qp.qxNew = x;
    const y = qp.qyOld;
    qp.qyOld = qp.qyNew;
    qp.qyNew = y;
  }

  beginStep(s: StepInput): void {
    this.step = s;
    this.K.resetSpeedMax();
    this.K.depthResetError();
  }

  fluxX(r: number, c0: number, c1: number, dt = this.step.dt): number {
    const { K, P, qp } = this;
    return K.fluxRowX(
      P.z,
      P.h,
      P.n2,
      qp.qxOld,
      qp.qxNew,
      qp.qyOld,
      this.ncols,
      r,
      c0,
      c1,
      this.dx,
      dt,
      this.theta,
      this.hThreshold,
      this.maxVelocity,
      this.implicit,
    );
  }

  fluxY(j: number, c0: number, c1: number, dt = this.step.dt): number {
    const { K, P, qp, rowBytes } = this;
    const hN = P.h + (j - 1) * rowBytes;
    const hS = P.h + j * rowBytes;
    return K.fluxRowY(
      P.z,
      P.n2,
      hN,
      hS,
      qp.qyOld,
      qp.qxOld,
      qp.qyNew + j * rowBytes,
      this.ncols,
      j,
      c0,
      c1,
      this.dx,
      dt,
      this.theta,
      this.hThreshold,
      this.maxVelocity,
      this.implicit,
    );
  }

  hold(r: number, c0: number, c1: number): void {
    const { qp } = this;
    this.K.holdFaces(this.P.h, qp.qxOld, qp.qxNew, qp.qyOld, qp.qyNew, this.ncols, r, c0, c1, this.dry);
  }

  factors(r: number, c0: number, c1: number): boolean {
    const { K, P, qp } = this;
    return K.outflowFactors(qp.qxNew, qp.qyNew, P.h, P.fac, this.ncols, r, c0, c1, this.dx, this.step.dt) === 1;
  }

  scaleX(r0: number, r1: number): void {
    this.K.scaleRowsX(this.qp.qxNew, this.P.fac, this.P.rowLimited, this.ncols, r0, r1);
  }

  scaleY(j0: number, j1: number): void {
    this.K.scaleRowsY(this.qp.qyNew, this.P.fac, this.P.rowLimited, this.ncols, this.nrows, j0, j1);
  }

  depth(r: number, c0: number, c1: number, hMaxIn: number): number {
    const { K, P, qp, rowBytes, step } = this;
    const ledgerIndex = r * LEDGER_FIELDS + LEDGER.clamped;
    const qyN = qp.qyNew + r * rowBytes;
    return K.depthRow(
      P.h,
      P.valid,
      P.maxH,
      P.arrival,
      P.ledger,
      qp.qxNew,
      qyN,
      qyN + rowBytes,
      this.ncols,
      r,
      c0,
      c1,
      this.dx,
      step.dt,
      step.rainDepth,
      step.t1,
      this.arrivalDepth,
      NEGATIVE_TOLERANCE_M,
      ledgerIndex,
      hMaxIn,
    );
  }

  speedMax(): number {
    return this.K.getSpeedMax();
  }

  depthError(): DepthError | null {
    const cell = this.K.depthErrorCell();
    return cell >= 0 ? { cell, kind: this.K.depthErrorKind() } : null;
  }
}
