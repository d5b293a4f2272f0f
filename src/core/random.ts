/**
 * mulberry32: a small 32-bit seeded PRNG (public domain) giving floats in [0, 1). Integer and
 * IEEE operations only, so the same seed gives the same sequence on every platform: the twin
 * generator, the evacuation engine and the fuzz tests all draw from it.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
