/**
 * One live frame as bytes, the same for BroadcastChannel and the relay (WebSocket binary):
 *   u32 magic 'FTDF' · u32 header length · header (UTF-8 JSON, padded to 4 bytes) · depth (float32)
 * The header holds the frame's index and scenario time, the grid's shape, the engine session and the
 * board numbers. Every screen decodes the same bytes, so every map shows the same water.
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

const MAGIC = 0x46544446; // 'FTDF'

export function encodeFrame(m: FrameMsg): ArrayBuffer {
  const { depth, ...header } = m;
  const head = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(head.length / 4) * 4;
  const buf = new ArrayBuffer(8 + padded + depth.byteLength);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, head.length, true);
  new Uint8Array(buf, 8, head.length).set(head);
  new Float32Array(buf, 8 + padded, depth.length).set(depth);
  return buf;
}

/** Null for bytes that are not a frame (or a frame whose depth does not fit its grid). */
export function decodeFrame(buf: ArrayBuffer): FrameMsg | null {
  if (buf.byteLength < 8) return null;
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== MAGIC) return null;
  const n = dv.getUint32(4, true);
  const padded = Math.ceil(n / 4) * 4;
  if (8 + padded > buf.byteLength) return null;
  let header: Omit<FrameMsg, 'depth'>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
  } catch {
    return null;
  }
  const cells = (buf.byteLength - 8 - padded) / 4;
  if (!header || header.ncols * header.nrows !== cells) return null;
  return { ...header, depth: new Float32Array(buf, 8 + padded, cells) };
}
