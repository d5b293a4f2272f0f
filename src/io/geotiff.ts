/**
 * GeoTIFF rasters (single band) <-> Grid.
 *
 * Reading uses geotiff.js (striped and tiled, none / deflate / LZW / PackBits, predictors), then
 * reads the georeferencing ourselves: ModelPixelScale + ModelTiepoint (or a ModelTransformation
 * without rotation), GeoKeys for the EPSG code, GDAL_NODATA for missing cells. References: TIFF 6.0
 * (Adobe 1992), OGC GeoTIFF 1.1 (19-008r4), GDAL's GTiff driver for GDAL_NODATA (tag 42113).
 *
 * Writing is our own little-endian baseline TIFF (geotiff.js's writer cannot compress and sizes
 * its header to 1000 bytes): float32 strips, optional zlib deflate (compression 8) through Node's
 * zlib when it is there (the CLI); in a browser the file is written uncompressed.
 */
import { addDecoder, BaseDecoder, fromArrayBuffer } from 'geotiff';
import { InputError } from '../core/errors.ts';
import type { Grid, GridCrs } from '../core/grid.ts';
import { isGeographicEpsg } from './crs.ts';
import { gridTooLarge, MAX_DECODED_BYTES } from './gridLimits.ts';

// ---------------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------------

/**
 * TIFF LZW (TIFF 6.0 §13: MSB-first codes, 9 to 12 bits, code width grows one code early) with
 * every table index and the output size checked. It replaces geotiff.js's LZW decoder, which loops
 * forever on some damaged streams (a code past its 4093-entry table walks an undefined chain).
 */
export function decodeTiffLzw(input: Uint8Array, maxOut: number): Uint8Array {
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const len = new Int32Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    len[i] = 1;
  }
  const out = new Uint8Array(maxOut);
  let o = 0;
  const totalBits = input.length * 8;
  let bit = 0;
  let width = 9;
  let next = 258;
  let old = -1;
  for (;;) {
    if (bit + width > totalBits) break; // ran out without EOI: keep what we have
    let code = 0;
    for (let k = 0; k < width; k++) {
      const b = bit + k;
      code = (code << 1) | ((input[b >> 3] >> (7 - (b & 7))) & 1);
    }
    bit += width;
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      old = -1;
      continue;
    }
    let first: number;
    if (old === -1) {
      if (code > 255) throw new Error(`LZW code ${code} right after a clear code`);
      if (o >= maxOut) break;
      out[o++] = code;
      old = code;
      continue;
    }
    if (code < next) {
      // emit the string of `code`, written backwards along its prefix chain
      const l = len[code];
      if (o + l > maxOut) throw new Error(`LZW data decodes to more than the ${maxOut} bytes of its block`);
      let c = code;
      for (let k = l - 1; k >= 0; k--) {
        out[o + k] = suffix[c];
        c = prefix[c];
      }
      first = out[o];
      o += l;
    } else if (code === next) {
      const l = len[old];
      if (o + l + 1 > maxOut) throw new Error(`LZW data decodes to more than the ${maxOut} bytes of its block`);
      let c = old;
      for (let k = l - 1; k >= 0; k--) {
        out[o + k] = suffix[c];
        c = prefix[c];
      }
      first = out[o];
      out[o + l] = first;
      o += l + 1;
    } else {
      throw new Error(`LZW code ${code} is not yet in the table (next ${next})`);
    }
    if (next < 4096) {
      prefix[next] = old;
      suffix[next] = first;
      len[next] = len[old] + 1;
      next++;
    }
    old = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return out.subarray(0, o);
}

class SafeLzwDecoder extends BaseDecoder {
  decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const p = this.parameters;
    const bits =
      Array.isArray(p.bitsPerSample) || ArrayBuffer.isView(p.bitsPerSample)
        ? Array.from(p.bitsPerSample as ArrayLike<number>).reduce((a, b) => a + Number(b), 0)
        : Number(p.bitsPerSample);
    // an upper bound: all samples of a pixel (planar files hold one sample a block)
    const maxOut = Math.ceil((Number(p.tileWidth) * Number(p.tileHeight) * bits) / 8);
    if (!(maxOut >= 0) || maxOut > 2 ** 31) throw new Error(`LZW block of ${maxOut} bytes`);
    const decoded = decodeTiffLzw(new Uint8Array(buffer), maxOut);
    return decoded.slice().buffer;
  }
}
addDecoder(5, async () => SafeLzwDecoder as unknown as typeof BaseDecoder);

