/**
 * Streams an ASCII grid to disk in chunks of about 4 MiB, so a city-sized grid (36 M cells, ~400 MB of
 * text) is written without ever being one string (V8 strings end near 512 MiB: "Invalid string length").
 */
import { open } from 'node:fs/promises';
import type { Grid } from '../core/grid.ts';
import { asciiGridLines } from '../io/asciiGrid.ts';

const CHUNK_CHARS = 4 * 2 ** 20;

export async function writeAsciiGridFile(path: string, g: Grid): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let parts: string[] = [];
    let n = 0;
    for (const line of asciiGridLines(g)) {
      parts.push(line);
      n += line.length;
      if (n >= CHUNK_CHARS) {
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
