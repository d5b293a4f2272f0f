/**
 * A small zlib (RFC 1950) / deflate (RFC 1951) encoder in plain TypeScript, so the CLI and the page
 * write the SAME compressed bytes (Node's zlib and the browser's CompressionStream need not agree,
 * and the browser has no synchronous deflate at all). Greedy LZ77 over a 32 KiB window with a
 * 3-byte hash chain (at most MAX_CHAIN candidates), one block of fixed Huffman codes (RFC 1951
 * §3.2.6). Output is a pure function of the input bytes: no clocks, no platform code.
 * Used for the GeoTIFF exports (TIFF Compression 8) and the report's PNG map snapshot.
 */

const WINDOW = 32768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const MAX_CHAIN = 48;

// length codes 257..285: base lengths and extra bits (RFC 1951 §3.2.5)
const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** length (3..258) → index into LEN_BASE; distance (1..32768) → index into DIST_BASE */
const LEN_INDEX = new Uint8Array(MAX_MATCH + 1);
const DIST_INDEX = new Uint8Array(WINDOW + 1);
for (let i = 0; i < LEN_BASE.length; i++)
  for (let l = LEN_BASE[i]; l < (i + 1 < LEN_BASE.length ? LEN_BASE[i + 1] : MAX_MATCH + 1); l++) LEN_INDEX[l] = i;
LEN_INDEX[MAX_MATCH] = 28;
for (let i = 0; i < DIST_BASE.length; i++)
  for (let d = DIST_BASE[i]; d < (i + 1 < DIST_BASE.length ? DIST_BASE[i + 1] : WINDOW + 1); d++) DIST_INDEX[d] = i;

/** Fixed literal/length code of symbol s (0..287), bit-reversed for LSB-first output, and its length. */
const FIXED_CODE = new Uint16Array(288);
const FIXED_LEN = new Uint8Array(288);
function reverse(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}
for (let s = 0; s < 288; s++) {
  let code: number, len: number;
  if (s < 144) {
    code = 0x30 + s;
    len = 8;
  } else if (s < 256) {
    code = 0x190 + (s - 144);
    len = 9;
  } else if (s < 280) {
    code = s - 256;
    len = 7;
  } else {
    code = 0xc0 + (s - 280);
    len = 8;
  }
  FIXED_CODE[s] = reverse(code, len);
  FIXED_LEN[s] = len;
}
const DIST_CODE = new Uint8Array(30);
for (let d = 0; d < 30; d++) DIST_CODE[d] = reverse(d, 5);

/** LSB-first bit writer into a growing byte buffer. */
class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private bits = 0;
  private nbits = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(64, size));
  }
  put(value: number, n: number): void {
    this.bits |= value << this.nbits;
    this.nbits += n;
    while (this.nbits >= 8) {
      if (this.pos >= this.buf.length) this.grow();
      this.buf[this.pos++] = this.bits & 0xff;
      this.bits >>>= 8;
      this.nbits -= 8;
    }
  }
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow();
    this.buf[this.pos++] = b;
  }
  flush(): void {
    if (this.nbits > 0) this.put(0, 8 - this.nbits);
  }
  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}

export function adler32(data: Uint8Array): number {
  let a = 1,
    b = 0;
  const n = data.length;
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + 5552); // the largest run without overflow of 32-bit sums
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Raw deflate stream (RFC 1951) of `data`: one final block of fixed Huffman codes. */
export function deflateRaw(data: Uint8Array, out?: BitWriter): Uint8Array {
  const w = out ?? new BitWriter((data.length >> 1) + 64);
  const n = data.length;
  w.put(1, 1); // BFINAL
  w.put(1, 2); // BTYPE = 01, fixed Huffman
  const head = new Int32Array(HASH_SIZE).fill(-1);
  const prev = new Int32Array(WINDOW);
  const MASK = WINDOW - 1,
    HMASK = HASH_SIZE - 1;
  let i = 0;
  while (i < n) {
    let bestLen = 0,
      bestDist = 0;
    if (i + MIN_MATCH <= n) {
      const h = ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & HMASK;
      let cand = head[h];
      const maxLen = Math.min(MAX_MATCH, n - i);
      let chain = MAX_CHAIN;
      while (cand >= 0 && i - cand <= WINDOW && chain-- > 0) {
        if (data[cand + bestLen] === data[i + bestLen]) {
          let l = 0;
          while (l < maxLen && data[cand + l] === data[i + l]) l++;
          if (l > bestLen) {
            bestLen = l;
            bestDist = i - cand;
            if (l === maxLen) break;
          }
        }
        const p = prev[cand & MASK];
        if (p >= cand) break; // a stale slot from an earlier pass over the ring
        cand = p;
      }
      prev[i & MASK] = head[h];
      head[h] = i;
    }
    if (bestLen >= MIN_MATCH) {
      const li = LEN_INDEX[bestLen];
      const sym = 257 + li;
      w.put(FIXED_CODE[sym], FIXED_LEN[sym]);
      if (LEN_EXTRA[li]) w.put(bestLen - LEN_BASE[li], LEN_EXTRA[li]);
      const di = DIST_INDEX[bestDist];
      w.put(DIST_CODE[di], 5);
      if (DIST_EXTRA[di]) w.put(bestDist - DIST_BASE[di], DIST_EXTRA[di]);
      const end = i + bestLen;
      for (i++; i < end; i++) {
        if (i + MIN_MATCH > n) continue;
        const h = ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & HMASK;
        prev[i & MASK] = head[h];
        head[h] = i;
      }
    } else {
      const b = data[i++];
      w.put(FIXED_CODE[b], FIXED_LEN[b]);
    }
  }
  w.put(FIXED_CODE[256], FIXED_LEN[256]); // end of block
  w.flush();
  return w.buf.subarray(0, w.pos);
}

/** zlib stream (RFC 1950): header 78 01, raw deflate, Adler-32 of the input (big-endian). */
export function zlibDeflate(data: Uint8Array): Uint8Array {
  const w = new BitWriter((data.length >> 1) + 64);
  w.byte(0x78);
  w.byte(0x01); // CM 8, 32 KiB window, FLEVEL 0 (fastest); 0x7801 % 31 === 0
  deflateRaw(data, w);
  const a = adler32(data);
  w.byte(a >>> 24);
  w.byte((a >>> 16) & 0xff);
  w.byte((a >>> 8) & 0xff);
  w.byte(a & 0xff);
  return w.buf.slice(0, w.pos);
}
