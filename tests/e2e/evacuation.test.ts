/**
 * The evacuation in the page: the small river-flood scenario run for 2 h with the town gauge's
 * warning lead stretched so the warning comes at ≈ 570 s (`warningLeadS=37400`: the forecast crosses
 * the warning level at ≈ 38,000 s), then the evacuation stepped with the timeline. The CLI runs the
 * same scenario with the same overrides (a copy of the scenario file with the lead changed, and
 * `--duration-s`): the page's clearance times, final counts and shelter use must equal summary.json's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';

const DURATION_S = 7200;
const LEAD_S = 37400;
const SCENARIO = 'small-river-flood.json';

let browser: Browser;
let page: Page;
let consoleErrors: string[];
let tmp: string;
let cli: {
  t50S: number | null;
  t90S: number | null;
  t100S: number | null;
  people: number;
  safe: number;
  trapped: number;
  warningS: number;
  shelters: { id: string; occupancy: number }[];
};

beforeAll(async () => {
  // the CLI first (one worker, as the page uses on two cores), on a copy of the scenario with the lead changed
  tmp = mkdtempSync(join(tmpdir(), 'floodtwin-evac-e2e-'));
  const src = resolve('scenarios', SCENARIO);
  const sc = JSON.parse(readFileSync(src, 'utf8'));
  for (const k of ['twin', 'dem', 'manning', 'initialWaterLevel'])
    if (typeof sc[k] === 'string') sc[k] = resolve('scenarios', sc[k]);
  sc.evacuation.warning = { ...sc.evacuation.warning, leadS: LEAD_S };
  writeFileSync(join(tmp, 'scenario.json'), JSON.stringify(sc));
  execFileSync(
    process.execPath,
    [
      'bin/floodtwin.mjs',
      'run',
      join(tmp, 'scenario.json'),
      '--out',
      join(tmp, 'out'),
      '--duration-s',
      String(DURATION_S),
      '--workers',
      '1',
      // the copy in a temporary folder names the twin's files in data/ by absolute path
      '--allow-outside',
      '--quiet',
    ],
    { stdio: 'pipe' },
  );
  cli = JSON.parse(readFileSync(join(tmp, 'out', 'summary.json'), 'utf8')).evacuation;

  browser = await launchChromium();
  ({ page, consoleErrors } = await openPage(
    browser,
    `${inject('baseUrl')}?scenario=${SCENARIO}&durationS=${DURATION_S}&warningLeadS=${LEAD_S}&autorun=1&layers=roads,shelters,water`,
  ));
  await page.waitForFunction(() => window.floodtwin?.status === 'done', null, {
    timeout: 200_000,
    polling: 500,
  });
  await page.waitForFunction(() => ['done', 'error'].includes(window.floodtwin!.evacuation?.status), null, {
    timeout: 60_000,
    polling: 250,
  });
});
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const seekAndWait = async (t: number) => {
  await page.evaluate((t) => window.floodtwin!.seek(t), t);
  await page.waitForFunction((t) => window.floodtwin!.agents()?.shownS === t, t, {
    timeout: 30_000,
    polling: 100,
  });
};

describe('the evacuation in the page', () => {
  it('runs after the flood, with the same clearance times, final counts and shelter use as the CLI', async () => {
    const ev = await page.evaluate(() => {
      const e = window.floodtwin!.evacuation;
      return {
        status: e.status,
        error: e.error,
        summary: e.summary,
        curve: e.result?.curve,
        durationS: e.result?.durationS,
      };
    });
    expect(ev.error).toBeUndefined();
    expect(ev.status).toBe('done');
    expect(ev.durationS).toBe(DURATION_S);
    // the scenario's at-risk zone: a few thousand people leave (the CLI measured 4,194 for these overrides)
    expect(cli.people).toBeGreaterThan(1000);
    expect(cli.warningS).toBeGreaterThan(0);
    expect(cli.warningS).toBeLessThan(1200);
    expect(cli.t50S).not.toBeNull();
    // the determinism check: the page's evacuation equals the CLI's for the same scenario and duration
    expect(ev.summary!.warningS).toBe(cli.warningS);
    expect(ev.summary!.people).toBe(cli.people);
    expect(ev.summary!.t50S).toBe(cli.t50S);
    expect(ev.summary!.t90S).toBe(cli.t90S);
    expect(ev.summary!.t100S).toBe(cli.t100S);
    expect(ev.summary!.safe).toBe(cli.safe);
    expect(ev.summary!.trapped).toBe(cli.trapped);
    // the curve on the page reaches people safe, and its last row is the summary's count
    const last = ev.curve![ev.curve!.length - 1];
    expect(last.safe).toBeGreaterThan(0);
    expect(last.safe).toBe(cli.safe);
    const final = page.locator('#evacuation [data-evac="final"]');
    expect(Number(await final.getAttribute('data-safe'))).toBe(cli.safe);
    // the panel shows the exact time; summary.json rounds it to the millisecond
    const t50Panel = Number(await page.locator('#evacuation [data-evac="t50S"]').getAttribute('data-value'));
    expect(Math.round(t50Panel * 1000) / 1000).toBe(cli.t50S);
    // the chart draws the safe series rising from 0 to the final count
    const safePts = await page.locator('#evacChart polyline[data-series="safe"]').getAttribute('points');
    const ys = safePts!
      .trim()
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(ys.length).toBe(ev.curve!.length);
    expect(ys[ys.length - 1]).toBeLessThan(ys[0]); // SVG y grows downwards
    expect(consoleErrors.filter((e) => /evacuation/i.test(e))).toEqual([]);
  });

  it('moves the agents on the map with the timeline', async () => {
    await seekAndWait(3000);
    const a = await page.evaluate(() => {
      const f = window.floodtwin!;
      const info = f.agents();
      const pos: number[][] = [];
      for (let i = 0; i < info!.count; i++) pos.push(f.agentPosition(i)!);
      return { info, pos };
    });
    expect(a.info!.count).toBeGreaterThan(500);
    expect(a.info!.counts.walking + a.info!.counts.driving).toBeGreaterThan(0);
    await seekAndWait(3600);
    const b = await page.evaluate(() => {
      const f = window.floodtwin!;
      const info = f.agents();
      const pos: number[][] = [];
      for (let i = 0; i < info!.count; i++) pos.push(f.agentPosition(i)!);
      return { info, pos };
    });
    expect(b.info!.count).toBe(a.info!.count);
    let moved = 0;
    for (let i = 0; i < a.pos.length; i++) {
      const d = Math.hypot(a.pos[i][0] - b.pos[i][0], a.pos[i][1] - b.pos[i][1], a.pos[i][2] - b.pos[i][2]);
      if (d > 5) moved++;
    }
    // a walker at ~1.3 m/s covers several hundred metres in 600 s: many points moved
    expect(moved).toBeGreaterThan(50);
    expect(b.info!.counts.safe).toBeGreaterThan(a.info!.counts.safe);
    // scrubbing back restarts the engine and shows the earlier state again, point for point
    await seekAndWait(3000);
    const again = await page.evaluate(() => window.floodtwin!.agentPosition(0));
    expect(again).toEqual(a.pos[0]);
  });

  it("shows each shelter's occupancy at the end equal to the evacuation summary", async () => {
    await seekAndWait(DURATION_S);
    const shown = await page.evaluate(() => {
      const f = window.floodtwin!;
      return f.evacuation.summary!.shelters.map((s: { id: string; occupancy: number }) => ({
        id: s.id,
        summary: s.occupancy,
        layer: f.shelterOccupancy(s.id),
        panel: Number(document.querySelector(`#evacuation [data-shelter="${s.id}"]`)?.getAttribute('data-occupancy')),
      }));
    });
    expect(shown.length).toBe(cli.shelters.length);
    const used = shown.filter((s: { summary: number }) => s.summary > 0);
    expect(used.length).toBeGreaterThan(0);
    for (const s of shown) {
      const c = cli.shelters.find((x) => x.id === s.id)!;
      expect(s.summary).toBe(c.occupancy);
      expect(s.layer).toBe(c.occupancy);
      expect(s.panel).toBe(c.occupancy);
    }
  });
});
