import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { makeGrid } from '../../src/core/grid.ts';
import { seriesAt, seriesIntegral } from '../../src/core/timeSeries.ts';
import { compileEvents } from '../../src/events/compileEvents.ts';
import { readTimeTableCsv } from '../../src/events/timeTableCsv.ts';
import { leveeBreachBedChange } from '../../src/events/leveeBreach.ts';
import { blocksToSeries, rainGaugeHyetograph } from '../../src/events/rainGauge.ts';
import {
  gaugeDischargeSeries,
  gumbelVariate,
  peakForReturnPeriod,
  ratingDischarge,
  releaseHydrograph,
  scaleToReturnPeriod,
} from '../../src/events/riverHydrograph.ts';
import { eventsSchema } from '../../src/core/scenario/edits.ts';

describe('rain-gauge hyetographs', () => {
  const csv = `# gauge 57516 (synthetic)
time,rain_mm
2024-07-01T08:10:00+08:00,2
2024-07-01T08:20:00+08:00,5
2024-07-01T08:30:00+08:00,0
2024-07-01T08:40:00+08:00,1.5
`;
  it('interval depths become blocks ending at each time; the series keeps the depth', () => {
    const h = rainGaugeHyetograph(csv, 'rain.csv');
    expect(h.edgesS).toEqual([0, 600, 1200, 1800, 2400]);
    expect(h.mmPerHour).toEqual([12, 30, 0, 9]); // 2 mm in 10 min = 12 mm/h ...
    expect(h.totalMm).toBeCloseTo(8.5, 12);
    const s = blocksToSeries(h.edgesS, h.mmPerHour);
    expect(seriesIntegral(s, 0, 3000) / 3600).toBeCloseTo(8.5, 9);
    expect(seriesAt(s, 300)).toBe(12);
    expect(seriesAt(s, 900)).toBe(30);
    expect(seriesAt(s, 1500)).toBe(0);
    expect(seriesAt(s, 5000)).toBe(0);
  });
  it('a scenario start inside the record drops the rain before it (pro rata)', () => {
    const h = rainGaugeHyetograph(csv, 'rain.csv', '2024-07-01T00:15:00Z'); // = 08:15 +08:00
    expect(h.edgesS).toEqual([0, 300, 900, 1500]);
    expect(h.totalMm).toBeCloseTo(2.5 + 0 + 1.5, 12);
  });
  it('cumulative and intensity columns', () => {
    const cum = rainGaugeHyetograph(
      'time,cumulative_mm\n2024-07-01T08:00:00+08:00,10\n2024-07-01T08:30:00+08:00,16\n2024-07-01T09:00:00+08:00,16\n',
      'c.csv',
    );
    expect(cum.mmPerHour).toEqual([12, 0]);
    expect(cum.totalMm).toBe(6);
    const rate = rainGaugeHyetograph(
      'time;mm_per_hour\n2024-07-01T08:30:00+08:00;20\n2024-07-01T09:00:00+08:00;40\n',
      'r.csv',
    );
    expect(rate.totalMm).toBeCloseTo(30, 12);
  });
  it('bad records name the file and line', () => {
    expect(() => readTimeTableCsv('time,mm\n2024-07-01 08:00,1\n', 'g.csv')).toThrow(/g\.csv, line 2.*offset/);
    expect(() =>
      readTimeTableCsv('time,mm\n2024-07-01T08:00:00+08:00,1\n2024-07-01T08:00:00+08:00,2\n', 'g.csv'),
    ).toThrow(/line 3.*increase/);
    expect(() => readTimeTableCsv('time,mm\n2024-07-01T08:00:00+08:00,abc\n', 'g.csv')).toThrow(InputError);
    expect(() => rainGaugeHyetograph('time,level\n2024-07-01T08:00:00+08:00,1\n', 'g.csv')).toThrow(/no rain column/);
    expect(() =>
      rainGaugeHyetograph('time,cumulative_mm\n2024-07-01T08:00:00+08:00,5\n2024-07-01T09:00:00+08:00,4\n', 'g.csv'),
    ).toThrow(/line 3/);
  });
});

