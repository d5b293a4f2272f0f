/**
 * The hot-started window of the third peak (scenarios/river-flood-peak.json, the page's default):
 * the ten-day file's own boundaries cut to hours 168–171, and an initial level that is the river at
 * the town gauge's recorded stage in the channel and what connects to it, with the old town behind
 * the levee dry although its ground lies below that stage.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellAt, type Grid } from '../../src/core/grid.ts';
import { readGeoTiff } from '../../src/io/geotiff.ts';
import { readGaugeFile } from '../../src/io/gauges/index.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';
import { buildPeakWindow, buildScenarios, peakInitialLevel, PEAK_WINDOW } from '../../src/data/scenarios.ts';
import { scenarioJson } from '../../src/data/generate.ts';
import { DEFAULT_SPEC, SMALL_SPEC } from '../../src/data/twin.ts';

const ROOT = resolve(__dirname, '../..');
const text = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const tif = async (p: string) => readGeoTiff(new Uint8Array(readFileSync(join(ROOT, p))), p);
const at = (g: Grid, x: number, y: number) => {
  const [c, r] = cellAt(g, x, y)!;
  return g.values[r * g.ncols + c];
};

describe('river-flood-peak.json', () => {
  const peakText = text('scenarios/river-flood-peak.json');
  const peak = loadScenario(peakText, 'river-flood-peak.json').scenario;
  const full = loadScenario(text('scenarios/river-flood.json'), 'river-flood.json').scenario;

  it('is what the generator writes, a valid scenario of hours 168–171 with the ten-day boundaries shifted', () => {
    expect(peakText).toBe(scenarioJson(buildPeakWindow(buildScenarios(DEFAULT_SPEC, 'default').riverFlood, 'default')));
    expect(PEAK_WINDOW).toEqual({ startH: 168, endH: 171 });
    expect(peak.durationS).toBe(3 * 3600);
    expect(peak.startTime).toBe('2024-07-15T00:00:00+08:00'); // 2024-07-08T00:00+08:00 + 168 h
    const q = peak.inflows[0].hydrograph;
    const qFull = full.inflows[0].hydrograph;
    // hour k of the window is hour 168 + k of the ten-day file (7105.6, 7339.5, 7554.8, 7727.3 m³/s), except
    // that the inflow ramps from 0 over the first 20 minutes to the record there: 7105.6 + (7339.5 − 7105.6)/3 = 7183.6
    expect(q).toEqual([
      [0, 0],
      [1200, 7183.6],
      [3600, 7339.5],
      [7200, 7554.8],
      [10800, 7727.3],
    ]);
    q.slice(2).forEach(([t, v]) => {
      expect(qFull.find(([tf]) => tf === t + 168 * 3600)![1]).toBe(v);
    });
    expect(qFull.find(([tf]) => tf === 168 * 3600)![1]).toBe(7105.6);
    const east = (peak.edges.east as { stage: [number, number][] }).stage;
    expect(east).toEqual([
      [0, 186],
      [3600, 186.22],
      [7200, 186.42],
      [10800, 186.58],
    ]);
    expect(peak.inflows[0].line).toEqual(full.inflows[0].line);
    expect(peak.outputs.points).toEqual(full.outputs.points);
    expect(peak.solver.alpha).toBe(0.5); // 0.7 ran away on the steep banks
  });

  it('starts from the river at the recorded stages, the old town behind the levee dry', async () => {
    const dem = await tif('data/default/dem.tif');
    const level = await tif('data/default/initial_level_peak.tif');
    const base = await tif('data/default/initial_level.tif');
    const stageAt = (id: string) => readGaugeFile(text(`data/default/gauge_${id}.csv`), id).values[PEAK_WINDOW.startH];
    expect(stageAt('town')).toBe(186.74);
    const p = (id: string) => peak.outputs.points.find((x) => x.id === id)!;
    // the town gauge sits where the normal profile is the town's normal level: the level is the record
    expect(at(level, p('town').x, p('town').y)).toBeCloseTo(186.74, 2);
    // up- and downstream the raised normal profile is within 10 cm of those gauges' own records
    for (const id of ['upstream', 'downstream'])
      expect(Math.abs(at(level, p(id).x, p(id).y) - stageAt(id))).toBeLessThan(0.1);
    // the old-town pocket (rainstorm.json's point) lies below the river stage, behind the levee: dry
    const [px, py] = [645094.05, 3274175.46];
    expect(at(dem, px, py)).toBeLessThan(186.74);
    expect(at(level, px, py)).toBe(at(base, px, py));
    expect(at(level, px, py)).toBeLessThan(at(dem, px, py));
  });

  it('regenerates the committed initial level cell for cell', async () => {
    const dem = await tif('data/default/dem.tif');
    const committed = await tif('data/default/initial_level_peak.tif');
    const g = peakInitialLevel(DEFAULT_SPEC, dem);
    expect([committed.ncols, committed.nrows, committed.xll, committed.yll, committed.cellSize]).toEqual([
      dem.ncols,
      dem.nrows,
      dem.xll,
      dem.yll,
      dem.cellSize,
    ]);
    expect(Buffer.from(g.values.buffer).equals(Buffer.from(committed.values.buffer))).toBe(true);
  }, 60_000);
});

// the small twin's peak window: the live drill's quick e2e scene (tests/e2e/drillLive.test.ts)
describe('small-river-flood-peak.json', () => {
  it('is what the generator writes, with the small twin initial level regenerated cell for cell', async () => {
    const small = text('scenarios/small-river-flood-peak.json');
    expect(small).toBe(scenarioJson(buildPeakWindow(buildScenarios(SMALL_SPEC, 'small').riverFlood, 'small')));
    const s = loadScenario(small, 'small-river-flood-peak.json').scenario;
    expect(s.initialWaterLevel).toBe('../data/small/initial_level_peak.tif');
    const dem = await tif('data/small/dem.tif');
    const committed = await tif('data/small/initial_level_peak.tif');
    expect(
      Buffer.from(peakInitialLevel(SMALL_SPEC, dem).values.buffer).equals(Buffer.from(committed.values.buffer)),
    ).toBe(true);
    // behind the old-town levee (the drill's breach point is on its crest) the ground is dry at the start
    expect(at(committed, 645002.5, 3274257.5)).toBeLessThan(at(dem, 645002.5, 3274257.5));
  });
});
