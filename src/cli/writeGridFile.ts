/**
 * Streams result grids to disk in chunks of about 4 MiB, so a city-sized grid (36 M cells: ~540 MB of
 * ASCII text, ~144 MB of GeoTIFF) is written without ever being one string or one buffer (V8 strings
 * end near 512 MiB: "Invalid string length"). The bytes are those of writeAsciiGrid / writeGeoTiff.
 */
import { open } from 'node:fs/promises';
import type { Grid } from '../core/grid.ts';
import { asciiGridLines } from '../io/asciiGrid.ts';
import { geoTiffLayout, type TiffBlockCodec } from '../io/geotiff.ts';

const CHUNK_BYTES = 4 * 2 ** 20;

/** `writeAsciiGrid(g)` written to `path` a chunk of lines at a time. */
export async function writeAsciiGridFile(path: string, g: Grid, chunkChars = CHUNK_BYTES): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let parts: string[] = [];
    let n = 0;
    for (const line of asciiGridLines(g)) {
      parts.push(line);
      n += line.length;
      if (n >= chunkChars) {
        await fh.write(parts.join(''));
        parts = [];
        n = 0;
      }
    }
    if (parts.length) await fh.write(parts.join(''));
  } finally {
    await fh.close();
  }
}

/**
 * `writeGeoTiff(g, options)` written to `path` strip by strip: the header's bytes are reserved, the
 * strips follow as they are encoded (a few at a time), then the header, which needs every strip's
 * size, is written over the reserved bytes.
 */
export async function writeGeoTiffFile(
  path: string,
  g: Grid,
  options: { compress?: boolean | TiffBlockCodec } = {},
  chunkBytes = CHUNK_BYTES,
): Promise<void> {
  const layout = geoTiffLayout(g, options);
  const fh = await open(path, 'w');
  try {
    await fh.write(new Uint8Array(layout.headerBytes));
    const counts: number[] = [];
    let batch: Uint8Array[] = [];
    let n = 0;
    for (const block of layout.blocks()) {
      counts.push(block.length);
      batch.push(block);
      n += block.length;
      if (n >= chunkBytes) {
        await fh.writev(batch);
        batch = [];
        n = 0;
      }
    }
    if (batch.length) await fh.writev(batch);
    const head = layout.header(counts);
    await fh.write(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
}
