/**
 * Browser-test setup: build the app with Vite's JS API, serve it with `vite preview` on a free
 * localhost port (COOP/COEP headers from vite.config.ts), and hand the URL to the tests through
 * `provide('baseUrl')` (and FLOODTWIN_URL for scripts). Teardown stops the server. The live drill's
 * relay gets a port here too (`provide('relayPort')`), named in FLOODTWIN_DRILL_RELAYS so the
 * servers' policy lets the pages reach it.
 *
 * The build goes to a directory of this run's own (FLOODTWIN_E2E_OUTDIR, default a temp dir),
 * so two test runs in one working tree cannot wipe each other's files mid-test; set
 * FLOODTWIN_E2E_OUTDIR=dist to build into dist/. FLOODTWIN_SKIP_BUILD=1 serves dist/ as it is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

let server: PreviewServer | undefined;
let tempDir: string | undefined;

/** a free localhost port (for the live drill's relay, which the page's policy must name before the build) */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function setup(project: TestProject): Promise<void> {
  // the drill relay the live-drill test starts: its origin goes into the servers' connect-src
  const relayPort = await freePort();
  process.env.FLOODTWIN_DRILL_RELAYS = `ws://127.0.0.1:${relayPort}`;
  project.provide('relayPort', relayPort);
  let outDir = 'dist';
  if (!process.env.FLOODTWIN_SKIP_BUILD) {
    if (!process.env.FLOODTWIN_E2E_OUTDIR) tempDir = mkdtempSync(join(tmpdir(), 'floodtwin-e2e-'));
    outDir = process.env.FLOODTWIN_E2E_OUTDIR ?? (tempDir as string);
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  process.env.FLOODTWIN_URL = url;
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** the port the live-drill test runs its relay on (FLOODTWIN_DRILL_RELAYS names it) */
    relayPort: number;
  }
}
