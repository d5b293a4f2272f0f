import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  detectGaugeFormat,
  dischargeToStage,
  formatIsoTime,
  type GaugeSeries,
  parseIsoTime,
  ratingDischarge,
  ratingStage,
  readGaugeCsv,
  readGaugeFile,
  readUsgsRdb,
  readWaterML2,
  stageToDischarge,
  toSeconds,
  writeGaugeCsv,
  writeUsgsRdb,
  writeWaterML2,
} from '../../src/io/gauges/index.ts';

const H = 3600_000;
const T0 = Date.UTC(2024, 6, 1, 0, 0, 0); // 2024-07-01T08:00:00+08:00

function expectInputError(f: () => unknown, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(re);
}

const CSV = `# station: cuntan
# quantity: stage
timestamp,value,unit
2024-07-01T08:00:00+08:00,172.35,m
2024-07-01T09:00:00+08:00,172.80,m
2024-07-01T10:00:00+08:00,17330,cm
2024-07-01T11:00:00+08:00,173.9,m
`;

describe('gauge CSV', () => {
  it('reads times with their offset and converts units to SI', () => {
    const s = readGaugeCsv(CSV, 'cuntan.csv');
    expect(s.stationId).toBe('cuntan');
    expect(s.quantity).toBe('stage');
    expect(s.unit).toBe('m');
    expect(Array.from(s.times)).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
    expect(Array.from(s.values)).toEqual([172.35, 172.8, 173.3, 173.9]);
    expect(s.warnings).toEqual([]);
  });

  it('converts ft, cfs and L/s exactly and infers the quantity from the unit', () => {
    const ft = readGaugeCsv('timestamp,value,unit\n2024-07-01T00:00:00Z,10,ft\n', 'a.csv');
    expect(ft.quantity).toBe('stage');
    expect(ft.values[0]).toBeCloseTo(3.048, 12);
    const cfs = readGaugeCsv(
      'timestamp,value,unit\n2024-07-01T00:00:00Z,1000,cfs\n2024-07-01T00:15:00Z,2000,ft3/s\n',
      'b.csv',
    );
    expect(cfs.quantity).toBe('discharge');
    expect(cfs.unit).toBe('m3/s');
    expect(cfs.values[0]).toBeCloseTo(28.316846592, 9);
    expect(cfs.values[1]).toBeCloseTo(56.633693184, 9);
    const ls = readGaugeCsv('timestamp,discharge (L/s)\n2024-07-01T00:00:00-05:00,250\n', 'c.csv');
    expect(ls.values[0]).toBeCloseTo(0.25, 12);
    expect(ls.times[0]).toBe(Date.UTC(2024, 6, 1, 5));
  });

  it('a time without an offset needs the timeZone option', () => {
    const text = 'timestamp,value,unit\n2024-07-01 08:00,1.5,m\n';
    expectInputError(
      () => readGaugeCsv(text, 'tz.csv'),
      /tz\.csv, line 2, field timestamp: time "2024-07-01 08:00" has no UTC offset/,
    );
    expect(readGaugeCsv(text, 'tz.csv', { timeZone: '+08:00' }).times[0]).toBe(T0);
    expectInputError(
      () => readGaugeCsv(text, 'tz.csv', { timeZone: 'Asia/Shanghai' }),
      /time zone "Asia\/Shanghai" is not a UTC offset/,
    );
  });

  it('takes a "# timezone" comment, semicolons and quoted fields', () => {
    const s = readGaugeCsv(
      '# timezone: +08:00\n"timestamp";"stage (m)"\n"2024-07-01 08:00";"172.5"\n2024-07-01 08:10;172.6\n',
      'q.csv',
    );
    expect(s.quantity).toBe('stage');
    expect(Array.from(s.times)).toEqual([T0, T0 + 600000]);
    expect(Array.from(s.values)).toEqual([172.5, 172.6]);
  });

  it('warns about gaps, duplicates and out-of-order rows with their lines, and sorts', () => {
    const rows = [
      'timestamp,value,unit',
      '2024-07-01T08:00:00+08:00,1,m', // line 2
      '2024-07-01T09:00:00+08:00,2,m', // 3
      '2024-07-01T09:00:00+08:00,9,m', // 4 duplicate of line 3
      '2024-07-01T11:00:00+08:00,4,m', // 5
      '2024-07-01T10:00:00+08:00,3,m', // 6 out of order
      '2024-07-01T16:00:00+08:00,5,m', // 7 gap of 5 h after 11:00
    ];
    const s = readGaugeCsv(rows.join('\n'), 'w.csv');
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(s.times)).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H, T0 + 8 * H]);
    expect(s.warnings).toHaveLength(3);
    expect(s.warnings[0]).toMatch(
      /^line 6: out of order \(2024-07-01T02:00:00Z is before 2024-07-01T03:00:00Z on line 5\)/,
    );
    expect(s.warnings[1]).toMatch(/^line 4: duplicate time 2024-07-01T01:00:00Z \(first on line 3\)/);
    expect(s.warnings[2]).toMatch(/^line 7: gap of 5 h after 2024-07-01T03:00:00Z \(line 5\); the usual step is 1 h/);
  });

  it('skips empty values with a warning', () => {
    const s = readGaugeCsv(
      'timestamp,value,unit\n2024-07-01T00:00Z,1,m\n2024-07-01T01:00Z,,m\n2024-07-01T02:00Z,NaN,m\n',
      'e.csv',
    );
    expect(s.values.length).toBe(1);
    expect(s.warnings).toEqual(['line 3: no value, skipped', 'line 4: no value, skipped']);
  });

  it('bad input: unknown unit, wrong column count, non-numeric value, missing header, truncated file', () => {
    expectInputError(
      () => readGaugeCsv('timestamp,value,unit\n2024-07-01T00:00Z,1,furlong\n', 'u.csv'),
      /u\.csv, line 2, field unit: unknown unit "furlong" \(known: m, ft, cm/,
    );
    expectInputError(
      () => readGaugeCsv('timestamp,value,unit\n2024-07-01T00:00Z,1\n', 'c.csv'),
      /c\.csv, line 2: 2 fields, expected 3 \(timestamp,value,unit\)/,
    );
    expectInputError(
      () => readGaugeCsv('timestamp,value,unit\n2024-07-01T00:00Z,1.2.3,m\n', 'n.csv'),
      /n\.csv, line 2, field value: "1\.2\.3" is not a number/,
    );
    expectInputError(
      () => readGaugeCsv('2024-07-01T00:00Z,1,m\n', 'h.csv'),
      /h\.csv, line 1, field timestamp: missing header/,
    );
    expectInputError(() => readGaugeCsv('', 'h.csv'), /h\.csv: missing header row/);
    expectInputError(() => readGaugeCsv(CSV.slice(0, CSV.indexOf('172.80') - 5), 't.csv'), /t\.csv, line 5/);
    expectInputError(
      () => readGaugeCsv('timestamp,value\n2024-07-01T00:00Z,1\n', 'x.csv'),
      /x\.csv, line 2, field unit: no unit/,
    );
    expectInputError(
      () => readGaugeCsv('# quantity: discharge\ntimestamp,value,unit\n2024-07-01T00:00Z,1,m\n', 'q.csv'),
      /unit "m" measures stage, but this record is discharge/,
    );
    expectInputError(
      () => readGaugeCsv('timestamp,value,unit\n2024-02-30T00:00Z,1,m\n', 'd.csv'),
      /"2024-02-30T00:00Z" is not a valid date/,
    );
  });

  it('round-trips read → write → read with the same values and times', () => {
    const a = readGaugeCsv(CSV, 'cuntan.csv');
    const text = writeGaugeCsv(a, { timeZone: '+08:00' });
    expect(text).toContain('2024-07-01T10:00:00+08:00,173.3,m');
    const b = readGaugeCsv(text, 'x.csv');
    expect(b.stationId).toBe('cuntan');
    expect(b.quantity).toBe('stage');
    expect(Array.from(b.times)).toEqual(Array.from(a.times));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(writeGaugeCsv(b, { timeZone: '+08:00' })).toBe(text);
  });
});

