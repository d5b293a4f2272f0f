/**
 * ESRI ASCII grid (.asc): a header of `key value` lines (ncols, nrows, xllcorner|xllcenter,
 * yllcorner|yllcenter, cellsize, optional NODATA_value), then nrows lines of ncols numbers,
 * north row first. Reference: ESRI "ESRI ASCII raster format".
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import { gridTooLarge } from './gridLimits.ts';

const REQUIRED = ['ncols', 'nrows', 'cellsize'] as const;

/** A file's lines without their line ends ("\n" or "\r\n"), as `split(/\r?\n/)` would give them. */
interface Lines {
  length: number;
  at(i: number): string;
}

/** The lines of a text; a UTF-8 byte-order mark (Windows tools) would hide the first header key. */
function textLines(text: string): Lines {
  const a = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  return { length: a.length, at: (i) => a[i] };
}

/**
 * The lines of UTF-8 bytes, each decoded when asked for: only the line starts are kept.
 *
 * @example
 * byteLines(new TextEncoder().encode('a\r\nb')).at(1) // 'b'
 */
function byteLines(data: Uint8Array): Lines {
  const from = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  let n = 1;
  for (let i = from; i < data.length; i++) if (data[i] === 10) n++;
  const starts = new Float64Array(n + 1); // starts[n]: one past the end, as if a "\n" followed
  starts[0] = from;
  for (let i = from, k = 1; i < data.length; i++) if (data[i] === 10) starts[k++] = i + 1;
  starts[n] = data.length + 1;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return {
    length: n,
    at(i) {
      let end = starts[i + 1] - 1;
      if (end > starts[i] && data[end - 1] === 13) end--;
      return decoder.decode(data.subarray(starts[i], end));
    },
  };
}

/**
 * Reads an ESRI ASCII grid from its text or its bytes. Bytes are read a line at a time, never as one
 * string, so a city-sized file (36 M cells, ~540 MB) reads: V8 strings end near 512 MiB.
 */
export function readAsciiGrid(content: string | Uint8Array, file = 'grid.asc'): Grid {
  const lines = typeof content === 'string' ? textLines(content) : byteLines(content);
  const header = new Map<string, number>();
  let li = 0;
  // header lines start with a letter; the data starts at the first line that does not
  for (; li < lines.length; li++) {
    const line = lines.at(li).trim();
    if (line === '') continue;
    if (!/^[a-zA-Z_]/.test(line)) break;
    const m = line.split(/\s+/);
    if (m.length !== 2)
      throw new InputError(`expected "key value" in the header, got "${line.slice(0, 60)}"`, { file, line: li + 1 });
    const key = m[0].toLowerCase();
    const v = Number(m[1]);
    if (!Number.isFinite(v) || isRadixLiteral(m[1]))
      throw new InputError(`header value of ${m[0]} is not a number: "${m[1]}"`, { file, line: li + 1, field: m[0] });
    header.set(key, v);
  }
  for (const k of REQUIRED) {
    if (!header.has(k))
      throw new InputError(
        `missing header "${k}" (an ESRI ASCII grid starts with ncols, nrows, xllcorner, yllcorner, cellsize)`,
        { file, field: k },
      );
  }
  const ncols = header.get('ncols')!;
  const nrows = header.get('nrows')!;
  const cellSize = header.get('cellsize')!;
  if (!Number.isInteger(ncols) || ncols <= 0)
    throw new InputError(`ncols must be a positive integer, got ${ncols}`, { file, field: 'ncols' });
  if (!Number.isInteger(nrows) || nrows <= 0)
    throw new InputError(`nrows must be a positive integer, got ${nrows}`, { file, field: 'nrows' });
  if (!(cellSize > 0)) throw new InputError(`cellsize must be positive, got ${cellSize}`, { file, field: 'cellsize' });
  const tooLarge = gridTooLarge(ncols, nrows);
  if (tooLarge) throw new InputError(tooLarge, { file, field: 'ncols' });
  let xll: number;
  let yll: number;
  if (header.has('xllcorner')) xll = header.get('xllcorner')!;
  else if (header.has('xllcenter')) xll = header.get('xllcenter')! - cellSize / 2;
  else throw new InputError('missing header "xllcorner" (or "xllcenter")', { file, field: 'xllcorner' });
  if (header.has('yllcorner')) yll = header.get('yllcorner')!;
  else if (header.has('yllcenter')) yll = header.get('yllcenter')! - cellSize / 2;
  else throw new InputError('missing header "yllcorner" (or "yllcenter")', { file, field: 'yllcorner' });
  const nodata = header.has('nodata_value') ? header.get('nodata_value')! : null;
  // one line per row, at least 2·ncols − 1 characters each: refuse before allocating the grid
  const rowsLeft = lines.length - li;
  if (rowsLeft < nrows) {
    throw new InputError(`file ends after ${rowsLeft} lines of data, expected nrows = ${nrows}`, {
      file,
      line: lines.length,
    });
  }
  if (ncols > content.length)
    throw new InputError(`ncols = ${ncols} values cannot fit in a ${content.length}-character file`, {
      file,
      field: 'ncols',
    });

  const values = new Float32Array(ncols * nrows);
  let row = 0;
  for (; li < lines.length && row < nrows; li++) {
    const line = lines.at(li).trim();
    if (line === '') continue;
    const toks = line.split(/\s+/);
    if (toks.length !== ncols) {
      throw new InputError(`row ${row + 1} has ${toks.length} values, expected ncols = ${ncols}`, {
        file,
        line: li + 1,
      });
    }
    const base = row * ncols;
    for (let c = 0; c < ncols; c++) {
      const v = Number(toks[c]);
      if (!Number.isFinite(v) || toks[c] === '' || isRadixLiteral(toks[c])) {
        throw new InputError(`"${toks[c].slice(0, 30)}" is not a number`, {
          file,
          line: li + 1,
          column: c + 1,
          cell: [c, row],
        });
      }
      values[base + c] = nodata !== null && v === nodata ? NaN : v;
    }
    row++;
  }
  if (row < nrows)
    throw new InputError(`file ends after ${row} data rows, expected nrows = ${nrows}`, { file, line: lines.length });
  for (; li < lines.length; li++) {
    if (lines.at(li).trim() !== '')
      throw new InputError(`more data rows than nrows = ${nrows}`, { file, line: li + 1 });
  }
  return { ncols, nrows, cellSize, xll, yll, values, nodata };
}

