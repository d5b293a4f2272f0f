/**
 * The live frame on the wire (src/modes/drill/live/frameWire.ts): the depths come back bit for bit
 * (−0, NaN, the smallest float, a wet last cell), dry cells cost a bit each, and bytes that do not
 * fit their grid are no frame.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type FrameMsg } from '../../src/modes/drill/live/frameWire.ts';
import type { BoardNumbers } from '../../workers/drill/board.ts';

const board = { frame: 3, t: 180, alert: 'none', gauges: [], evacuation: null } as unknown as BoardNumbers;
const frame = (ncols: number, nrows: number, depth: Float32Array): FrameMsg => ({
  session: 's1',
  index: 3,
  t: 180,
  ncols,
  nrows,
  board,
  depth,
});

describe('live frame wire', () => {
  it('gives back the depth bits and the header; a mostly dry grid costs a bit a dry cell', () => {
    // 37 × 29 cells (not a multiple of 8): a wet band, odd values, a wet last cell
    const depth = new Float32Array(37 * 29);
    for (let k = 100; k < 300; k++) depth[k] = k / 7;
    depth[5] = -0;
    depth[6] = Number.NaN;
    depth[7] = 1e-45;
    depth[depth.length - 1] = 2.5;
    const buf = encodeFrame(frame(37, 29, depth));
    const back = decodeFrame(buf);
    expect(back).not.toBeNull();
    expect(Buffer.from(back!.depth.buffer).equals(Buffer.from(depth.buffer))).toBe(true);
    expect(Object.is(back!.depth[5], -0)).toBe(true);
    expect(back).toMatchObject({ session: 's1', index: 3, t: 180, ncols: 37, nrows: 29, board });
    // 204 wet cells × 4 bytes + a 1073-bit mask + the header, against 4 bytes for each of 1073 cells
    const headerBytes =
      Math.ceil(JSON.stringify({ session: 's1', index: 3, t: 180, ncols: 37, nrows: 29, board }).length / 4) * 4;
    expect(buf.byteLength).toBe(8 + headerBytes + 4 + 136 + 204 * 4);
    expect(buf.byteLength).toBeLessThan(depth.byteLength);
  });

  it('an all-dry and an all-wet grid round-trip', () => {
    for (const fill of [0, 0.25]) {
      const depth = new Float32Array(64).fill(fill);
      const back = decodeFrame(encodeFrame(frame(8, 8, depth)));
      expect(Array.from(back!.depth)).toEqual(Array.from(depth));
    }
  });

  it('bytes cut short, with a foreign magic or for another grid are no frame', () => {
    const depth = new Float32Array(64);
    depth[9] = 1;
    const buf = encodeFrame(frame(8, 8, depth));
    expect(decodeFrame(buf.slice(0, buf.byteLength - 4))).toBeNull();
    expect(decodeFrame(new ArrayBuffer(4))).toBeNull();
    const other = buf.slice(0);
    new DataView(other).setUint32(0, 0x46544446, true);
    expect(decodeFrame(other)).toBeNull();
    // the header says 4 × 4 cells: the mask is the wrong length
    expect(decodeFrame(encodeFrame({ ...frame(8, 8, depth), depth: new Float32Array(16) }))).toBeNull();
  });
});