const RDB = `# ---------------------------------- WARNING ----------------------------------------
# Some of the data that you have obtained from this U.S. Geological Survey database
# may not have received Director's approval.
#
#  Data for the following 1 site(s) are contained in this file
#    USGS 01646500 POTOMAC RIVER NEAR WASH, DC LITTLE FALLS PUMP STA
#
#    TS_ID       Parameter Description
#    69928       00060     Discharge, cubic feet per second
#
agency_cd\tsite_no\tdatetime\ttz_cd\t69928_00060\t69928_00060_cd
5s\t15s\t20d\t6s\t14n\t10s
USGS\t01646500\t2024-01-15 00:00\tEST\t8520\tP
USGS\t01646500\t2024-01-15 00:15\tEST\t8490\tP
USGS\t01646500\t2024-01-15 00:30\tEST\tIce\tP
USGS\t01646500\t2024-01-15 00:45\tEST\t8430\tP
`;

describe('USGS RDB', () => {
  it('reads NWIS discharge with tz_cd and skips qualifier-only values', () => {
    expect(detectGaugeFormat(RDB, 'x.txt')).toBe('rdb');
    const s = readUsgsRdb(RDB, 'potomac.rdb');
    expect(s.stationId).toBe('01646500');
    expect(s.quantity).toBe('discharge');
    const t = Date.UTC(2024, 0, 15, 5, 0); // EST = UTC−5
    expect(Array.from(s.times)).toEqual([t, t + 15 * 60000, t + 45 * 60000]);
    expect(s.values[0]).toBeCloseTo(8520 * 0.028316846592, 9);
    // the 30-min hole is no gap: the median of 15 and 30 min is 22.5 min, and 30 < 2 × 22.5
    expect(s.warnings).toEqual(['line 15: no value ("Ice"), skipped']);
  });

  it('round-trips through writeUsgsRdb (feet and UTC in the file)', () => {
    const a = readGaugeCsv(CSV, 'cuntan.csv');
    const text = writeUsgsRdb(a);
    expect(text).toContain('USGS\tcuntan\t2024-07-01 00:00:00\tUTC\t');
    const b = readUsgsRdb(text, 'x.rdb');
    expect(b.quantity).toBe('stage');
    expect(b.stationId).toBe('cuntan');
    expect(Array.from(b.times)).toEqual(Array.from(a.times));
    for (let i = 0; i < a.values.length; i++) expect(b.values[i]).toBeCloseTo(a.values[i], 10);
  });

  it('bad input: no format row, wrong field count, unknown parameter, unknown time zone', () => {
    const noFormat = RDB.replace('5s\t15s\t20d\t6s\t14n\t10s\n', '');
    expectInputError(() => readUsgsRdb(noFormat, 'f.rdb'), /f\.rdb, line 12: missing column-format row/);
    expectInputError(
      () => readUsgsRdb(RDB.replace('\t8490\tP', '\t8490'), 'c.rdb'),
      /c\.rdb, line 14: 5 tab-separated fields, expected 6/,
    );
    expectInputError(
      () => readUsgsRdb(RDB.replaceAll('69928_00060', '69928_99999'), 'p.rdb'),
      /unknown USGS parameter code 99999/,
    );
    expectInputError(
      () => readUsgsRdb(RDB.replace('\tEST\t8490', '\tXYZ\t8490'), 'z.rdb'),
      /z\.rdb, line 14, field tz_cd: unknown time zone code "XYZ"/,
    );
    expectInputError(
      () => readUsgsRdb(RDB.replace('\t8490\t', '\t84x90\t'), 'n.rdb'),
      /n\.rdb, line 14, field 69928_00060: "84x90" is not a number/,
    );
  });
});

