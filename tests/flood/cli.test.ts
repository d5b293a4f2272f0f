/**
 * The `floodtwin run` contract: output files, determinism across worker counts, and one clear
 * line for every kind of bad input.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/floodtwin.mjs');
const tiny = join(root, 'scenarios/tiny/scenario.json');

describe('floodtwin run on the tiny scenario', () => {
  let out1 = '';
  let out2 = '';
  beforeAll(() => {
    const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-cli-'));
    out1 = join(tmp, 'w1');
    out2 = join(tmp, 'w2');
    execFileSync(process.execPath, [bin, 'run', tiny, '--out', out1, '--workers', '1', '--quiet']);
    execFileSync(process.execPath, [bin, 'run', tiny, '--out', out2, '--workers', '2', '--quiet']);
  });

  it('writes every output the contract names', () => {
    expect(readdirSync(out1).sort()).toEqual([
      'arrival_time.asc',
      'depth_1800.asc',
      'depth_900.asc',
      'max_depth.asc',
      'max_speed.asc',
      'points.csv',
      'summary.json',
    ]);
    const summary = JSON.parse(readFileSync(join(out1, 'summary.json'), 'utf8'));
    for (const k of ['cells', 'steps', 'simulatedS', 'solverWallS', 'cellUpdatesPerS', 'workers'])
      expect(typeof summary[k]).toBe('number');
    expect(summary.cells).toBe(60 * 40);
    expect(summary.simulatedS).toBe(1800);
    expect(summary.workers).toBe(1);
    for (const k of ['rainM3', 'inflowM3', 'outflowM3', 'storedM3', 'errorM3', 'relativeError'])
      expect(typeof summary.massBalance[k]).toBe('number');
    // rain: trapezoids of [[0,0],[300,80],[1200,80],[1500,0]] mm/h over 2398 valid cells of 100 m²
    const rainMm = (0.5 * 80 * 300 + 80 * 900 + 0.5 * 80 * 300) / 3600;
    expect(summary.massBalance.rainM3).toBeCloseTo((rainMm / 1000) * 2398 * 100, 6);
    // the culvert: 0→2 m³/s over 300 s, then 2→0.5 over 1500 s
    expect(summary.massBalance.inflowM3).toBeCloseTo(0.5 * 2 * 300 + 0.5 * 2.5 * 1500, 1);
    expect(summary.massBalance.outflowM3).toBeGreaterThan(0);
    expect(summary.massBalance.relativeError).toBeLessThan(1e-5);
  });

  it('writes points.csv with one row per interval and one column per point', () => {
    const lines = readFileSync(join(out1, 'points.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time_s,pond,outlet');
    expect(lines.length).toBe(1 + 1800 / 60 + 1);
    expect(lines[1]).toBe('0,0,0');
    expect(lines[31].startsWith('1800,')).toBe(true);
    const pond = Number(lines[31].split(',')[1]);
    const maxDepth = readAsciiGrid(readFileSync(join(out1, 'max_depth.asc'), 'utf8'));
    // the pond point (500205, 3270205) is cell (col 20, row 19); its depth never exceeds the maximum.
    // Both files hold float32 depths to 9 digits ("0.790664375" for float32 0.79066437483); readAsciiGrid
    // gives float32, so compare the CSV value at float32 too, not its (slightly larger) float64 reading.
    expect(pond).toBeGreaterThan(0.3);
    expect(Math.fround(pond)).toBeLessThanOrEqual(maxDepth.values[19 * 60 + 20]);
  });

  it('gives arrival times only where water came, and nodata on DEM nodata', () => {
    const arrival = readAsciiGrid(readFileSync(join(out1, 'arrival_time.asc'), 'utf8'));
    const maxDepth = readAsciiGrid(readFileSync(join(out1, 'max_depth.asc'), 'utf8'));
    expect(Number.isNaN(arrival.values[0])).toBe(true); // the DEM's nodata corner
    expect(Number.isNaN(maxDepth.values[0])).toBe(true);
    for (let k = 1; k < arrival.values.length; k++) {
      if (k === 59) continue;
      const wet = maxDepth.values[k] >= 0.05;
      expect(Number.isNaN(arrival.values[k])).toBe(!wet);
      if (wet) expect(arrival.values[k]).toBeGreaterThan(0);
    }
  });

  it('gives identical output files with 1 and 2 workers', () => {
    for (const f of readdirSync(out1)) {
      if (f === 'summary.json') continue;
      expect(readFileSync(join(out2, f)).equals(readFileSync(join(out1, f))), f).toBe(true);
    }
    const s1 = JSON.parse(readFileSync(join(out1, 'summary.json'), 'utf8'));
    const s2 = JSON.parse(readFileSync(join(out2, 'summary.json'), 'utf8'));
    expect(s2.workers).toBe(2);
    expect(s2.steps).toBe(s1.steps);
    expect(s2.massBalance).toEqual(s1.massBalance);
  });
});

describe('bad input gives a non-zero exit and one line naming the file and the place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floodtwin-bad-'));
  const goodDem = [
    'ncols 4',
    'nrows 3',
    'xllcorner 0',
    'yllcorner 0',
    'cellsize 10',
    'NODATA_value -9999',
    '1 1 1 1',
    '1 1 1 1',
    '1 1 1 1',
  ].join('\n');
  const scenario = (over: Record<string, unknown>, dem = 'dem.asc') => ({
    name: 'bad',
    dem,
    manning: 0.03,
    durationS: 60,
    ...over,
  });

  async function runWith(files: Record<string, string>, sc: unknown): Promise<{ code: number; lines: string[] }> {
    const sub = mkdtempSync(join(dir, 'case-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
    writeFileSync(join(sub, 'scenario.json'), typeof sc === 'string' ? sc : JSON.stringify(sc));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    const code = await main([
      'run',
      join(sub, 'scenario.json'),
      '--out',
      join(sub, 'out'),
      '--workers',
      '1',
      '--quiet',
    ]);
    spy.mockRestore();
    return { code, lines: errors.join('\n').split('\n') };
  }
  afterEach(() => vi.restoreAllMocks());

  const cases: Array<[string, Record<string, string>, unknown, RegExp]> = [
    [
      'a DEM with a non-numeric value',
      { 'dem.asc': goodDem.replace('1 1 1 1\n1 1 1 1\n1 1 1 1', '1 1 1 1\n1 x 1 1\n1 1 1 1') },
      scenario({}),
      /dem\.asc, line 8, column 2, cell \(col 1, row 1\): "x" is not a number/,
    ],
    [
      'a DEM with too few rows',
      { 'dem.asc': goodDem.split('\n').slice(0, 8).join('\n') },
      scenario({}),
      /dem\.asc, line 8: file ends after 2 (data rows|lines of data), expected nrows = 3/,
    ],
    [
      'a DEM missing a header',
      { 'dem.asc': goodDem.replace('cellsize 10\n', '') },
      scenario({}),
      /dem\.asc, field cellsize: missing header "cellsize"/,
    ],
    [
      'a scenario with a misspelt key',
      { 'dem.asc': goodDem },
      scenario({ manning: undefined, manningg: 0.03 }),
      /scenario\.json.*(manningg|manning)/,
    ],
    [
      'a negative duration',
      { 'dem.asc': goodDem },
      scenario({ durationS: -5 }),
      /scenario\.json, at durationS: must be > 0/,
    ],
    [
      'a hydrograph out of time order',
      { 'dem.asc': goodDem },
      scenario({
        inflows: [
          {
            id: 'q',
            point: [5, 5],
            hydrograph: [
              [0, 1],
              [60, 2],
              [30, 1],
            ],
          },
        ],
      }),
      /scenario\.json, at inflows\[0\]\.hydrograph\[2\]\[0\]: times must increase: t = 30 comes after t = 60/,
    ],
    [
      'a point outside the grid',
      { 'dem.asc': goodDem },
      scenario({ outputs: { points: [{ id: 'far', x: 500, y: 5 }] } }),
      /scenario\.json, at outputs\.points\[0\]: point "far" \(500, 5\) is outside the DEM \(x 0…40, y 0…30\)/,
    ],
    [
      'a grid time after the end of the run',
      { 'dem.asc': goodDem },
      scenario({ outputs: { gridTimesS: [30, 90] } }),
      /scenario\.json, at outputs\.gridTimesS\[1\]: grid time 90 s is after the end of the run \(durationS = 60\)/,
    ],
    [
      'a scenario that is not JSON',
      { 'dem.asc': goodDem },
      '{ "name": "x", ',
      /scenario\.json, line 1, column \d+: not valid JSON/,
    ],
    ['a missing DEM file', {}, scenario({}), /scenario\.json, at dem: cannot read "dem\.asc"/],
  ];
  for (const [what, files, sc, message] of cases) {
    it(what, async () => {
      const { code, lines } = await runWith(files, sc);
      expect(code).toBe(2);
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it('the real binary exits non-zero with the message on stderr', () => {
    const r = spawnSync(process.execPath, [bin, 'run', join(dir, 'does-not-exist.json'), '--out', join(dir, 'x')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/does-not-exist\.json: cannot read the scenario: ENOENT/);
  });
});
