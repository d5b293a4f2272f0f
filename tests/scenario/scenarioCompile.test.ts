import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { makeGrid } from '../../src/core/grid.ts';
import { seriesIntegral } from '../../src/core/timeSeries.ts';
import { readTimeTableCsv } from '../../src/events/timeTableCsv.ts';
import { rainGaugeHyetograph } from '../../src/events/rainGauge.ts';
import { gaugeDischargeSeries } from '../../src/events/riverHydrograph.ts';
import { readSeriesCsv } from '../../src/export/seriesCsv.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { writeAsciiGrid } from '../../src/io/asciiGrid.ts';
import { loadScenario } from '../../src/scenario/scenarioFile.ts';

/** a scenario through prepareRun (the one path from file to FloodSetup) over a flat 20×20 DEM at 10 m */
function prepare(scenario: Record<string, unknown>, file = 'plan.json') {
  const g = makeGrid(20, 20, 5, 0, 0);
  g.values.fill(10);
  const dem = new TextEncoder().encode(writeAsciiGrid(g));
  return prepareRun(JSON.stringify(scenario), file, async () => dem);
}

describe('interventions and events through prepareRun', () => {
  it('levee then breach of that levee, design-storm rain, inflows merged', async () => {
    const { setup } = await prepare({
      version: 2,
      name: 'plan',
      dem: 'dem.asc',
      manning: 0.03,
      durationS: 7200,
      inflows: [{ id: 'creek', point: [2, 2], hydrograph: [[0, 1]] }],
      interventions: [
        {
          kind: 'levee',
          line: [
            [0, 52.5],
            [100, 52.5],
          ],
          crestM: 14,
        },
      ],
      events: {
        designStorm: { city: 'nanjing', returnPeriodYears: 5, durationMin: 60 },
        leveeBreaches: [
          {
            atS: 3600,
            line: [
              [0, 52.5],
              [100, 52.5],
            ],
            widthM: 10,
            finalCrestM: 10.5,
            durationS: 600,
          },
        ],
        upstreamReleases: [{ id: 'dam', at: [50, 99], startS: 0, rampS: 600, holdS: 600, peakM3s: 50 }],
      },
    });
    // the levee row (row 9: y 50–55) is at 14; the breach lowers its middle to 10.5
    expect(setup.z[9 * 20 + 3]).toBe(14);
    expect(setup.bedChanges).toHaveLength(1);
    const bc = setup.bedChanges[0];
    expect(Array.from(bc.cells).every((c) => Math.floor(c / 20) === 9)).toBe(true);
    expect(bc.cells.length).toBe(2); // 45–55 m along the line: columns 9 and 10
    expect(bc.finalZ[0]).toBe(10.5);
    expect(bc.fromZ[0]).toBe(14);
    // Nanjing P = 5, 60 min: A = 2989.3/166.67 = 17.936; A' = 17.936·(1 + 0.671·0.69897) = 26.348;
    // 73.3^0.8 = 31.0; depth = 26.348·60/31.0 = 51.0 mm
    const depth = seriesIntegral(setup.rainMmPerHour as [number, number][], 0, 8000) / 3600;
    expect(depth).toBeCloseTo(51.0, 0);
    expect(setup.inflows.map((f) => f.id)).toEqual(['creek', 'dam']);
  });
  it('rain twice is refused', async () => {
    await expect(
      prepare(
        {
          version: 2,
          name: 'x',
          dem: 'd',
          manning: 0.03,
          durationS: 60,
          rain: { mmPerHour: [[0, 10]] },
          events: { designStorm: { city: 'beijing', returnPeriodYears: 2, durationMin: 30 } },
        },
        'x.json',
      ),
    ).rejects.toThrow(/x\.json, at events: give rain either as "rain" or as a rain event/);
  });
});

describe('readers throw only InputError on bad input (fuzz)', () => {
  const good = 'time,mm,stage_m\n2024-07-01T08:00:00+08:00,1,180\n2024-07-01T08:10:00+08:00,2,181\n';
  const mutate = fc
    .tuple(fc.nat(good.length), fc.string({ maxLength: 4 }), fc.boolean())
    .map(([p, s, ins]) =>
      ins ? good.slice(0, p) + s + good.slice(p) : good.slice(0, p) + s + good.slice(p + s.length),
    );
  const only = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  };
  it('gauge CSV, rain gauge, river gauge, series CSV, scenario files', () => {
    fc.assert(
      fc.property(fc.oneof(mutate, fc.string({ maxLength: 80 })), (text) => {
        only(() => readTimeTableCsv(text, 'f.csv'));
        only(() => rainGaugeHyetograph(text, 'f.csv'));
        only(() => gaugeDischargeSeries(text, 'f.csv', { a: 1, h0: 0, b: 1 }));
        only(() => readSeriesCsv(text, 'f.csv'));
        only(() => loadScenario(text, 'f.json'));
      }),
      { numRuns: 1500, seed: 7 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        only(() => loadScenario(json, 'f.json'));
        only(() =>
          loadScenario(
            { version: 2, name: 'x', dem: 'd', manning: 0.03, durationS: 60, interventions: json },
            'f.json',
          ),
        );
        only(() =>
          loadScenario({ version: 2, name: 'x', dem: 'd', manning: 0.03, durationS: 60, events: json }, 'f.json'),
        );
        only(() => loadScenario({ name: 'x', dem: 'd', manning: 0.03, duration: json, rainMmPerHour: json }, 'f.json'));
      }),
      { numRuns: 1500, seed: 11 },
    );
  });
});
