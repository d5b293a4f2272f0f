/**
 * The flood state as flat typed arrays in one (shared) WebAssembly.Memory, so N band workers and
 * a WebAssembly kernel can share it.
 * Layout (index = row * ncols + col, row 0 = north):
 *   z, h, n2 (n²), valid       per cell
 *   qx0/qx1                    unit-width flux on x faces, (ncols + 1) per row, + toward east
 *   qy0/qy1                    flux on y faces, (nrows + 1) rows of ncols, + toward south (row + 1)
 *   maxH, arrival              running maximum depth and first time depth ≥ arrivalDepthM (-1 = never)
 *   ledger                     per-row float64 volume sums (see LEDGER), summed in row order at the end,
 *                              so totals do not depend on how rows are split over workers
 * qx/qy come in pairs: each step reads the old and writes the new, then they swap.
 */
import { tileGrid } from './tileGrid.ts';
import type { FloodSetup } from './setup.ts';

/** Bed value of a wall cell: makes every face next to it dry (hf ≤ 0) with no test in the hot loop. */
export const WALL_Z = 1e30;

export const LEDGER = {
  boundaryIn: 0,
  boundaryOut: 1,
  inflow: 2,
  clamped: 3,
  infiltration: 4,
} as const;
export const LEDGER_FIELDS = 5;

/** Control words (Int32) shared by the workers. */
export const CTL = {
  barrierCount: 0,
  barrierGen: 1,
  error: 2, // 0 = none, else an ErrorCode
  errorCell: 3,
  cancel: 4,
  doneBands: 5,
  /**
   * error (bit 0) and cancel (bit 1) as the last band to reach a barrier saw them: every band
   * decides to stop from this word, which no band changes between two barriers, so all stop at
   * the same step (reading `error` or `cancel` directly, one band could stop while another waits
   * at the next barrier for ever)
   */
  stopSeen: 6,
} as const;
export const CTL_WORDS = 8;

export const ERROR_CODE = { nanDepth: 1, negativeDepth: 2, runawayVelocity: 3, coupler: 4 } as const;

/** Names of the arrays, their element types and lengths for a setup. */
export function arraySpecs(
  setup: FloodSetup,
  nBands: number,
): Array<[keyof FloodArrays, 'f32' | 'f64' | 'u8' | 'i32', number]> {
  const n = setup.ncols * setup.nrows;
  const nx = (setup.ncols + 1) * setup.nrows;
  const ny = setup.ncols * (setup.nrows + 1);
  const inf = setup.infiltration ? n : 0;
  const tiles = tileGrid(setup);
  return [
    ['z', 'f32', n],
    ['h', 'f32', n],
    ['n2', 'f32', n],
    ['qx0', 'f32', nx],
    ['qx1', 'f32', nx],
    ['qy0', 'f32', ny],
    ['qy1', 'f32', ny],
    ['maxH', 'f32', n],
    ['arrival', 'f32', n],
    ['maxSpeed', 'f32', n],
    ['infRate', 'f32', inf],
    ['infLeft', 'f32', inf],
    ['ledger', 'f64', LEDGER_FIELDS * setup.nrows],
    ['bandMax', 'f64', 2 * nBands + 2],
    ['bandSpeed', 'f64', 2 * nBands],
    ['points', 'f64', Math.max(1, outputCount(setup) * setup.outputs.pointCells.length)],
    ['fac', 'f32', n],
    ['limitFlags', 'i32', 2 * nBands],
    ['ctl', 'i32', CTL_WORDS],
    ['valid', 'u8', n],
    ['rowLimited', 'u8', setup.nrows],
    ['rowWet', 'u8', 2 * setup.nrows * tiles.cols],
    ['tileSource', 'u8', tiles.rows * tiles.cols],
    ['tileSteps', 'f64', 3 * nBands],
    ['bandSplit', 'i32', nBands + 1],
    ['rowSpeed', 'f32', setup.solver.timeStepping === 'local' ? setup.nrows * tiles.cols : 0],
  ];
}

const BYTES = { f32: 4, f64: 8, u8: 1, i32: 4 } as const;
/** The first 64 KiB of the memory are left to a WebAssembly kernel's own data and stack. */
export const MEMORY_BASE = 65536;

/**
 * All arrays live in ONE WebAssembly.Memory (shared when `shared`), each 16-byte aligned, so a
 * WebAssembly kernel and the JavaScript code see the same state, and N workers share it.
 */
export interface FloodBuffers {
  memory: WebAssembly.Memory;
  /** byte offset and element count of each array */
  layout: Record<string, [number, number]>;
}

