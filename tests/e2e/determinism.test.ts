/**
 * The same numbers in the browser and the CLI.
 *  1. src/core/detMath.ts (bundled by esbuild, run in the built app's page) gives bit for bit what it
 *     gives in Node on a few thousand inputs of every function; Math.* is run alongside and its
 *     mismatches between Chromium and Node are counted (printed, not asserted: they depend on the
 *     two V8 versions; measured before detMath: Math.cbrt differed in 2,241 of 7,168 table entries).
 *  2. The small twin's rainstorm with its storm sewers (?durationS=3600): the page's run summary has
 *     the drainage ledger (sewer overflow, captured, outfalls, per-node overflow, continuity) of
 *     `floodtwin run` to the last bit. Before the drainage solver used detMath the page gave
 *     1422.5552900004016 m³ of sewer overflow against the CLI's 1422.5552900003968 m³.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { floodtwinCli, launchChromium, openScenario } from './browser.ts';
import * as detMath from '../../src/core/detMath.ts';

const SCENARIO = 'small-rainstorm.json';
const DURATION_S = 3600;

let browser: Browser;
let page: Page;
let consoleErrors: string[];
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-determinism-e2e-'));
  floodtwinCli('run', `scenarios/${SCENARIO}`, '--out', join(tmp, 'run'), '--duration-s', String(DURATION_S));
  browser = await launchChromium();
  ({ page, consoleErrors } = await openScenario(browser, SCENARIO, DURATION_S));
});
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** a seeded LCG in [0, 1) */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

type Fn =
  | 'exp'
  | 'log'
  | 'log10'
  | 'cbrt'
  | 'sin'
  | 'cos'
  | 'atan'
  | 'acos'
  | 'sinh'
  | 'asinh'
  | 'atanh'
  | 'pow'
  | 'atan2';
const N = 512; // inputs per function: 13 × 512 = 6,656 evaluations

/** inputs per function: [x] or [x, y] (pow x^y, atan2 y/x), over each function's useful range plus special values */
function inputs(): Record<Fn, number[][]> {
  const R = rng(7168);
  const logU = (span: number) => Math.exp((R() - 0.5) * span);
  const sym = () => (R() < 0.5 ? -1 : 1);
  const gen: Record<Fn, () => number[]> = {
    exp: () => [(R() - 0.5) * 1400],
    log: () => [logU(1400)],
    log10: () => [logU(1400)],
    cbrt: () => [sym() * logU(200)],
    sin: () => [(R() - 0.5) * 200],
    cos: () => [(R() - 0.5) * 200],
    atan: () => [sym() * logU(60)],
    acos: () => [(R() - 0.5) * 2],
    sinh: () => [(R() - 0.5) * 40],
    asinh: () => [sym() * logU(40)],
    atanh: () => [(R() - 0.5) * 1.998],
    // the exponents the drainage solver and the events use, and random ones
    pow: () => [R() * 10, [2 / 3, 1.5, 5 / 3, 2.5, 0.385, 8 / 3, 4 / 3][Math.floor(R() * 7)]],
    atan2: () => [sym() * logU(20), sym() * logU(20)],
  };
  const special = [0, -0, 1, -1, 2, 0.5, 5e-324, 1e-310, 1e300, Infinity, -Infinity, NaN];
  const out = {} as Record<Fn, number[][]>;
  for (const f of Object.keys(gen) as Fn[]) {
    const list: number[][] = special.map((s) => (f === 'pow' || f === 'atan2' ? [s, 0.75] : [s]));
    while (list.length < N) list.push(gen[f]());
    out[f] = list;
  }
  // pow(x, random y) for half of the pow inputs
  for (let i = N / 2; i < N; i++) out.pow[i] = [logU(30), (R() - 0.5) * 20];
  return out;
}

/** the bits of a double as two 32-bit words (carries −0 and NaN through JSON) */
function bits(v: number): [number, number] {
  const f = new Float64Array([v]);
  const u = new Uint32Array(f.buffer);
  return [u[0], u[1]];
}

