/**
 * Flood water as a raster for the drill map and the kiosk: depth → RGBA pixels (one pixel a cell,
 * row 0 north) in the depth classes of the project's one ramp (src/export/colorRamp.ts), ready for
 * a canvas's ImageData under the SVG vectors. Class k covers [DEPTH_RAMP[k], DEPTH_RAMP[k+1]) and
 * takes the colour of stop k; the last class is open above. Dry cells (below DRY_DEPTH_M, the
 * ramp's first stop) and nodata are transparent. Pure: no DOM, testable in Node.
 *
 * Speed: a 65 536-entry lookup table from millimetres to a packed pixel, so painting a frame is one
 * typed-array read and one write a cell (a 1200 × 800 grid in a few milliseconds), no allocation.
 */
import { DEPTH_RAMP, DRY_DEPTH_M } from '../export/colorRamp.ts';
import { NODATA_MM } from './framePack.ts';

export interface DepthClass {
  fromM: number;
  /** upper bound (exclusive), Infinity for the last class */
  toM: number;
  rgb: [number, number, number];
}

export const DEPTH_CLASSES: readonly DepthClass[] = DEPTH_RAMP.map((s, i) => ({
  fromM: s.depthM,
  toM: i + 1 < DEPTH_RAMP.length ? DEPTH_RAMP[i + 1].depthM : Infinity,
  rgb: [s.rgb[0], s.rgb[1], s.rgb[2]] as [number, number, number],
}));

/** water is drawn opaque: from five metres away a class must read as its legend swatch */
export const WATER_ALPHA = 255;

/** class index of a depth in metres; -1 for dry or nodata */
export function depthClassOf(dM: number): number {
  if (!(dM >= DRY_DEPTH_M)) return -1; // NaN, negative, dry
  let k = 0;
  while (k + 1 < DEPTH_CLASSES.length && dM >= DEPTH_CLASSES[k + 1].fromM) k++;
  return k;
}

/** class index of a depth in millimetres (a frame pack's code); -1 for dry or nodata */
export function depthClassOfMm(mm: number): number {
  if (mm === NODATA_MM) return -1;
  // thresholds compared in whole mm so the table and the metre function agree on the stops
  if (mm < Math.round(DRY_DEPTH_M * 1000)) return -1;
  let k = 0;
  while (k + 1 < DEPTH_CLASSES.length && mm >= Math.round(DEPTH_CLASSES[k + 1].fromM * 1000)) k++;
  return k;
}

let lut: Uint32Array | null = null;

/** mm code → packed RGBA in the platform's byte order (built through a byte view, so endian-safe) */
export function mmLookup(): Uint32Array {
  if (lut) return lut;
  const bytes = new Uint8Array(65536 * 4);
  for (let mm = 0; mm < 65536; mm++) {
    const k = depthClassOfMm(mm);
    if (k < 0) continue; // transparent black
    const c = DEPTH_CLASSES[k].rgb;
    bytes[mm * 4] = c[0];
    bytes[mm * 4 + 1] = c[1];
    bytes[mm * 4 + 2] = c[2];
    bytes[mm * 4 + 3] = WATER_ALPHA;
  }
  lut = new Uint32Array(bytes.buffer);
  return lut;
}

/**
 * Paint a frame of depths in mm (a frame pack's frame) into RGBA pixels (`out.length` = 4 × cells,
 * e.g. ImageData.data). Returns the number of wet cells. No allocation after the first call.
 */
export function paintDepthMm(depthMm: Uint16Array, out: Uint8ClampedArray | Uint8Array): number {
  if (out.length !== depthMm.length * 4)
    throw new RangeError(`out has ${out.length} bytes, need ${depthMm.length * 4}`);
  if (out.byteOffset % 4 !== 0) throw new RangeError('out must start on a 4-byte boundary');
  const table = mmLookup();
  const px = new Uint32Array(out.buffer, out.byteOffset, depthMm.length);
  let wet = 0;
  for (let k = 0; k < depthMm.length; k++) {
    const c = table[depthMm[k]];
    px[k] = c;
    if (c !== 0) wet++;
  }
  return wet;
}

const THRESHOLDS_M = Float64Array.from(DEPTH_CLASSES, (c) => c.fromM);
let classPx: Uint32Array | null = null;

/** packed RGBA per class, in the platform's byte order */
function classPixels(): Uint32Array {
  if (classPx) return classPx;
  const bytes = new Uint8Array(DEPTH_CLASSES.length * 4);
  DEPTH_CLASSES.forEach((c, k) => {
    bytes.set([c.rgb[0], c.rgb[1], c.rgb[2], WATER_ALPHA], 4 * k);
  });
  classPx = new Uint32Array(bytes.buffer);
  return classPx;
}

/** Paint depths in metres (an engine frame, NaN nodata) into RGBA pixels. Returns the wet cells. */
export function paintDepthM(depth: Float32Array, out: Uint8ClampedArray | Uint8Array): number {
  if (out.length !== depth.length * 4) throw new RangeError(`out has ${out.length} bytes, need ${depth.length * 4}`);
  if (out.byteOffset % 4 !== 0) throw new RangeError('out must start on a 4-byte boundary');
  const px = new Uint32Array(out.buffer, out.byteOffset, depth.length);
  const colours = classPixels();
  const dry = THRESHOLDS_M[0],
    last = THRESHOLDS_M.length - 1;
  let wet = 0;
  for (let k = 0; k < depth.length; k++) {
    const d = depth[k];
    if (!(d >= dry)) {
      px[k] = 0;
      continue;
    } // dry, negative, NaN
    let c = 0;
    while (c < last && d >= THRESHOLDS_M[c + 1]) c++;
    px[k] = colours[c];
    wet++;
  }
  return wet;
}

/** clear to transparent (no water): a kiosk reset or a time before the first frame */
export function clearRaster(out: Uint8ClampedArray | Uint8Array): void {
  out.fill(0);
}

/**
 * The affine map from grid pixels (u east, v south, in cells from the north-west outer corner) to
 * map coordinates, from where three outer corners land: nw at (0,0), ne at (ncols,0), sw at (0,nrows).
 * Returns SVG's matrix(a b c d e f): x = a·u + c·v + e, y = b·u + d·v + f. Over a 3 km twin the
 * UTM grid is straight in lon/lat to well under a pixel, so three corners place it.
 */
export function gridToMapMatrix(
  ncols: number,
  nrows: number,
  nw: [number, number],
  ne: [number, number],
  sw: [number, number],
): [number, number, number, number, number, number] {
  return [
    (ne[0] - nw[0]) / ncols,
    (ne[1] - nw[1]) / ncols,
    (sw[0] - nw[0]) / nrows,
    (sw[1] - nw[1]) / nrows,
    nw[0],
    nw[1],
  ];
}

/** legend label of a class, in metres ("0.3–0.5 m", "≥ 4 m") */
export function classLabel(c: DepthClass): string {
  const f = (x: number) => String(Number(x.toFixed(2)));
  return c.toM === Infinity ? `≥ ${f(c.fromM)} m` : `${f(c.fromM)}–${f(c.toM)} m`;
}
