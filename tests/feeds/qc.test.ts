/** QC rules (src/feeds/qc.ts), each on a hand-made sequence, and a feeds file's LAN origins. */
import { describe, expect, it } from 'vitest';
import { readFeedsFile, feedOrigins, qcRulesOf } from '../../src/feeds/feedsFile.ts';
import { checkReadings, newQcState, STAGE_QC } from '../../src/feeds/qc.ts';
import { isUsable } from '../../src/feeds/observation.ts';

const H = 3.6e6;
const seq = (values: number[], stepMs = H, receivedLagMs = 0) =>
  values.map((value, i) => ({ stationId: 's', timeMs: i * stepMs, value, receivedMs: i * stepMs + receivedLagMs }));

describe('QC rules', () => {
  const rules = { ...STAGE_QC, min: 170, max: 200, flatLineCount: 4 };

  it('flags out of range, keeps it, and does not use it', () => {
    const out = checkReadings(rules, newQcState(), seq([180, 250, NaN, 180.1]));
    expect(out.map((o) => o.flags)).toEqual([[], ['outOfRange'], ['outOfRange'], []]);
    expect(out.map(isUsable)).toEqual([true, false, false, true]);
  });

  it('flags a spike against the last good reading, so the return to normal is not a spike', () => {
    // 1.5 m/h allowed: +0.5 m in an hour is fine, +5 m is a spike, then back to 181.2 (0.7 m in 2 h from 180.5)
    const out = checkReadings(rules, newQcState(), seq([180, 180.5, 185.5, 181.2]));
    expect(out.map((o) => o.flags)).toEqual([[], [], ['spike'], []]);
  });

  it('allows maxStep between readings close in time', () => {
    const out = checkReadings(rules, newQcState(), seq([180, 180.25, 180.6], 60_000));
    expect(out.map((o) => o.flags)).toEqual([[], [], ['spike']]);
  });

  it('flags a flat line from the flatLineCount-th equal reading', () => {
    const out = checkReadings(rules, newQcState(), seq([180, 181, 181, 181, 181, 181, 181.1]));
    expect(out.map((o) => o.flags.join())).toEqual(['', '', '', '', 'flatLine', 'flatLine', '']);
  });

  it('flags a gap and a late reading but still uses them', () => {
    const st = newQcState();
    const a = checkReadings(rules, st, [{ stationId: 's', timeMs: 0, value: 180, receivedMs: 0 }]);
    const b = checkReadings(rules, st, [{ stationId: 's', timeMs: 4 * H, value: 180.2, receivedMs: 7 * H }]);
    expect(a[0].flags).toEqual([]);
    expect(b[0].flags).toEqual(['gap', 'late']);
    expect(isUsable(b[0])).toBe(true);
  });
});

describe('feeds file', () => {
  const file = {
    stations: [
      { id: 'upstream', protocol: 'sensorthings', baseUrl: 'http://127.0.0.1:8091/v1.1', datastream: 1 },
      { id: 'town', protocol: 'waterml', url: 'http://10.0.0.7:8080/wml?station=town' },
      { id: 'rain1', protocol: 'csv', url: 'http://10.0.0.7:8080/csv/rain1', quantity: 'rain', qc: { max: 150 } },
      { id: 'remote', protocol: 'folder', folder: 'incoming/remote' },
    ],
    push: { url: 'http://10.0.0.9/sms' },
  };

  it('lists the LAN origins for the CSP and merges QC overrides', () => {
    const f = readFeedsFile(file);
    expect(feedOrigins(f)).toEqual(['http://10.0.0.7:8080', 'http://10.0.0.9', 'http://127.0.0.1:8091']);
    expect(qcRulesOf(f.stations[2]).max).toBe(150);
    expect(qcRulesOf(f.stations[2]).min).toBe(0);
    expect(f.pollS).toBe(60);
    expect(f.push?.retryS).toEqual([5, 30, 120, 600]);
  });

  it('names the JSON path of a bad entry', () => {
    const bad = structuredClone(file) as { stations: Record<string, unknown>[] };
    bad.stations[1].url = 'ftp://x';
    expect(() => readFeedsFile(bad, 'feeds.json')).toThrow(/feeds\.json, at stations\[1\]\.url: .*http/);
    const dup = structuredClone(file);
    dup.stations[3].id = 'town';
    expect(() => readFeedsFile(dup, 'feeds.json')).toThrow(
      'feeds.json, at stations[3].id: station id "town" appears twice',
    );
  });
});

describe('feeds files on disk', () => {
  it("the default twin's feeds file names the demo feed and the runner's control URL, the origins the CSP must add", async () => {
    const { feedOriginsOnDisk } = await import('../../src/feeds/feedOriginsOnDisk.ts');
    expect(feedOriginsOnDisk('data')).toEqual(['http://127.0.0.1:8091', 'http://127.0.0.1:8093']);
  });
});