describe('deterministic numbers in the page and the CLI', () => {
  it("detMath gives the same bits in Chromium (the built app's page) as in Node, on 6,656 inputs", async () => {
    const bundle = await build({
      entryPoints: ['src/core/detMath.ts'],
      bundle: true,
      format: 'iife',
      globalName: '__detMath',
      write: false,
      target: 'es2022',
    });
    await page.evaluate(`${bundle.outputFiles[0].text}\nwindow.__detMath = __detMath; true`);
    const ins = inputs();
    const node: Record<string, [number, number][]> = {};
    const nodeMath: Record<string, [number, number][]> = {};
    for (const f of Object.keys(ins) as Fn[]) {
      const d = detMath as unknown as Record<string, (...a: number[]) => number>;
      const m = Math as unknown as Record<string, (...a: number[]) => number>;
      node[f] = ins[f].map((a) => bits(f === 'atan2' ? d.atan2(a[0], a[1]) : d[f](...a)));
      nodeMath[f] = ins[f].map((a) => bits(f === 'atan2' ? m.atan2(a[0], a[1]) : m[f](...a)));
    }
    const inBits = Object.fromEntries(Object.entries(ins).map(([f, l]) => [f, l.map((a) => a.map(bits))]));
    const pageOut: { det: Record<string, [number, number][]>; math: Record<string, [number, number][]> } =
      await page.evaluate((inB) => {
        const D = (window as { __detMath?: Record<string, (...a: number[]) => number> }).__detMath!;
        const M = Math as unknown as Record<string, (...a: number[]) => number>;
        const f64 = new Float64Array(1);
        const u32 = new Uint32Array(f64.buffer);
        const num = ([lo, hi]: [number, number]) => {
          u32[0] = lo;
          u32[1] = hi;
          return f64[0];
        };
        const toBits = (v: number): [number, number] => {
          f64[0] = v;
          return [u32[0], u32[1]];
        };
        const det: Record<string, [number, number][]> = {};
        const math: Record<string, [number, number][]> = {};
        for (const [f, list] of Object.entries(inB as Record<string, [number, number][][]>)) {
          det[f] = list.map((a) => toBits(D[f](...a.map(num))));
          math[f] = list.map((a) => toBits(M[f](...a.map(num))));
        }
        return { det, math };
      }, inBits);
    const detDiff: string[] = [];
    const mathDiff: string[] = [];
    for (const f of Object.keys(ins)) {
      let nd = 0;
      let nm = 0;
      for (let i = 0; i < ins[f as Fn].length; i++) {
        if (pageOut.det[f][i][0] !== node[f][i][0] || pageOut.det[f][i][1] !== node[f][i][1]) nd++;
        if (pageOut.math[f][i][0] !== nodeMath[f][i][0] || pageOut.math[f][i][1] !== nodeMath[f][i][1]) nm++;
      }
      if (nd) detDiff.push(`${f}: ${nd}`);
      if (nm) mathDiff.push(`${f}: ${nm}/${ins[f as Fn].length}`);
    }
    console.log(`Math.* differing between Chromium and Node: ${mathDiff.join(', ') || 'none'}`);
    expect(detDiff).toEqual([]);
    // the page really ran the functions (not a stub): a value checked by hand
    expect(await page.evaluate(() => (window as { __detMath?: { log(x: number): number } }).__detMath!.log(3))).toBe(
      1.0986122886681098,
    );
  });

  it("the small rainstorm with sewers: the page's drainage summary equals floodtwin run's bit for bit", async () => {
    await page.locator('#runBtn').click();
    await page.waitForFunction(() => window.floodtwin!.status === 'running', null, { timeout: 60_000 });
    await page.waitForFunction(() => window.floodtwin!.status !== 'running', null, {
      timeout: 600_000,
      polling: 500,
    });
    expect(await page.evaluate(() => window.floodtwin!.error ?? null)).toBeNull();
    expect(await page.evaluate(() => window.floodtwin!.status)).toBe('done');
    const pageSummary = await page.evaluate(() => window.floodtwin!.summary);
    const cli = JSON.parse(readFileSync(join(tmp, 'run', 'summary.json'), 'utf8'));
    // the sewers overflowed (else the comparison proves little), and by the same bits
    expect(cli.drainage.overflowed_m3).toBeGreaterThan(100);
    console.log(
      `sewer overflow: page ${pageSummary!.drainage!.overflowed_m3} m³, CLI ${cli.drainage.overflowed_m3} m³`,
    );
    expect(Object.is(pageSummary!.drainage!.overflowed_m3, cli.drainage.overflowed_m3)).toBe(true);
    // the whole drainage ledger (toEqual compares numbers with Object.is)
    expect(pageSummary!.drainage).toEqual(cli.drainage);
    expect(pageSummary!.maxDepthM).toBe(cli.maxDepthM);
    expect(pageSummary!.massBalance).toEqual(cli.massBalance);
    expect(consoleErrors).toEqual([]);
  });
});
