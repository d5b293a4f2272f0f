/**
 * A spatially varying rain field from many rain gauges: each cell takes the rain of its nearest
 * station (Thiessen polygons), found once per station set. Per step, each station's depth is the
 * exact integral of its piecewise-linear rate over [t, t+dt] (as the uniform rain in band.ts), and
 * each cell adds its station's depth after the depth update, in JS, for both the JS and the wasm
 * kernels (so the two stay bit-identical). The water is booked in the ledger's inflow column as
 * the float32 cells really received it, so the volume balance stays exact.
 */
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import type { RainField } from './setup.ts';
import { LEDGER, LEDGER_FIELDS, type FloodArrays } from './state.ts';

export type { RainField };

export interface GridFrame {
  ncols: number;
  nrows: number;
  cellSize: number;
  /** map x of the grid's west edge, y of its south edge */
  xll: number;
  yll: number;
}

/** Most stations a Uint16Array index can hold. */
export const MAX_RAIN_STATIONS = 65535;

/**
 * Nearest station of each cell centre (Thiessen). Ties go to the lower station index, so the field
 * does not depend on the search order. Stations are bucketed on a coarse grid and each cell searches
 * rings of buckets outwards, so 2,800 stations over a million cells costs a few operations a cell.
 * @example thiessenStations({ ncols: 2, nrows: 1, cellSize: 10, xll: 0, yll: 0 }, [0, 0, 20, 0]) // Uint16Array [0, 1]
 */
export function thiessenStations(g: GridFrame, stationXY: ArrayLike<number>): Uint16Array {
  const n = stationXY.length / 2;
  if (n < 1 || n > MAX_RAIN_STATIONS || !Number.isInteger(n)) {
    throw new RangeError(
      `rain field needs 1 to ${MAX_RAIN_STATIONS} stations (x, y pairs), got ${stationXY.length / 2}`,
    );
  }
  const buckets = new StationBuckets(g, stationXY);
  const out = new Uint16Array(g.ncols * g.nrows);
  for (let r = 0; r < g.nrows; r++) {
    const y = g.yll + (g.nrows - r - 0.5) * g.cellSize;
    for (let c = 0; c < g.ncols; c++) out[r * g.ncols + c] = buckets.nearest(g.xll + (c + 0.5) * g.cellSize, y);
  }
  return out;
}

/** Stations sorted into square buckets (a counting sort, like flatbush's packed arrays). */
class StationBuckets {
  readonly size: number;
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly start: Uint32Array;
  readonly ids: Uint16Array;
  readonly xy: Float64Array;

  constructor(g: GridFrame, stationXY: ArrayLike<number>) {
    const n = stationXY.length / 2;
    this.xy = Float64Array.from(stationXY);
    let xmin = g.xll;
    let ymin = g.yll;
    let xmax = g.xll + g.ncols * g.cellSize;
    let ymax = g.yll + g.nrows * g.cellSize;
    for (let i = 0; i < n; i++) {
      const x = this.xy[2 * i];
      const y = this.xy[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`rain station ${i} has no finite x, y`);
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
    }
    // about one station a bucket
    const area = (xmax - xmin) * (ymax - ymin);
    this.size = Math.max(Math.sqrt(area / n), g.cellSize, 1e-9);
    this.x0 = xmin;
    this.y0 = ymin;
    this.nx = Math.floor((xmax - xmin) / this.size) + 1;
    this.ny = Math.floor((ymax - ymin) / this.size) + 1;
    const count = new Uint32Array(this.nx * this.ny + 1);
    const bucketOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      bucketOf[i] = this.bucket(this.xy[2 * i], this.xy[2 * i + 1]);
      count[bucketOf[i] + 1]++;
    }
    for (let b = 1; b < count.length; b++) count[b] += count[b - 1];
    this.start = count.slice();
    this.ids = new Uint16Array(n);
    const fill = count;
    for (let i = 0; i < n; i++) this.ids[fill[bucketOf[i]]++] = i;
  }

  bucket(x: number, y: number): number {
    const bx = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.size)));
    const by = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.size)));
    return by * this.nx + bx;
  }

  /** Nearest station to (x, y); ring k holds buckets at Chebyshev distance k, all farther than (k − 1)·size. */
  nearest(x: number, y: number): number {
    const bx = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.size)));
    const by = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.size)));
    let best = -1;
    let bestD = Infinity;
    const maxRing = Math.max(this.nx, this.ny);
    for (let k = 0; k <= maxRing; k++) {
      if (best >= 0) {
        const reach = (k - 1) * this.size;
        if (reach > 0 && reach * reach > bestD) break;
      }
      for (let j = by - k; j <= by + k; j++) {
        if (j < 0 || j >= this.ny) continue;
        const edgeRow = j === by - k || j === by + k;
        for (let i = bx - k; i <= bx + k; i += edgeRow || k === 0 ? 1 : 2 * k) {
          if (i < 0 || i >= this.nx) continue;
          const b = j * this.nx + i;
          for (let s = this.start[b]; s < this.start[b + 1]; s++) {
            const id = this.ids[s];
            const dx = this.xy[2 * id] - x;
            const dy = this.xy[2 * id + 1] - y;
            const d = dx * dx + dy * dy;
            if (d < bestD || (d === bestD && id < best)) {
              bestD = d;
              best = id;
            }
          }
        }
      }
    }
    return best;
  }
}

/**
 * Adds each cell's station rain over [t, t+dt] to rows [r0, r1) of a band, after its depth update.
 * `depthM` is scratch of one float64 a station. Returns the deepest cell it touched.
 */
export function applyRainField(
  field: RainField,
  ncols: number,
  area: number,
  arrivalDepthM: number,
  a: FloodArrays,
  t: number,
  dt: number,
  r0: number,
  r1: number,
  depthM: Float64Array,
): number {
  const series = field.stationMmPerHour;
  let any = false;
  for (let s = 0; s < series.length; s++) {
    depthM[s] = seriesIntegral(series[s], t, t + dt) / 3.6e6;
    if (depthM[s] !== 0) any = true;
  }
  if (!any) return 0;
  const arrival = Math.fround(arrivalDepthM);
  const t1 = Math.fround(t + dt);
  const { h, maxH, valid } = a;
  const station = field.stationOfCell;
  let hMax = 0;
  for (let r = r0; r < r1; r++) {
    let booked = 0;
    for (let k = r * ncols, end = k + ncols; k < end; k++) {
      const d = depthM[station[k]];
      if (d === 0 || !valid[k]) continue;
      const before = h[k];
      const hk = Math.fround(before + d);
      h[k] = hk;
      booked += hk - before;
      if (hk > hMax) hMax = hk;
      const m = maxH[k];
      if (hk > m) {
        maxH[k] = hk;
        // as depthRow: when the running maximum first reaches the (float32) arrival depth
        if (hk >= arrival && m < arrival) a.arrival[k] = t1;
      }
    }
    if (booked !== 0) a.ledger[r * LEDGER_FIELDS + LEDGER.inflow] += booked * area;
  }
  return hMax;
}
