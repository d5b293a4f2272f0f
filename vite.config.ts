import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { existsSync, readdirSync } from 'node:fs';
import { serverCsp, withCspMeta } from './src/feeds/feedOriginsOnDisk.ts';
import { cjkFontPlugin } from './tools/subsetFont.ts';

// Cesium's static files are served from our own origin (offline: no ion, no CDN).
const cesiumSource = 'node_modules/cesium/Build/Cesium';
const cesiumBaseUrl = 'cesiumStatic';

// SharedArrayBuffer needs cross-origin isolation (REFERENCES.md, browser platform facts).
// Every page and worker script gets the app's content security policy (src/core/csp.ts): this origin,
// plus the LAN feeds named in data/<twin>/feeds.json for connect-src (the ops view reads them).
const csp = serverCsp('data');
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': csp,
};

export default defineConfig({
  define: { CESIUM_BASE_URL: JSON.stringify(`/${cesiumBaseUrl}`) },
  plugins: [
    // the same policy in index.html's <meta>, for a static host that sends no headers
    { name: 'floodtwin-csp-meta', transformIndexHtml: (html: string) => withCspMeta(html, csp) },
    // the self-hosted CJK font subset (.fonts/, imported by src/main.ts)
    cjkFontPlugin(),
    viteStaticCopy({
      targets: [
        ...['ThirdParty', 'Workers', 'Assets', 'Widgets'].map((d) => ({
          src: `${cesiumSource}/${d}`,
          dest: cesiumBaseUrl,
        })),
        // the twin's data and scenario files, fetched by the page at their repo paths
        // (the dev server serves them from the project root already)
        ...['data', 'scenarios']
          .filter((d) => existsSync(d) && readdirSync(d).length > 0)
          .map((d) => ({ src: d, dest: '.' })),
      ],
    }),
  ],
  server: { headers },
  preview: { headers },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
});
