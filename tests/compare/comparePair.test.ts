/**
 * The compare worker's logic (src/sim/comparePair.ts) against the CLI's: B built from A's
 * text plus a drawn wall prepares to the same setup as levee-b.json read by `floodtwin compare`'s
 * `loadRun`, and the metrics table from the same run outputs is bit-identical to the CLI's path
 * (`resultGrid` + `scenarioMetrics` + `metricsTable` + `differenceMap`). The run outputs are a
 * synthetic still-water surface, so no flood run is needed here.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRun, resultGrid, type LoadedRun } from '../../src/cli/scenarioRun.ts';
import type { ReadFile } from '../../src/sim/prepareRun.ts';
import { metricsLayers, metricsTable, scenarioMetrics } from '../../src/sim/scenarioMetrics.ts';
import { differenceMap } from '../../workers/analysis/compare.ts';
import {
  finishPair,
  prepareSide,
  scenarioWithWall,
  sideGeometry,
  transferables,
  type PreparedSide,
  type SideOutputs,
} from '../../src/sim/comparePair.ts';

const root = resolve(__dirname, '../..');
const DURATION_S = 600;
const read: ReadFile = async (rel) => new Uint8Array(await readFile(resolve(root, 'scenarios', rel)));

let textA: string;
let wall: { line: [number, number][]; crestM: number };
let a: PreparedSide, b: PreparedSide;
let cliA: LoadedRun, cliB: LoadedRun;

/** still water at `level` over the bed (walls NaN as the engine leaves them), speed 0.7 m/s where wet */
function stillWater(z: Float32Array, level: number): SideOutputs {
  const maxDepth = new Float32Array(z.length);
  const maxSpeed = new Float32Array(z.length);
  for (let k = 0; k < z.length; k++) {
    const d = level - z[k];
    maxDepth[k] = Number.isNaN(d) ? 0 : d > 0 ? d : 0;
    maxSpeed[k] = d > 0 ? 0.7 : 0;
  }
  return { maxDepth, maxSpeed, summary: { drainage: { overflowed_m3: 12.5 } } };
}

beforeAll(async () => {
  textA = await readFile(join(root, 'scenarios/levee-a.json'), 'utf8');
  wall = JSON.parse(await readFile(join(root, 'scenarios/levee-b.json'), 'utf8')).interventions[0];
  a = await prepareSide(textA, 'levee-a.json', read, DURATION_S);
  b = await prepareSide(scenarioWithWall(textA, wall.line, wall.crestM), 'levee-a.json', read, DURATION_S);
  cliA = await loadRun(join(root, 'scenarios/levee-a.json'), DURATION_S);
  cliB = await loadRun(join(root, 'scenarios/levee-b.json'), DURATION_S);
});

