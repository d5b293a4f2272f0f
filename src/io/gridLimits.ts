/**
 * Bounds the grid readers check from a file's header, before they allocate or inflate anything: a
 * deflate bomb (151 KB holding 6000² zeros, 1.4 MB holding 19000²) is judged by what it claims.
 */
/** the most cells a grid may hold: one flood engine (4 GiB of WebAssembly memory, ~45 B a cell) holds ~95 M */
export const MAX_GRID_CELLS = 100_000_000;
/** the most bytes a TIFF's pixel data may decode to */
export const MAX_DECODED_BYTES = 2 ** 30;

/** why a grid of `ncols`×`nrows` is refused, or null when it is within MAX_GRID_CELLS */
export function gridTooLarge(ncols: number, nrows: number): string | null {
  if (ncols * nrows <= MAX_GRID_CELLS) return null;
  return `a grid of ${ncols}×${nrows} = ${((ncols * nrows) / 1e6).toFixed(0)} M cells is more than the ${MAX_GRID_CELLS / 1e6} M one run can hold; use coarser cells or split the area into tiles`;
}
