/**
 * Active tiles: the grid is cut into square tiles, and a step skips the tiles where nothing can
 * happen, with results byte-identical to computing every cell.
 *
 * Why skipping is exact. A tile whose cells and one-cell halo are all at or below the depth
 * threshold has every face of its own dry (hf ≤ max(h0, h1) ≤ threshold), so the dense step writes
 * q = 0 there, and with no rain its depth update adds 0 to every cell: nothing changes. The only
 * thing a skipped step leaves undone is writing those zeros into the "new" flux array, which is
 * the array of two steps before. So a tile is skipped only once it has been dry (with its halo) at
 * the start of this step and of the two before: both flux arrays then hold its zeros already.
 *
 * "Wet" is kept per tile column and cell row, from the depth update's maximum over each row's
 * stretch of a tile (row granularity makes the halo rows exact; across columns the whole
 * neighbouring tile stands for the halo column). It is double-buffered by step parity, so a band
 * still deciding its tiles from the last step never reads what a faster band writes in this one.
 *
 * Sources keep a tile and its eight neighbours computing in every step: inflow cells, sewer
 * exchange cells, bed changes, stage boundaries (the coupler, held by band 0 alone, marks its
 * cells before the first barrier); any rain in a step makes every tile compute. Infiltration only
 * lowers depths and is applied to every cell, as before.
 */
import type { FloodKernels } from './kernels.ts';
import type { FloodSetup } from './setup.ts';
import type { FloodArrays } from './state.ts';
import { classifyTiles, maxStepClass } from './stepClasses.ts';
import { tileGrid, type TileGrid } from './tileGrid.ts';

export { DEFAULT_TILE_CELLS, tileGrid, type TileGrid } from './tileGrid.ts';

/** How many steps a tile must have started dry (with its halo) before it is skipped: see above. */
const DRY_STEPS_TO_SKIP = 3;

/** true unless the scenario switched active tiles off */
export const tilesOn = (setup: Pick<FloodSetup, 'solver'>): boolean => setup.solver.activeTiles !== false;

/**
 * Marks the source tiles (and their eight neighbours) in `a.tileSource`: inflow cells, bed
 * changes, the edges with a stage boundary, and the coupler's cells (every tile when it does not
 * say which cells it changes). Band 0 calls it before the first barrier.
 */
export function markSourceTiles(setup: FloodSetup, a: FloodArrays, couplerCells: Int32Array | null | 'all'): void {
  const g = tileGrid(setup);
  const src = a.tileSource;
  src.fill(0);
  if (couplerCells === 'all') {
    src.fill(1);
    return;
  }
  const { ncols, nrows } = setup;
  const mark = (k: number): void => {
    const tr = Math.floor(Math.floor(k / ncols) / g.size);
    const tc = Math.floor((k % ncols) / g.size);
    for (let i = Math.max(0, tr - 1); i <= Math.min(g.rows - 1, tr + 1); i++) {
      for (let j = Math.max(0, tc - 1); j <= Math.min(g.cols - 1, tc + 1); j++) src[i * g.cols + j] = 1;
    }
  };
  for (const inf of setup.inflows) for (const k of inf.cells) mark(k);
  for (const bc of setup.bedChanges) for (const k of bc.cells) mark(k);
  if (couplerCells) for (const k of couplerCells) mark(k);
  const e = setup.edges;
  for (let r = 0; r < nrows; r++) {
    if (e.west.kind === 'stage') mark(r * ncols);
    if (e.east.kind === 'stage') mark(r * ncols + ncols - 1);
  }
  for (let c = 0; c < ncols; c++) {
    if (e.north.kind === 'stage') mark(c);
    if (e.south.kind === 'stage') mark((nrows - 1) * ncols + c);
  }
}

/**
 * One band's view of the tiles of its rows: which to compute this step (as column spans per tile
 * row), the dry-step counts, and the wet flags its depth updates write.
 */