const WML = `<?xml version="1.0" encoding="UTF-8"?>
<wml2:Collection xmlns:wml2="http://www.opengis.net/waterml/2.0" xmlns:om="http://www.opengis.net/om/2.0"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gml="http://www.opengis.net/gml/3.2">
 <wml2:observationMember>
  <om:OM_Observation gml:id="obs1">
   <om:observedProperty xlink:href="http://example.org/Discharge" xlink:title="Discharge"/>
   <om:featureOfInterest xlink:href="http://example.org/stations/410730" xlink:title="410730"/>
   <om:result>
    <wml2:MeasurementTimeseries gml:id="ts1">
     <wml2:defaultPointMetadata>
      <wml2:DefaultTVPMeasurementMetadata><wml2:uom code="m3/s"/></wml2:DefaultTVPMeasurementMetadata>
     </wml2:defaultPointMetadata>
     <wml2:point><wml2:MeasurementTVP><wml2:time>2024-07-01T08:00:00+08:00</wml2:time><wml2:value>12.5</wml2:value></wml2:MeasurementTVP></wml2:point>
     <wml2:point><wml2:MeasurementTVP><wml2:time>2024-07-01T08:30:00+08:00</wml2:time><wml2:value xsi:nil="true"/></wml2:MeasurementTVP></wml2:point>
     <wml2:point><wml2:MeasurementTVP><wml2:time>2024-07-01T09:00:00+08:00</wml2:time><wml2:value>14.25</wml2:value></wml2:MeasurementTVP></wml2:point>
    </wml2:MeasurementTimeseries>
   </om:result>
  </om:OM_Observation>
 </wml2:observationMember>
</wml2:Collection>
`;

