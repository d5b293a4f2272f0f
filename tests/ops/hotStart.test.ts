/**
 * The nowcast's hot start (src/ops/hotStart.ts): the initial river moved to a gauge's reading, by hand
 * on a row of cells, and on a straight channel, where a hot start to the normal depth of the flow
 * (Manning, wide channel) has that level at the gauge from the start and again once the start-up surge
 * has passed (the water starts at rest: a hot start sets levels, not velocities), while a cold start
 * begins metres below it.
 */
import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/core/grid.ts';
import { DEFAULT_DEMO, DemoFeed, type DemoStation } from '../../src/feeds/demo/demoFeed.ts';
import { parseFaults } from '../../src/feeds/demo/main.ts';
import { readFeedsFile } from '../../src/feeds/feedsFile.ts';
import type { FetchLike } from '../../src/feeds/sensorThings.ts';
import { Nowcast } from '../../src/ops/nowcast.ts';
import { OpsLoop } from '../../src/ops/opsLoop.ts';
import { gaugeCellOf, gaugeInWater, hotStartDepth } from '../../src/ops/hotStart.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { demFrom, setupFor } from '../flood/helpers.ts';

const round = (a: Float32Array) => Array.from(a, (v) => Math.round(v * 1000) / 1000);

describe('hotStartDepth', () => {
  // a river (cells 0-1, level 1.0), its bank (1.0, 1.6), a levee (3.0), a pond behind it (level 0.8), dry ground (0.8)
  const row = {
    ncols: 7,
    nrows: 1,
    z: Float32Array.of(0, 0, 1.0, 1.6, 3.0, 0.5, 0.8),
    initialDepth: Float32Array.of(1, 1, 0, 0, 0, 0.3, 0),
  };

  it('raises the river and fills the bank below the new level; the levee holds the pond back', () => {
    expect(round(hotStartDepth(row, 0, 1.8))).toEqual([1.8, 1.8, 0.8, 0.2, 0, 0.3, 0]);
  });

  it('over the levee crest the pond and the ground behind fill to the river level', () => {
    expect(round(hotStartDepth(row, 1, 3.5))).toEqual([3.5, 3.5, 2.5, 1.9, 0.5, 3, 2.7]);
  });

  it('lowers the river alone, to dry ground at the least', () => {
    expect(round(hotStartDepth(row, 0, 0.4))).toEqual([0.4, 0.4, 0, 0, 0, 0.3, 0]);
    expect(round(hotStartDepth(row, 0, -0.5))).toEqual([0, 0, 0, 0, 0, 0.3, 0]);
  });

  it('spreads through faces, not corners, and refuses a gauge on dry ground', () => {
    // 3 x 2: the river in the north-west corner; the low cell south-east of it touches it only at a corner
    const g = {
      ncols: 3,
      nrows: 2,
      z: Float32Array.of(0, 5, 5, 5, 0, 5),
      initialDepth: Float32Array.of(1, 0, 0, 0, 0, 0),
    };
    expect(round(hotStartDepth(g, 0, 2))).toEqual([2, 0, 0, 0, 0, 0]);
    expect(gaugeInWater(g, 4)).toBe(false);
    expect(() => hotStartDepth(g, 4, 2)).toThrow(/cell 4 is dry/);
    expect(() => hotStartDepth(g, 0, Number.NaN)).toThrow(/stage must be a number/);
  });
});

