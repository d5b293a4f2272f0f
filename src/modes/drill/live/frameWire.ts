/**
 * One live frame as bytes, the same for BroadcastChannel and the relay (WebSocket binary):
 *   u32 magic 'FTDW' · u32 header length · header (UTF-8 JSON, padded to 4 bytes)
 *   · u32 count of wet cells · wet mask (1 bit per cell, row-major, padded to 4 bytes)
 *   · the wet cells' depths (float32, in cell order)
 * A "wet" cell is any whose depth bits are not all zero (so -0 and NaN travel too): dry land, most
 * of a twin, costs one bit instead of four bytes, and the decoded depths are the engine's bits
 * exactly. The header holds the frame's index and scenario time, the grid's shape, the engine
 * session and the board numbers. Every screen decodes the same bytes, so every map shows the same water.
 */
import type { BoardNumbers } from '../../../../workers/drill/board.ts';

export interface FrameMsg {
  session: string;
  index: number;
  /** scenario seconds */
  t: number;
  ncols: number;
  nrows: number;
  board: BoardNumbers;
  depth: Float32Array;
}

const MAGIC = 0x46544457; // 'FTDW'

/**
 * The message of an engine frame on a grid of `ncols` × `nrows` in drill session `session`.
 * @example encodeFrame(frameMessage(session, workerFrame, engineInfo))
 */
export function frameMessage(
  session: string,
  f: Pick<FrameMsg, 'index' | 't' | 'board' | 'depth'>,
  grid: Pick<FrameMsg, 'ncols' | 'nrows'>,
): FrameMsg {
  return { session, index: f.index, t: f.t, ncols: grid.ncols, nrows: grid.nrows, board: f.board, depth: f.depth };
}

const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/**
 * The frame's bytes (lossless: decodeFrame gives back the same depth bits).
 * @example decodeFrame(encodeFrame(m))?.depth // the bits of m.depth
 */
export function encodeFrame(m: FrameMsg): ArrayBuffer {
  const { depth, ...header } = m;
  const bits = new Uint32Array(depth.buffer, depth.byteOffset, depth.length);
  let wet = 0;
  for (let k = 0; k < bits.length; k++) if (bits[k] !== 0) wet++;
  const head = new TextEncoder().encode(JSON.stringify(header));
  const maskAt = 8 + pad4(head.length) + 4;
  const valuesAt = maskAt + pad4(Math.ceil(bits.length / 8));
  const buf = new ArrayBuffer(valuesAt + 4 * wet);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, head.length, true);
  new Uint8Array(buf, 8, head.length).set(head);
  dv.setUint32(maskAt - 4, wet, true);
  const mask = new Uint8Array(buf, maskAt, valuesAt - maskAt);
  const values = new Uint32Array(buf, valuesAt, wet);
  let v = 0;
  for (let k = 0; k < bits.length; k++) {
    const b = bits[k];
    if (b === 0) continue;
    mask[k >> 3] |= 1 << (k & 7);
    values[v++] = b;
  }
  return buf;
}

/** Null for bytes that are not a frame (or a frame whose mask and depths do not fit its grid). */
export function decodeFrame(buf: ArrayBuffer): FrameMsg | null {
  if (buf.byteLength < 8) return null;
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== MAGIC) return null;
  const n = dv.getUint32(4, true);
  const maskAt = 8 + pad4(n) + 4;
  if (maskAt > buf.byteLength) return null;
  let header: Omit<FrameMsg, 'depth'>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
  } catch {
    return null;
  }
  const cells = header ? header.ncols * header.nrows : Number.NaN;
  if (!Number.isInteger(cells) || cells < 0) return null;
  const wet = dv.getUint32(maskAt - 4, true);
  const valuesAt = maskAt + pad4(Math.ceil(cells / 8));
  if (valuesAt + 4 * wet !== buf.byteLength) return null;
  const mask = new Uint8Array(buf, maskAt, valuesAt - maskAt);
  const values = new Uint32Array(buf, valuesAt, wet);
  const depth = new Float32Array(cells);
  const bits = new Uint32Array(depth.buffer);
  let v = 0;
  for (let byte = 0; byte < mask.length; byte++) {
    const m = mask[byte];
    if (m === 0) continue;
    for (let b = 0; b < 8; b++) {
      if (!(m & (1 << b))) continue;
      const k = (byte << 3) + b;
      // a mask bit past the grid or more bits than depths: not a frame of this grid
      if (k >= cells || v >= wet) return null;
      bits[k] = values[v++];
    }
  }
  return v === wet ? { ...header, depth } : null;
}
