/**
 * `floodtwin run --engine`: the tiny scenario's first 900 s on the GPU engine (Dawn for Node on SwiftShader's
 * Vulkan, as tests/flood/gpuDevice.ts) agrees with the CPU engine and summary.json says which
 * engine and adapter ran; a bad --engine is one clear line. Skipped where Dawn finds no adapter.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { noGpuReason, testGpu } from './gpuDevice.ts';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/floodtwin.mjs');
const tiny = join(root, 'scenarios/tiny/scenario.json');
// testGpu() puts VK_ADD_DRIVER_FILES (SwiftShader) into process.env, which the CLI inherits
const gpu = await testGpu();
const maybe = gpu ? describe : describe.skip;
if (!gpu) console.warn(`GPU CLI test skipped: ${noGpuReason}`);

maybe('floodtwin run --engine gpu on the tiny scenario', () => {
  it('agrees with --engine cpu and records the engine and adapter', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'floodtwin-gpu-cli-'));
    execFileSync(
      process.execPath,
      [bin, 'run', tiny, '--out', join(tmp, 'gpu'), '--engine', 'gpu', '--duration-s', '900', '--quiet'],
      { stdio: 'pipe' },
    );
    execFileSync(
      process.execPath,
      [
        bin,
        'run',
        tiny,
        '--out',
        join(tmp, 'cpu'),
        '--engine',
        'cpu',
        '--workers',
        '1',
        '--duration-s',
        '900',
        '--quiet',
      ],
      { stdio: 'pipe' },
    );
    const g = JSON.parse(readFileSync(join(tmp, 'gpu', 'summary.json'), 'utf8'));
    const c = JSON.parse(readFileSync(join(tmp, 'cpu', 'summary.json'), 'utf8'));
    expect(g.engine).toBe('gpu');
    expect(g.adapter).toBe(gpu!.adapter);
    expect(c.engine).toBe('cpu');
    expect(c.adapter).toBeNull();
    expect(g.simulatedS).toBe(900);
    expect(Math.abs(g.massBalance.storedM3 - c.massBalance.storedM3) / c.massBalance.storedM3).toBeLessThan(1e-5);
    expect(Math.abs(g.massBalance.outflowM3 - c.massBalance.outflowM3) / c.massBalance.outflowM3).toBeLessThan(1e-3);
    expect(g.massBalance.relativeError).toBeLessThan(1e-5);
    const gm = readAsciiGrid(readFileSync(join(tmp, 'gpu', 'max_depth.asc'), 'utf8')).values;
    const cm = readAsciiGrid(readFileSync(join(tmp, 'cpu', 'max_depth.asc'), 'utf8')).values;
    let wet = 0;
    let within = 0;
    for (let k = 0; k < cm.length; k++) {
      if (!(gm[k] > 0.01 || cm[k] > 0.01)) continue;
      wet++;
      if (Math.abs(gm[k] - cm[k]) <= 0.01) within++;
    }
    expect(wet).toBeGreaterThan(500);
    expect(within / wet).toBeGreaterThanOrEqual(0.999);
    // the grids at the scenario's grid times were read back from the GPU too
    const d900 = readAsciiGrid(readFileSync(join(tmp, 'gpu', 'depth_900.asc'), 'utf8')).values;
    expect(d900.some((v) => v > 0.05)).toBe(true);
  }, 600_000);
});

describe('floodtwin run --engine', () => {
  it('rejects an unknown engine in one line', () => {
    const r = spawnSync(process.execPath, [bin, 'run', tiny, '--out', join(tmpdir(), 'x'), '--engine', 'tpu'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--engine must be cpu, gpu or auto, got "tpu"/);
  });
});
