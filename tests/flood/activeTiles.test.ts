/**
 * Active tiles (workers/flood/activeTiles.ts) skip dry tiles with results byte-identical to
 * computing every cell: every output file of `floodtwin run` compared byte for byte, dense against
 * tiles and 1 worker against 2, and in process on a dam break whose tiles wake as the water comes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedSplit } from '../../workers/flood/activeTiles.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { createFloodBuffers, floodArrays } from '../../workers/flood/state.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';
import { demFrom, setupFor } from './helpers.ts';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/floodtwin.mjs');

/** Every string in the scenario that names a file next to it, made absolute (the copy lives elsewhere). */
function absolutePaths(v: unknown, dir: string): unknown {
  if (typeof v === 'string')
    return !v.startsWith('/') && existsSync(resolve(dir, v)) && v.includes('.') ? resolve(dir, v) : v;
  if (Array.isArray(v)) return v.map((x) => absolutePaths(x, dir));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, absolutePaths(x, dir)]));
  return v;
}

/** A copy of a scenario in `tmp` with solver options changed; returns its path. */
function variant(scenario: string, tmp: string, name: string, solver: Record<string, unknown>): string {
  const file = join(root, 'scenarios', scenario);
  const s = absolutePaths(JSON.parse(readFileSync(file, 'utf8')), dirname(file)) as Record<string, unknown>;
  s.solver = { ...((s.solver as object) ?? {}), ...solver };
  // src/sim/runBounds.ts (main, 05:40) refuses the default frameIntervalS 0: one frame a minute
  const outputs = s.outputs as Record<string, unknown>;
  if (!outputs.frameIntervalS) outputs.frameIntervalS = 60;
  const out = join(tmp, `${name}.json`);
  writeFileSync(out, JSON.stringify(s));
  return out;
}

function run(scenario: string, out: string, workers: number, durationS: number): void {
  execFileSync(process.execPath, [
    bin,
    'run',
    scenario,
    '--out',
    out,
    '--workers',
    String(workers),
    '--duration-s',
    String(durationS),
    '--quiet',
    '--allow-outside',
  ]);
}

/**
 * summary.json without what may differ between equal runs: wall times, worker count, tile share,
 * and the hash of the scenario text (the copies differ in their solver options)
 */
function summaryOf(dir: string): Record<string, unknown> {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  for (const k of ['solverWallS', 'cellUpdatesPerS', 'barrierWaitS', 'workers', 'activeTileShare', 'scenarioHash'])
    delete s[k];
  if (s.drainage) delete s.drainage.wallS;
  if (s.evacuation) delete s.evacuation.wallS;
  return s;
}

function expectSameFiles(a: string, b: string): void {
  const files = readdirSync(a).sort();
  expect(readdirSync(b).sort()).toEqual(files);
  for (const f of files) {
    if (f === 'summary.json') expect(summaryOf(b)).toEqual(summaryOf(a));
    else expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), `${f} differs`).toBe(true);
  }
}

const share = (dir: string): number => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).activeTileShare;

// a river with a stage boundary and a line inflow into a dry town; the river flood with its
// sewers coupled to the surface (the coupler's cells are sources), with tiles of 16 cells
const CASES = [
  { scenario: 'levee-a.json', durationS: 180, tileSize: 32 },
  { scenario: 'small-river-flood.json', durationS: 120, tileSize: 16 },
];

describe.each(CASES)(
  'floodtwin run $scenario: active tiles against every cell',
  ({ scenario, durationS, tileSize }) => {
    const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-tiles-'));
    const dense = join(tmp, 'dense');
    const tiles1 = join(tmp, 'tiles1');
    const tiles2 = join(tmp, 'tiles2');
    beforeAll(() => {
      run(variant(scenario, tmp, 'dense', { activeTiles: false }), dense, 1, durationS);
      const tiled = variant(scenario, tmp, 'tiles', { activeTiles: true, tileSize });
      run(tiled, tiles1, 1, durationS);
      run(tiled, tiles2, 2, durationS);
    }, 300_000);

    it('skips some tiles', () => {
      expect(share(dense)).toBe(1);
      expect(share(tiles1)).toBeLessThan(0.95);
      expect(share(tiles2)).toBe(share(tiles1));
    });

    it('writes the same bytes as the dense engine, with 1 and 2 workers', () => {
      expectSameFiles(dense, tiles1);
      expectSameFiles(dense, tiles2);
    });
  },
);

