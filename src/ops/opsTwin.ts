/**
 * The twin as the ops runner needs it: each building's door (the grid cell under its footprint's
 * centroid, row 0 north), its people and use, and the shelters and roads of the evacuation model.
 */
import { ringCentroid } from '../core/ringCentroid.ts';
import type { Building, Road, Shelter } from '../io/layers/types.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import type { OpsTwin } from './opsRunner.ts';

/**
 * @example cellAt({ ncols: 4, nrows: 2, cellSize: 10, xll: 0, yll: 0 }, 15, 5) // 5 (row 1, col 1)
 */
export function cellAt(
  g: Pick<FloodSetup, 'ncols' | 'nrows' | 'cellSize' | 'xll' | 'yll'>,
  x: number,
  y: number,
): number {
  const col = Math.floor((x - g.xll) / g.cellSize);
  const row = Math.floor((g.yll + g.nrows * g.cellSize - y) / g.cellSize);
  return col >= 0 && col < g.ncols && row >= 0 && row < g.nrows ? row * g.ncols + col : -1;
}

export function opsTwinOf(
  setup: FloodSetup,
  layers: { buildings: Building[]; shelters: Shelter[]; roads: Road[] },
): OpsTwin {
  const buildings = layers.buildings.map((b) => {
    const [x, y] = ringCentroid(b.ring);
    return { id: b.id, x, y, population: b.population, use: b.use };
  });
  return {
    doors: buildings.map((b) => ({ id: b.id, cell: cellAt(setup, b.x, b.y) })),
    buildings,
    shelters: layers.shelters.map((s) => ({ id: s.id, x: s.x, y: s.y, capacity: s.capacity, name: s.name })),
    roads: layers.roads.map((r) => ({
      id: r.id,
      coords: r.coords,
      cls: r.cls,
      lanes: r.lanes,
      speedKmh: r.speedKmh,
      oneway: r.oneway,
    })),
    arrivalDepthM: setup.outputs.arrivalDepthM,
  };
}