describe('river hydrographs', () => {
  const stage = `timestamp,stage (m)
2024-07-01T00:00:00+08:00,180
2024-07-01T06:00:00+08:00,183
2024-07-01T12:00:00+08:00,181
`;
  it('stage through the rating Q = a(h − h0)^b', () => {
    const r = { a: 50, h0: 178, b: 1.6 };
    expect(ratingDischarge(r, 177)).toBe(0);
    expect(ratingDischarge(r, 182)).toBeCloseTo(50 * Math.pow(4, 1.6), 9);
    const s = gaugeDischargeSeries(stage, 'g.csv', r);
    expect(s.map((p) => p[0])).toEqual([0, 21600, 43200]);
    expect(s[1][1]).toBeCloseTo(50 * Math.pow(5, 1.6), 9); // 5^1.6 = e^(1.6·ln 5) = 13.133 → 656.6
    expect(s[1][1]).toBeCloseTo(656.6, 0);
    expect(() => gaugeDischargeSeries(stage, 'g.csv')).toThrow(/rating/);
  });
  it('return-period peak: linear in the Gumbel variate (hand-computed)', () => {
    // y(2) = −ln(−ln 0.5) = 0.36651, y(10) = 2.25037, y(100) = 4.60015
    expect(gumbelVariate(2)).toBeCloseTo(0.36651, 5);
    expect(gumbelVariate(100)).toBeCloseTo(4.60015, 5);
    const curve: [number, number][] = [
      [2, 1000],
      [100, 3000],
    ];
    // Q10 = 1000 + 2000·(2.25037 − 0.36651)/(4.60015 − 0.36651) = 1889.96
    expect(peakForReturnPeriod(curve, 10)).toBeCloseTo(1889.96, 1);
    expect(peakForReturnPeriod(curve, 100)).toBeCloseTo(3000, 9);
    const rec: [number, number][] = [
      [0, 100],
      [3600, 945],
      [7200, 300],
    ];
    const scaled = scaleToReturnPeriod(rec, curve, 10);
    expect(Math.max(...scaled.series.map((p) => p[1]))).toBeCloseTo(1889.96, 1);
    expect(scaled.series[0][1]).toBeCloseTo((100 * 1889.96) / 945, 1);
    expect(() =>
      peakForReturnPeriod(
        [
          [2, 1],
          [2, 3],
        ],
        10,
      ),
    ).toThrow(/increase/);
  });
  it('an upstream release holds (ramp + hold)·(peak − base) + base·length of water', () => {
    const s = releaseHydrograph({ startS: 600, rampS: 1800, holdS: 3600, peakM3s: 500, baseM3s: 20 });
    const end = 600 + 2 * 1800 + 3600;
    expect(seriesIntegral(s, 0, end)).toBeCloseTo((1800 + 3600) * 480 + 20 * end, 6);
    expect(seriesAt(s, 600 + 1800 + 100)).toBe(500);
    expect(seriesAt(s, 0)).toBe(20);
  });
});

describe('levee breach', () => {
  // 20 × 10 grid of 5 m cells; a levee along row 4 (z = 10) on ground at 2
  const g = makeGrid(20, 10, 5, 1000, 2000);
  const z = new Float32Array(200).fill(2);
  for (let c = 0; c < 20; c++) z[4 * 20 + c] = 10;
  const yLevee = 2000 + 50 - 4.5 * 5; // centre line of row 4
  const line: [number, number][] = [
    [1000, yLevee],
    [1100, yLevee],
  ];
  it('the stretch of widthM around the centre falls to finalCrestM over durationS', () => {
    const bc = leveeBreachBedChange(g, z, {
      atS: 3600,
      line,
      centre: [1052.5, yLevee],
      widthM: 20,
      finalCrestM: 3,
      durationS: 900,
    })!;
    // centre 52.5 m along: the stretch is 42.5–62.5 m, cells 8..12 (columns whose [5c, 5c+5) meet it)
    expect(Array.from(bc.cells)).toEqual([88, 89, 90, 91, 92]);
    expect(Array.from(bc.finalZ)).toEqual([3, 3, 3, 3, 3]);
    expect(bc.startS).toBe(3600);
    expect(bc.endS).toBe(4500);
  });
  it('thicknessM opens a wide levee through its width; cells already low are left out', () => {
    const z2 = Float32Array.from(z);
    for (let c = 0; c < 20; c++) z2[5 * 20 + c] = 10; // levee two rows thick
    const bc = leveeBreachBedChange(g, z2, {
      atS: 0,
      line,
      widthM: 10,
      finalCrestM: 3,
      durationS: 60,
      thicknessM: 12,
    })!;
    const rows = new Set(Array.from(bc.cells).map((c) => Math.floor(c / 20)));
    expect(rows.has(4) && rows.has(5)).toBe(true);
    expect(rows.has(3) || rows.has(6)).toBe(false); // ground at 2 < 3: not part of the change
  });
});