const TAG = {
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
} as const;

function toArrayBuffer(data: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  // an exact copy: geotiff.js reads the whole ArrayBuffer, not the view's window
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy.buffer;
}

export function isTiff(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const ii = bytes[0] === 0x49 && bytes[1] === 0x49 && (bytes[2] === 42 || bytes[2] === 43) && bytes[3] === 0;
  const mm = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && (bytes[3] === 42 || bytes[3] === 43);
  return ii || mm;
}

function errMsg(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

/**
 * Checks the first image directory before geotiff.js sees it: every entry's type is known and its
 * values lie inside the file. (A damaged count would otherwise make geotiff.js allocate gigabytes.)
 */
function checkFirstDirectory(bytes: Uint8Array, file: string): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  const len = bytes.length;
  const bad = (msg: string) => new InputError(`damaged TIFF: ${msg}`, { file });
  let ifd: number;
  let n: number;
  let entrySize: number;
  let inline: number;
  if (big) {
    if (len < 16) throw bad('BigTIFF header is cut short');
    const hi = dv.getUint32(le ? 12 : 8, le);
    ifd = hi * 2 ** 32 + dv.getUint32(le ? 8 : 12, le);
    if (ifd + 8 > len) throw bad(`the first image directory (offset ${ifd}) lies outside the ${len}-byte file`);
    n = Number(dv.getBigUint64(ifd, le));
    entrySize = 20;
    inline = 8;
    ifd += 8;
  } else {
    ifd = dv.getUint32(4, le);
    if (ifd + 2 > len) throw bad(`the first image directory (offset ${ifd}) lies outside the ${len}-byte file`);
    n = dv.getUint16(ifd, le);
    entrySize = 12;
    inline = 4;
    ifd += 2;
  }
  if (n === 0 || ifd + n * entrySize > len) throw bad(`image directory of ${n} entries does not fit in the file`);
  for (let i = 0; i < n; i++) {
    const p = ifd + i * entrySize;
    const tag = dv.getUint16(p, le);
    const type = dv.getUint16(p + 2, le);
    const size = TYPE_SIZE[type];
    if (size === undefined) throw bad(`tag ${tag} has unknown field type ${type}`);
    const count = big
      ? dv.getUint32(p + 4 + (le ? 4 : 0), le) * 2 ** 32 + dv.getUint32(p + 4 + (le ? 0 : 4), le)
      : dv.getUint32(p + 4, le);
    const nbytes = count * size;
    if (nbytes > inline) {
      const off = big
        ? dv.getUint32(p + 12 + (le ? 4 : 0), le) * 2 ** 32 + dv.getUint32(p + 12 + (le ? 0 : 4), le)
        : dv.getUint32(p + 8, le);
      if (off + nbytes > len)
        throw bad(`tag ${tag}: ${count} values at offset ${off} run past the end of the ${len}-byte file`);
    }
  }
}

