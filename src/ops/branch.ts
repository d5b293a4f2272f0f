/**
 * A forecast branches from a nowcast checkpoint: the same grid and state, a longer run. The engine's
 * checkpoint guards against restoring into another run (its durationS and the point rows' length);
 * a forecast is by design the same run continued further, so the branch carries the state over
 * with the forecast's duration and the point rows written so far at the head of the longer table
 * (rows are output intervals, so the nowcast's rows are a prefix of the forecast's).
 */
import type { FloodCheckpoint } from '../../workers/flood/checkpoint.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { outputCount } from '../../workers/flood/state.ts';

export function branchCheckpoint(c: FloodCheckpoint, forecast: FloodSetup): FloodCheckpoint {
  if (!(forecast.durationS > c.t)) throw new RangeError(`a forecast must end after the checkpoint's time ${c.t} s`);
  const points = new Float64Array(Math.max(1, outputCount(forecast) * forecast.outputs.pointCells.length));
  points.set(c.points.subarray(0, Math.min(c.points.length, points.length)));
  return { ...c, durationS: forecast.durationS, points };
}
