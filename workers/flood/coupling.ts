import type { GridGeometry } from '../../src/core/grid.ts';

/**
 * What the flood engine needs from anything that exchanges water with the surface each step
 * (the sewer network of `workers/drainage/`). One thread calls it between two barriers, while every
 * other band waits, so it may read and change any cell.
 */
export interface SurfaceCoupler {
  /**
   * One surface step [t, t+dt]: exchange with the surface by changing depth `h` in place.
   * Returns the net volume moved INTO the surface (m³; negative = captured by the sewers).
   */
  exchange(h: Float32Array, z: Float32Array, t: number, dt: number): number;
  /** The cells it may change (so the engine can keep its h_max for the time step right). */
  cells?: Int32Array;
  /** Values for the output interval at time t (serialisable). */
  sample?(t: number): DrainageSample;
  /** Totals for summary.json (serialisable). */
  summary?(): Record<string, unknown>;
  /** Its complete state now (for an engine checkpoint, workers/flood/checkpoint.ts); copies. */
  snapshot?(): CouplerState;
  /** Puts back a state `snapshot` gave (same network and grid), so the run continues exactly. */
  restore?(state: CouplerState): void;
}

/** A coupler's sample at an output time: per node and per link (volumes per interval), in input order. */
export interface DrainageSample {
  t: number;
  nodes: { id: string[]; head: number[]; depth: number[]; overflow: number[]; captured: number[]; flooding: number[] };
  links: { id: string[]; flow: number[]; fill: number[]; velocity: number[] };
}

/** A coupler's state: named typed-array copies and numbers (structured-clone safe, transferable). */
export interface CouplerState {
  arrays: Record<string, Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array>;
  numbers: Record<string, number>;
}

/** Where the grid lies, for a coupler to find the cells of its nodes. */
export type CouplerGrid = GridGeometry;