describe('compare pair (the compare worker)', () => {
  it("B = A + the drawn wall: the wall is the last intervention, B's name says so, A is untouched", () => {
    const j = JSON.parse(scenarioWithWall(textA, wall.line, wall.crestM));
    expect(j.interventions.at(-1)).toEqual({
      kind: 'floodWall',
      id: 'drawn-wall',
      line: wall.line,
      crestM: wall.crestM,
    });
    expect(j.name).toBe(`${JSON.parse(textA).name} + drawn flood wall`);
    expect(() => scenarioWithWall(textA, [[1, 2]], 190)).toThrow(/at least 2 points/);
    expect(() => scenarioWithWall(textA, wall.line, NaN)).toThrow(/crest/);
  });

  it("prepares A and B to the same setups as the CLI's loadRun of levee-a.json and levee-b.json", () => {
    for (const [mine, cli] of [
      [a, cliA],
      [b, cliB],
    ] as const) {
      const s = mine.prepared.setup,
        c = cli.prepared.setup;
      expect(s.durationS).toBe(DURATION_S);
      expect([s.ncols, s.nrows, s.cellSize, s.xll, s.yll]).toEqual([c.ncols, c.nrows, c.cellSize, c.xll, c.yll]);
      expect(
        Buffer.from(s.z.buffer, s.z.byteOffset, s.z.byteLength).equals(
          Buffer.from(c.z.buffer, c.z.byteOffset, c.z.byteLength),
        ),
      ).toBe(true);
      expect(s.outputs.pointIds).toEqual(c.outputs.pointIds);
      expect(Array.from(s.outputs.pointCells)).toEqual(Array.from(c.outputs.pointCells));
      expect(s.outputs.gridTimesS).toEqual(c.outputs.gridTimesS);
    }
    // the wall raised the bed: B has cells at the 192 m crest that A has lower
    let raised = 0;
    const za = a.prepared.setup.z,
      zb = b.prepared.setup.z;
    for (let k = 0; k < za.length; k++) if (zb[k] > za[k]) raised++;
    expect(raised).toBeGreaterThan(100);
  });

  it("gives metrics rows bit-identical to the CLI's path for the same outputs (walls masked, layers, drainage)", () => {
    const level = 186.5;
    const ra = stillWater(a.prepared.setup.z, level),
      rb = stillWater(b.prepared.setup.z, level);
    const mine = finishPair(
      sideGeometry(a),
      sideGeometry(b),
      { ...ra, maxDepth: ra.maxDepth.slice(), maxSpeed: ra.maxSpeed.slice() },
      { ...rb, maxDepth: rb.maxDepth.slice(), maxSpeed: rb.maxSpeed.slice() },
    );
    // the CLI: outputs written with walls NaN (gridOf), then scenarioMetrics on resultGrid
    const cliSide = (run: LoadedRun, r: SideOutputs) => {
      const z = run.prepared.setup.z;
      const d = r.maxDepth.slice(),
        v = r.maxSpeed.slice();
      for (let k = 0; k < z.length; k++)
        if (Number.isNaN(z[k])) {
          d[k] = NaN;
          v[k] = NaN;
        }
      return {
        grid: resultGrid(run, d),
        m: scenarioMetrics({
          grid: resultGrid(run, d),
          maxDepth: d,
          maxSpeed: v,
          layers: metricsLayers(run.layers),
          summary: r.summary,
        }),
      };
    };
    const ca = cliSide(cliA, ra),
      cb = cliSide(cliB, rb);
    const rows = metricsTable(ca.m, cb.m);
    expect(mine.rows.map((r) => r.metric)).toEqual(rows.map((r) => r.metric));
    const differ = rows.flatMap((r, i) =>
      (['a', 'b', 'change'] as const).filter((k) => !Object.is(mine.rows[i][k], r[k])).map((k) => `${r.metric}.${k}`),
    );
    expect(differ).toEqual([]);
    // the figures are not trivial: people, roads and damage, and the sewer overflow passed through
    const row = (k: string) => mine.rows.find((r) => r.metric === k)!;
    expect(row('peopleExposed').a).toBeGreaterThan(0);
    expect(row('roadKmCut').a).toBeGreaterThan(0);
    expect(row('damage').a).toBeGreaterThan(0);
    expect(row('sewerOverflowM3').a).toBe(12.5);
    const diff = differenceMap(ca.grid, cb.grid);
    let same = true;
    for (let k = 0; k < diff.values.length; k++) if (!Object.is(diff.values[k], mine.diff.values[k])) same = false;
    expect(same).toBe(true);
    expect(mine.diff.crs).toEqual({ epsg: 32648 });
  });

  it('lists each ArrayBuffer once for transfer, never shared memory', () => {
    const buf = new ArrayBuffer(16);
    const x = new Float32Array(buf, 0, 2),
      y = new Float32Array(buf, 8, 2);
    const shared = new Float32Array(new SharedArrayBuffer(8));
    const other = new Int32Array(3);
    const t = transferables({ x, nested: [y, { other }], shared }, other);
    expect(t).toHaveLength(2);
    expect(t).toContain(buf);
    expect(t).toContain(other.buffer);
  });
});
