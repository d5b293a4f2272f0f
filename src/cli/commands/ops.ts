/**
 * `floodtwin ops <feeds.json> --out <dir> [--once] [--quiet]`
 * The operations runner: polls the feeds every `pollS`, advances the nowcast of the feeds file's
 * `ops.scenario` to now, issues a forecast every `ops.forecastEveryMin` and writes into <dir>:
 * warnings_<forecast>.csv / .geojson and warnings_latest.csv / .geojson (the households and premises to warn),
 * forecasts.jsonl (one line per forecast) and push_log.jsonl (every try to the `push` gateway).
 * --once: one poll, nowcast and forecast, then it exits once the pushes are delivered or have failed once.
 * Without --once and with `ops.controlUrl`, it listens there for the ops view's "forecast now"
 * (src/cli/opsControl.ts) and issues a forecast on the next step.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../../core/errors.ts';
import type { Grid } from '../../core/grid.ts';
import { makeTransform } from '../../io/crs.ts';
import { readGrid } from '../../io/readGrid.ts';
import { forecastRequestUrl, readFeedsFile } from '../../feeds/feedsFile.ts';
import type { FetchLike } from '../../feeds/sensorThings.ts';
import { OpsLoop } from '../../ops/opsLoop.ts';
import { opsTwinOf } from '../../ops/opsTwin.ts';
import { gaugeCellOf, gaugeInWater } from '../../ops/hotStart.ts';
import { coarseSetup } from '../../ops/coarseSetup.ts';
import { addGaugePoints } from '../../sim/evacuationRun.ts';
import { compilePlainFloodKernels } from '../../../workers/flood/wasm/loader.ts';
import { parseCommand, usageError } from '../args.ts';
import { serveOpsControl } from '../opsControl.ts';
import { loadRun } from '../scenarioRun.ts';

export const summary = 'run the operations centre: ops <feeds.json> --out <dir> [--once] [--quiet]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { out: { type: 'string' }, once: { type: 'boolean' }, quiet: { type: 'boolean' } },
    summary,
  );
  if (positionals.length !== 1) usageError('give exactly one feeds file', summary);
  if (!values.out) usageError('--out <dir> is required', summary);
  const loop = await openOpsLoop(positionals[0], resolve(values.out), (s) => {
    if (!values.quiet) process.stderr.write(`${s}\n`);
  });
  await loop.step(Date.now(), true);
  if (!values.once && loop.file.ops?.controlUrl) {
    await serveOpsControl(loop.file.ops.controlUrl, () => loop.requestForecast());
    if (!values.quiet)
      process.stderr.write(`"forecast now" requests: POST ${forecastRequestUrl(loop.file.ops.controlUrl)}\n`);
  }
  while (!values.once) {
    await sleep(loop.file.pollS * 1000);
    await loop.step(Date.now());
  }
  return 0;
}

/** The feeds file read, its scenario loaded and the loop ready to step, writing into `out`. */
export async function openOpsLoop(feedsPath: string, out: string, log: (s: string) => void): Promise<OpsLoop> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(feedsPath, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read the feeds file: ${(e as Error).message}`, { file: feedsPath });
  }
  const file = readFeedsFile(json, feedsPath);
  if (!file.ops)
    throw new InputError('the runner needs an "ops" section (scenario, startIso, inflow)', {
      file: feedsPath,
      path: 'ops',
    });
  const loaded = await loadRun(resolve(dirname(feedsPath), file.ops.scenario));
  if (!loaded.layers)
    throw new InputError('the ops scenario names no twin: the runner needs its buildings, shelters and roads', {
      file: feedsPath,
      path: 'ops.scenario',
    });
  const { prepared } = loaded;
  const setup = file.ops.cellSizeM
    ? coarseSetup(
        prepared.loaded,
        prepared.grids,
        {
          cellSizeM: file.ops.cellSizeM,
          channel: await channelMask(feedsPath, file.ops.channelGrid, file.ops.channelCodes),
          channelManningN: file.ops.channelManningN,
        },
        feedsPath,
      )
    : prepared.setup;
  if (setup !== prepared.setup) addGaugePoints(setup, loaded.layers);
  const hot = file.ops.hotStart?.stationId;
  if (hot !== undefined && !gaugeInWater(setup, gaugeCellOf(setup, hot))) {
    throw new InputError(
      `hot-start station "${hot}" must be a gauge of the twin standing in the scenario's initial water`,
      {
        file: feedsPath,
        path: 'ops.hotStart.stationId',
      },
    );
  }
  if (file.ops.inflow.index >= setup.inflows.length) {
    throw new InputError(`the scenario has ${setup.inflows.length} inflow(s); expected an index below that`, {
      file: feedsPath,
      path: 'ops.inflow.index',
    });
  }
  await mkdir(out, { recursive: true });
  const toLonLat = makeTransform(loaded.layers.epsg, 4326);
  log(
    `${prepared.loaded.scenario.name}: ${setup.ncols}×${setup.nrows} cells of ${setup.cellSize} m, ${loaded.layers.buildings.length} buildings; feeds every ${file.pollS} s`,
  );
  return new OpsLoop(file, setup, opsTwinOf(setup, loaded.layers), {
    fetchFn: fetchOnce,
    write: (name, text) => writeFile(join(out, name), text),
    append: (name, text) => appendFile(join(out, name), text),
    log,
    toLonLat: (x, y) => toLonLat(x, y) as [number, number],
    kernels: await compilePlainFloodKernels(),
  });
}

/** 1 on the cells of `rel` (relative to the feeds file) whose value is one of `codes`, else 0; null without a grid. */
async function channelMask(feedsPath: string, rel: string | undefined, codes: number[]): Promise<Grid | null> {
  if (!rel) return null;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(dirname(feedsPath), rel));
  } catch (e) {
    throw new InputError(`cannot read the channel grid "${rel}": ${(e as Error).message}`, {
      file: feedsPath,
      path: 'ops.channelGrid',
    });
  }
  const g = await readGrid(bytes, rel);
  return { ...g, values: g.values.map((v) => (codes.includes(v) ? 1 : 0)) };
}

/**
 * fetch, with a GET tried once more when the kept-alive socket it reused had been closed: a nowcast
 * blocks the loop for longer than a server's keep-alive timeout (Node's is 5 s), and the next request
 * on that socket fails ("other side closed", ECONNRESET) before reaching the server.
 */
const fetchOnce: FetchLike = async (url, init) => {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if ((init?.method ?? 'GET') !== 'GET' || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw e;
    return fetch(url, init);
  }
};
