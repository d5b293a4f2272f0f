/**
 * Frame packs: the depth frames of one deterministic engine run, recorded once by the headless
 * engine (`src/modes/makeFramePacks.ts`, the same kernels and bits as the page's workers) and
 * fetched by every drill and kiosk screen. Every screen reads the same bytes and picks the frame
 * from the synced clock, so the water is identical on all screens, instant at start, and no
 * display machine has to run a flood.
 *
 * Layout (little-endian): "FTWP" · u32 version (1) · u32 header bytes · header JSON (UTF-8, padded
 * with spaces to 4 bytes) · frames: nFrames × ncols·nrows u16, depth in millimetres, 65535 nodata
 * (NaN), deeper than 65.534 m held at 65534. Row 0 is the north row (as in Grid). The file on the
 * server is gzipped (`.frames.gz`); `unpackFrames` takes the plain bytes.
 * Pure: no DOM, no Node, so the page, the workers and the tests share it.
 */
import { InputError } from '../core/errors.ts';

export const PACK_MAGIC = 'FTWP';
export const PACK_VERSION = 1;
export const NODATA_MM = 65535;
const MAX_MM = 65534;

export interface PackClip {
  /** id of the clip (a kiosk card plays clips in order) */
  id: string;
  /** the scenario file it was run from (relative to the repo) */
  scenario: string;
  /** index of its first frame and the number of frames */
  first: number;
  count: number;
  /** how the run differs from the scenario file, if it does (e.g. a smaller time step) */
  note?: string;
}

export interface PackHeader {
  ncols: number;
  nrows: number;
  cellSize: number;
  xll: number;
  yll: number;
  epsg: number;
  /** lon/lat of the grid's north-west, north-east and south-west outer corners (placement on the map) */
  cornersLonLat: { nw: [number, number]; ne: [number, number]; sw: [number, number] };
  /** scenario time (s) of each frame, increasing within a clip */
  times: number[];
  clips: PackClip[];
}

export interface FramePack extends PackHeader {
  /** depth in mm per frame (views into one buffer) */
  frames: Uint16Array[];
}

/** depth (m, NaN nodata) → mm code */
export function depthToMm(d: number): number {
  if (Number.isNaN(d)) return NODATA_MM;
  if (!(d > 0)) return 0;
  const mm = Math.round(d * 1000);
  return mm > MAX_MM ? MAX_MM : mm;
}

export function packFrames(header: PackHeader, frames: Float32Array[]): Uint8Array {
  const n = header.ncols * header.nrows;
  if (frames.length !== header.times.length)
    throw new Error(`${frames.length} frames for ${header.times.length} times`);
  let json = JSON.stringify(header);
  const bytes0 = new TextEncoder().encode(json);
  json += ' '.repeat((4 - (bytes0.length % 4)) % 4);
  const hb = new TextEncoder().encode(json);
  const out = new Uint8Array(12 + hb.length + frames.length * n * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = PACK_MAGIC.charCodeAt(i);
  dv.setUint32(4, PACK_VERSION, true);
  dv.setUint32(8, hb.length, true);
  out.set(hb, 12);
  let o = 12 + hb.length;
  for (const f of frames) {
    if (f.length !== n) throw new Error(`frame of ${f.length} cells, grid has ${n}`);
    for (let k = 0; k < n; k++, o += 2) dv.setUint16(o, depthToMm(f[k]), true);
  }
  return out;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Read a pack; bad bytes throw an InputError naming the file and the field or byte offset. */
export function unpackFrames(bytes: Uint8Array, file = 'frames'): FramePack {
  const fail = (msg: string, where: { field?: string; offset?: number } = {}): never => {
    throw new InputError(msg, {
      file,
      field: where.field ?? (where.offset !== undefined ? `byte ${where.offset}` : 'header'),
    });
  };
  if (bytes.length < 12) fail(`${bytes.length} bytes: too short for a frame pack`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== PACK_MAGIC)
    fail(`not a frame pack (starts with ${JSON.stringify(magic)}, expected "FTWP")`, { offset: 0 });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== PACK_VERSION) fail(`version ${version}, this reader knows ${PACK_VERSION}`, { offset: 4 });
  const hl = dv.getUint32(8, true);
  if (hl % 4 !== 0 || 12 + hl > bytes.length)
    fail(`header length ${hl} does not fit the ${bytes.length} bytes`, { offset: 8 });
  let h: PackHeader;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + hl))) as PackHeader;
  } catch (e) {
    return fail(`header is not JSON: ${(e as Error).message}`, { offset: 12 });
  }
  if (!h || typeof h !== 'object') fail('header is not an object', { field: 'header' });
  for (const k of ['ncols', 'nrows'] as const)
    if (!Number.isInteger(h[k]) || h[k] <= 0) fail(`${k} must be a positive integer`, { field: k });
  for (const k of ['cellSize', 'xll', 'yll'] as const) if (!isNum(h[k])) fail(`${k} must be a number`, { field: k });
  for (const c of ['nw', 'ne', 'sw'] as const) {
    const p = h.cornersLonLat?.[c];
    if (!Array.isArray(p) || p.length !== 2 || !isNum(p[0]) || !isNum(p[1]))
      fail('must be [lon, lat]', { field: `cornersLonLat.${c}` });
  }
  if (!Array.isArray(h.times) || h.times.some((t) => !isNum(t)))
    fail('must be an array of seconds', { field: 'times' });
  if (!Array.isArray(h.clips) || h.clips.length === 0) fail('must list at least one clip', { field: 'clips' });
  h.clips.forEach((c, i) => {
    if (
      !c ||
      typeof c.id !== 'string' ||
      !Number.isInteger(c.first) ||
      !Number.isInteger(c.count) ||
      c.first < 0 ||
      c.count < 1 ||
      c.first + c.count > h.times.length
    ) {
      fail(`clip must have an id and first/count inside the ${h.times.length} frames`, { field: `clips[${i}]` });
    }
    for (let k = c.first + 1; k < c.first + c.count; k++)
      if (!(h.times[k] > h.times[k - 1])) fail('times must increase within a clip', { field: `times[${k}]` });
  });
  const n = h.ncols * h.nrows;
  const start = 12 + hl;
  const need = start + h.times.length * n * 2;
  if (bytes.length !== need)
    fail(`${bytes.length} bytes, ${h.times.length} frames of ${h.ncols}×${h.nrows} need ${need}`, {
      offset: bytes.length,
    });
  // copy into an aligned buffer (the view may start at any byte), little-endian on every platform
  const all = new Uint16Array(h.times.length * n);
  for (let k = 0, o = start; k < all.length; k++, o += 2) all[k] = dv.getUint16(o, true);
  const frames: Uint16Array[] = [];
  for (let f = 0; f < h.times.length; f++) frames.push(all.subarray(f * n, (f + 1) * n));
  return { ...h, frames };
}

/**
 * The frame shown at scenario time tS within a clip: the last frame at or before tS (frames are
 * states at their time; the map steps, it does not blend). Before the clip's first frame: -1.
 */
export function frameIndexAt(pack: PackHeader, tS: number, clip = 0): number {
  const c = pack.clips[clip];
  let best = -1;
  for (let k = c.first; k < c.first + c.count; k++) {
    if (pack.times[k] <= tS + 1e-6) best = k;
    else break;
  }
  return best;
}

/** gzip magic bytes: the server may or may not have unzipped the file already */
export const isGzip = (b: Uint8Array): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