describe('WaterML 2.0', () => {
  it('reads time-value pairs, unit, station and quantity; nil values are skipped with their line', () => {
    expect(detectGaugeFormat(WML, 'x.xml')).toBe('waterml');
    const s = readWaterML2(WML, 'w.xml');
    expect(s.stationId).toBe('410730');
    expect(s.quantity).toBe('discharge');
    expect(Array.from(s.times)).toEqual([T0, T0 + H]);
    expect(Array.from(s.values)).toEqual([12.5, 14.25]);
    expect(s.warnings).toEqual(['line 14: no value (nil), skipped']);
  });

  it('round-trips through writeWaterML2 exactly', () => {
    const a = readGaugeCsv(CSV, 'cuntan.csv');
    const b = readGaugeFile(writeWaterML2(a), 'out.xml');
    expect(b.stationId).toBe('cuntan');
    expect(b.quantity).toBe('stage');
    expect(Array.from(b.times)).toEqual(Array.from(a.times));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
  });

  it('bad input: malformed XML, no series, unknown unit', () => {
    expectInputError(() => readWaterML2(WML.slice(0, 900), 'cut.xml'), /cut\.xml.*malformed XML/);
    expectInputError(
      () => readWaterML2('<a/>', 'e.xml'),
      /e\.xml, field MeasurementTimeseries: no wml2:MeasurementTimeseries/,
    );
    expectInputError(
      () => readWaterML2(WML.replace('code="m3/s"', 'code="acre-ft"'), 'u.xml'),
      /u\.xml, line 13, field uom: unknown unit "acre-ft"/,
    );
  });
});

describe('times, rating curve, toSeconds', () => {
  it('parses and formats ISO 8601 with offsets', () => {
    const w = { file: 'x' };
    expect(parseIsoTime('2024-07-01T08:00:00+08:00', undefined, w)).toBe(T0);
    expect(parseIsoTime('2024-07-01T08:00:00+0800', undefined, w)).toBe(T0);
    expect(parseIsoTime('2024-07-01T00:00:00.250Z', undefined, w)).toBe(T0 + 250);
    expect(parseIsoTime('0050-01-01T00:00Z', undefined, w)).toBe(new Date('0050-01-01T00:00:00Z').getTime()); // not 1950
    expect(formatIsoTime(T0, 480)).toBe('2024-07-01T08:00:00+08:00');
    expect(formatIsoTime(T0 + 5, -330)).toBe('2024-06-30T18:30:00.005-05:30');
  });

  it('Q = a·(h − h0)^b and its inverse', () => {
    const c = { a: 2, h0: 1, b: 1.5 };
    expect(ratingDischarge(c, 5)).toBe(16); // 2·4^1.5
    expect(ratingDischarge(c, 0.5)).toBe(0);
    expect(ratingStage(c, 16)).toBeCloseTo(5, 12);
    expect(ratingStage(c, 0)).toBe(1);
    const stage: GaugeSeries = {
      stationId: 's',
      quantity: 'stage',
      unit: 'm',
      times: Float64Array.from([0, 1]),
      values: Float64Array.from([2, 10]),
      warnings: [],
    };
    const q = stageToDischarge(stage, c);
    expect(q.quantity).toBe('discharge');
    expect(Array.from(q.values)).toEqual([2, 54]); // 2·1^1.5, 2·9^1.5
    expect(Array.from(dischargeToStage(q, c).values).map((v) => +v.toFixed(12))).toEqual([2, 10]);
    expect(() => stageToDischarge(stage, { a: -1, h0: 0, b: 1 })).toThrow(/a must be positive/);
    expect(() => dischargeToStage(stage, c)).toThrow(/expected discharge/);
  });

  it('toSeconds gives seconds from the scenario start', () => {
    const s = readGaugeCsv(CSV, 'cuntan.csv');
    expect(toSeconds(s, '2024-07-01T09:00:00+08:00')).toEqual([
      [-3600, 172.35],
      [0, 172.8],
      [3600, 173.3],
      [7200, 173.9],
    ]);
    expect(() => toSeconds(s, '2024-07-01 09:00')).toThrow(/has no UTC offset/);
  });
});
