/**
 * Restarting a flood run from a checkpoint (a recorded depth frame at time t0): the same setup
 * with the checkpoint's depth as initial state and every time-dependent input shifted by −t0
 * (rain, inflow hydrographs, edge stages, bed changes, output times), for the time left.
 * What a frame does not hold restarts from zero: the discharges (the water starts from rest at
 * t0, a small transient) and the infiltration already taken in (the ground takes in again).
 * Pure (no DOM, no workers): tests/modes/checkpoint.test.ts.
 */
import { seriesAt, type Series } from '../../core/timeSeries.ts';
import type { EdgeSpec, FloodSetup } from '../../../workers/flood/setup.ts';

/** the series from t0 on, with t0 as its new zero (held ends stay held) */
export function shiftSeries(s: Series, t0: number): Series {
  if (s.length === 0 || t0 <= 0) return s.map(([t, v]) => [t, v] as [number, number]);
  const out: [number, number][] = [[0, seriesAt(s, t0)]];
  for (const [t, v] of s) if (t > t0) out.push([t - t0, v]);
  return out;
}

function shiftEdge(e: EdgeSpec, t0: number): EdgeSpec {
  return e.kind === 'stage' ? { kind: 'stage', series: shiftSeries(e.series, t0) } : e;
}

export function restartSetup(setup: FloodSetup, t0: number, depth: Float32Array): FloodSetup {
  if (!(t0 >= 0 && t0 < setup.durationS))
    throw new RangeError(`checkpoint time ${t0} s is outside the run (0 to ${setup.durationS} s)`);
  if (depth.length !== setup.ncols * setup.nrows)
    throw new RangeError(`checkpoint has ${depth.length} cells, the grid ${setup.ncols * setup.nrows}`);
  // bed changes: finished ones become the bed, running ones continue from where they are
  const z = setup.z.slice();
  const bedChanges: FloodSetup['bedChanges'] = [];
  for (const b of setup.bedChanges) {
    if (b.endS <= t0) {
      for (let i = 0; i < b.cells.length; i++) z[b.cells[i]] = b.finalZ[i];
    } else if (b.startS >= t0) {
      bedChanges.push({ ...b, startS: b.startS - t0, endS: b.endS - t0 });
    } else {
      const w = (t0 - b.startS) / (b.endS - b.startS);
      const fromZ = new Float32Array(b.cells.length);
      for (let i = 0; i < b.cells.length; i++) fromZ[i] = b.fromZ[i] + (b.finalZ[i] - b.fromZ[i]) * w;
      bedChanges.push({ ...b, startS: 0, endS: b.endS - t0, fromZ });
    }
  }
  return {
    ...setup,
    z,
    initialDepth: depth.slice(),
    edges: {
      north: shiftEdge(setup.edges.north, t0),
      south: shiftEdge(setup.edges.south, t0),
      east: shiftEdge(setup.edges.east, t0),
      west: shiftEdge(setup.edges.west, t0),
    },
    rainMmPerHour: setup.rainMmPerHour ? shiftSeries(setup.rainMmPerHour, t0) : null,
    inflows: setup.inflows.map((f) => ({ ...f, hydrograph: shiftSeries(f.hydrograph, t0) })),
    bedChanges,
    durationS: setup.durationS - t0,
    outputs: { ...setup.outputs, gridTimesS: setup.outputs.gridTimesS.filter((t) => t > t0).map((t) => t - t0) },
  };
}
