/**
 * The GPU flood engine in the page, on Chromium's software WebGPU adapter (SwiftShader; forced with
 * ?engine=gpu, as `auto` takes hardware adapters only): the small twin's rainstorm with its sewers,
 * cut short, agrees with `floodtwin run --engine cpu` (max depth within 1 cm in 99.9 % of wet cells,
 * stored volume within 1e-5), and the page says which adapter ran. Without WebGPU the same link
 * falls back to the CPU workers, says why, and still finishes the run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readAsciiGrid } from '../../src/io/asciiGrid.ts';
import { floodtwinCli, launchChromium } from './browser.ts';
import { WEBGPU_ARGS } from './gpuBrowser.ts';

const SCENARIO = 'small-rainstorm.json';
const DURATION_S = 60;

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-gpu-e2e-'));
  floodtwinCli(
    'run',
    `scenarios/${SCENARIO}`,
    '--out',
    join(tmp, 'cpu'),
    '--duration-s',
    String(DURATION_S),
    '--engine',
    'cpu',
  );
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function runInPage(browser: Browser) {
  // as openPage (browser.ts), with a longer wait for the first load: SwiftShader and a busy machine
  const page = await (
    await browser.newContext({ viewport: { width: 960, height: 640 }, deviceScaleFactor: 1 })
  ).newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${inject('baseUrl')}?scenario=${SCENARIO}&durationS=${DURATION_S}&engine=gpu&autorun=1`, {
    timeout: 300_000,
  });
  await page.waitForFunction(() => ['done', 'error'].includes(window.floodtwin?.status ?? ''), null, {
    timeout: 600_000,
  });
  const got = await page.evaluate(() => {
    const h = window.floodtwin!;
    return {
      status: h.status,
      error: h.error,
      engine: h.engine,
      summary: h.summary,
      maxDepth: h.maxDepth ? Array.from(h.maxDepth) : null,
    };
  });
  const shown = await page.locator('[data-role="engine-status"]').textContent();
  return { ...got, shown, consoleErrors };
}

describe('GPU engine in the page', () => {
  it('runs the small rainstorm on SwiftShader and agrees with the CPU engine', async () => {
    const browser = await launchChromium(WEBGPU_ARGS);
    try {
      const r = await runInPage(browser);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('done');
      expect(r.engine?.engine).toBe('gpu');
      expect(r.engine?.adapter).toMatch(/swiftshader/i);
      expect(r.shown).toContain('ran on the GPU');
      const cpu = JSON.parse(readFileSync(join(tmp, 'cpu', 'summary.json'), 'utf8'));
      const cpuMax = readAsciiGrid(readFileSync(join(tmp, 'cpu', 'max_depth.asc'), 'utf8')).values;
      let wet = 0;
      let within = 0;
      for (let k = 0; k < cpuMax.length; k++) {
        const a = r.maxDepth?.[k] ?? Number.NaN;
        const b = cpuMax[k];
        if (!(a > 0.01 || b > 0.01)) continue;
        wet++;
        if (Math.abs(a - b) <= 0.01) within++;
      }
      expect(wet).toBeGreaterThan(100);
      expect(within / wet).toBeGreaterThanOrEqual(0.999);
      const mb = r.summary?.massBalance;
      expect(mb).toBeDefined();
      expect(Math.abs((mb?.storedM3 ?? Number.NaN) - cpu.massBalance.storedM3) / cpu.massBalance.storedM3).toBeLessThan(
        1e-5,
      );
      expect(mb?.relativeError).toBeLessThan(1e-5);
    } finally {
      await browser.close();
    }
  }, 900_000);

  it('falls back to the CPU workers without WebGPU, says so, and finishes the run', async () => {
    const browser = await launchChromium();
    try {
      const r = await runInPage(browser);
      expect(r.status).toBe('done');
      expect(r.engine?.engine).toBe('cpu');
      expect(r.engine?.note).toMatch(/GPU engine not used/);
      expect(r.shown).toContain('ran on the CPU workers (GPU engine not used');
    } finally {
      await browser.close();
    }
  }, 900_000);
});
