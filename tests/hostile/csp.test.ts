import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, contentSecurityPolicy, STRICT_CSP } from '../../src/core/csp.ts';
import { MODES_CSP } from '../../src/modes/startMode.ts';
import { serverCsp, withCspMeta } from '../../src/feeds/feedOriginsOnDisk.ts';
import config from '../../vite.config.ts';

const ROOT = join(__dirname, '..', '..');

// defect 1: the main page sent no Content-Security-Policy
describe('content security policy', () => {
  it('allows this origin only: no inline or remote script, no remote connection', () => {
    const d = new Map(APP_CSP.split('; ').map((p) => [p.split(' ')[0], p.split(' ').slice(1)]));
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]); // the servers add the feeds files' origins (below)
    // eval only because Cesium's knockout needs it on load; never 'unsafe-inline' (an onerror= would run)
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy({ connect: ['http://10.0.0.5:8080'] })).toContain(
      "connect-src 'self' http://10.0.0.5:8080;",
    );
    // the modes pages (no Cesium) add the strict policy, with no eval
    expect(STRICT_CSP).toBe(MODES_CSP);
  });
  it("is in index.html and in the dev and preview servers' headers, with the feeds files' origins", () => {
    const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
    const meta = (h: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(h)?.[1];
    expect(meta(html)).toBe(APP_CSP);
    // data/default/feeds.json names the demo feed and the runner's control URL: the servers and the
    // built page may connect to them, nothing else
    const csp = serverCsp(join(ROOT, 'data'));
    expect(csp).toBe(
      APP_CSP.replace("connect-src 'self';", "connect-src 'self' http://127.0.0.1:8091 http://127.0.0.1:8093;"),
    );
    const c = config as {
      server?: { headers?: Record<string, string> };
      preview?: { headers?: Record<string, string> };
      plugins?: unknown[];
    };
    expect(c.server?.headers?.['Content-Security-Policy']).toBe(csp);
    expect(c.preview?.headers?.['Content-Security-Policy']).toBe(csp);
    const plugin = (c.plugins as { name?: string; transformIndexHtml?: (h: string) => string }[]).find(
      (p) => p?.name === 'floodtwin-csp-meta',
    );
    expect(meta(plugin!.transformIndexHtml!(html))).toBe(csp);
    expect(() => withCspMeta('<html></html>', csp)).toThrow(/no <meta/);
  });
  it('stays this origin only when no twin has a feeds file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-'));
    try {
      expect(serverCsp(dir)).toBe(APP_CSP);
      mkdirSync(join(dir, 'a'));
      writeFileSync(join(dir, 'a', 'twin.json'), '{}');
      expect(serverCsp(dir)).toBe(APP_CSP);
      writeFileSync(
        join(dir, 'a', 'feeds.json'),
        JSON.stringify({ stations: [{ id: 's', protocol: 'waterml', url: 'http://10.0.0.5:8080/w?x' }] }),
      );
      expect(serverCsp(dir)).toContain("connect-src 'self' http://10.0.0.5:8080;");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
