/**
 * Test helpers: a TIFF LZW encoder (libtiff's scheme: 9–12-bit MSB-first codes, a clear code at
 * the start and when the table fills, EOI at the end) and a seeded PRNG for fuzzing.
 */

export function encodeTiffLzw(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let accBits = 0;
  const put = (code: number, width: number) => {
    acc = (acc << width) | code;
    accBits += width;
    while (accBits >= 8) {
      out.push((acc >>> (accBits - 8)) & 0xff);
      accBits -= 8;
    }
    acc &= (1 << accBits) - 1;
  };
  let table = new Map<number, number>();
  let free = 258;
  let width = 9;
  let maxCode = 511;
  put(256, width);
  if (data.length === 0) {
    put(257, width);
  } else {
    let ent = data[0];
    for (let i = 1; i < data.length; i++) {
      const c = data[i];
      const key = ent * 256 + c;
      const hit = table.get(key);
      if (hit !== undefined) {
        ent = hit;
        continue;
      }
      put(ent, width);
      ent = c;
      table.set(key, free++);
      if (free === 4094) {
        put(256, width);
        table = new Map();
        free = 258;
        width = 9;
        maxCode = 511;
      } else if (free > maxCode) {
        width++;
        maxCode = (1 << width) - 1;
      }
    }
    put(ent, width);
    free++;
    if (free > maxCode && width < 12) width++;
    put(257, width);
  }
  if (accBits > 0) out.push((acc << (8 - accBits)) & 0xff);
  return Uint8Array.from(out);
}

export { mulberry32 as prng } from '../../src/core/random.ts';