export interface FloodArrays {
  z: Float32Array;
  h: Float32Array;
  n2: Float32Array;
  valid: Uint8Array;
  qx0: Float32Array;
  qx1: Float32Array;
  qy0: Float32Array;
  qy1: Float32Array;
  maxH: Float32Array;
  arrival: Float32Array;
  /** running maximum of the cell speed, sampled at each output interval */
  maxSpeed: Float32Array;
  infRate: Float32Array | null;
  infLeft: Float32Array | null;
  /** per-row float64 volume sums, LEDGER_FIELDS per row */
  ledger: Float64Array;
  ctl: Int32Array;
  /** per step parity and band: local h_max; then the error time */
  bandMax: Float64Array;
  /** per step parity and band: the largest |u| + √(g·hf) of the band's deep faces in that step (CFL) */
  bandSpeed: Float64Array;
  /** point depths: (number of output intervals + 1) × points */
  points: Float64Array;
  /** positivity: each cell's outflow factor this step, rows that hold a limited cell, per band flags (by step parity) */
  fac: Float32Array;
  rowLimited: Uint8Array;
  limitFlags: Int32Array;
  /** active tiles (activeTiles.ts): per step parity, cell row and tile column, 1 = wet after the depth update */
  rowWet: Uint8Array;
  /** per tile: 1 = a source acts on it or a neighbour, so it is always computed */
  tileSource: Uint8Array;
  /**
   * per band: tile-steps computed and tile-steps in all, over the tiles whose first row is the
   * band's; then per band, of the computed ones, those whose faces were computed (not held: stepClasses.ts)
   */
  tileSteps: Float64Array;
  /** the bands' first rows and nrows (activeTiles.ts balancedSplit), written by band 0 at outputs */
  bandSplit: Int32Array;
  /**
   * local time stepping (stepClasses.ts): per cell row and tile column, the fastest wave or flow
   * speed of the row's stretch of the tile at the end of the last step class cycle (empty when global)
   */
  rowSpeed: Float32Array;
}

export function outputCount(setup: FloodSetup): number {
  return Math.floor(setup.durationS / setup.outputs.intervalS + 1e-9) + 1;
}

/** Allocates and fills the state. `shared` makes the memory shareable between workers. */
export function createFloodBuffers(setup: FloodSetup, nBands: number, shared: boolean): FloodBuffers {
  const n = setup.ncols * setup.nrows;
  const layout: Record<string, [number, number]> = {};
  let offset = MEMORY_BASE;
  for (const [name, type, len] of arraySpecs(setup, nBands)) {
    layout[name] = [offset, len];
    offset += Math.ceil((len * BYTES[type]) / 16) * 16;
  }
  const pages = Math.ceil(offset / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  const b: FloodBuffers = { memory, layout };
  const a = floodArrays(b);
  for (let k = 0; k < n; k++) {
    const zk = setup.z[k];
    const wall = Number.isNaN(zk);
    a.z[k] = wall ? WALL_Z : zk;
    a.valid[k] = wall ? 0 : 1;
    const d = !wall && setup.initialDepth ? setup.initialDepth[k] : 0;
    a.h[k] = d;
    a.maxH[k] = d;
    const nk = setup.manning[k];
    a.n2[k] = wall ? 0 : nk * nk;
  }
  a.arrival.fill(-1);
  // arrival ≥ 0 exactly where maxH ≥ the float32 arrival depth: the kernels rely on it
  const arrD = Math.fround(setup.outputs.arrivalDepthM);
  for (let k = 0; k < n; k++) if (a.h[k] >= arrD) a.arrival[k] = 0;
  if (setup.infiltration && a.infRate && a.infLeft) {
    for (let k = 0; k < n; k++) {
      a.infRate[k] = a.valid[k] ? setup.infiltration.rateMmPerHour[k] / 3.6e6 : 0; // m/s
      a.infLeft[k] = a.valid[k] ? setup.infiltration.capacityM[k] : 0;
    }
  }
  return b;
}

export function floodArrays(b: FloodBuffers): FloodArrays {
  const buf = b.memory.buffer;
  const f32 = (name: string): Float32Array => new Float32Array(buf, b.layout[name][0], b.layout[name][1]);
  const f64 = (name: string): Float64Array => new Float64Array(buf, b.layout[name][0], b.layout[name][1]);
  return {
    z: f32('z'),
    h: f32('h'),
    n2: f32('n2'),
    valid: new Uint8Array(buf, b.layout.valid[0], b.layout.valid[1]),
    qx0: f32('qx0'),
    qx1: f32('qx1'),
    qy0: f32('qy0'),
    qy1: f32('qy1'),
    maxH: f32('maxH'),
    arrival: f32('arrival'),
    maxSpeed: f32('maxSpeed'),
    infRate: b.layout.infRate[1] ? f32('infRate') : null,
    infLeft: b.layout.infLeft[1] ? f32('infLeft') : null,
    ledger: f64('ledger'),
    ctl: new Int32Array(buf, b.layout.ctl[0], b.layout.ctl[1]),
    bandMax: f64('bandMax'),
    bandSpeed: f64('bandSpeed'),
    points: f64('points'),
    fac: f32('fac'),
    rowLimited: new Uint8Array(buf, b.layout.rowLimited[0], b.layout.rowLimited[1]),
    limitFlags: new Int32Array(buf, b.layout.limitFlags[0], b.layout.limitFlags[1]),
    rowWet: new Uint8Array(buf, b.layout.rowWet[0], b.layout.rowWet[1]),
    tileSource: new Uint8Array(buf, b.layout.tileSource[0], b.layout.tileSource[1]),
    tileSteps: f64('tileSteps'),
    bandSplit: new Int32Array(buf, b.layout.bandSplit[0], b.layout.bandSplit[1]),
    rowSpeed: f32('rowSpeed'),
  };
}

/** Rows [r0, r1) of band `band` out of `nBands`: contiguous, as even as possible. */
export function bandRows(nrows: number, band: number, nBands: number): [number, number] {
  return [Math.floor((band * nrows) / nBands), Math.floor(((band + 1) * nrows) / nBands)];
}
