/**
 * Web Worker entry of the evacuation engine (comlink). The page calls `init` once, then `advance`
 * once per displayed frame; positions come back as a transferred Float32Array of x,y pairs relative
 * to the origin given to `init` (float32-safe for instanced drawing), with each agent's state.
 * Flood frames are pushed with `applyFlood` as the flood worker produces them, or given up front.
 */
import * as Comlink from 'comlink';
import {
  createEvacuation,
  evacuationCsv,
  evacuationSummary,
  floodFramesFromArrays,
  type Evacuation,
  type EvacuationInput,
  type EvacuationOptionsInput,
  type EvacuationState,
  type FloodGridShape,
} from './evacuation/index.ts';

/** Flood frames as plain arrays (functions cannot cross a worker boundary). */
export interface FloodFramesData {
  times: Float64Array;
  grid: FloodGridShape;
  depths: Float32Array[];
  speeds?: (Float32Array | null)[];
  /** the run's maximum depth per cell (who is at risk, for `evacuate: 'atRisk'`); else from the frames */
  maxDepth?: Float32Array | null;
}

export type EvacuationInputData = Omit<EvacuationInput, 'flood'> & { flood?: FloodFramesData | null };

export interface EvacuationFrame {
  state: EvacuationState;
  /** x,y per agent, minus the origin */
  positions: Float32Array;
  /** 0 waiting, 1 en route, 2 safe, 3 trapped per agent */
  states: Uint8Array;
  /** people in each shelter, in input order */
  shelterOccupancy: Float64Array;
}

let ev: Evacuation | null = null;
let originX = 0;
let originY = 0;

function engine(): Evacuation {
  if (!ev) throw new Error('evacuation worker: call init first');
  return ev;
}

const api = {
  init(input: EvacuationInputData, options: EvacuationOptionsInput, origin: { x: number; y: number } = { x: 0, y: 0 }) {
    const f = input.flood;
    const flood = f ? floodFramesFromArrays(f.times, f.grid, f.depths, f.speeds) : null;
    if (flood && f?.maxDepth) flood.maxDepth = f.maxDepth;
    ev = createEvacuation({ ...input, flood }, options);
    originX = origin.x;
    originY = origin.y;
    return {
      agents: ev.agentCount,
      nodes: ev.network.nodeCount,
      links: ev.network.linkCount,
      state: ev.state(),
      modes: ev.agentModes(),
      sizes: ev.agentSizes(),
    };
  },
  advance(toS: number): EvacuationFrame {
    const e = engine();
    const state = e.advance(toS);
    const positions = e.positions(undefined, originX, originY);
    const states = e.agentStates();
    const shelterOccupancy = e.shelterOccupancy();
    return Comlink.transfer({ state, positions, states, shelterOccupancy }, [
      positions.buffer,
      states.buffer,
      shelterOccupancy.buffer,
    ]);
  },
  applyFlood(grid: FloodGridShape, depth: Float32Array, speed: Float32Array | null): void {
    engine().applyFlood(grid, depth, speed);
  },
  result() {
    return engine().result();
  },
  csv(): string {
    return evacuationCsv(engine().result());
  },
  summary() {
    return evacuationSummary(engine().result());
  },
};

export type EvacuationWorkerApi = typeof api;

Comlink.expose(api);