/** Reads band 1 of a GeoTIFF into a Grid (NaN where the GDAL_NODATA value is). */
export async function readGeoTiff(data: ArrayBuffer | Uint8Array, file: string): Promise<Grid> {
  const buf = toArrayBuffer(data);
  const bytes = new Uint8Array(buf);
  if (bytes.length < 8) throw new InputError(`file is ${bytes.length} bytes long, too short for a TIFF`, { file });
  if (!isTiff(bytes)) throw new InputError('not a TIFF file (expected "II*\\0" or "MM\\0*" at the start)', { file });

  checkFirstDirectory(bytes, file);
  // Everything geotiff.js does with the bytes may throw on a damaged file: report it as bad input.
  const geo = async <T>(what: string, f: () => Promise<T> | T): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`damaged or unsupported TIFF (${what}): ${errMsg(e).slice(0, 200)}`, { file });
    }
  };

  const tiff = await geo('header', () => fromArrayBuffer(buf));
  const image = await geo('first image directory', () => tiff.getImage(0));
  const fd = image.getFileDirectory();
  const width = await geo('ImageWidth', () => image.getWidth());
  const height = await geo('ImageLength', () => image.getHeight());
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InputError(`image size ${width}×${height} is not a positive size`, { file, field: 'ImageWidth' });
  }
  const tooLarge = gridTooLarge(width, height);
  if (tooLarge) throw new InputError(tooLarge, { file, field: 'ImageWidth' });

  const spp = await geo('SamplesPerPixel', () => image.getSamplesPerPixel());
  const format = await geo('SampleFormat', () => image.getSampleFormat(0) ?? 1);
  const bits = await geo('BitsPerSample', () => image.getBitsPerSample(0));
  const kind = format === 3 ? 'float' : format === 2 ? 'int' : format === 1 ? 'uint' : `format ${format}`;
  const okType =
    (format === 3 && (bits === 32 || bits === 64)) ||
    ((format === 1 || format === 2) && (bits === 8 || bits === 16 || bits === 32));
  if (!okType || !(spp >= 1)) {
    throw new InputError(`unsupported sample type ${kind} ${bits}-bit (read: float32/64, int/uint 8/16/32)`, {
      file,
      field: 'SampleFormat',
    });
  }
  // decoding allocates every sample of the image (and readRasters another array for band 0): bound it
  // from the header, before a deflate bomb is inflated
  const decodedBytes = (width * height * spp * bits) / 8;
  if (decodedBytes > MAX_DECODED_BYTES) {
    throw new InputError(
      `the pixel data would decode to ${(decodedBytes / 2 ** 20).toFixed(0)} MiB (${width}×${height}, ${spp} sample(s) of ${bits} bits), more than ${MAX_DECODED_BYTES / 2 ** 20} MiB; use one band, coarser cells or tiles`,
      { file, field: 'ImageWidth' },
    );
  }
  // A damaged size field can claim far more pixels than the bytes could hold even compressed.
  // (deflate and LZW expand at most ~1032× and ~2730×; 4096 bytes of pixels per file byte is safe.)
  if ((width * height * spp * bits) / 8 > 4096 * Math.max(bytes.length, 1024)) {
    throw new InputError(`image of ${width}×${height} cells cannot fit in a ${bytes.length}-byte file`, {
      file,
      field: 'ImageWidth',
    });
  }
  const compression = fd.hasTag('Compression') ? Number(fd.getValue('Compression')) : 1;
  if (compression === 1) {
    // uncompressed: every block must lie inside the file
    const offsets = await geo('StripOffsets/TileOffsets', () =>
      fd.loadValue(image.isTiled ? 'TileOffsets' : 'StripOffsets'),
    );
    const counts = await geo('StripByteCounts/TileByteCounts', () =>
      fd.loadValue(image.isTiled ? 'TileByteCounts' : 'StripByteCounts'),
    );
    if (!offsets || !counts || typeof offsets === 'string' || typeof counts === 'string') {
      throw new InputError('missing strip/tile offsets or byte counts', { file, field: 'StripOffsets' });
    }
    const off = offsets as ArrayLike<number>;
    const cnt = counts as ArrayLike<number>;
    for (let i = 0; i < off.length; i++) {
      const o = Number(off[i]);
      const c = Number(cnt[i] ?? 0);
      if (!(o >= 0) || !(c >= 0) || o + c > bytes.length) {
        throw new InputError(`image block ${i} (offset ${o}, ${c} bytes) lies outside the ${bytes.length}-byte file`, {
          file,
          field: 'StripOffsets',
        });
      }
    }
  }

  // --- georeferencing ---
  const loadDoubles = async (tag: number, name: string): Promise<number[] | null> => {
    if (!fd.hasTag(tag)) return null;
    const v = await geo(name, () => fd.loadValue(tag));
    if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number') {
      throw new InputError(`${name} tag is not a list of numbers`, { file, field: name });
    }
    return Array.from(v as ArrayLike<number>, Number);
  };
  const scale = await loadDoubles(TAG.ModelPixelScale, 'ModelPixelScale');
  const tie = await loadDoubles(TAG.ModelTiepoint, 'ModelTiepoint');
  const trans = await loadDoubles(TAG.ModelTransformation, 'ModelTransformation');
  const geoKeys = await geo('GeoKeyDirectory', () => image.getGeoKeys() ?? {});
  // GTRasterTypeGeoKey 2 = PixelIsPoint: the tiepoint names the centre of the pixel, not its corner
  const pixelIsPoint = geoKeys.GTRasterTypeGeoKey === 2;

  let sx: number;
  let sy: number;
  let originX: number; // west edge of column 0
  let originY: number; // north edge of row 0
  if (scale && tie) {
    if (scale.length < 2 || tie.length < 6) {
      throw new InputError(
        `ModelPixelScale needs 3 values and ModelTiepoint 6, got ${scale.length} and ${tie.length}`,
        {
          file,
          field: 'ModelTiepoint',
        },
      );
    }
    if (tie.length > 6) {
      throw new InputError(`${tie.length / 6} tiepoints (a warped raster) are not supported; expected one`, {
        file,
        field: 'ModelTiepoint',
      });
    }
    sx = scale[0];
    sy = scale[1];
    const [ti, tj, , tx, ty] = tie;
    originX = tx - ti * sx;
    originY = ty + tj * sy;
  } else if (trans) {
    if (trans.length < 16)
      throw new InputError(`ModelTransformation needs 16 values, got ${trans.length}`, {
        file,
        field: 'ModelTransformation',
      });
    if (trans[1] !== 0 || trans[4] !== 0) {
      throw new InputError(
        `rotated or skewed raster (ModelTransformation terms ${trans[1]}, ${trans[4]}) is not supported; warp it to a north-up grid first (gdalwarp)`,
        { file, field: 'ModelTransformation' },
      );
    }
    sx = trans[0];
    sy = -trans[5];
    originX = trans[3];
    originY = trans[7];
  } else {
    throw new InputError(
      'no georeferencing: the TIFF has neither ModelPixelScale + ModelTiepoint nor ModelTransformation',
      {
        file,
        field: 'ModelTiepoint',
      },
    );
  }
  if (!Number.isFinite(sx) || !Number.isFinite(sy) || !Number.isFinite(originX) || !Number.isFinite(originY)) {
    throw new InputError('georeferencing contains a non-finite number', { file, field: 'ModelPixelScale' });
  }
  if (!(sx > 0) || !(sy > 0)) {
    throw new InputError(`pixel size ${sx} × ${sy}: expected positive sizes with north up`, {
      file,
      field: 'ModelPixelScale',
    });
  }
  if (Math.abs(sx - sy) > 1e-9 * Math.max(sx, sy)) {
    throw new InputError(`non-square cells (${sx} × ${sy}) are not supported; resample to square cells first`, {
      file,
      field: 'ModelPixelScale',
    });
  }
  if (pixelIsPoint) {
    originX -= sx / 2;
    originY += sy / 2;
  }
  const cellSize = sx;
  const xll = originX;
  const yll = originY - height * sy;

  // --- CRS ---
  let crs: GridCrs | undefined;
  const proj = Number(geoKeys.ProjectedCSTypeGeoKey);
  const geog = Number(geoKeys.GeographicTypeGeoKey);
  const citation = typeof geoKeys.GTCitationGeoKey === 'string' ? geoKeys.GTCitationGeoKey.trim() : '';
  if (Number.isInteger(proj) && proj > 0 && proj < 32767) crs = { epsg: proj };
  else if (Number.isInteger(geog) && geog > 0 && geog < 32767 && geoKeys.GTModelTypeGeoKey !== 1) crs = { epsg: geog };
  if (citation.startsWith('+proj=')) crs = { ...(crs ?? {}), proj4: citation };

  // --- pixels ---
  const raster = await geo('pixel data', () => image.readRasters({ samples: [0], interleave: true }));
  const n = width * height;
  if (!raster || (raster as ArrayLike<number>).length < n) {
    throw new InputError(`pixel data holds ${(raster as ArrayLike<number>)?.length ?? 0} values, expected ${n}`, {
      file,
    });
  }
  const src = raster as ArrayLike<number>;
  const nodataRaw = await geo('GDAL_NODATA', () => image.getGDALNoData());
  const nodata =
    nodataRaw !== null && Number.isFinite(nodataRaw)
      ? nodataRaw
      : nodataRaw !== null && Number.isNaN(nodataRaw)
        ? NaN
        : null;
  const values = new Float32Array(n);
  // compare in the file's own precision: a float32 raster holds fround(nodata)
  const marker = nodata === null ? NaN : format === 3 && bits === 32 ? Math.fround(nodata) : nodata;
  const hasMarker = nodata !== null && !Number.isNaN(marker);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    values[i] = hasMarker && v === marker ? NaN : v;
  }
  return {
    ncols: width,
    nrows: height,
    cellSize,
    xll,
    yll,
    values,
    nodata: nodata === null || Number.isNaN(nodata) ? null : nodata,
    ...(crs ? { crs } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------

export type TiffSampleType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';

/** A block encoder with its TIFF Compression code (e.g. 5 = LZW, 8 = deflate). */
export interface TiffBlockCodec {
  code: number;
  encode(block: Uint8Array): Uint8Array;
}

export interface TiffEncodeOptions {
  sampleType?: TiffSampleType;
  /** square tiles of this size (a multiple of 16); strips when absent */
  tileSize?: number;
  /** rows per strip (default: about 64 KiB a strip) */
  rowsPerStrip?: number;
  compression?: 'none' | 'deflate' | TiffBlockCodec;
  /** 3 = floating-point horizontal predictor (Adobe TIFF Tech Note 3), for float samples */
  predictor?: 1 | 3;
  /** ModelPixelScale (3 doubles) */
  pixelScale?: number[];
  /** ModelTiepoint (6 doubles) */
  tiepoint?: number[];
  /** ModelTransformation (16 doubles) */
  transformation?: number[];
  /** GeoKeyDirectory as SHORTs (header + keys) */
  geoKeys?: number[];
  /** GeoAsciiParams text (each entry ends with '|') */
  geoAscii?: string;
  /** GDAL_NODATA text */
  gdalNoData?: string;
  /** the sample written for NaN cells (a grid's nodata marker); NaN is written as it is when absent */
  nanAs?: number;
}

const SAMPLE: Record<TiffSampleType, { bits: number; format: number }> = {
  float32: { bits: 32, format: 3 },
  float64: { bits: 64, format: 3 },
  int8: { bits: 8, format: 2 },
  uint8: { bits: 8, format: 1 },
  int16: { bits: 16, format: 2 },
  uint16: { bits: 16, format: 1 },
  int32: { bits: 32, format: 2 },
  uint32: { bits: 32, format: 1 },
};

/** Node's zlib deflate when running under Node, else null (browsers write uncompressed). */
function nodeDeflate(): ((b: Uint8Array) => Uint8Array) | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = proc?.getBuiltinModule?.('node:zlib') as { deflateSync(b: Uint8Array): Uint8Array } | undefined;
  return zlib ? (b: Uint8Array) => zlib.deflateSync(b) : null;
}

/** True when `writeGeoTiff(g, { compress: true })` really compresses here. */
export function canCompress(): boolean {
  return nodeDeflate() !== null;
}

/**
 * Floating-point predictor on one row of little-endian samples, in place: the bytes are split into
 * planes, most significant first, then each byte is replaced by its difference from the previous
 * one (mod 256). Adobe Photoshop TIFF Technical Note 3 (1995); decoded by libtiff and geotiff.js.
 */
function floatPredictRow(row: Uint8Array, bps: number, tmp: Uint8Array): void {
  const wc = row.length / bps;
  for (let i = 0; i < wc; i++) {
    for (let k = 0; k < bps; k++) tmp[k * wc + i] = row[bps * i + (bps - 1 - k)];
  }
  for (let j = row.length - 1; j > 0; j--) row[j] = (tmp[j] - tmp[j - 1]) & 0xff;
  row[0] = tmp[0];
}

function putSample(dv: DataView, off: number, t: TiffSampleType, v: number): void {
  switch (t) {
    case 'float32':
      dv.setFloat32(off, v, true);
      break;
    case 'float64':
      dv.setFloat64(off, v, true);
      break;
    case 'int8':
      dv.setInt8(off, v);
      break;
    case 'uint8':
      dv.setUint8(off, v);
      break;
    case 'int16':
      dv.setInt16(off, v, true);
      break;
    case 'uint16':
      dv.setUint16(off, v, true);
      break;
    case 'int32':
      dv.setInt32(off, v, true);
      break;
    case 'uint32':
      dv.setUint32(off, v, true);
      break;
  }
}

interface Entry {
  tag: number;
  type: number; // 2 ASCII, 3 SHORT, 4 LONG, 12 DOUBLE
  count: number;
  data: Uint8Array; // little-endian value bytes
}

function shorts(tag: number, v: number[]): Entry {
  const data = new Uint8Array(v.length * 2);
  const dv = new DataView(data.buffer);
  v.forEach((x, i) => {
    dv.setUint16(i * 2, x, true);
  });
  return { tag, type: 3, count: v.length, data };
}
function longs(tag: number, v: number[]): Entry {
  const data = new Uint8Array(v.length * 4);
  const dv = new DataView(data.buffer);
  v.forEach((x, i) => {
    dv.setUint32(i * 4, x, true);
  });
  return { tag, type: 4, count: v.length, data };
}
function doubles(tag: number, v: number[]): Entry {
  const data = new Uint8Array(v.length * 8);
  const dv = new DataView(data.buffer);
  v.forEach((x, i) => {
    dv.setFloat64(i * 8, x, true);
  });
  return { tag, type: 12, count: v.length, data };
}
function ascii(tag: number, s: string): Entry {
  const data = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) data[i] = s.charCodeAt(i) & 0x7f;
  return { tag, type: 2, count: data.length, data };
}

