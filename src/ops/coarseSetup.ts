/**
 * The ops runner's computational grid: the twin's scenario at a coarser cell size than its DEM (the
 * feeds file's `ops.cellSizeM`), so a 24 h forecast of the whole twin fits between two forecasts.
 * The DEM: a block with a channel cell (the feeds file's `channelGrid` / `channelCodes`, e.g. the
 * twin's land use "river") takes the block mean, which keeps the channel's width and cross-section
 * area; any other block takes its highest cell, so a levee crest narrower than a block keeps its
 * height and still holds the river back. (Highest everywhere narrows the channel by a block on each
 * bank: on the default twin at 50 m the river then ran ~1.7 m high at the second peak and overtopped
 * a levee that the 5 m grid holds.) Manning n and the initial water level take the block mean, except
 * that `channelManningN` (the feeds file's, calibrated against a gauge's record) replaces n on the
 * blocks at least half channel: a coarse channel's staircase banks add resistance (on the default twin
 * at 25 m the river ran 0.2–0.4 m high with the fine grid's n 0.035; 0.025 follows the record). Only
 * a plain river scenario is coarsened: interventions, events and sewers are edits on the fine grid.
 */
import { InputError } from '../core/errors.ts';
import type { Grid } from '../core/grid.ts';
import { coarsenGrid } from '../core/coarsenGrid.ts';
import type { LoadedScenario } from '../scenario/scenarioFile.ts';
import { buildFloodSetup, type FloodSetup, type ScenarioGrids } from '../../workers/flood/setup.ts';

/** The block size (fine cells per coarse cell, each way) for a wanted cell size. */
export function coarseningFactor(fineCellSize: number, cellSizeM: number, file: string): number {
  const f = cellSizeM / fineCellSize;
  if (!(Number.isInteger(f) && f >= 1)) {
    throw new InputError(`ops.cellSizeM ${cellSizeM} must be a whole multiple of the DEM's ${fineCellSize} m cells`, {
      file,
      path: 'ops.cellSizeM',
    });
  }
  return f;
}

/** How to coarsen: the feeds file's `ops.cellSizeM`, its channel mask and channel roughness. */
export interface CoarseOptions {
  cellSizeM: number;
  /** 1 on the fine channel cells, 0 elsewhere (same geometry as the DEM); absent: no channel kept */
  channel?: Grid | null;
  /** Manning n of the coarse channel blocks (at least half channel); absent: the block mean */
  channelManningN?: number;
}

export function coarseSetup(
  loaded: LoadedScenario,
  grids: ScenarioGrids,
  { cellSizeM, channel = null, channelManningN }: CoarseOptions,
  file: string,
): FloodSetup {
  const s = loaded.scenario;
  if (loaded.interventions.length || Object.keys(loaded.events).length || s.drainage) {
    throw new InputError('ops.cellSizeM coarsens a plain river scenario only (no interventions, events or sewers)', {
      file,
      path: 'ops.cellSizeM',
    });
  }
  const f = coarseningFactor(grids.dem.cellSize, cellSizeM, file);
  const coarse: ScenarioGrids = { dem: coarseDem(grids.dem, f, channel, file) };
  if (grids.manning) coarse.manning = coarsenGrid(grids.manning, f, 'mean');
  if (grids.initialWaterLevel) coarse.initialWaterLevel = coarsenGrid(grids.initialWaterLevel, f, 'mean');
  if (grids.infiltrationRate || grids.infiltrationCapacity) {
    throw new InputError('ops.cellSizeM does not coarsen infiltration grids', { file, path: 'ops.cellSizeM' });
  }
  const setup = buildFloodSetup(s, coarse, file);
  if (channelManningN !== undefined) {
    if (!channel)
      throw new InputError('ops.channelManningN needs ops.channelGrid', { file, path: 'ops.channelManningN' });
    setChannelRoughness(setup.manning, channel, f, channelManningN);
  }
  return setup;
}

/** `n` on the coarse cells whose block of fine cells is at least half channel. */
function setChannelRoughness(manning: Float32Array, channel: Grid, f: number, n: number): void {
  const share = coarsenGrid(channel, f, 'mean').values;
  for (let k = 0; k < manning.length; k++) if (share[k] >= 0.5) manning[k] = n;
}

function coarseDem(dem: Grid, f: number, channel: Grid | null, file: string): Grid {
  const top = coarsenGrid(dem, f, 'max');
  if (!channel) return top;
  if (channel.ncols !== dem.ncols || channel.nrows !== dem.nrows) {
    throw new InputError(
      `the channel grid is ${channel.ncols} × ${channel.nrows} cells; expected the DEM's ${dem.ncols} × ${dem.nrows}`,
      { file, path: 'ops.channelGrid' },
    );
  }
  const mean = coarsenGrid(dem, f, 'mean');
  const inChannel = coarsenGrid(channel, f, 'max');
  const values = top.values.map((v, k) => (inChannel.values[k] > 0 ? mean.values[k] : v));
  return { ...top, values };
}
