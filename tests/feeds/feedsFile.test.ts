/** The feeds file: the default twin's own (with its ops section) and the forecast list. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feedOrigins, forecastRequestUrl, readFeedsFile } from '../../src/feeds/feedsFile.ts';

describe('feeds file', () => {
  it("the default twin's file runs the runner: ops at 25 m, forecasts for both boundary stations", () => {
    const f = readFeedsFile(JSON.parse(readFileSync('data/default/feeds.json', 'utf8')), 'data/default/feeds.json');
    expect(f.ops).toMatchObject({
      scenario: '../../scenarios/river-flood.json',
      cellSizeM: 25,
      horizonH: 36,
      channelManningN: 0.025,
    });
    expect(f.ops?.channelCodes).toEqual([1]);
    // the inflow and east-edge stations each have a forecast datastream (a perfect forecast needs both)
    expect(f.forecast?.map((x) => x.stationId).sort()).toEqual(
      [f.ops?.eastStage?.stationId, f.ops?.inflow.stationId].sort(),
    );
    expect(feedOrigins(f)).toEqual(['http://127.0.0.1:8091', 'http://127.0.0.1:8093']);
  });

  it("the runner's control URL: where the ops view asks for a forecast, checked as an http URL", () => {
    expect(forecastRequestUrl('http://127.0.0.1:8093')).toBe('http://127.0.0.1:8093/forecast');
    expect(forecastRequestUrl('http://10.0.0.7:9000/ops/')).toBe('http://10.0.0.7:9000/ops/forecast');
    expect(forecastRequestUrl(undefined)).toBeNull();
    const j = JSON.parse(readFileSync('data/default/feeds.json', 'utf8'));
    j.ops.controlUrl = 'ftp://x';
    expect(() => readFeedsFile(j, 'f.json')).toThrow(/f\.json.*ops\.controlUrl.*http/s);
  });

  it('refuses the coarse channel settings without a coarse cell size, naming the field', () => {
    const j = JSON.parse(readFileSync('data/default/feeds.json', 'utf8'));
    delete j.ops.cellSizeM;
    expect(() => readFeedsFile(j, 'f.json')).toThrow(/f\.json.*ops\.channelManningN.*needs ops\.cellSizeM/s);
    delete j.ops.channelManningN;
    expect(() => readFeedsFile(j, 'f.json')).toThrow(/f\.json.*ops\.channelGrid.*needs ops\.cellSizeM/s);
    delete j.ops.channelGrid;
    expect(readFeedsFile(j, 'f.json').ops?.cellSizeM).toBeUndefined();
  });

  it('takes one forecast object or a list, and reads both as a list', () => {
    const one = { stationId: 'a', baseUrl: 'http://10.0.0.5:8080/v1.1', datastream: 4 };
    const stations = [{ id: 'a', protocol: 'sensorthings', baseUrl: 'http://10.0.0.5:8080/v1.1', datastream: 1 }];
    expect(readFeedsFile({ stations, forecast: one }).forecast).toEqual([one]);
    expect(readFeedsFile({ stations, forecast: [one, { ...one, stationId: 'b' }] }).forecast).toHaveLength(2);
    expect(() => readFeedsFile({ stations, forecast: [] }, 'x.json')).toThrow(/x\.json.*forecast/);
  });
});
