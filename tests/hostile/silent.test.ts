/**
 * Defect 8 (silent acceptance): each case now gives an error naming the file and place.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { rainGaugeHyetograph } from '../../src/events/rainGauge.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { readSwmmInp } from '../../src/io/swmmInp.ts';

const dir = resolve(__dirname, '../../scenarios/tiny');
const tiny = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
const demText = readFileSync(join(dir, 'dem.asc'), 'utf8');

async function prepared(s: unknown, files: Record<string, string> = {}): Promise<string> {
  const read = async (rel: string) => new TextEncoder().encode(files[rel] ?? readFileSync(join(dir, rel), 'utf8'));
  try {
    await prepareRun(JSON.stringify(s), 's.json', read);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
}

describe('silent cases now answered', () => {
  it('a rain CSV with 2024-02-30 is refused, not rolled into March', () => {
    const csv = 'time,mm\n2024-02-29T00:00:00Z,1\n2024-02-30T00:00:00Z,2\n';
    expect(() => rainGaugeHyetograph(csv, 'rain.csv')).toThrow(
      /rain\.csv, line 3, field time: "2024-02-30T00:00:00Z" is not a valid date and time/,
    );
  });
  it('a rain CSV value 0x10 is refused, not read as 16', () => {
    const csv = 'time,mm\n2024-02-28T00:00:00Z,1\n2024-02-28T01:00:00Z,0x10\n';
    expect(() => rainGaugeHyetograph(csv, 'rain.csv')).toThrow(
      /rain\.csv, line 3, field mm: "0x10" is not a decimal number/,
    );
  });
  it('an all-nodata DEM is refused', async () => {
    const allNodata = demText.replace(
      /^((?:\s*[a-zA-Z_]+\s+\S+\s*\n){6})[\s\S]*$/,
      (_m, head: string) =>
        head + Array.from({ length: 40 }, () => Array(60).fill('-9999').join(' ')).join('\n') + '\n',
    );
    expect(await prepared(tiny, { 'dem.asc': allNodata })).toMatch(/at dem: the DEM has no valid cells \(all nodata\)/);
  });
  it('a negative infiltration rate is refused, as a number or in a grid', async () => {
    expect(await prepared({ ...tiny, infiltration: { rateMmPerHour: -5, capacityMm: 50 } })).toMatch(
      /at infiltration\.rateMmPerHour/,
    );
    const rates = demText.replace(
      /^((?:\s*[a-zA-Z_]+\s+\S+\s*\n){6})[\s\S]*$/,
      (_m, head: string) =>
        head +
        Array.from({ length: 40 }, (_, r) =>
          Array.from({ length: 60 }, (_, c) => (r === 3 && c === 7 ? '-2' : '5')).join(' '),
        ).join('\n') +
        '\n',
    );
    expect(
      await prepared({ ...tiny, infiltration: { rateMmPerHour: 'rate.asc', capacityMm: 50 } }, { 'rate.asc': rates }),
    ).toMatch(/s\.json, cell \(col 7, row 3\), at infiltration\.rateMmPerHour: -2 is negative/);
  });
});

describe("duplicate gauge timestamps reach the run's notes", () => {
  it('a river gauge record with a repeated time is reported by prepareRun (run prints its notes)', async () => {
    const q =
      'time,discharge (m3/s)\n2024-07-01T00:00:00+08:00,1\n2024-07-01T00:10:00+08:00,2\n2024-07-01T00:10:00+08:00,9\n2024-07-01T00:20:00+08:00,1\n';
    const s = { ...tiny, version: 2, events: { riverHydrographs: [{ gaugeFile: 'q.csv', at: [500105, 3270205] }] } };
    const read = async (rel: string) =>
      new TextEncoder().encode(rel === 'q.csv' ? q : readFileSync(join(dir, rel), 'utf8'));
    const p = await prepareRun(JSON.stringify(s), 's.json', read);
    expect(p.notes.join('\n')).toMatch(/warning: q\.csv: line 4: duplicate time .* kept the first/);
  });
});

describe('SWMM input: unknown sections and self-loops', () => {
  const inp = (extra: string, to = 'J2') =>
    `[JUNCTIONS]\nJ1 10 2\nJ2 9 2\n[OUTFALLS]\nO1 8 FREE\n[CONDUITS]\nC1 J1 ${to} 100 0.013 0 0\nC2 J2 O1 100 0.013 0 0\n[XSECTIONS]\nC1 CIRCULAR 0.5 0 0 0\nC2 CIRCULAR 0.5 0 0 0\n${extra}`;
  it('the sample network reads', () => {
    expect(readSwmmInp(inp(''), 'n.inp').conduits).toHaveLength(2);
  });
  it('an unknown (misspelt) section is refused, naming it and the line', () => {
    expect(() => readSwmmInp(inp('[JUNCTONS]\nJ3 5 1\n'), 'n.inp')).toThrow(
      /n\.inp, line 12: unknown section \[JUNCTONS\]/,
    );
  });
  it('a conduit from a node back to itself is refused', () => {
    expect(() => readSwmmInp(inp('', 'J1'), 'n.inp')).toThrow(
      /n\.inp, line 7, field ToNode: \[CONDUITS\] conduit C1 runs from node J1 back to itself/,
    );
  });
});