export class BandTiles {
  readonly g: TileGrid;
  /** first and last (exclusive) tile row touching the band's rows */
  private readonly tr0: number;
  private readonly tr1: number;
  /** per tile of those rows: steps in a row it started dry with its halo (capped) */
  private readonly dry: Uint8Array;
  /** per tile of those rows: computed this step */
  readonly active: Uint8Array;
  /** per tile row of the band: [c0, c1) column spans of consecutive active tiles, then −1 */
  private readonly spans: Int32Array[];
  /** local time stepping (stepClasses.ts): per tile of those rows, its step class this cycle */
  readonly level: Uint8Array;
  /** classifyTiles's per-tile speeds (this band's tile rows and one more on each side), laid out once */
  private readonly classScratch: Float64Array;
  /** per tile row: [c0, c1, L] spans of active tiles that compute their faces with class L this step (L = −1: hold them), then −1 */
  private readonly faceSpans: Int32Array[];
  /** tiles of the band computed this step */
  activeCount = 0;
  /** the band's own tiles (first row in the band): counted in a.tileSteps */
  private readonly ownFrom: number;
  private readonly threshold: number;

  constructor(
    setup: FloodSetup,
    private readonly a: FloodArrays,
    private readonly r0: number,
    private readonly r1: number,
  ) {
    this.on = tilesOn(setup);
    this.g = tileGrid(setup);
    this.ncols = setup.ncols;
    this.nrows = setup.nrows;
    this.tr0 = Math.floor(r0 / this.g.size);
    this.tr1 = r1 > r0 ? Math.floor((r1 - 1) / this.g.size) + 1 : this.tr0;
    const n = (this.tr1 - this.tr0) * this.g.cols;
    this.dry = new Uint8Array(n);
    this.active = new Uint8Array(n).fill(1);
    this.ownFrom = Math.ceil(r0 / this.g.size);
    this.spans = [];
    for (let i = this.tr0; i < this.tr1; i++) this.spans.push(Int32Array.of(0, setup.ncols, -1));
    this.level = new Uint8Array(n);
    this.classScratch = new Float64Array(n + 2 * this.g.cols);
    this.lMax = maxStepClass(setup);
    this.faceSpans = [];
    for (let i = this.tr0; i < this.tr1; i++) this.faceSpans.push(new Int32Array(3 * this.g.cols + 1));
    this.setup = setup;
    // dry: at or below the threshold both as the faces see it (float32) and the free edges (float64)
    const thr = setup.solver.depthThresholdM;
    this.threshold = Math.min(thr, Math.fround(thr));
  }

  /** The wet flags of the band's rows from the depths now, into the buffer the next plan reads. */
  markWet(nextParity: number): void {
    const { g, a } = this;
    const base = (1 - nextParity) * this.nrows * g.cols;
    for (let r = this.r0; r < this.r1; r++) {
      for (let tc = 0; tc < g.cols; tc++) {
        let m = 0;
        for (
          let k = r * this.ncols + tc * g.size, end = r * this.ncols + Math.min(this.ncols, (tc + 1) * g.size);
          k < end;
          k++
        )
          if (a.h[k] > m) m = a.h[k];
        a.rowWet[base + r * g.cols + tc] = m > this.threshold ? 1 : 0;
      }
    }
  }

  private readonly ncols: number;
  private readonly nrows: number;
  private readonly on: boolean;
  private readonly lMax: number;
  private readonly setup: FloodSetup;

  /**
   * Local time stepping, after plan: at a cycle start (`cycleDt` its base step, else null) the
   * tiles' step classes from a.rowSpeed and the bed steps (stepClasses.ts bedStepSpeeds); then the face spans of base step `s` of the cycle: an
   * active tile of class L computes its faces when s mod 2^L = 0 and holds them otherwise.
   */
  planClasses(s: number, cycleDt: number | null, band: number, bedSteps: Float32Array): void {
    const { g, active, level } = this;
    let faces = 0;
    if (cycleDt !== null)
      classifyTiles(this.setup, g, this.a, this.tr0, this.tr1, cycleDt, this.lMax, bedSteps, level, this.classScratch);
    for (let tr = this.tr0; tr < this.tr1; tr++) {
      const i0 = (tr - this.tr0) * g.cols;
      const out = this.faceSpans[tr - this.tr0];
      let n = 0;
      for (let tc = 0; tc < g.cols; tc++) {
        if (!active[i0 + tc]) continue;
        const L = level[i0 + tc];
        const mode = (s & ((1 << L) - 1)) === 0 ? L : -1;
        if (mode >= 0 && tr >= this.ownFrom) faces++;
        const c0 = tc * g.size;
        const c1 = Math.min(this.ncols, c0 + g.size);
        if (n > 0 && out[n - 2] === c0 && out[n - 1] === mode) out[n - 2] = c1;
        else {
          out[n++] = c0;
          out[n++] = c1;
          out[n++] = mode;
        }
      }
      out[n] = -1;
    }
    this.a.tileSteps[(2 * this.a.tileSteps.length) / 3 + band] += faces;
  }

