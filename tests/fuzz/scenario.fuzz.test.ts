/**
 * Property fuzz of scenario JSON (issue 14): random structures, extreme numbers, long strings and odd
 * paths, alone or planted into the tiny scenario, go through validation (prepareRun, reading files as
 * the CLI does: src/cli/inputFiles.ts) and the first simulated seconds of a run. Every case must end in
 * a value or our error type (InputError, SimulationError), within a time bound, under a memory bound.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, SimulationError } from '../../src/core/errors.ts';
import { readInputFile } from '../../src/cli/inputFiles.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { compilePlainFloodKernels } from '../../workers/flood/wasm/loader.ts';

const CASES = 600;
/** simulated seconds run per case ("the first steps") */
const RUN_S = 0.5;
const CASE_MS = 10_000;
const HEAP_BYTES = 1.5 * 2 ** 30;

const dir = resolve(__dirname, '../../scenarios/tiny');
const tiny = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as Record<string, unknown>;
const read = (rel: string) => readInputFile(resolve(dir, rel), rel, { root: dir, allowOutside: false });

const extremeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    1e-300,
    -1e-300,
    1e-6,
    1e12,
    1e300,
    -1e300,
    2 ** 53,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    0.1,
    3600,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const oddPath = fc.constantFrom(
  '/dev/zero',
  '/etc/passwd',
  '../../../../etc/passwd',
  '//evil.example/x.tif',
  'https://evil.example/d.tif',
  'C:\\dem.asc',
  'dem.asc\u0000',
  'dem.asc\u001b[31m',
  '.',
  '',
  'scenario.json',
  'dem.asc/',
  '~/.ssh/id_rsa',
  'dem.asc',
);
const longString = fc.string({ minLength: 1000, maxLength: 20000 });
const value = fc.oneof(
  extremeNumber,
  oddPath,
  longString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.tuple(extremeNumber, extremeNumber), { maxLength: 6 }),
);
const PATHS = [
  'name',
  'dem',
  'twin',
  'manning',
  'durationS',
  'duration',
  'version',
  'edges',
  'edges.east',
  'rain',
  'rain.mmPerHour',
  'inflows',
  'inflows.0.point',
  'inflows.0.hydrograph',
  'outputs',
  'outputs.intervalS',
  'outputs.gridTimesS',
  'outputs.frameIntervalS',
  'outputs.points',
  'outputs.arrivalDepthM',
  'solver',
  'solver.maxDtS',
  'solver.alpha',
  'infiltration',
  'initialWaterLevel',
  'events',
  'interventions',
  'drainage',
  'evacuation',
  'startTime',
];

/** sets `path` (dots; numbers index arrays) in a copy of `base` */
function plant(base: Record<string, unknown>, path: string, v: unknown): Record<string, unknown> {
  const out = structuredClone(base);
  const keys = path.split('.');
  let o: Record<string, unknown> = out;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = v;
  return out;
}

const NUMERIC = [
  'manning',
  'durationS',
  'outputs.intervalS',
  'outputs.frameIntervalS',
  'outputs.arrivalDepthM',
  'solver.maxDtS',
  'solver.alpha',
  'initialWaterLevel',
  'rain.mmPerHour.1.1',
  'inflows.0.hydrograph.1.1',
  'outputs.gridTimesS.0',
  'inflows.0.point.0',
];
const positive = fc.oneof(
  fc.constantFrom(1e-300, 1e-6, 1e-3, 0.5, 60, 1e6, 1e12, 1e300),
  fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
);

const scenarioText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...NUMERIC), positive), { minLength: 1, maxLength: 3 })
      .map((ps) => JSON.stringify(ps.reduce((s, [p, v]) => plant(s, p, v), tiny))),
  },
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...PATHS), value), { minLength: 1, maxLength: 3 })
      .map((ps) => JSON.stringify(ps.reduce((s, [p, v]) => plant(s, p, v), tiny))),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((j) => JSON.stringify(j)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

type Outcome = 'value' | 'InputError' | 'SimulationError';

let kernels: WebAssembly.Module;
beforeAll(async () => {
  kernels = await compilePlainFloodKernels();
});

async function runCase(text: string): Promise<Outcome> {
  let prepared: Awaited<ReturnType<typeof prepareRun>>;
  try {
    prepared = await prepareRun(text, 'fuzz.json', read);
  } catch (e) {
    if (e instanceof InputError) return 'InputError';
    throw e;
  }
  const setup = prepared.setup;
  setup.durationS = Math.min(setup.durationS, RUN_S);
  setup.outputs.gridTimesS = setup.outputs.gridTimesS.filter((t) => t <= setup.durationS);
  try {
    const r = runFloodInProcess(setup, { kernels });
    expect(r.summary.simulatedS).toBeLessThanOrEqual(setup.durationS + 1e-9);
    return 'value';
  } catch (e) {
    if (e instanceof SimulationError || e instanceof InputError) return e.name as Outcome;
    throw e;
  }
}

describe('fuzz: scenario JSON through validation and the first seconds of a run', () => {
  it(`${CASES} cases end in a value or our error, each within ${CASE_MS} ms and under ${HEAP_BYTES / 2 ** 30} GiB of heap`, async () => {
    const tally: Record<Outcome, number> = { value: 0, InputError: 0, SimulationError: 0 };
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(scenarioText, async (text) => {
        if (process.env.FUZZ_LOG) (await import('node:fs')).writeFileSync(process.env.FUZZ_LOG, text);
        const t0 = performance.now();
        tally[await runCase(text)]++;
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        expect(ms).toBeLessThan(CASE_MS);
        expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_BYTES);
      }),
      { numRuns: CASES, seed: 14 },
    );
    console.log(`scenario fuzz: ${CASES} cases: ${JSON.stringify(tally)}, slowest ${slowest.toFixed(0)} ms`);
    expect(tally.value + tally.InputError + tally.SimulationError).toBe(CASES);
    expect(tally.value).toBeGreaterThan(0);
    expect(tally.InputError).toBeGreaterThan(0);
  }, 300_000);
});
