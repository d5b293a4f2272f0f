/**
 * A binary min-heap on typed arrays: key (Float64) and an int payload, ties broken by insertion
 * order so that the processing order, and hence the run, is deterministic. Used as the event queue
 * and by Dijkstra. Grows by doubling (rare); no allocation per push/pop otherwise.
 */
export class MinHeap {
  keys: Float64Array;
  seqs: Float64Array;
  vals: Int32Array;
  size = 0;
  private seq = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
    this.seq = 0;
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const k = new Float64Array(n);
    k.set(this.keys);
    const s = new Float64Array(n);
    s.set(this.seqs);
    const v = new Int32Array(n);
    v.set(this.vals);
    this.keys = k;
    this.seqs = s;
    this.vals = v;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const seqs = this.seqs;
    const vals = this.vals;
    const sq = this.seq++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk < key || (pk === key && seqs[p] < sq)) break;
      keys[i] = pk;
      seqs[i] = seqs[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    seqs[i] = sq;
    vals[i] = val;
  }

  /** smallest key; only valid when size > 0 */
  peekKey(): number {
    return this.keys[0];
  }

  peekVal(): number {
    return this.vals[0];
  }

  /** removes the top; read it with peekKey/peekVal first */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const keys = this.keys;
    const seqs = this.seqs;
    const vals = this.vals;
    const key = keys[n];
    const sq = seqs[n];
    const val = vals[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const r = l + 1;
      if (r < n && (keys[r] < keys[l] || (keys[r] === keys[l] && seqs[r] < seqs[l]))) c = r;
      if (key < keys[c] || (key === keys[c] && sq < seqs[c])) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = sq;
    vals[i] = val;
  }
}
