import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, contentSecurityPolicy, STRICT_CSP } from '../../src/core/csp.ts';
import { MODES_CSP } from '../../src/modes/startMode.ts';
import config from '../../vite.config.ts';

const ROOT = join(__dirname, '..', '..');

// defect 1: the main page sent no Content-Security-Policy
describe('content security policy', () => {
  it('allows this origin only: no inline or remote script, no remote connection', () => {
    const d = new Map(APP_CSP.split('; ').map((p) => [p.split(' ')[0], p.split(' ').slice(1)]));
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    // eval only because Cesium's knockout needs it on load; never 'unsafe-inline' (an onerror= would run)
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy({ connect: ['http://10.0.0.5:8080'] })).toContain("connect-src 'self' http://10.0.0.5:8080;");
    // the modes pages (no Cesium) add the strict policy, with no eval
    expect(STRICT_CSP).toBe(MODES_CSP);
  });
  it('is in index.html and in the dev and preview servers\' headers', () => {
    const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CSP);
    const c = config as { server?: { headers?: Record<string, string> }; preview?: { headers?: Record<string, string> } };
    expect(c.server?.headers?.['Content-Security-Policy']).toBe(APP_CSP);
    expect(c.preview?.headers?.['Content-Security-Policy']).toBe(APP_CSP);
  });
});
