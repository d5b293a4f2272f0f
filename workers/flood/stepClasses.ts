/**
 * Local time stepping: each tile's faces step at dt_L = dt·2^L, with L its power-of-two step class,
 * while depths and the positivity limiter advance with the base step dt everywhere.
 *
 * The scheme (multirate flux integration, after the local time steps of Sanders 2008, "Integration
 * of a shallow water model with a local time step", J. Hydraul. Res. 46, and Hu et al. 2019 on GPUs):
 * - Steps come in cycles of 2^Lmax base steps. At a cycle's start every tile gets the largest class
 *   L ≤ Lmax with dt·2^L ≤ CLASS_MARGIN · α·dx / c, c the fastest wave or flow speed over the tile
 *   and its eight neighbour tiles (the global step's rule over a tile and a halo wider than a wave can
 *   travel in a cycle: at most α cells a base step, so tiles should be ≥ 2^Lmax cells), or √(g·Δz)
 *   of the largest bed step there (bedStepSpeeds). The step dt is the global rule's, at most the
 *   cycle's first (so a held face is held for no longer than the dt·2^L it was computed with).
 * - A tile of class L computes its faces (the west and north faces of its cells) in the base steps s
 *   of the cycle with s mod 2^L = 0, with the step dt·2^L, and holds them (copies the old flux into
 *   the new array) in the others. A held face carries the same flux into both of its cells in every
 *   base step, so each face's volume q·dt·dx is booked to both neighbours in the same number: no
 *   water is created or lost, and the positivity limiter (positivity.ts) scales held faces like
 *   computed ones, so no cell is drained below zero by the steps of its neighbours.
 * - A held face between two dry cells is set to 0, as computing it would: so a dry tile and its halo
 *   have zero fluxes on both flux arrays after two steps, and active tiles skip it as before.
 * - Output times end a cycle: the next step starts a new one, with new classes.
 * With Lmax = 0 every tile is of class 0 and computes every face in every step: the global step,
 * bit for bit. Classes are a pure function of the state, so N workers and 1 give the same bits.
 */
import { G } from './localInertial.ts';
import type { FloodSetup } from './setup.ts';
import type { FloodArrays } from './state.ts';
import type { TileGrid } from './tileGrid.ts';

/** dt_L is at most this share of the tile's own stability limit (its speed is from cell centres). */
export const CLASS_MARGIN = 0.8;

/** true when the scenario asks for local time stepping */
export const localStepsOn = (setup: Pick<FloodSetup, 'solver'>): boolean => setup.solver.timeStepping === 'local';

/** Lmax: the largest step class (0 with global stepping) */
export const maxStepClass = (setup: Pick<FloodSetup, 'solver'>): number =>
  localStepsOn(setup) ? (setup.solver.maxStepClass ?? 4) : 0;

/**
 * Where the loop is in its cycle of 2^Lmax base steps: `s` the base step within the cycle, `dt`
 * the cycle's base step (the global rule's at the cycle start). Every band keeps its own copy and
 * advances it the same way.
 */
export class StepCycle {
  readonly length: number;
  s = 0;
  dt = Number.POSITIVE_INFINITY;

  constructor(setup: Pick<FloodSetup, 'solver'>) {
    this.length = 1 << maxStepClass(setup);
  }

  /** the most the next base step may take: the cycle's step, or no limit at a cycle start */
  get cap(): number {
    return this.s === 0 ? Number.POSITIVE_INFINITY : this.dt;
  }

  /** true when the step after this one starts a new cycle (this one ends its cycle or an output is due) */
  endsHere(outputDue: boolean): boolean {
    return this.s + 1 >= this.length || outputDue;
  }

  /** after a step: `rule` its dt before landing on an output; `ended` from endsHere */
  advance(rule: number, ended: boolean): void {
    if (this.s === 0) this.dt = rule;
    this.s = ended ? 0 : this.s + 1;
  }
}

/**
 * a.rowSpeed for rows [r0, r1): per row and tile column, the largest |q|/h + √(g·h) of the wet
 * cells (h above the dry threshold), q the largest flux out of the cell (each face counts at its
 * donor, whose depth is the upwind one: every face once, and no other band's rows read). Unlike the global step's rule
 * this counts shallow water too: a wetting front is shallow and fast, and a tile it may reach in
 * a cycle must step with it. Cells at or below the threshold count 0, so the tiles that were not
 * `computed` in the step (dry with their halo, activeTiles.ts) need no pass.
 */