describe('a dam break on a dry plain, in process', () => {
  // 96 × 80 cells of 5 m, a gentle slope, a 2 m column of water in the north-west corner
  const dem = demFrom(96, 80, 5, (c, r) => 10 + 0.002 * (c + r) * 5 + 0.05 * Math.sin(c * 0.7) * Math.cos(r * 0.5));
  const initial = new Float32Array(96 * 80);
  for (let r = 5; r < 15; r++) for (let c = 5; c < 15; c++) initial[r * 96 + c] = 2;
  const scenario = (activeTiles: boolean) => ({
    durationS: 240,
    edges: { north: 'closed', south: 'closed', west: 'closed', east: { free: { slope: 0.002 } } },
    outputs: { intervalS: 30, gridTimesS: [], arrivalDepthM: 0.01, points: [{ id: 'p', x: 300, y: 300 }] },
    solver: { activeTiles, tileSize: 16 },
  });
  let dense: FloodResult;
  let tiled: FloodResult;
  /** the same with the JavaScript kernels (their column ranges too) */
  let jsTiled: FloodResult;
  beforeAll(async () => {
    const kernels = await compilePlainFloodKernels();
    const setup = (activeTiles: boolean) => ({ ...setupFor(dem, scenario(activeTiles)), initialDepth: initial });
    dense = runFloodInProcess(setup(false), { kernels });
    tiled = runFloodInProcess(setup(true), { kernels });
    jsTiled = runFloodInProcess(setup(true));
  }, 120_000);

  it('wakes the tiles ahead of the water: depths, maxima, speeds and arrival bit for bit', () => {
    expect(tiled.summary.activeTileShare).toBeLessThan(0.8);
    expect(tiled.summary.wetCells).toBeGreaterThan(500);
    const bits = (f: Float32Array | Float64Array) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
    for (const k of ['depth', 'maxDepth', 'maxSpeed', 'arrivalTime', 'pointDepths'] as const) {
      expect(bits(tiled[k]), k).toEqual(bits(dense[k]));
      expect(bits(jsTiled[k]), `${k} (JavaScript kernels)`).toEqual(bits(dense[k]));
    }
    expect(jsTiled.summary.activeTileShare).toBe(tiled.summary.activeTileShare);
    expect(tiled.summary.massBalance).toEqual(dense.summary.massBalance);
    expect(tiled.summary.steps).toBe(dense.summary.steps);
  });
});

describe('balancedSplit', () => {
  it('gives each band about the same number of active tiles, and every band its minimum of rows', () => {
    // 64 × 256 cells, tiles of 16: 4 tile columns, 16 tile rows; water only in rows 200 … 255
    const dem = demFrom(64, 256, 5, () => 10);
    const setup = setupFor(dem, { durationS: 10, solver: { tileSize: 16 } });
    const a = floodArrays(createFloodBuffers(setup, 2, false));
    for (let r = 200; r < 256; r++) for (let tc = 0; tc < 4; tc++) a.rowWet[r * 4 + tc] = 1;
    const split = balancedSplit(setup, a, 0, 2);
    expect(split[0]).toBe(0);
    expect(split[2]).toBe(256);
    // active: tile rows 11 … 15 (12 … 15 wet, 11 their neighbour) = 20 tiles; skipped 44 × 0.05
    // = 2.2: half the work is 11.1, reached inside tile row 13
    expect(split[1]).toBeGreaterThan(208);
    expect(split[1]).toBeLessThan(224);
    // all dry: an even split; all wet at the bottom 2 rows: the minimum of rows for the last band
    a.rowWet.fill(0);
    expect(Math.abs(balancedSplit(setup, a, 0, 2)[1] - 128)).toBeLessThanOrEqual(1);
    for (let tc = 0; tc < 4; tc++) a.rowWet[255 * 4 + tc] = 1;
    expect(balancedSplit(setup, a, 0, 4, 4)[3]).toBeLessThanOrEqual(252);
  });
});
