/**
 * Recorded depth frames of a run, for the timeline: append as the run streams them, then find the
 * two frames around any time and the weight between them (the scene mixes them on the GPU).
 * Frames are copied in (the engine may reuse or share its buffer). A byte budget keeps long runs
 * on big grids in memory: past it, every other interior frame is dropped (first and last stay).
 */
export interface FrameBracket {
  i0: number;
  i1: number;
  /** weight of frame i1, 0..1 */
  w: number;
}

export class FrameStore {
  readonly times: number[] = [];
  readonly frames: Float32Array[] = [];
  /** speed per cell (m/s) of each frame, when the engine gave one (the hazard view needs it) */
  readonly speeds: (Float32Array | null)[] = [];
  /** a key per frame that never repeats, so the scene can tell a resident frame from a new one */
  readonly keys: number[] = [];
  private nextKey = 1;

  constructor(readonly maxBytes = 512 * 1024 * 1024) {}

  get length(): number {
    return this.frames.length;
  }

  get lastTime(): number {
    return this.times.length ? this.times[this.times.length - 1] : 0;
  }

  bytes(): number {
    let b = 0;
    for (const f of this.frames) b += f.byteLength;
    for (const s of this.speeds) b += s ? s.byteLength : 0;
    return b;
  }

  clear(): void {
    this.times.length = 0;
    this.frames.length = 0;
    this.speeds.length = 0;
    this.keys.length = 0;
  }

  push(t: number, depth: Float32Array, speed: Float32Array | null = null): void {
    if (this.times.length && !(t > this.lastTime)) {
      // a repeated time replaces the last frame (e.g. the final state at the end time)
      if (t === this.lastTime) {
        this.frames[this.frames.length - 1] = depth.slice();
        this.speeds[this.speeds.length - 1] = speed ? speed.slice() : null;
        this.keys[this.keys.length - 1] = this.nextKey++;
        return;
      }
      throw new Error(`frame time ${t} s is before the last frame (${this.lastTime} s)`);
    }
    this.times.push(t);
    this.frames.push(depth.slice());
    this.speeds.push(speed ? speed.slice() : null);
    this.keys.push(this.nextKey++);
    while (this.bytes() > this.maxBytes && this.frames.length > 3) this.thin();
  }

  /** drop every other interior frame */
  private thin(): void {
    const keep = (i: number) => i === 0 || i === this.frames.length - 1 || i % 2 === 0;
    let j = 0;
    const n = this.frames.length;
    for (let i = 0; i < n; i++) {
      if (!keep(i)) continue;
      this.times[j] = this.times[i];
      this.frames[j] = this.frames[i];
      this.speeds[j] = this.speeds[i];
      this.keys[j] = this.keys[i];
      j++;
    }
    this.times.length = j;
    this.frames.length = j;
    this.speeds.length = j;
    this.keys.length = j;
  }

  /** the frames around time t (held at the ends), by binary search */
  bracket(t: number): FrameBracket | null {
    const n = this.times.length;
    if (n === 0) return null;
    if (t <= this.times[0]) return { i0: 0, i1: 0, w: 0 };
    if (t >= this.times[n - 1]) return { i0: n - 1, i1: n - 1, w: 0 };
    let lo = 0,
      hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= t) lo = mid;
      else hi = mid;
    }
    return { i0: lo, i1: hi, w: (t - this.times[lo]) / (this.times[hi] - this.times[lo]) };
  }

  /** depth at cell k and time t, interpolated like the scene shows it */
  depthAt(k: number, t: number): number {
    const b = this.bracket(t);
    if (!b) return 0;
    const a = this.frames[b.i0][k],
      c = this.frames[b.i1][k];
    return a + (c - a) * b.w;
  }
}
