/**
 * Defect 3 (one scenario value crashes or hangs a run) and defect 2 (grids past what one engine holds):
 * each is refused by prepareRun, before anything is allocated, naming the JSON path and what to change.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { prepareRun } from '../../src/sim/prepareRun.ts';
import { checkRunBounds, engineMemoryBytes, WASM_MAX_BYTES } from '../../src/sim/runBounds.ts';
import type { FloodSetup } from '../../workers/flood/setup.ts';
import { createFloodBuffers } from '../../workers/flood/state.ts';

const dir = resolve(__dirname, '../../scenarios/tiny');
const tiny = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
const read = async (rel: string) => new Uint8Array(readFileSync(join(dir, rel)));

async function outcome(s: unknown): Promise<string> {
  try {
    await prepareRun(JSON.stringify(s), 's.json', read);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
}

describe('sane bounds on a run', () => {
  it.each([
    ['durationS 1e12', { durationS: 1e12 }, /at durationS: .*outside 0 … 31622400 s/],
    [
      'outputs.intervalS 1e-6',
      { outputs: { ...tiny.outputs, intervalS: 1e-6 } },
      /at outputs\.intervalS: .*more than 1000000; give an interval of at least 1 s/,
    ],
    [
      'solver.maxDtS 1e-300',
      { solver: { maxDtS: 1e-300 } },
      /at solver\.maxDtS: 1e-300 s is below 0\.001 s: the run would never end/,
    ],
    [
      'frameIntervalS 1e-6',
      { outputs: { ...tiny.outputs, frameIntervalS: 1e-6 } },
      /at outputs\.frameIntervalS: .*more than 20000/,
    ],
    [
      '100,000 gridTimesS',
      { outputs: { ...tiny.outputs, gridTimesS: Array.from({ length: 100_000 }, (_, i) => (i + 1) * 0.018) } },
      /at outputs\.gridTimesS: 100000 grid times, more than 1000/,
    ],
    [
      'gridTimesS that round to one file name',
      { outputs: { ...tiny.outputs, gridTimesS: [900.2, 900.4, 1800] } },
      /900\.2 and 900\.4 both round to depth_900\.asc/,
    ],
    [
      'initialWaterLevel 1e12 (the step would be microseconds)',
      { initialWaterLevel: 1e12 },
      /at initialWaterLevel: the initial water is up to 1\.00e\+12 m deep, more than 1000 m/,
    ],
    [
      'version-1 duration 1e300',
      (() => {
        const { durationS: _d, ...rest } = tiny;
        return { ...rest, duration: 1e300 };
      })(),
      /at durationS: .*outside/,
    ],
  ])('%s is refused with a clear error', async (_name, patch, msg) => {
    expect(await outcome('duration' in patch ? patch : { ...tiny, ...patch })).toMatch(msg);
  });

  it('the tiny scenario as it is passes, and with frameIntervalS 0 (no frames asked for)', async () => {
    expect(await outcome(tiny)).toBe('ok');
    expect(await outcome({ ...tiny, outputs: { ...tiny.outputs, frameIntervalS: 0 } })).toBe('ok');
  });

  it("the memory estimate is the engine's own allocation; the largest grid it accepts (~95 M cells) gets its memory", async () => {
    // defect 2: "~95 M cells and up: WebAssembly.Memory grow fails" — the check must refuse exactly what cannot be had
    const { setup } = await prepareRun(JSON.stringify(tiny), 's.json', read);
    for (const nBands of [1, 3])
      expect(engineMemoryBytes(setup, nBands)).toBe(createFloodBuffers(setup, nBands, false).memory.buffer.byteLength);
    const square = (side: number) =>
      ({
        ncols: side,
        nrows: side,
        cellSize: 5,
        durationS: 600,
        infiltration: null,
        solver: { maxDtS: 10 },
        outputs: { intervalS: 60, frameIntervalS: 60, gridTimesS: [600], pointCells: [] },
      }) as unknown as FloodSetup;
    let lo = 1000;
    let hi = 20000;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (engineMemoryBytes(square(mid), 1) <= WASM_MAX_BYTES) lo = mid;
      else hi = mid;
    }
    expect(lo * lo).toBeGreaterThan(95e6);
    expect(() => checkRunBounds(square(lo), 'edge.json')).not.toThrow();
    expect(() => checkRunBounds(square(lo + 1), 'edge.json')).toThrow(/past WebAssembly's 4 GiB/);
    // the memory itself (reserved, not touched: the OS hands pages out as they are written)
    const pages = engineMemoryBytes(square(lo), 1) / 65536;
    expect(new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer.byteLength).toBe(
      pages * 65536,
    );
  });

  it('a 36 M-cell grid fits one engine; a 100 M-cell one is refused naming the 4 GiB limit and the way out', () => {
    const setup = (ncols: number, nrows: number) =>
      ({
        ncols,
        nrows,
        cellSize: 5,
        durationS: 600,
        infiltration: null,
        solver: { maxDtS: 10 },
        outputs: { intervalS: 60, frameIntervalS: 60, gridTimesS: [600], pointCells: [] },
      }) as unknown as FloodSetup;
    const city = setup(6000, 6000);
    expect(engineMemoryBytes(city, 2)).toBeLessThan(WASM_MAX_BYTES);
    expect(() => checkRunBounds(city, 'city.json', { nBands: 2 })).not.toThrow();
    const big = setup(10000, 10000);
    expect(() => checkRunBounds(big, 'big.json')).toThrow(
      /100\.0 M cells need \d+ MiB of engine memory, past WebAssembly's 4 GiB .*coarser cells .*tiles/,
    );
    // the host's share is bounded too, when the host says what it has
    expect(() => checkRunBounds(city, 'city.json', { hostBytesAvailable: 2 ** 30 })).toThrow(
      /more than the 1024 MiB this machine has/,
    );
  });
});
