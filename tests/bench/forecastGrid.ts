/**
 * Is the ops runner's 25 m forecast grid fit for the 5 m twin's doors? The default twin on the
 * record (data/default/feeds.json's ops section: upstream stage through the rating curve, east edge
 * at the downstream stage) from record hour FG_START_H (148) to FG_END_H (172: a day through the
 * levee's first overtopping) from the scenario's initial water surface moved to the town gauge's record (ops.hotStart), once
 * at 25 m as the runner computes it (src/ops/coarseSetup.ts, 1 thread) and once at the DEM's 5 m
 * (runFloodNode, FG_WORKERS = 2 workers, wasm, active tiles), side by side. The e2e shows the 25 m
 * forecast equals the 25 m hindcast on this record, so the 25 m run here stands for its warnings.
 * Per door (the cell under each building's centroid, opsTwinOf): flooded = max depth >= the run's
 * arrival depth (0.1 m). Prints the share of the 5 m run's flooded doors the 25 m run warns, the
 * needless share, the arrival-time and depth differences, and every door the 25 m run misses with
 * the ground of its 5 m cell and of its 25 m block, and the water level at the town gauge each hour
 * on both grids against the record (a river that runs high tops the levee early).
 * While the 5 m run goes, each frame prints the doors it has flooded so far and how many the 25 m run
 * warns. Per-door figures go to FG_OUT (default $TMPDIR/floodtwin-forecast-grid.json).
 * Long: the 5 m run takes the 2 cores for tens of minutes or more.
 *   nice -n 10 npm run bench -- forecastGrid
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openOpsLoop } from '../../src/cli/commands/ops.ts';
import { loadRun } from '../../src/cli/scenarioRun.ts';
import { demoStations } from '../../src/feeds/demo/demoFeed.ts';
import { gaugeCellOf } from '../../src/ops/hotStart.ts';
import { Nowcast } from '../../src/ops/nowcast.ts';
import { opsTwinOf } from '../../src/ops/opsTwin.ts';
import type { Door } from '../../src/ops/buildingForecast.ts';
import { runFloodNode } from '../../src/sim/floodRunNode.ts';
import type { FloodResult } from '../../workers/flood/result.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';

const H = 3600;
const HMS = 3.6e6;

export async function benchForecastGrid(
  startH = Number(process.env.FG_START_H ?? 148),
  endH = Number(process.env.FG_END_H ?? 172),
  workers = Number(process.env.FG_WORKERS ?? 2),
): Promise<void> {
  const stations = demoStations(readFileSync('data/default/gauges.geojson', 'utf8'), (f) =>
    readFileSync(`data/default/${f}`, 'utf8'),
  );
  const t0 = stations[0].times[0];
  // the record from startH, in s from the run start
  const rec = (id: string): [number, number][] => {
    const s = stations.find((x) => x.id === id)!;
    return Array.from(s.times, (t, k): [number, number] => [(t - t0 - startH * HMS) / 1000, s.values[k]]).filter(
      ([t]) => t >= 0,
    );
  };
  const app = JSON.parse(readFileSync('data/default/feeds.json', 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'floodtwin-forecast-grid-'));
  const startMs = t0 + startH * HMS;
  const file = {
    ...app,
    ops: {
      ...app.ops,
      scenario: resolve('data/default', app.ops.scenario),
      channelGrid: resolve('data/default', app.ops.channelGrid),
      startIso: new Date(startMs).toISOString(),
    },
  };
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify(file));
  try {
    // the runner's 25 m grid and boundaries, as `floodtwin ops` opens them
    const loop = await openOpsLoop(join(dir, 'feeds.json'), join(dir, 'out'), () => {});
    const coarse = loop.nowcast;
    const durationS = (endH - startH) * H;
    // both start with the river at the town gauge's recorded stage (ops.hotStart), as the runner does
    const hotStage = stations.find((x) => x.id === 'town')?.values[startH] ?? Number.NaN;
    coarse.hotStart(gaugeCellOf(coarse.base, 'town'), hotStage);
    const setup25 = coarse.setupWith(rec('upstream'), rec('downstream'), durationS);
    // the same scenario at the DEM's cells, with the same boundaries
    const fine = await loadRun(file.ops.scenario);
    if (!fine.layers) throw new Error('the ops scenario names no twin');
    const fineNowcast = new Nowcast(fine.prepared.setup, startMs, coarse.bounds);
    fineNowcast.hotStart(gaugeCellOf(fine.prepared.setup, 'town'), hotStage);
    const setup5 = fineNowcast.setupWith(rec('upstream'), rec('downstream'), durationS);
    const doors25 = loop.runner.twin.doors;
    const twin5 = opsTwinOf(fine.prepared.setup, fine.layers);
    const doors5 = twin5.doors;
    const useOf = new Map(twin5.buildings.map((b) => [b.id, b.use]));
    const arrivalDepthM = setup5.outputs.arrivalDepthM;
    console.log(
      `record hours ${startH}–${endH} (${durationS} s) from the initial water surface; 25 m: ${setup25.ncols}×${setup25.nrows} cells, 1 thread; 5 m: ${setup5.ncols}×${setup5.nrows} cells, ${workers} workers, wasm, active tiles`,
    );
    const wall0 = performance.now();
    let res25: FloodResult | null = null;
    let wall25 = 0;
    const run25 = runFloodNode(setup25, 1).then((r) => {
      wall25 = (performance.now() - wall0) / 1000;
      res25 = r;
      console.log(`25 m run done: ${wall25.toFixed(0)} s wall, ${r.summary.steps} steps`);
      return r;
    });
    // running max depth at the 5 m doors, frame by frame, for the progress lines
    const max5 = new Float32Array(doors5.length);
    const run5 = runFloodNode(
      setup5,
      workers,
      {
        onFrame: (t, depth) => {
          doors5.forEach((d, i) => {
            if (d.cell >= 0 && depth[d.cell] > max5[i]) max5[i] = depth[d.cell];
          });
          const wet = doors5.flatMap((_, i) => (max5[i] >= arrivalDepthM ? [i] : []));
          const r = res25 as FloodResult | null;
          const warned = r
            ? wet.filter((i) => doors25[i].cell >= 0 && r.maxDepth[doors25[i].cell] >= arrivalDepthM)
            : [];
          console.log(
            `  5 m at hour ${(startH + t / H).toFixed(1)} (${((performance.now() - wall0) / 1000).toFixed(0)} s wall): ${wet.length} doors flooded so far (frames), ${r ? `${warned.length} of them flooded at 25 m` : '25 m not done'}`,
          );
        },
      },
      'wasm',
    );
    const [r25, r5] = await Promise.all([run25, run5]);
    const wall5 = (performance.now() - wall0) / 1000;
    console.log(`5 m run done: ${wall5.toFixed(0)} s wall, ${r5.summary.steps} steps`);
    const cmp = compareDoors(doors5, doors25, r5, r25, arrivalDepthM);
    // the river at the town gauge on both grids against the record: a river running high tops the levee early
    const town = stations.find((s) => s.id === 'town');
    const lv5 = pointLevels(setup5, r5, 'town');
    const lv25 = pointLevels(setup25, r25, 'town');
    for (const [t, l5] of lv5) {
      const h = startH + t / H;
      if (!Number.isInteger(h) || !town) continue;
      console.log(
        `  town gauge at hour ${h}: 5 m ${l5.toFixed(2)} m, 25 m ${(lv25.get(t) ?? NaN).toFixed(2)} m, recorded ${town.values[h].toFixed(2)} m`,
      );
    }
    report(cmp, startH, useOf, fine.prepared.setup.z, setup25.z, doors5, doors25);
    const out = process.env.FG_OUT ?? join(tmpdir(), 'floodtwin-forecast-grid.json');
    writeFileSync(out, JSON.stringify({ startH, endH, wall25, wall5, doors: cmp }, null, 1));
    console.log(`per-door figures: ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Water level (ground + depth) at an output point, by time (s). */
