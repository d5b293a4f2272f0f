/**
 * The tiling of the grid for active tiles (activeTiles.ts). Its own module because the state's
 * layout (state.ts) sizes the tile arrays from it, and activeTiles.ts works on that state.
 */
import type { FloodSetup } from './setup.ts';

/** Tile edge in cells when the scenario does not choose one (measured: see README, "Speed"). */
export const DEFAULT_TILE_CELLS = 32;

/** Tile counts of a grid: `cols` tile columns, `rows` tile rows, edge `size` cells. */
export interface TileGrid {
  size: number;
  cols: number;
  rows: number;
}

/** The tiling of a setup (also when tiles are off: the state always has room for its arrays). */
export function tileGrid(setup: Pick<FloodSetup, 'ncols' | 'nrows' | 'solver'>): TileGrid {
  const size = setup.solver.tileSize ?? DEFAULT_TILE_CELLS;
  return { size, cols: Math.ceil(setup.ncols / size), rows: Math.ceil(setup.nrows / size) };
}
