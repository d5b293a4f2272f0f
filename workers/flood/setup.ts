/**
 * FloodSetup: everything one flood run needs, as plain data and typed arrays (structured-clone
 * safe, so it can be sent to workers). Built from a validated scenario and its grids by
 * `buildFloodSetup`, which checks every coordinate against the DEM.
 */
import { InputError } from '../../src/core/errors.ts';
import { cellAt, sameShape, type Grid } from '../../src/core/grid.ts';
import type { EdgeBoundary, Scenario } from '../../src/core/scenario/scenario.ts';
import type { Series } from '../../src/core/timeSeries.ts';
import { lineCells } from './lineCells.ts';

export type EdgeSpec = { kind: 'closed' } | { kind: 'free'; slope: number } | { kind: 'stage'; series: Series };

export interface InflowSpec {
  id: string;
  /** cells receiving the inflow and each one's share (shares sum to 1) */
  cells: Int32Array;
  weights: Float64Array;
  hydrograph: Series;
}

/** A bed that moves in time (levee breach, barrier deployed): from fromZ at startS to finalZ at endS. */
export interface BedChange {
  cells: Int32Array;
  startS: number;
  endS: number;
  fromZ: Float32Array;
  finalZ: Float32Array;
}

/** Rain per cell from many stations (workers/flood/rainField.ts builds and applies it). */
export interface RainField {
  /** nearest station of each cell, row 0 north, index = row * ncols + col */
  stationOfCell: Uint16Array;
  /** rain rate of each station in mm/h, t in seconds from the run start */
  stationMmPerHour: Series[];
}

export interface FloodSetup {
  ncols: number;
  nrows: number;
  cellSize: number;
  xll: number;
  yll: number;
  /** bed elevation, NaN = wall (DEM nodata) */
  z: Float32Array;
  /** Manning n per cell */
  manning: Float32Array;
  /** initial depth per cell */
  initialDepth: Float32Array | null;
  edges: { north: EdgeSpec; south: EdgeSpec; east: EdgeSpec; west: EdgeSpec };
  rainMmPerHour: Series | null;
  /** rain per cell from many stations (Thiessen), added to rainMmPerHour */
  rainField?: RainField;
  inflows: InflowSpec[];
  /** infiltration (sponge city, permeable ground): rate and how much each cell can take in total */
  infiltration: { rateMmPerHour: Float32Array; capacityM: Float32Array } | null;
  bedChanges: BedChange[];
  durationS: number;
  solver: {
    alpha: number;
    maxDtS: number;
    theta: number;
    depthThresholdM: number;
    maxVelocityMS: number;
    friction: 'semi-implicit' | 'implicit';
    velocityInTimeStep?: boolean;
    activeTiles?: boolean;
    tileSize?: number;
    /** "local": per-tile power-of-two step classes (stepClasses.ts); else the global step */
    timeStepping?: 'global' | 'local';
    /** the largest step class of local time stepping */
    maxStepClass?: number;
  };
  outputs: {
    intervalS: number;
    pointIds: string[];
    pointCells: Int32Array;
    gridTimesS: number[];
    arrivalDepthM: number;
    frameIntervalS: number;
  };
  /** serialisable config for the drainage coupler (workers/drainage), if sewers are on */
  drainage?: unknown;
}

export interface ScenarioGrids {
  dem: Grid;
  manning?: Grid;
  initialWaterLevel?: Grid;
  infiltrationRate?: Grid;
  infiltrationCapacity?: Grid;
}

function edgeSpec(e: EdgeBoundary): EdgeSpec {
  if (e === 'closed') return { kind: 'closed' };
  if ('free' in e) return { kind: 'free', slope: e.free.slope };
  return { kind: 'stage', series: e.stage };
}

function perCell(v: number | string, grid: Grid | undefined, dem: Grid, what: string, file: string): Float32Array {
  const out = new Float32Array(dem.ncols * dem.nrows);
  if (typeof v === 'number') return out.fill(v);
  if (!grid) throw new InputError(`grid "${v}" was not loaded`, { file, path: what });
  if (!sameShape(grid, dem)) {
    throw new InputError(
      `grid "${v}" (${grid.ncols}×${grid.nrows} at ${grid.cellSize}) does not match the DEM (${dem.ncols}×${dem.nrows} at ${dem.cellSize}, same corner)`,
      { file, path: what },
    );
  }
  out.set(grid.values);
  return out;
}