describe('a hot-started nowcast on a straight channel', () => {
  // 60 x 5 cells of 20 m: walls on rows 0 and 4, a 60 m wide channel on rows 1-3, bed slope 1e-3
  const NC = 60;
  const CS = 20;
  const S = 1e-3;
  const N = 0.03;
  const Q = 240;
  const bed = (c: number) => 10 - S * (c + 0.5) * CS;
  const dem = demFrom(NC, 5, CS, (c, r) => (r === 0 || r === 4 ? 30 : bed(c)));
  // normal depth of q = Q / 60 m² /s on a wide channel: h = (q n / √S)^(3/5) = 2.226 m
  const hN = (((Q / 60) * N) / Math.sqrt(S)) ** 0.6;
  const level0 = makeGrid(NC, 5, CS);
  for (let r = 0; r < 5; r++) for (let c = 0; c < NC; c++) level0.values[r * NC + c] = bed(c) + 0.3;
  const GAUGE = 30;
  const setup = setupFor(
    dem,
    {
      manning: N,
      durationS: 600,
      initialWaterLevel: 'level.asc',
      edges: { north: 'closed', south: 'closed', west: 'closed', east: { stage: [[0, bed(NC - 1) + hN]] } },
      inflows: [
        {
          id: 'up',
          line: [
            [1.5 * CS, 1.05 * CS],
            [1.5 * CS, 3.95 * CS],
          ],
          hydrograph: [[0, Q]],
        },
      ],
      outputs: { points: [{ id: 'gauge', x: (GAUGE + 0.5) * CS, y: 2.5 * CS }], intervalS: 60 },
    },
    { initialWaterLevel: level0 },
  );
  const cell = gaugeCellOf(setup, 'gauge');
  const bounds = {
    inflow: { index: 0, stationId: 'up', rating: { a: 1, h0: 0, b: 1 }, baseFlowM3s: Q, recessionKS: 1 },
  };
  /** the gauge's water level at 60 and 600 s, from a setup whose initial depths are `depth` */
  const levels = (depth: Float32Array | null) => {
    const r = runFloodInProcess({ ...setup, initialDepth: depth });
    return [60, 600].map((t) => setup.z[cell] + r.pointDepths[Array.from(r.pointTimes).indexOf(t)]);
  };

  it('is at the normal level at the start and after the start-up surge; a cold start is metres below', () => {
    expect(hN).toBeCloseTo(2.226, 3);
    const nowcast = new Nowcast(setup, 0, bounds);
    const shift = nowcast.hotStart(cell, bed(GAUGE) + hN);
    expect(shift).toBeCloseTo(hN - 0.3, 5);
    const hot = nowcast.setupWith([[0, Q]], null, 600).initialDepth as Float32Array;
    // the whole channel is at the normal depth: a flat shift of a profile parallel to the bed
    expect(hot[2 * NC + 10]).toBeCloseTo(hN, 4);
    for (const l of levels(hot)) expect(Math.abs(l - (bed(GAUGE) + hN))).toBeLessThan(0.05);
    const cold = levels(setup.initialDepth);
    console.log(
      `gauge − normal level at 60 / 600 s: hot ${levels(hot).map((l) => (l - bed(GAUGE) - hN).toFixed(3))}, cold ${cold.map((l) => (l - bed(GAUGE) - hN).toFixed(3))}`,
    );
    expect(bed(GAUGE) + hN - cold[0]).toBeGreaterThan(1.5);
  });

  /** the runner on this channel with a demo feed of the inflow's stage and the gauge, `dead` the gauge's silence */
  async function firstStep(dead: boolean): Promise<{ log: string[]; loop: OpsLoop }> {
    const rating = { a: 30, h0: 5, b: 1.6 };
    const hours = [0, 1, 2, 3];
    const START = Date.parse('2024-07-08T00:00:00Z');
    // readings that wobble by a centimetre, so no flat-line flag
    const station = (id: string, v: number): DemoStation => ({
      id,
      name: id,
      nameZh: id,
      lonLat: [106.5, 29.6],
      warningLevelM: 99,
      guaranteedLevelM: 99,
      times: Float64Array.from(hours, (k) => START + k * 3.6e6),
      values: Float64Array.from(hours, (k) => v + 0.01 * (k % 2)),
    });
    const stations = [station('up', rating.h0 + (Q / rating.a) ** (1 / rating.b)), station('gauge', bed(GAUGE) + hN)];
    const clock = { hour: 0 };
    const feed = new DemoFeed(
      stations,
      { ...DEFAULT_DEMO, faults: parseFaults({ dead: dead ? ['gauge:0'] : [] }) },
      () => START + clock.hour * 3.6e6,
    );
    const root = 'http://127.0.0.1:8091/v1.1';
    const fetchFn: FetchLike = async (url) => {
      const [status, body] = feed.answer(url.slice(root.length - 5), root);
      return { ok: status < 300, status, text: async () => JSON.stringify(body) };
    };
    const file = readFeedsFile({
      clock: 'feed',
      stations: stations.map((x, i) => ({ id: x.id, protocol: 'sensorthings', baseUrl: root, datastream: i + 1 })),
      ops: {
        scenario: 'channel.json',
        startIso: new Date(START).toISOString(),
        inflow: { stationId: 'up', rating, baseFlowM3s: Q, recessionKS: 3600 },
        hotStart: { stationId: 'gauge' },
      },
    });
    const log: string[] = [];
    const twin = { doors: [], buildings: [], shelters: [], roads: [], arrivalDepthM: 0.1 };
    const frames = { ...setup, outputs: { ...setup.outputs, frameIntervalS: 600 } };
    const loop = new OpsLoop(file, frames, twin, {
      fetchFn,
      write: async () => {},
      append: async () => {},
      log: (l) => log.push(l),
      toLonLat: (x, y) => [x, y],
    });
    await loop.step(0);
    clock.hour = 1;
    await loop.step(0);
    return { log, loop };
  }

  it('the runner hot-starts from the reading at the start, and says so; a dead gauge gives a cold start', async () => {
    const hot = await firstStep(false);
    expect(hot.log.find((l) => l.startsWith('hot start'))).toBe(
      `hot start: the river moved +${(hN - 0.3).toFixed(2)} m to gauge's ${(bed(GAUGE) + hN).toFixed(2)} m`,
    );
    expect(hot.loop.nowcast.setupWith([[0, 1]], null, 60).initialDepth?.[cell]).toBeCloseTo(hN, 2);
    const cold = await firstStep(true);
    expect(cold.log.find((l) => l.startsWith('hot start'))).toMatch(/no usable reading of gauge within an hour/);
    expect(cold.loop.nowcast.setupWith([[0, 1]], null, 60).initialDepth?.[cell]).toBeCloseTo(0.3, 4);
    expect(cold.loop.nowcast.checkpoint).not.toBeNull();
  });

  it('is refused once the nowcast has begun', () => {
    const nowcast = new Nowcast(setup, 0, bounds);
    nowcast.checkpoint = {} as never;
    expect(() => nowcast.hotStart(cell, bed(GAUGE) + hN)).toThrow(/after the nowcast has begun/);
  });
});
