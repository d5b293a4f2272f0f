/**
 * Interventions compile to edits of the flood engine's inputs (grids stay the engine's contract):
 *  - levee / flood wall: every cell the polyline crosses (supercover, 4-connected) → max(z, crestM)
 *  - raised ground: the polygon's cells + heightM
 *  - detention storage: the polygon's cells lowered uniformly by volumeM3 / (cells · cellSize²)
 *  - permeable pavement / sponge area: per-cell infiltration rate and storage capacity
 *  - temporary barrier: a bed change rising to crestM over [deployAtS, deployAtS + deployDurationS]
 *  - pump capacity / pipe upsizing: overrides for the drainage network, kept here as data (a summary);
 *    applyNetworkOverrides.ts applies them to the sewer network (src/sim/prepareRun.ts calls it)
 * Static edits are applied in list order; timed ones (barriers) are computed against the result.
 * NaN cells (walls, outside the domain) are never changed. The base arrays are not modified.
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import type { Intervention } from '../core/scenario/edits.ts';
import { polygonCells, polylineCells } from './rasterise.ts';

export interface Infiltration {
  rateMmPerHour: Float32Array;
  capacityM: Float32Array;
}

/** z moves linearly from its value at startS to finalZ at endS (the engine's contract). */
export interface BedChange {
  cells: Int32Array;
  startS: number;
  endS: number;
  finalZ: Float32Array;
  /** what caused it, for the UI and logs */
  source?: string;
}

export interface PumpOverride {
  id: string;
  capacityM3s: number;
}
export interface PipeOverride {
  id: string;
  diameterM: number;
}

export interface EngineBase {
  z: Float32Array;
  manning: number | Float32Array;
  infiltration?: Infiltration;
}

export interface InterventionSummary {
  index: number;
  kind: Intervention['kind'];
  id?: string;
  /** cells the intervention touched */
  cells: number;
  /** volume of ground added (positive) or removed (negative), m³ */
  volumeChangeM3: number;
}

export interface CompiledInterventions {
  z: Float32Array;
  manning: number | Float32Array;
  infiltration?: Infiltration;
  bedChanges: BedChange[];
  pumpOverrides?: PumpOverride[];
  pipeOverrides?: PipeOverride[];
  summary: InterventionSummary[];
}

/** Default time a temporary barrier takes to go up once deployment starts (s). */
export const DEFAULT_BARRIER_DEPLOY_S = 600;

function rings(iv: { polygon: [number, number][]; holes?: [number, number][][] }): [number, number][][] {
  return [iv.polygon, ...(iv.holes ?? [])];
}