export function buildFloodSetup(s: Scenario, grids: ScenarioGrids, file = 'scenario.json'): FloodSetup {
  const dem = grids.dem;
  const n = dem.ncols * dem.nrows;
  const z = new Float32Array(dem.values);
  const manning = perCell(s.manning, grids.manning, dem, 'manning', file);
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(z[k])) continue;
    if (!(manning[k] > 0)) {
      throw new InputError(`Manning n must be positive, got ${manning[k]}`, {
        file: typeof s.manning === 'string' ? s.manning : file,
        cell: [k % dem.ncols, Math.floor(k / dem.ncols)],
      });
    }
  }
  let initialDepth: Float32Array | null = null;
  if (s.initialWaterLevel !== undefined) {
    const wl = perCell(s.initialWaterLevel, grids.initialWaterLevel, dem, 'initialWaterLevel', file);
    initialDepth = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const d = wl[k] - z[k];
      initialDepth[k] = d > 0 ? d : 0; // NaN (walls, nodata levels) stays dry
    }
  }
  let infiltration: FloodSetup['infiltration'] = null;
  if (s.infiltration) {
    const rate = perCell(s.infiltration.rateMmPerHour, grids.infiltrationRate, dem, 'infiltration.rateMmPerHour', file);
    const capMm = perCell(s.infiltration.capacityMm, grids.infiltrationCapacity, dem, 'infiltration.capacityMm', file);
    const capacityM = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      if (Number.isNaN(rate[k])) rate[k] = 0;
      capacityM[k] = capMm[k] > 0 ? capMm[k] / 1000 : 0;
    }
    infiltration = { rateMmPerHour: rate, capacityM };
  }

  const inflows: InflowSpec[] = s.inflows.map((inf, i) => {
    const path = `inflows[${i}]`;
    if (inf.point) {
      const c = cellAt(dem, inf.point[0], inf.point[1]);
      if (!c)
        throw new InputError(`point (${inf.point[0]}, ${inf.point[1]}) is outside the DEM (${extentText(dem)})`, {
          file,
          path: `${path}.point`,
        });
      const k = c[1] * dem.ncols + c[0];
      if (Number.isNaN(z[k]))
        throw new InputError(`point (${inf.point[0]}, ${inf.point[1]}) falls on a nodata cell of the DEM`, {
          file,
          path: `${path}.point`,
        });
      return { id: inf.id, cells: Int32Array.of(k), weights: Float64Array.of(1), hydrograph: inf.hydrograph };
    }
    const line = inf.line!;
    for (let j = 0; j < line.length; j++) {
      if (!insideOrOnEdge(dem, line[j][0], line[j][1])) {
        throw new InputError(`line vertex (${line[j][0]}, ${line[j][1]}) is outside the DEM (${extentText(dem)})`, {
          file,
          path: `${path}.line[${j}]`,
        });
      }
    }
    const { cells, weights } = lineCells(dem, line, z);
    if (cells.length === 0) throw new InputError('the line crosses no valid DEM cell', { file, path: `${path}.line` });
    return { id: inf.id, cells, weights, hydrograph: inf.hydrograph };
  });

  const pointCells = new Int32Array(s.outputs.points.length);
  s.outputs.points.forEach((p, i) => {
    const c = cellAt(dem, p.x, p.y);
    if (!c)
      throw new InputError(`point "${p.id}" (${p.x}, ${p.y}) is outside the DEM (${extentText(dem)})`, {
        file,
        path: `outputs.points[${i}]`,
      });
    pointCells[i] = c[1] * dem.ncols + c[0];
  });
  const ids = new Set<string>();
  s.outputs.points.forEach((p, i) => {
    if (ids.has(p.id)) throw new InputError(`duplicate point id "${p.id}"`, { file, path: `outputs.points[${i}].id` });
    ids.add(p.id);
  });

  return {
    ncols: dem.ncols,
    nrows: dem.nrows,
    cellSize: dem.cellSize,
    xll: dem.xll,
    yll: dem.yll,
    z,
    manning,
    initialDepth,
    edges: {
      north: edgeSpec(s.edges.north),
      south: edgeSpec(s.edges.south),
      east: edgeSpec(s.edges.east),
      west: edgeSpec(s.edges.west),
    },
    rainMmPerHour: s.rain ? s.rain.mmPerHour : null,
    inflows,
    infiltration,
    bedChanges: [],
    durationS: s.durationS,
    solver: { ...s.solver },
    outputs: {
      intervalS: s.outputs.intervalS,
      pointIds: s.outputs.points.map((p) => p.id),
      pointCells,
      gridTimesS: [...new Set(s.outputs.gridTimesS)].sort((a, b) => a - b),
      arrivalDepthM: s.outputs.arrivalDepthM,
      frameIntervalS: s.outputs.frameIntervalS,
    },
  };
}

function extentText(g: Grid): string {
  return `x ${g.xll}…${g.xll + g.ncols * g.cellSize}, y ${g.yll}…${g.yll + g.nrows * g.cellSize}`;
}

function insideOrOnEdge(g: Grid, x: number, y: number): boolean {
  return x >= g.xll && x <= g.xll + g.ncols * g.cellSize && y >= g.yll && y <= g.yll + g.nrows * g.cellSize;
}
