/**
 * Corrupted gauge records (CSV, USGS RDB, WaterML 2.0): every variant ends in a series with strictly
 * increasing times and finite values, or an InputError naming the file.
 */
import { describe, expect, it } from 'vitest';
import {
  type GaugeSeries,
  readGaugeCsv,
  readGaugeFile,
  readUsgsRdb,
  readWaterML2,
  writeGaugeCsv,
  writeUsgsRdb,
  writeWaterML2,
} from '../../src/io/gauges/index.ts';
import { fuzz, mutateBytes, mutateText } from './mutate.ts';

const N = 1000;

function sample(): GaugeSeries {
  const n = 24;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const t0 = Date.UTC(2024, 6, 1);
  for (let i = 0; i < n; i++) {
    times[i] = t0 + i * 900_000;
    values[i] = 172 + Math.sin(i / 5) * 1.5;
  }
  return { stationId: 'cuntan', quantity: 'stage', unit: 'm', times, values, warnings: [] };
}

function checkSeries(s: GaugeSeries): void {
  // plain checks (expect() per value would dominate the run time)
  if (s.times.length !== s.values.length || s.times.length === 0)
    throw new Error(`${s.times.length} times, ${s.values.length} values`);
  for (let i = 0; i < s.times.length; i++) {
    if (!Number.isFinite(s.values[i])) throw new Error(`value ${i} is ${s.values[i]}`);
    if (i && !(s.times[i] > s.times[i - 1])) throw new Error(`times not increasing at ${i}`);
  }
  if (s.unit !== 'm' && s.unit !== 'm3/s') throw new Error(`unit ${s.unit}`);
}

describe('fuzz: gauge readers', () => {
  const s = sample();
  const cases: [string, string, string, (t: string) => GaugeSeries][] = [
    ['CSV', writeGaugeCsv(s, { timeZone: '+08:00' }), 'g.csv', (t) => readGaugeCsv(t, 'g.csv')],
    ['USGS RDB', writeUsgsRdb(s), 'g.rdb', (t) => readUsgsRdb(t, 'g.rdb')],
    ['WaterML 2.0', writeWaterML2(s), 'g.xml', (t) => readWaterML2(t, 'g.xml')],
  ];
  cases.forEach(([name, text, file, read], k) => {
    it(`${N} corrupted variants of ${name} (text edits)`, async () => {
      expect(read(text).times.length).toBe(24);
      const t = await fuzz(N, 200 + k, text, mutateText, read, checkSeries, file);
      expect(t.values + t.inputErrors).toBe(N);
      expect(t.values).toBeGreaterThan(0);
      expect(t.inputErrors).toBeGreaterThan(0);
    });
    it(`${N} corrupted variants of ${name} (byte edits, format detected)`, async () => {
      const bytes = new TextEncoder().encode(text);
      const t = await fuzz(
        N,
        300 + k,
        bytes,
        mutateBytes,
        (b) => readGaugeFile(new TextDecoder().decode(b), file),
        checkSeries,
        file,
      );
      expect(t.values + t.inputErrors).toBe(N);
    });
  });
});
