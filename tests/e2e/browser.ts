/**
 * Shared browser helpers for the e2e tests: Debian chromium through playwright-core, WebGL on
 * SwiftShader, a request log, and pixel sampling from screenshots.
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { inject } from 'vitest';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/**
 * Debian's chromium; every page opened in it (browser.newPage, or a page of browser.newContext) has the
 * test-hook flag set before its scripts run, so the pages expose their `window.floodtwin*` hooks.
 */
export async function launchChromium(args: string[] = CHROMIUM_ARGS): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript(setTestFlag);
    return context;
  };
  browser.newPage = async (options) => {
    const page = await newPage(options);
    await page.addInitScript(setTestFlag);
    return page;
  };
  return browser;
}

/** the test-hook flag (src/ui/testHooks.ts); runs in the page */
function setTestFlag(): void {
  window.__FLOODTWIN_TEST__ = true;
}

export interface OpenedPage {
  page: Page;
  /** every URL the page requested, in order */
  requests: string[];
  consoleErrors: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 960, height: 640 },
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  return { page, requests, consoleErrors };
}

/** `floodtwin <args> --quiet` in Node: the CLI run a page's numbers are compared with. */
export function floodtwinCli(...args: string[]): void {
  execFileSync(process.execPath, ['bin/floodtwin.mjs', ...args, '--quiet'], { stdio: 'pipe' });
}

/** The built app on `scenario` cut to `durationS`, once the twin is ready. */
export async function openScenario(browser: Browser, scenario: string, durationS: number): Promise<OpenedPage> {
  const opened = await openPage(browser, `${inject('baseUrl')}?scenario=${scenario}&durationS=${durationS}`);
  await opened.page.waitForFunction(() => window.floodtwin?.ready === true, null, { timeout: 180_000 });
  return opened;
}

/** True for URLs served by this machine (or generated in the page). */
export function isLocal(u: string): boolean {
  if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return true;
  const host = new URL(u).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** RGB of window pixels (CSS px) read from one screenshot. */
export async function samplePixels(page: Page, points: [number, number][]): Promise<[number, number, number][]> {
  const png = PNG.sync.read(await page.screenshot());
  return points.map(([x, y]) => {
    const i = (Math.round(y) * png.width + Math.round(x)) * 4;
    return [png.data[i], png.data[i + 1], png.data[i + 2]];
  });
}

/** The water ramp runs from light cyan to indigo: blue clearly dominates red. */
export function isWaterColour([r, g, b]: [number, number, number]): boolean {
  return b > 110 && b > r + 50 && b >= g - 10; // the page background is a dark grey, never this
}
