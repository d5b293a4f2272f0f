/**
 * When outputs fall due: point series every `intervalS` (from t = 0), grids at `gridTimesS`, frames
 * every `frameIntervalS`, and the end of the run. The solver lands its steps exactly on these times.
 * Times are computed as i·interval (never accumulated), so every band agrees to the last bit.
 */
import type { FloodSetup } from './setup.ts';

export class OutputClock {
  private readonly interval: number;
  private readonly frame: number;
  private readonly grids: number[];
  private readonly end: number;

  constructor(setup: FloodSetup) {
    this.interval = setup.outputs.intervalS;
    this.frame = setup.outputs.frameIntervalS;
    this.grids = setup.outputs.gridTimesS;
    this.end = setup.durationS;
  }

  /** The first output time strictly after t (or the end). */
  next(t: number): number {
    let n = this.end;
    const i = Math.floor(t / this.interval + 1e-9) + 1;
    const ti = i * this.interval;
    if (ti > t && ti < n) n = ti;
    if (this.frame > 0) {
      const tf = (Math.floor(t / this.frame + 1e-9) + 1) * this.frame;
      if (tf > t && tf < n) n = tf;
    }
    for (const g of this.grids) {
      if (g > t) {
        if (g < n) n = g;
        break;
      }
    }
    return n;
  }

  /** Index of the point-series row at t, or −1 if t is not an interval time. */
  pointIndexAt(t: number): number {
    const i = Math.round(t / this.interval);
    return i * this.interval === t ? i : -1;
  }

  isFrame(t: number): boolean {
    return this.frame > 0 && Math.round(t / this.frame) * this.frame === t;
  }

  isGrid(t: number): boolean {
    return this.grids.includes(t);
  }

  isDue(t: number): boolean {
    return this.pointIndexAt(t) >= 0 || this.isFrame(t) || this.isGrid(t) || t === this.end;
  }
}
