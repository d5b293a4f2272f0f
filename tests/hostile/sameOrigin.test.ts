import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { sameOriginUrl } from '../../src/io/sameOrigin.ts';

// defect 1: `?scenario=//evil.example/s.json` and paths inside scenario/twin files resolved to any origin
describe('sameOriginUrl', () => {
  const base = 'https://app.local/floodtwin/scenarios/a.json';
  it('resolves relative and root paths under the same origin', () => {
    expect(sameOriginUrl('grids/dem.tif', base).href).toBe('https://app.local/floodtwin/scenarios/grids/dem.tif');
    expect(sameOriginUrl('../twin/manifest.json', base).href).toBe('https://app.local/floodtwin/twin/manifest.json');
    expect(sameOriginUrl('/other/s.json', base).href).toBe('https://app.local/other/s.json');
  });
  it.each([
    '//evil.example/s.json',
    'https://evil.example/s.json',
    'http://app.local/s.json',
    'https://app.local:8443/s.json',
    'data:application/json,{}',
    'javascript:alert(1)',
    'blob:https://evil.example/1',
  ])('refuses %s with an InputError naming the file', (ref) => {
    let err: unknown;
    try {
      sameOriginUrl(ref, base, 'twin');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^twin: ".*" leads to another origin/);
  });
  it('quotes at most a short, control-stripped excerpt of the refused path', () => {
    const ref = `//evil.example/${'\u001b[31m'.repeat(5)}${'x'.repeat(500)}`;
    let msg = '';
    try {
      sameOriginUrl(ref, base);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).not.toMatch(/\p{Cc}/u);
    expect(msg.length).toBeLessThan(260);
  });
});