  /** true if the tile of cell row r and tile column tc was computed this step */
  readonly computedAt = (r: number, tc: number): boolean =>
    this.active[(Math.floor(r / this.g.size) - this.tr0) * this.g.cols + tc] === 1;

  /** [c0, c1, L, …, −1]: the face spans of cell row r this step (planClasses) */
  faceSpansOf(r: number): Int32Array {
    return this.faceSpans[Math.floor(r / this.g.size) - this.tr0];
  }

  /**
   * Decides this step's tiles from the wet flags of the last step (parity `parity` reads
   * 1 − parity) and whether it rains. Every band that touches a tile row decides it the same way.
   */
  plan(parity: number, raining: boolean, band: number): void {
    const { g, a, dry, active } = this;
    const own = (this.tr1 - this.ownFrom) * g.cols;
    a.tileSteps[2 * band + 1] += own;
    if (!this.on) {
      a.tileSteps[2 * band] += own;
      return;
    }
    const wet = a.rowWet;
    const readBase = (1 - parity) * this.nrows * g.cols;
    let count = 0;
    let ownCount = 0;
    for (let tr = this.tr0; tr < this.tr1; tr++) {
      // rows of the tile and the halo row above and below
      const ra = Math.max(0, tr * g.size - 1);
      const rb = Math.min(this.nrows, (tr + 1) * g.size + 1);
      for (let tc = 0; tc < g.cols; tc++) {
        const i = (tr - this.tr0) * g.cols + tc;
        let wetNear = 0;
        const ca = tc > 0 ? tc - 1 : 0;
        const cb = tc < g.cols - 1 ? tc + 1 : tc;
        for (let r = ra; r < rb && !wetNear; r++) {
          const base = readBase + r * g.cols;
          for (let c = ca; c <= cb; c++) wetNear |= wet[base + c];
        }
        dry[i] = wetNear ? 0 : dry[i] < DRY_STEPS_TO_SKIP ? dry[i] + 1 : DRY_STEPS_TO_SKIP;
        const on = !this.on || raining || dry[i] < DRY_STEPS_TO_SKIP || a.tileSource[tr * g.cols + tc] === 1;
        active[i] = on ? 1 : 0;
        if (on) count++;
        if (on && tr >= this.ownFrom) ownCount++;
      }
      this.spanRow(tr);
    }
    this.activeCount = count;
    a.tileSteps[2 * band] += ownCount;
  }

  /** The column spans of consecutive active tiles of tile row tr. */
  private spanRow(tr: number): void {
    const { g, active } = this;
    const i0 = (tr - this.tr0) * g.cols;
    let s = this.spans[tr - this.tr0];
    if (s.length < g.cols * 2 + 1) s = this.spans[tr - this.tr0] = new Int32Array(g.cols * 2 + 1);
    let n = 0;
    for (let tc = 0; tc < g.cols; tc++) {
      if (!active[i0 + tc]) continue;
      if (n > 0 && s[n - 1] === tc * g.size) s[n - 1] = Math.min(this.ncols, (tc + 1) * g.size);
      else {
        s[n++] = tc * g.size;
        s[n++] = Math.min(this.ncols, (tc + 1) * g.size);
      }
    }
    s[n] = -1;
  }

  /**
   * The same band over rows [r0, r1) after a re-balance: the dry-step counts of the tile rows it
   * keeps carry over, new ones start at 0 (so they are computed until their history is known).
   */
  moved(setup: FloodSetup, r0: number, r1: number): BandTiles {
    const t = new BandTiles(setup, this.a, r0, r1);
    const { cols } = this.g;
    for (let tr = Math.max(t.tr0, this.tr0); tr < Math.min(t.tr1, this.tr1); tr++) {
      t.dry.set(this.dry.subarray((tr - this.tr0) * cols, (tr - this.tr0 + 1) * cols), (tr - t.tr0) * cols);
    }
    return t;
  }

  /** [c0, c1, c0, c1, …, −1]: the active column spans of cell row r */
  spansOf(r: number): Int32Array {
    return this.spans[Math.floor(r / this.g.size) - this.tr0];
  }

