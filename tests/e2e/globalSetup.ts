/**
 * Browser-test setup: build the app into dist/ with Vite's JS API, serve it with `vite preview` on a
 * free localhost port (COOP/COEP headers from vite.config.ts), and hand the URL to the tests
 * through `provide('baseUrl')` (and FLOODTWIN_URL for scripts). Teardown stops the server.
 */
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!process.env.FLOODTWIN_SKIP_BUILD) await build({ logLevel: 'warn' });
  server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  process.env.FLOODTWIN_URL = url;
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
