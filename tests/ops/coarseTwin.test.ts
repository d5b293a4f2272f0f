/**
 * The ops runner's coarser computational grid (src/core/coarsenGrid.ts, src/ops/coarseSetup.ts) and
 * the forecast flood spread back over the fine DEM for the 3D twin (src/ops/forecastFlood.ts), all
 * checked by hand on a few cells.
 */
import { describe, expect, it } from 'vitest';
import { coarsenGrid } from '../../src/core/coarsenGrid.ts';
import { makeGrid } from '../../src/core/grid.ts';
import { InputError } from '../../src/core/errors.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { coarseSetup } from '../../src/ops/coarseSetup.ts';
import { depthOnDem, maxLevelGrid } from '../../src/ops/forecastFlood.ts';
import { demFrom } from '../flood/helpers.ts';

describe('coarsenGrid', () => {
  // 5 x 3 cells of 2 m at (100, 200); blocks of 2: 3 x 2 coarse cells, the east column and south row partial
  const g = makeGrid(5, 3, 2, 100, 200);
  g.values.set([1, 2, 3, 4, 5, 6, 7, 8, Number.NaN, 10, 11, 12, 13, 14, 15]);

  it('takes the block mean of valid cells, partial blocks included, north edge in place', () => {
    const m = coarsenGrid(g, 2, 'mean');
    expect([m.ncols, m.nrows, m.cellSize, m.xll]).toEqual([3, 2, 4, 100]);
    // north edge: 200 + 3·2 = 206 on both; the coarse grid reaches 206 − 2·4 = 198
    expect(m.yll).toBe(198);
    // (1+2+6+7)/4, (3+4+8)/3 (NaN left out), (5+10)/2; (11+12)/2, (13+14)/2, 15
    expect(Array.from(m.values)).toEqual([4, 5, 7.5, 11.5, 13.5, 15]);
  });

  it('takes the block maximum, and a block with no valid cell is NaN', () => {
    expect(Array.from(coarsenGrid(g, 2, 'max').values)).toEqual([7, 8, 10, 12, 14, 15]);
    const empty = makeGrid(2, 2, 1, 0, 0);
    empty.values.fill(Number.NaN);
    expect(Number.isNaN(coarsenGrid(empty, 2, 'max').values[0])).toBe(true);
    expect(() => coarsenGrid(g, 1.5, 'mean')).toThrow(/whole number/);
  });
});

describe('coarseSetup', () => {
  // a channel (rows 3-4) behind a 1-cell levee (row 2, 1 m above the bank): 8 x 8 cells of 5 m
  const dem = demFrom(8, 8, 5, (_c, r) => (r >= 3 && r <= 4 ? 0 : r === 2 ? 3 : 2));
  const scenario = { name: 't', dem: 'dem.asc', manning: 0.03, durationS: 60, initialWaterLevel: 1 };
  const bad = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as InputError;
    }
    throw new Error('no error');
  };

  it('keeps a levee narrower than a block at its crest height and the scenario around it', () => {
    const setup = coarseSetup(loadScenario(scenario, 't.json'), { dem }, { cellSizeM: 20 }, 'feeds.json');
    expect([setup.ncols, setup.nrows, setup.cellSize]).toEqual([2, 2, 20]);
    // rows 0-3 hold the levee (3 m), rows 4-7 the channel's south row (0) and the bank (2)
    expect(Array.from(setup.z)).toEqual([3, 3, 2, 2]);
    expect(Array.from(setup.initialDepth ?? [])).toEqual([0, 0, 0, 0]);
    expect(setup.durationS).toBe(60);
  });

  it('keeps the channel: blocks with a channel cell take the mean, the others the highest cell', () => {
    const channel = demFrom(8, 8, 5, (_c, r) => (r >= 3 && r <= 4 ? 1 : 0));
    const setup = coarseSetup(loadScenario(scenario, 't.json'), { dem }, { cellSizeM: 20, channel }, 'feeds.json');
    // north blocks: 2 rows of bank (2), the levee row (3), a channel row (0) -> 7/4; south: channel row, 3 of bank
    expect(Array.from(setup.z)).toEqual([1.75, 1.75, 1.5, 1.5]);
    expect(() =>
      coarseSetup(
        loadScenario(scenario, 't.json'),
        { dem },
        { cellSizeM: 20, channel: makeGrid(4, 4, 10) },
        'feeds.json',
      ),
    ).toThrow(/ops\.channelGrid.*4 × 4 cells; expected the DEM's 8 × 8/);
  });

  it('gives channelManningN to the blocks at least half channel and keeps the others', () => {
    // channel rows 3-5: the north blocks (rows 0-3) hold one channel row of four, the south (4-7) two
    const channel = demFrom(8, 8, 5, (_c, r) => (r >= 3 && r <= 5 ? 1 : 0));
    const setup = coarseSetup(
      loadScenario(scenario, 't.json'),
      { dem },
      { cellSizeM: 20, channel, channelManningN: 0.02 },
      'feeds.json',
    );
    expect(Array.from(setup.manning)).toEqual([0.03, 0.03, 0.02, 0.02].map(Math.fround));
    const e = bad(() =>
      coarseSetup(loadScenario(scenario, 't.json'), { dem }, { cellSizeM: 20, channelManningN: 0.02 }, 'feeds.json'),
    );
    expect(e.message).toMatch(/feeds\.json.*ops\.channelManningN needs ops\.channelGrid/);
  });

  it('names the feeds file and ops.cellSizeM when the size is no whole multiple or the scenario has edits', () => {
    const e = bad(() => coarseSetup(loadScenario(scenario, 't.json'), { dem }, { cellSizeM: 12 }, 'feeds.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/feeds\.json.*ops\.cellSizeM.*whole multiple of the DEM's 5 m cells/);
    // an intervention edits the fine grid: refused rather than coarsened wrongly
    const edited = { ...loadScenario(scenario, 't.json'), interventions: [{ kind: 'wall' }] as never[] };
    expect(bad(() => coarseSetup(edited, { dem }, { cellSizeM: 20 }, 'feeds.json')).message).toMatch(
      /plain river scenario/,
    );
  });
});

describe('forecast flood on the twin', () => {
  it('writes the max level where wet and spreads it over a finer DEM as level less ground', () => {
    const level = maxLevelGrid(
      { ncols: 2, nrows: 1, cellSize: 10, xll: 0, yll: 0, z: new Float32Array([5, 8]) },
      new Float32Array([1.5, 0.005]),
    );
    expect(level.values[0]).toBe(6.5);
    expect(Number.isNaN(level.values[1])).toBe(true); // 5 mm: dry
    // the fine DEM: 4 x 2 cells of 5 m over the same ground
    const fine = makeGrid(4, 2, 5, 0, 0);
    fine.values.set([4, 7, 8, 9, 5, 6, 9, 9]);
    expect(Array.from(depthOnDem(level, fine))).toEqual([2.5, 0, 0, 0, 1.5, 0.5, 0, 0]);
  });
});