/**
 * A TIFF laid out block by block, for writers that stream: the header, the directory and its
 * out-of-line values come first and their size depends only on the number of blocks, so a writer
 * reserves `headerBytes`, writes the blocks as `blocks()` makes them (one strip or tile at a time,
 * never the whole raster), then writes `header(byteCounts)` over the reserved bytes.
 */
export interface TiffLayout {
  /** bytes before the first block */
  headerBytes: number;
  blockCount: number;
  /** the encoded pixel blocks (predictor, then codec) in file order */
  blocks(): Generator<Uint8Array>;
  /** header + directory once each block's byte count is known (blocks follow one another) */
  header(byteCounts: readonly number[]): Uint8Array;
}

/** Classic TIFF offsets are 32-bit: a file past 4 GiB would need BigTIFF. */
const MAX_TIFF_BYTES = 2 ** 32 - 1;

/**
 * Encodes one band of `values` (row 0 north, `width` per row) as a little-endian TIFF with the
 * given layout and GeoTIFF tags. Values are cast to the sample type (integers are rounded).
 */
export function encodeTiff(
  values: ArrayLike<number>,
  width: number,
  height: number,
  opts: TiffEncodeOptions = {},
): Uint8Array {
  return assembleTiff(tiffLayout(values, width, height, opts));
}

