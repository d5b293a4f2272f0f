/**
 * Chromium with its software WebGPU adapter (SwiftShader) for the GPU e2e tests, and a page on the
 * app's localhost origin (a secure context, so navigator.gpu is there) that runs gpuPage.ts: bundled
 * here with Vite's JS API (in memory) and served through playwright's request routing.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, launchChromium } from './browser.ts';

/** browser.ts's arguments with WebGPU on SwiftShader (WebGL stays on SwiftShader's ANGLE) */
export const WEBGPU_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

export function launchWebGpuChromium(): Promise<Browser> {
  return launchChromium(WEBGPU_ARGS);
}

/** gpuPage.ts as one ES module (the app's Vite config left out: no HTML, no workers). */
async function bundleGpuPage(): Promise<string> {
  const res = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL('./gpuPage.ts', import.meta.url)), formats: ['es'], fileName: 'gpuPage' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = (Array.isArray(res) ? res[0] : res).output.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error('gpuPage.ts bundled to no chunk');
  return chunk.code;
}

/** A page at <baseUrl>__gpu/ with window.runGpuCase ready. */
export async function openGpuPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const code = await bundleGpuPage();
  const base = `${inject('baseUrl')}__gpu/`;
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route(`${base}**`, (route) =>
    route.request().url().endsWith('.js')
      ? route.fulfill({ contentType: 'text/javascript', body: code })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><title>GPU flood agreement</title><script type="module" src="gpuPage.js"></script>',
        }),
  );
  await page.goto(base);
  await page.waitForFunction(() => 'runGpuCase' in window, null, { timeout: 60_000 });
  return { page, errors };
}
