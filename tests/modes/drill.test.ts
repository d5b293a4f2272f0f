import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDrill } from '../../src/modes/drill/schema.ts';
import { drillStateAt, frameAt, scenarioTime, type GaugeInfo } from '../../src/modes/drill/state.ts';
import { readGaugeLayer, recordSeconds } from '../../src/modes/drill/gauges.ts';
import { InputError } from '../../src/core/errors.ts';

const FILE = 'scenarios/drills/jialing-flood-drill.json';
const text = readFileSync(FILE, 'utf8');
const START = JSON.parse(readFileSync('scenarios/small-river-flood.json', 'utf8')).startTime as string;

function loadGauges(): GaugeInfo[] {
  const layer = readGaugeLayer(JSON.parse(readFileSync('data/small/gauges.geojson', 'utf8')));
  return layer.map((g) => ({
    ...g,
    record: recordSeconds(readFileSync(`data/small/${g.recordFile}`, 'utf8'), g.recordFile!, START),
  }));
}

describe('drill script', () => {
  it("the Jialing drill parses: 10 injects of all six kinds, on the small twin's gauges", () => {
    const d = parseDrill(text, FILE);
    expect(d.injects).toHaveLength(10);
    expect(new Set(d.injects.map((i) => i.kind))).toEqual(
      new Set(['gaugeWarning', 'leveeBreach', 'pumpFailure', 'roadClosure', 'shelterOpened', 'message']),
    );
    const ids = readGaugeLayer(JSON.parse(readFileSync('data/small/gauges.geojson', 'utf8'))).map((g) => g.id);
    for (const g of d.keyGauges) expect(ids).toContain(g);
    expect(d.blueMarginM).toBe(1);
  });

  it('bad scripts throw InputError with the file and the JSON path', () => {
    const bad = (mut: (o: any) => void) => {
      const o = JSON.parse(text);
      mut(o);
      try {
        parseDrill(o, FILE);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(
      bad((o) => {
        o.injects[2].atS = 'soon';
      }),
    ).toMatch(/jialing-flood-drill\.json.*injects\[2\]\.atS/);
    expect(
      bad((o) => {
        o.injects[3].kind = 'earthquake';
      }),
    ).toMatch(/injects\[3\]\.kind/);
    expect(
      bad((o) => {
        o.injects[3].extra = 1;
      }),
    ).toMatch(/injects\[3\]/);
    expect(
      bad((o) => {
        delete o.injects[4].shelterId;
      }),
    ).toMatch(/injects\[4\]\.shelterId/);
    expect(
      bad((o) => {
        o.injects[1].atS = 10;
      }),
    ).toMatch(/injects\[1\]\.atS.*time order/);
    expect(
      bad((o) => {
        o.injects[9].atS = 901;
      }),
    ).toMatch(/injects\[9\]\.atS.*after the drill's end/);
    expect(
      bad((o) => {
        o.injects[5].id = 'w-blue';
      }),
    ).toMatch(/injects\[5\]\.id.*duplicate/);
    expect(
      bad((o) => {
        o.injects[0].gauge = 'nowhere';
      }),
    ).toMatch(/injects\[0\]\.gauge/);
    expect(
      bad((o) => {
        o.evacuated[2][0] = 10;
      }),
    ).toMatch(/evacuated\[2\]\[0\]/);
    // the breach in the run (inject 6): needs its centre, a crest line of two points or more, no stray fields
    expect(
      bad((o) => {
        delete o.injects[6].at;
      }),
    ).toMatch(/injects\[6\]\.at.*breach in the run needs its centre/);
    expect(
      bad((o) => {
        o.injects[6].inRun.crestLine = [[106.49, 29.58]];
      }),
    ).toMatch(/injects\[6\]\.inRun\.crestLine/);
    expect(
      bad((o) => {
        o.injects[6].inRun.durationS = 0;
      }),
    ).toMatch(/injects\[6\]\.inRun\.durationS/);
    expect(
      bad((o) => {
        o.injects[6].inRun.crest = 1;
      }),
    ).toMatch(/injects\[6\]\.inRun/);
    expect(() => parseDrill('{ nope', FILE)).toThrow(/jialing-flood-drill\.json.*not valid JSON/);
  });
});

describe('drill state at a drill time', () => {
  const d = parseDrill(text, FILE);
  const gauges = loadGauges();

  it('maps drill time to scenario time and frames (2 scenario min a drill s, frames hourly)', () => {
    expect(scenarioTime(d, 0)).toBe(295200);
    expect(scenarioTime(d, 90)).toBe(295200 + 10800);
    expect(frameAt(d, 0)).toBe(82); // 295200 / 3600
    expect(frameAt(d, 29.9)).toBe(82);
    expect(frameAt(d, 30)).toBe(83);
  });

  it('gauge levels come from the records (linear between hourly rows) and take their colours', () => {
    // town record: 2024-07-11T10:00+08:00 (t = 295200 s) → check against the CSV row
    const rows = readFileSync('data/small/gauge_town.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const row = rows.find((r) => r[0] === '2024-07-11T10:00:00+08:00')!;
    const s0 = drillStateAt(d, gauges, 0);
    expect(s0.gauges.find((g) => g.id === 'town')!.levelM).toBeCloseTo(Number(row[1]), 9);
    // half an hour later (15 drill s): the mean of two rows
    const next = rows[rows.indexOf(row) + 1];
    expect(drillStateAt(d, gauges, 15).gauges.find((g) => g.id === 'town')!.levelM).toBeCloseTo(
      (Number(row[1]) + Number(next[1])) / 2,
      9,
    );
    // at scenario 342000 s (drill 390 s) the town record is 186.04 m ≥ 186: red
    const s390 = drillStateAt(d, gauges, 390);
    expect(s390.gauges.find((g) => g.id === 'town')).toMatchObject({ levelM: 186.04, colour: 'red' });
    expect(s390.alert).toBe('red');
    // at drill 0 the town is at 182.x (< 182.5): no colour
    expect(s0.gauges.find((g) => g.id === 'town')!.colour).toBe(Number(row[1]) < 182.5 ? 'none' : 'blue');
  });

  it('injects fire at their times: roads cut, shelters open, people evacuated (stepwise)', () => {
    const s = drillStateAt(d, gauges, 330);
    expect(s.fired.map((i) => i.id)).toEqual(['w-blue', 'w-yellow', 'w-orange', 'road-r3', 'shelter-s1']);
    expect(s.roadsCut).toEqual(['r3']);
    expect(s.sheltersOpen).toEqual(['s1']);
    expect(s.evacuated).toBe(1400);
    expect(drillStateAt(d, gauges, 329.9).sheltersOpen).toEqual([]);
    expect(drillStateAt(d, gauges, 329.9).evacuated).toBe(650);
    expect(drillStateAt(d, gauges, 900).sheltersOpen).toEqual(['s1', 's2']);
    expect(drillStateAt(d, gauges, 900).fired).toHaveLength(10);
  });

  it('replay is deterministic: the state at d does not depend on the path taken to d', () => {
    const direct = drillStateAt(d, gauges, 437.5);
    for (const before of [0, 800, 100]) drillStateAt(d, gauges, before);
    expect(drillStateAt(d, gauges, 437.5)).toEqual(direct);
  });
});