  /**
   * Depth update of row r over its active tiles, one tile at a time so as to record each one's
   * wet flag (parity `parity`); the skipped tiles' flags are dry. Returns max(hMaxIn, new depths).
   */
  depthRow(k: FloodKernels, r: number, parity: number, hMaxIn: number): number {
    if (!this.on) return k.depth(r, 0, this.ncols, hMaxIn);
    const { g, active } = this;
    const wet = this.a.rowWet;
    const base = parity * this.nrows * g.cols + r * g.cols;
    const i0 = (Math.floor(r / g.size) - this.tr0) * g.cols;
    let hMax = hMaxIn;
    for (let tc = 0; tc < g.cols; tc++) {
      if (!active[i0 + tc]) {
        wet[base + tc] = 0;
        continue;
      }
      const m = k.depth(r, tc * g.size, Math.min(this.ncols, (tc + 1) * g.size), 0);
      wet[base + tc] = m > this.threshold ? 1 : 0;
      if (m > hMax) hMax = m;
    }
    return hMax;
  }

  /**
   * The band's h_max as the dense step has it, from the active tiles' `hMax`: skipped cells are at
   * most the dry threshold, so only a band with nothing above it needs to look at them.
   */
  bandMax(hMax: number): number {
    if (hMax > this.threshold || this.activeCount === (this.tr1 - this.tr0) * this.g.cols) return hMax;
    let m = hMax;
    const h = this.a.h;
    for (let i = this.r0 * this.ncols; i < this.r1 * this.ncols; i++) if (h[i] > m) m = h[i];
    return m;
  }
}

/** Work of a skipped tile against a computed one (its plan, the edge faces of its rows). */
const SKIPPED_TILE_WORK = 0.05;

/**
 * Row splits [0 = s0 < s1 < … < sN = nrows] that give every band about the same work, from the
 * wet flags the last step wrote (buffer `parity`): a tile counts 1 when it or a neighbour is wet
 * or a source acts on it, else SKIPPED_TILE_WORK, spread evenly over its rows. A pure function of
 * the state, so every run re-balances the same way; the results never depend on the split (N = 1
 * and N = k are bit-identical), only the speed does. Each band keeps at least `minRows` rows.
 */
export function balancedSplit(
  setup: Pick<FloodSetup, 'ncols' | 'nrows' | 'solver'>,
  a: FloodArrays,
  parity: number,
  nBands: number,
  minRows = 4,
): Int32Array {
  const g = tileGrid(setup);
  const nrows = setup.nrows;
  const wet = a.rowWet;
  const base = parity * nrows * g.cols;
  // tile wet = any of its rows' flags
  const tileWet = new Uint8Array(g.rows * g.cols);
  for (let r = 0; r < nrows; r++) {
    const tr = Math.floor(r / g.size);
    for (let tc = 0; tc < g.cols; tc++) if (wet[base + r * g.cols + tc]) tileWet[tr * g.cols + tc] = 1;
  }
  const rowWork = new Float64Array(nrows);
  let total = 0;
  for (let tr = 0; tr < g.rows; tr++) {
    let w = 0;
    for (let tc = 0; tc < g.cols; tc++) {
      let near = a.tileSource[tr * g.cols + tc];
      for (let i = Math.max(0, tr - 1); i <= Math.min(g.rows - 1, tr + 1) && !near; i++) {
        for (let j = Math.max(0, tc - 1); j <= Math.min(g.cols - 1, tc + 1); j++) near |= tileWet[i * g.cols + j];
      }
      w += near ? 1 : SKIPPED_TILE_WORK;
    }
    const ra = tr * g.size;
    const rb = Math.min(nrows, ra + g.size);
    for (let r = ra; r < rb; r++) rowWork[r] = w / (rb - ra);
    total += w;
  }
  const split = new Int32Array(nBands + 1);
  split[nBands] = nrows;
  let acc = 0;
  let r = 0;
  for (let b = 1; b < nBands; b++) {
    const goal = (total * b) / nBands;
    while (r < nrows && acc + rowWork[r] <= goal) acc += rowWork[r++];
    // room for the bands before and after
    const lo = split[b - 1] + minRows;
    const hi = nrows - (nBands - b) * minRows;
    split[b] = Math.max(lo, Math.min(hi, r));
  }
  return split;
}