function pointLevels(setup: FloodSetup, r: FloodResult, id: string): Map<number, number> {
  const np = setup.outputs.pointIds.length;
  const i = setup.outputs.pointIds.indexOf(id);
  const out = new Map<number, number>();
  if (i < 0) return out;
  const z = setup.z[setup.outputs.pointCells[i]];
  r.pointTimes.forEach((t, k) => {
    out.set(t, z + r.pointDepths[k * np + i]);
  });
  return out;
}

interface DoorPair {
  id: string;
  /** max depth at the door, m, at 5 m and at 25 m */
  depth5: number;
  depth25: number;
  /** s from the run start when the door floods (NaN: it does not) */
  arrival5: number;
  arrival25: number;
}

/** Each door's max depth and arrival in the two runs (doors of the same buildings, in the same order). */
function compareDoors(
  doors5: Door[],
  doors25: Door[],
  r5: FloodResult,
  r25: FloodResult,
  arrivalDepthM: number,
): DoorPair[] {
  const at = (r: FloodResult, cell: number) => {
    const depth = cell >= 0 ? r.maxDepth[cell] : 0;
    const arrival = depth >= arrivalDepthM && cell >= 0 ? r.arrivalTime[cell] : NaN;
    return { depth, arrival };
  };
  return doors5.map((d, i) => {
    if (doors25[i].id !== d.id) throw new Error(`door ${i}: ${d.id} at 5 m, ${doors25[i].id} at 25 m`);
    const a = at(r5, d.cell);
    const b = at(r25, doors25[i].cell);
    return { id: d.id, depth5: a.depth, depth25: b.depth, arrival5: a.arrival, arrival25: b.arrival };
  });
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

/** min, 5 %, median, 95 %, max */
const spread = (xs: number[], digits: number): string =>
  [0, 0.05, 0.5, 0.95, 1]
    .map((p, k) => `${['min', '5 %', 'median', '95 %', 'max'][k]} ${quantile(xs, p).toFixed(digits)}`)
    .join(', ');

function report(
  cmp: DoorPair[],
  startH: number,
  useOf: Map<string, string>,
  z5: Float32Array,
  z25: Float32Array,
  doors5: Door[],
  doors25: Door[],
): void {
  const flooded5 = cmp.filter((p) => Number.isFinite(p.arrival5));
  const warned25 = cmp.filter((p) => Number.isFinite(p.arrival25));
  const both = flooded5.filter((p) => Number.isFinite(p.arrival25));
  const missed = flooded5.filter((p) => !Number.isFinite(p.arrival25));
  const needless = warned25.filter((p) => !Number.isFinite(p.arrival5));
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  const homes = (ps: DoorPair[]) => ps.filter((p) => useOf.get(p.id) === 'residential').length;
  console.log(
    `doors flooded at 5 m: ${flooded5.length} (${homes(flooded5)} homes); flooded at 25 m (warned): ${warned25.length} (${homes(warned25)} homes)`,
  );
  console.log(
    `  the 25 m run warns ${both.length} of the 5 m run's ${flooded5.length} flooded doors: ${pct(both.length, flooded5.length)}; needless ${needless.length} of ${warned25.length}: ${pct(needless.length, warned25.length)}`,
  );
  const dArr = both.map((p) => (p.arrival25 - p.arrival5) / 60);
  const dDep = both.map((p) => p.depth25 - p.depth5);
  console.log(`  arrival 25 m − 5 m, min (positive: the 25 m run says later): ${spread(dArr, 1)}`);
  const late = dArr.filter((m) => m > 60).length;
  console.log(`  doors where the 25 m arrival is over 1 h later than at 5 m: ${late} of ${both.length}`);
  console.log(`  max depth 25 m − 5 m at the door, m: ${spread(dDep, 2)}`);
  const idx = new Map(doors5.map((d, i) => [d.id, i]));
  const why = (p: DoorPair) => {
    const i = idx.get(p.id)!;
    const g5 = doors5[i].cell >= 0 ? z5[doors5[i].cell] : NaN;
    const g25 = doors25[i].cell >= 0 ? z25[doors25[i].cell] : NaN;
    const when = (s: number) => (Number.isFinite(s) ? ` from hour ${(startH + s / H).toFixed(1)}` : '');
    return `${p.id} (${useOf.get(p.id)}): 5 m depth ${p.depth5.toFixed(2)} m${when(p.arrival5)}, 25 m depth ${p.depth25.toFixed(2)} m${when(p.arrival25)}; ground 5 m ${g5.toFixed(2)}, 25 m block ${g25.toFixed(2)} (+${(g25 - g5).toFixed(2)})`;
  };
  console.log(`  missed by the 25 m run (${missed.length}):`);
  for (const p of missed) console.log(`    ${why(p)}`);
  console.log(`  needless at 25 m (${needless.length}):`);
  for (const p of needless.slice(0, 40)) console.log(`    ${why(p)}`);
}
