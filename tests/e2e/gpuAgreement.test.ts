/**
 * The GPU flood engine in the page agrees with the CPU engine (issue "The flood engine on the GPU",
 * Must show 1): headless Chromium's WebGPU on SwiftShader (--enable-unsafe-webgpu
 * --use-webgpu-adapter=swiftshader) on an http://localhost page runs the small verification cases of
 * tests/flood/gpuCases.ts; each is checked with the CPU thresholds (lake at rest, planar front against
 * Hunter et al. 2005, closed-basin volume, inflow bowl, symmetry and two runs giving the same bits; ledger
 * within 1e-5) and against `runFloodInProcess` on the same setup here. The same cases run through Dawn
 * for Node in tests/flood/gpuVerification.test.ts; the small twin's rainstorm in the app is gpu.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloodInProcess } from '../../workers/flood/runInProcess.ts';
import { gpuCases } from '../flood/gpuCases.ts';
import type { PageCaseRun } from './gpuPage.ts';
import { launchWebGpuChromium, openGpuPage } from './gpuBrowser.ts';

const CASES = gpuCases('small');

let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launchWebGpuChromium();
  ({ page, errors } = await openGpuPage(browser));
});
afterAll(async () => {
  await browser?.close();
});

describe('GPU engine in the page (SwiftShader WebGPU) on the verification cases', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const setup = c.setup();
      const run = (): Promise<PageCaseRun> =>
        page.evaluate(
          (s) => (window as unknown as { runGpuCase(s: unknown): Promise<PageCaseRun> }).runGpuCase(s),
          setup,
        );
      const g = await run();
      expect(errors).toEqual([]);
      expect(g.adapter).toMatch(/swiftshader/i);
      expect(g.isFallback).toBe(true);
      c.check(g, runFloodInProcess(setup), setup);
      if (!c.twice) return;
      const again = await run();
      expect(Buffer.from(again.depth.buffer).equals(Buffer.from(g.depth.buffer))).toBe(true);
      expect(again.summary.massBalance).toEqual(g.summary.massBalance);
    }, 180_000);
  }
});