describe('compileEvents', () => {
  const g = makeGrid(10, 10, 10, 0, 0);
  const z = new Float32Array(100).fill(5);
  it('design storm, river gauge scaled, release and breach become engine inputs', () => {
    const ev = eventsSchema.parse({
      designStorm: { city: 'beijing', returnPeriodYears: 10, durationMin: 60 },
      riverHydrographs: [{ gaugeFile: 'q.csv', at: [5, 95], scale: 2 }],
      upstreamReleases: [{ at: [5, 50], startS: 0, rampS: 600, holdS: 0, peakM3s: 100 }],
      leveeBreaches: [
        {
          atS: 100,
          line: [
            [0, 55],
            [100, 55],
          ],
          widthM: 20,
          finalCrestM: 1,
          durationS: 60,
        },
      ],
    });
    const files: Record<string, string> = {
      'q.csv': 'time,discharge (m3/s)\n2024-07-01T00:00:00+08:00,10\n2024-07-01T01:00:00+08:00,30\n',
    };
    const out = compileEvents(ev, { grid: g, z, readText: (f) => files[f] });
    expect(out.rain!.totalMm).toBeCloseTo(64.95, 1);
    expect(seriesIntegral(out.rain!.mmPerHour, 0, 4000) / 3600).toBeCloseTo(out.rain!.totalMm, 6);
    expect(out.inflows[0]).toEqual({
      id: 'q.csv',
      point: [5, 95],
      hydrograph: [
        [0, 20],
        [3600, 60],
      ],
    });
    expect(out.inflows[1].hydrograph).toEqual([
      [0, 0],
      [600, 100],
      [1200, 0],
    ]);
    expect(out.bedChanges).toHaveLength(1);
    expect(out.bedChanges[0].cells.length).toBeGreaterThanOrEqual(2);
  });
  it('two rain events are refused', () => {
    const ev = eventsSchema.parse({
      designStorm: { city: 'beijing', returnPeriodYears: 10, durationMin: 60 },
      rainGauge: { file: 'r.csv' },
    });
    expect(() => compileEvents(ev, { grid: g, z, readText: () => '' })).toThrow(/events\.rainGauge/);
  });
});

describe('river gauge formats through the project gauge readers', () => {
  it('a USGS RDB record in ft³/s becomes m³/s', () => {
    const rdb = [
      '# USGS synthetic',
      'agency_cd\tsite_no\tdatetime\ttz_cd\t00060',
      '5s\t15s\t20d\t6s\t14n',
      'USGS\t01\t2024-07-01 00:00\tUTC\t1000',
      'USGS\t01\t2024-07-01 01:00\tUTC\t2000',
    ].join('\n');
    const s = gaugeDischargeSeries(rdb, 'g.rdb');
    expect(s[1][0]).toBe(3600);
    expect(s[1][1]).toBeCloseTo(2000 * 0.028316846592, 9);
    const csv =
      '# station: cuntan\ntimestamp,value,unit\n2024-07-01T08:00:00+08:00,100,ft3/s\n2024-07-01T09:00:00+08:00,200,ft3/s\n';
    const c = gaugeDischargeSeries(csv, 'q.csv');
    expect(c).toEqual([
      [0, 100 * 0.028316846592],
      [3600, 200 * 0.028316846592],
    ]);
  });
});