/**
 * Writes a grid; NaN cells get the nodata marker (-9999 unless the grid has one). Numbers are
 * written with up to `digits` significant digits, trailing zeros dropped, so files stay small and
 * float32 values survive the round trip (9 digits are exact for float32). One string: for a grid of
 * tens of millions of cells (past V8's ~512 MiB string limit) write asciiGridLines to a stream.
 */
export function writeAsciiGrid(g: Grid, digits = 9): string {
  return [...asciiGridLines(g, digits)].join('');
}

/**
 * The file `writeAsciiGrid` gives, as UTF-8 bytes encoded a chunk of lines at a time: for a grid whose
 * text is past V8's longest string (~512 MiB, a city of 36 M cells) where no file can be streamed to
 * (a download in the page). Holds the chunks and the result at once (twice the file) for a moment.
 *
 * @example
 * const g = { ncols: 2, nrows: 1, xll: 0, yll: 0, cellSize: 1, nodata: null, values: new Float32Array([2, 0.5]) };
 * new TextDecoder().decode(asciiGridBytes(g)).endsWith('\n2 0.5\n') // true
 */
export function asciiGridBytes(g: Grid, digits = 9, chunkChars = 4 * 2 ** 20): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let parts: string[] = [];
  let n = 0;
  let size = 0;
  const flush = (): void => {
    const b = encoder.encode(parts.join(''));
    chunks.push(b);
    size += b.length;
    parts = [];
    n = 0;
  };
  for (const line of asciiGridLines(g, digits)) {
    parts.push(line);
    n += line.length;
    if (n >= chunkChars) flush();
  }
  if (parts.length) flush();
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The ASCII grid file as lines (each ending in a newline): the header, then one line per row, so a
 * writer can stream a grid of any size.
 *
 * @example
 * [...asciiGridLines({ ncols: 1, nrows: 1, xll: 0, yll: 0, cellSize: 1, nodata: null, values: new Float32Array([2]) })].at(-1) // '2\n'
 */
export function* asciiGridLines(g: Grid, digits = 9): Generator<string> {
  const nodata = g.nodata !== null && Number.isFinite(g.nodata) ? g.nodata : -9999;
  yield `ncols ${g.ncols}\nnrows ${g.nrows}\nxllcorner ${g.xll}\nyllcorner ${g.yll}\ncellsize ${g.cellSize}\nNODATA_value ${nodata}\n`;
  const row = new Array<string>(g.ncols);
  for (let r = 0; r < g.nrows; r++) {
    const base = r * g.ncols;
    for (let c = 0; c < g.ncols; c++) {
      const v = g.values[base + c];
      row[c] = Number.isNaN(v) ? String(nodata) : formatNumber(v, digits);
    }
    yield row.join(' ') + '\n';
  }
}

/** Number() also takes "0x1F", "0b101", "0o17": no grid writer means those. */
function isRadixLiteral(t: string): boolean {
  const c = t.charCodeAt(t.charCodeAt(0) === 45 || t.charCodeAt(0) === 43 ? 2 : 1) | 0x20;
  return t.length > 1 && (c === 0x78 || c === 0x62 || c === 0x6f) && /^[+-]?0[xbo]/i.test(t);
}

function formatNumber(v: number, digits: number): string {
  if (v === 0) return '0';
  const s = v.toPrecision(digits);
  // drop trailing zeros of a plain decimal ("1.50000000" -> "1.5"); leave exponent forms alone
  return s.includes('e') || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}