export function rowSpeeds(
  setup: Pick<FloodSetup, 'ncols' | 'solver'>,
  g: TileGrid,
  a: FloodArrays,
  qx: Float32Array,
  qy: Float32Array,
  r0: number,
  r1: number,
  computed: (r: number, tc: number) => boolean,
): void {
  const ncols = setup.ncols;
  const thr = Math.min(setup.solver.depthThresholdM, Math.fround(setup.solver.depthThresholdM));
  const h = a.h;
  for (let r = r0; r < r1; r++) {
    for (let tc = 0; tc < g.cols; tc++) {
      let c = 0;
      if (!computed(r, tc)) {
        a.rowSpeed[r * g.cols + tc] = 0;
        continue;
      }
      const end = Math.min(ncols, (tc + 1) * g.size);
      for (let col = tc * g.size; col < end; col++) {
        const k = r * ncols + col;
        const hk = h[k];
        if (!(hk > thr)) continue;
        // the largest outflow: each face counts at its donor (upwind) cell
        const f = k + r;
        const w = qx[f];
        const e = qx[f + 1];
        const n = qy[k];
        const so = qy[k + ncols];
        let q = e > 0 ? e : 0;
        if (-w > q) q = -w;
        if (so > q) q = so;
        if (-n > q) q = -n;
        const v = q / hk + Math.sqrt(G * hk);
        if (v > c) c = v;
      }
      a.rowSpeed[r * g.cols + tc] = c;
    }
  }
}

/**
 * Per tile, √(g·Δz) for the largest bed step Δz between two neighbouring valid cells of the tile
 * (each cell with its east and south neighbour). Why: a face that has just wet has no old flux, so
 * the semi-implicit friction does not act on its first step, which gives u = g·dt·Δz/dx; keeping
 * u·dt within α·dx needs dt ≤ α·dx/√(α·g·Δz), i.e. a speed √(α·g·Δz) ≤ √(g·Δz). The global step
 * is far inside that; a tile's class must be too (the rainstorm with 16-fold steps ran away without
 * it where rain first wets steep ground). From the state's bed (float32, walls where a.valid is 0)
 * as the run starts: the setup's own z is not sent to worker bands (bandMessages.ts liteSetup), and
 * reading it there once left every worker without this limit while a run in process had it.
 */
export function bedStepSpeeds(
  setup: Pick<FloodSetup, 'ncols' | 'nrows'>,
  g: TileGrid,
  a: Pick<FloodArrays, 'z' | 'valid'>,
): Float32Array {
  const { ncols, nrows } = setup;
  const { z, valid } = a;
  const out = new Float32Array(g.rows * g.cols);
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const k = r * ncols + c;
      if (!valid[k]) continue;
      const zk = z[k];
      let step = 0;
      if (c + 1 < ncols && valid[k + 1]) step = Math.abs(z[k + 1] - zk);
      if (r + 1 < nrows && valid[k + ncols]) step = Math.max(step, Math.abs(z[k + ncols] - zk));
      const v = Math.sqrt(G * step);
      const t = Math.floor(r / g.size) * g.cols + Math.floor(c / g.size);
      if (v > out[t]) out[t] = v;
    }
  }
  return out;
}

/**
 * The step classes of tile rows [tr0, tr1) (out, (tr1 − tr0) × cols) from a.rowSpeed and the bed
 * steps (bedStepSpeeds): the largest L ≤ lMax with dt·2^L ≤ CLASS_MARGIN · min(maxDt, α·dx / c),
 * c the fastest over the tile and its eight neighbours.
 */
export function classifyTiles(
  setup: Pick<FloodSetup, 'nrows' | 'cellSize' | 'solver'>,
  g: TileGrid,
  a: FloodArrays,
  tr0: number,
  tr1: number,
  dt: number,
  lMax: number,
  bedSteps: Float32Array,
  out: Uint8Array,
  scratch: Float64Array = new Float64Array((tr1 - tr0 + 2) * g.cols),
): void {
  // each tile's own speed, for tile rows tr0 − 1 … tr1 (clamped to the grid)
  const ta = Math.max(0, tr0 - 1);
  const tb = Math.min(g.rows, tr1 + 1);
  // the caller's buffer of (tr1 − tr0 + 2) × cols: classes are set once a cycle, inside the time loop
  const own = scratch.subarray(0, (tb - ta) * g.cols);
  for (let i = 0; i < own.length; i++) own[i] = bedSteps[ta * g.cols + i];
  for (let tr = ta; tr < tb; tr++) {
    const rEnd = Math.min(setup.nrows, (tr + 1) * g.size);
    for (let r = tr * g.size; r < rEnd; r++) {
      for (let tc = 0; tc < g.cols; tc++) {
        const v = a.rowSpeed[r * g.cols + tc];
        if (v > own[(tr - ta) * g.cols + tc]) own[(tr - ta) * g.cols + tc] = v;
      }
    }
  }
  const { alpha, maxDtS } = setup.solver;
  for (let tr = tr0; tr < tr1; tr++) {
    for (let tc = 0; tc < g.cols; tc++) {
      let c = 0;
      for (let i = Math.max(ta, tr - 1); i < Math.min(tb, tr + 2); i++) {
        for (let j = Math.max(0, tc - 1); j < Math.min(g.cols, tc + 2); j++) {
          const v = own[(i - ta) * g.cols + j];
          if (v > c) c = v;
        }
      }
      let limit = c > 0 ? (alpha * setup.cellSize) / c : maxDtS;
      if (limit > maxDtS) limit = maxDtS;
      let level = 0;
      while (level < lMax && dt * (1 << (level + 1)) <= CLASS_MARGIN * limit) level++;
      out[(tr - tr0) * g.cols + tc] = level;
    }
  }
}