/** The whole file in one buffer: header, then the blocks. */
function assembleTiff(layout: TiffLayout): Uint8Array {
  const blocks = [...layout.blocks()];
  const head = layout.header(blocks.map((b) => b.length));
  let size = head.length;
  for (const b of blocks) size += b.length;
  const out = new Uint8Array(size);
  out.set(head);
  let p = head.length;
  for (const b of blocks) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** The layout of `encodeTiff`'s file, for writing it block by block (see TiffLayout). */
export function tiffLayout(
  values: ArrayLike<number>,
  width: number,
  height: number,
  opts: TiffEncodeOptions = {},
): TiffLayout {
  const type = opts.sampleType ?? 'float32';
  const { bits, format } = SAMPLE[type];
  const tiled = opts.tileSize !== undefined;
  const T = opts.tileSize ?? 0;
  const rowsPerStrip = tiled
    ? 0
    : Math.max(1, Math.min(height, opts.rowsPerStrip ?? Math.floor(65536 / (width * (bits / 8)))));
  const blockCount = tiled ? Math.ceil(width / T) * Math.ceil(height / T) : Math.ceil(height / rowsPerStrip);
  const codec = blockCodec(opts.compression);
  const predictor: 1 | 3 = opts.predictor === 3 && format === 3 ? 3 : 1;

  const entries: Entry[] = [
    longs(256, [width]),
    longs(257, [height]),
    shorts(258, [bits]),
    shorts(259, [codec ? codec.code : 1]),
    shorts(262, [1]), // BlackIsZero
    shorts(277, [1]),
    shorts(284, [1]),
    shorts(339, [format]),
  ];
  if (predictor !== 1) entries.push(shorts(317, [predictor]));
  const offsets = longs(tiled ? 324 : 273, new Array<number>(blockCount).fill(0)); // filled by header()
  const counts = longs(tiled ? 325 : 279, new Array<number>(blockCount).fill(0));
  entries.push(offsets, counts);
  if (tiled) entries.push(longs(322, [T]), longs(323, [T]));
  else entries.push(longs(278, [rowsPerStrip]));
  if (opts.pixelScale) entries.push(doubles(33550, opts.pixelScale));
  if (opts.tiepoint) entries.push(doubles(33922, opts.tiepoint));
  if (opts.transformation) entries.push(doubles(34264, opts.transformation));
  if (opts.geoKeys) entries.push(shorts(34735, opts.geoKeys));
  if (opts.geoAscii !== undefined) entries.push(ascii(34737, opts.geoAscii));
  if (opts.gdalNoData !== undefined) entries.push(ascii(42113, opts.gdalNoData));
  entries.sort((a, b) => a.tag - b.tag);

  const ifdStart = 8;
  let headerBytes = ifdStart + 2 + entries.length * 12 + 4;
  const extraAt = new Map<Entry, number>();
  for (const e of entries) {
    if (e.data.length > 4) {
      extraAt.set(e, headerBytes);
      headerBytes += e.data.length + (e.data.length & 1);
    }
  }
  const isInt = format !== 3;
  const sampler: Sampler = { values, width, height, type, bps: bits / 8, isInt, nanAs: opts.nanAs, predictor, codec };
  return {
    headerBytes,
    blockCount,
    blocks: () => (tiled ? tileBlocks(sampler, T) : stripBlocks(sampler, rowsPerStrip)),
    header(byteCounts) {
      if (byteCounts.length !== blockCount)
        throw new Error(`${byteCounts.length} block sizes for ${blockCount} blocks`);
      const odv = new DataView(offsets.data.buffer);
      const cdv = new DataView(counts.data.buffer);
      let pos = headerBytes;
      byteCounts.forEach((n, i) => {
        odv.setUint32(i * 4, pos, true);
        cdv.setUint32(i * 4, n, true);
        pos += n;
      });
      if (pos > MAX_TIFF_BYTES)
        throw new InputError(
          `a ${width}×${height} TIFF of ${(pos / 2 ** 30).toFixed(1)} GiB is past a classic TIFF's 4 GiB: use coarser cells or tiles`,
        );
      return directoryBytes(entries, extraAt, headerBytes, ifdStart);
    },
  };
}

/** The block encoder `compression` asks for (deflate: Node's zlib when there is one, else none). */
function blockCodec(compression: TiffEncodeOptions['compression']): TiffBlockCodec | null {
  if (compression === 'deflate') {
    const deflate = nodeDeflate();
    return deflate ? { code: 8, encode: deflate } : null;
  }
  return compression && compression !== 'none' ? compression : null;
}

interface Sampler {
  values: ArrayLike<number>;
  width: number;
  height: number;
  type: TiffSampleType;
  bps: number;
  isInt: boolean;
  nanAs: number | undefined;
  predictor: 1 | 3;
  codec: TiffBlockCodec | null;
}

/** Cell i of the raster as the sample type wants it (integers rounded, NaN as `nanAs` when given). */
function sampleAt(s: Sampler, i: number): number {
  const v = s.values[i];
  const w = s.nanAs !== undefined && Number.isNaN(v) ? s.nanAs : v;
  return s.isInt ? Math.round(w) : w;
}

/** Predictor (row by row of `rowSamples`), then the codec. */
function finishBlock(s: Sampler, raw: Uint8Array, rowSamples: number): Uint8Array {
  if (s.predictor === 3) {
    const rowBytes = rowSamples * s.bps;
    const tmp = new Uint8Array(rowBytes);
    for (let o = 0; o < raw.length; o += rowBytes) floatPredictRow(raw.subarray(o, o + rowBytes), s.bps, tmp);
  }
  return s.codec ? s.codec.encode(raw) : raw;
}

function* stripBlocks(s: Sampler, rowsPerStrip: number): Generator<Uint8Array> {
  for (let r0 = 0; r0 < s.height; r0 += rowsPerStrip) {
    const rows = Math.min(rowsPerStrip, s.height - r0);
    const raw = new Uint8Array(rows * s.width * s.bps);
    const dv = new DataView(raw.buffer);
    const base = r0 * s.width;
    for (let i = 0; i < rows * s.width; i++) putSample(dv, i * s.bps, s.type, sampleAt(s, base + i));
    yield finishBlock(s, raw, s.width);
  }
}

function* tileBlocks(s: Sampler, T: number): Generator<Uint8Array> {
  for (let ty = 0; ty < Math.ceil(s.height / T); ty++) {
    for (let tx = 0; tx < Math.ceil(s.width / T); tx++) {
      const raw = new Uint8Array(T * T * s.bps);
      const dv = new DataView(raw.buffer);
      for (let r = 0; r < T && ty * T + r < s.height; r++) {
        const row = ty * T + r;
        for (let c = 0; c < T && tx * T + c < s.width; c++)
          putSample(dv, (r * T + c) * s.bps, s.type, sampleAt(s, row * s.width + tx * T + c));
      }
      yield finishBlock(s, raw, T);
    }
  }
}

/** "II", 42, the directory at `ifdStart`, its out-of-line values at `extraAt`; `size` bytes in all. */
function directoryBytes(entries: Entry[], extraAt: Map<Entry, number>, size: number, ifdStart: number): Uint8Array {
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = 0x49;
  out[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, ifdStart, true);
  dv.setUint16(ifdStart, entries.length, true);
  let p = ifdStart + 2;
  for (const e of entries) {
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    dv.setUint32(p + 4, e.count, true);
    const at = extraAt.get(e);
    if (at !== undefined) {
      dv.setUint32(p + 8, at, true);
      out.set(e.data, at);
    } else {
      out.set(e.data, p + 8);
    }
    p += 12;
  }
  dv.setUint32(p, 0, true); // no next IFD
  return out;
}

/**
 * GeoKeyDirectory for a grid's CRS: model type, PixelIsArea, and the EPSG code (projected or
 * geographic). A CRS known only by its proj4 string goes into GTCitationGeoKey (readGeoTiff
 * reads it back) with a user-defined model type.
 */
export function geoKeysFor(crs: GridCrs | undefined): { geoKeys: number[]; geoAscii?: string } {
  const keys: number[][] = [];
  let geoAscii: string | undefined;
  if (crs?.epsg !== undefined) {
    const geographic = isGeographicEpsg(crs.epsg);
    keys.push([1024, 0, 1, geographic ? 2 : 1]); // GTModelTypeGeoKey
    keys.push([1025, 0, 1, 1]); // GTRasterTypeGeoKey: PixelIsArea
    keys.push(geographic ? [2048, 0, 1, crs.epsg] : [3072, 0, 1, crs.epsg]);
  } else {
    keys.push([1025, 0, 1, 1]);
  }
  if (crs?.proj4) {
    geoAscii = `${crs.proj4}|`;
    keys.push([1026, 34737, geoAscii.length, 0]); // GTCitationGeoKey
  }
  keys.sort((a, b) => a[0] - b[0]);
  return { geoKeys: [1, 1, 0, keys.length, ...keys.flat()], geoAscii };
}

/**
 * A float32 GeoTIFF of the grid: GeoKeys with its EPSG code, ModelPixelScale + ModelTiepoint,
 * GDAL_NODATA (NaN cells are written as the grid's nodata marker, -9999 when it has none).
 * `compress` uses zlib deflate with the floating-point predictor under Node (see canCompress()).
 */
export function writeGeoTiff(grid: Grid, options: { compress?: boolean | TiffBlockCodec } = {}): Uint8Array {
  return assembleTiff(geoTiffLayout(grid, options));
}

/** The layout of `writeGeoTiff`'s file, for writing a large grid strip by strip (see TiffLayout). */
export function geoTiffLayout(grid: Grid, options: { compress?: boolean | TiffBlockCodec } = {}): TiffLayout {
  const nodata = grid.nodata ?? -9999;
  const top = grid.yll + grid.nrows * grid.cellSize;
  const { geoKeys, geoAscii } = geoKeysFor(grid.crs);
  return tiffLayout(grid.values, grid.ncols, grid.nrows, {
    sampleType: 'float32',
    compression: options.compress === true ? 'deflate' : options.compress || 'none', // or the caller's codec (src/export: the same bytes in Node and the browser)
    predictor: options.compress ? 3 : 1,
    nanAs: nodata,
    pixelScale: [grid.cellSize, grid.cellSize, 0],
    tiepoint: [0, 0, 0, grid.xll, top, 0],
    geoKeys,
    geoAscii,
    gdalNoData: String(nodata),
  });
}