export function applyInterventions(
  base: EngineBase,
  interventions: readonly Intervention[],
  grid: Grid,
): CompiledInterventions {
  const n = grid.ncols * grid.nrows;
  if (base.z.length !== n)
    throw new InputError(`bed z has ${base.z.length} cells, the grid ${grid.ncols}×${grid.nrows} = ${n}`, {
      field: 'z',
    });
  if (typeof base.manning !== 'number' && base.manning.length !== n) {
    throw new InputError(`manning grid has ${base.manning.length} cells, expected ${n}`, { field: 'manning' });
  }
  const z = Float32Array.from(base.z);
  const area = grid.cellSize * grid.cellSize;
  let infiltration: Infiltration | undefined = base.infiltration
    ? {
        rateMmPerHour: Float32Array.from(base.infiltration.rateMmPerHour),
        capacityM: Float32Array.from(base.infiltration.capacityM),
      }
    : undefined;
  const pumps = new Map<string, number>();
  const pipes = new Map<string, number>();
  const summary: InterventionSummary[] = [];
  const timed: { index: number; iv: Extract<Intervention, { kind: 'barrier' }> }[] = [];

  interventions.forEach((iv, index) => {
    const path = `interventions[${index}]`;
    let cellsTouched = 0;
    let dv = 0;
    switch (iv.kind) {
      case 'levee':
      case 'floodWall': {
        const cells = polylineCells(grid, iv.line);
        for (let k = 0; k < cells.length; k++) {
          const c = cells[k];
          const old = z[c];
          if (Number.isNaN(old)) continue;
          cellsTouched++;
          if (iv.crestM > old) {
            dv += (iv.crestM - old) * area;
            z[c] = iv.crestM;
          }
        }
        break;
      }
      case 'raisedGround': {
        const cells = polygonCells(grid, rings(iv));
        for (let k = 0; k < cells.length; k++) {
          const c = cells[k];
          if (Number.isNaN(z[c])) continue;
          z[c] += iv.heightM;
          cellsTouched++;
          dv += iv.heightM * area;
        }
        break;
      }
      case 'detention': {
        const cells = polygonCells(grid, rings(iv));
        let valid = 0;
        for (let k = 0; k < cells.length; k++) if (!Number.isNaN(z[cells[k]])) valid++;
        if (valid === 0)
          throw new InputError('detention polygon covers no valid cell of the grid', { path: `${path}.polygon` });
        const depth = iv.volumeM3 / (valid * area);
        for (let k = 0; k < cells.length; k++) {
          const c = cells[k];
          if (Number.isNaN(z[c])) continue;
          z[c] -= depth;
        }
        cellsTouched = valid;
        dv = -iv.volumeM3;
        break;
      }
      case 'permeablePavement':
      case 'spongeArea': {
        if (!infiltration) infiltration = { rateMmPerHour: new Float32Array(n), capacityM: new Float32Array(n) };
        const cells = polygonCells(grid, rings(iv));
        for (let k = 0; k < cells.length; k++) {
          const c = cells[k];
          if (Number.isNaN(z[c])) continue;
          infiltration.rateMmPerHour[c] = iv.infiltrationMmPerHour;
          infiltration.capacityM[c] = iv.storageDepthMm / 1000;
          cellsTouched++;
        }
        break;
      }
      case 'pump':
        pumps.set(iv.pumpId, iv.capacityM3s);
        break;
      case 'pipeUpsize':
        pipes.set(iv.conduitId, iv.diameterM);
        break;
      case 'barrier':
        timed.push({ index, iv });
        break;
      default: {
        const k = (iv as { kind?: unknown }).kind;
        throw new InputError(`unknown intervention kind ${JSON.stringify(k)}`, { path: `${path}.kind` });
      }
    }
    summary.push({ index, kind: iv.kind, id: iv.id, cells: cellsTouched, volumeChangeM3: dv });
  });

  const bedChanges: BedChange[] = [];
  for (const { index, iv } of timed) {
    const bc = barrierBedChange(
      grid,
      z,
      iv.line,
      iv.crestM,
      iv.deployAtS,
      iv.deployAtS + (iv.deployDurationS ?? DEFAULT_BARRIER_DEPLOY_S),
      iv.id ?? `interventions[${index}]`,
    );
    const s = summary.find((x) => x.index === index)!;
    s.cells = bc ? bc.cells.length : 0;
    if (bc) {
      for (let k = 0; k < bc.cells.length; k++) s.volumeChangeM3 += (bc.finalZ[k] - z[bc.cells[k]]) * area;
      bedChanges.push(bc);
    }
  }

  const out: CompiledInterventions = { z, manning: base.manning, bedChanges, summary };
  if (infiltration) out.infiltration = infiltration;
  if (pumps.size) out.pumpOverrides = [...pumps].map(([id, capacityM3s]) => ({ id, capacityM3s }));
  if (pipes.size) out.pipeOverrides = [...pipes].map(([id, diameterM]) => ({ id, diameterM }));
  return out;
}

/** Cells of the line lower than crestM rise to crestM between startS and endS; null when none would change. */
export function barrierBedChange(
  grid: Grid,
  z: Float32Array,
  line: readonly (readonly [number, number])[],
  crestM: number,
  startS: number,
  endS: number,
  source?: string,
): BedChange | null {
  const cells = polylineCells(grid, line);
  const keep: number[] = [];
  for (let k = 0; k < cells.length; k++) {
    const v = z[cells[k]];
    if (!Number.isNaN(v) && v < crestM) keep.push(cells[k]);
  }
  if (keep.length === 0) return null;
  const finalZ = new Float32Array(keep.length).fill(crestM);
  return { cells: Int32Array.from(keep), startS, endS, finalZ, source };
}
